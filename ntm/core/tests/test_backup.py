"""Backup → wipe → restore → verify, on whichever engine the suite runs on."""

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from ntm.accounts.models import CommitteeMember, Person
from ntm.core.backup import BackupError, create_backup, read_manifest, restore_backup, row_counts
from ntm.geography.models import AdministrativeUnit

pytestmark = pytest.mark.django_db(transaction=True)


def _photo(media: Path) -> Path:
    path = media / "evidence" / "2024" / "10" / "anh.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), (20, 120, 60)).save(path, "JPEG")
    return path


def test_backup_wipe_restore_verify(world: Any, settings: Any, tmp_path: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    photo = _photo(media)
    before = row_counts()
    archive = create_backup(tmp_path / "backups")
    manifest = read_manifest(archive)
    assert manifest["row_counts"] == before
    assert "media/evidence/2024/10/anh.jpg" in manifest["files"]

    # Wipe: data and files are gone.
    CommitteeMember.objects.all().delete()
    Person.objects.all().delete()
    AdministrativeUnit.objects.filter(name="Tân Lập").update(name="Bị sửa nhầm")
    photo.unlink()
    assert row_counts() != before

    report = restore_backup(archive)
    assert row_counts() == before
    assert report.rows == sum(before.values())
    assert Person.objects.filter(full_name="Đinh Quốc Duy").exists()
    assert AdministrativeUnit.objects.filter(name="Tân Lập").exists()
    with Image.open(photo) as image:  # the restored file opens
        assert image.size == (40, 30)


def test_a_corrupted_archive_is_refused_and_nothing_changes(world: Any, tmp_path: Path) -> None:
    archive = create_backup(tmp_path)
    broken = tmp_path / "broken.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(broken, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            if member.name == "manifest.json" and data is not None:
                manifest = json.loads(data)
                manifest["row_counts"] = dict(manifest["row_counts"])
                first = next(iter(manifest["files"]))
                manifest["files"][first] = "0" * 64
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data) if data is not None else None)
    before = row_counts()
    with pytest.raises(BackupError, match="không khớp mã kiểm tra"):
        restore_backup(broken)
    assert row_counts() == before


def test_backup_command_reports_in_vietnamese(world: Any, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path), stdout=out)
    assert "Đã sao lưu" in out.getvalue()
    assert len(list(tmp_path.glob("ntm-backup-*.tar.gz"))) == 1


def _with_manifest(archive: Path, target: Path, change: Any) -> Path:
    """A copy of ``archive`` whose manifest went through ``change`` (checksums stay valid)."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            if member.name == "manifest.json" and data is not None:
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            out.addfile(member, io.BytesIO(data) if data is not None else None)
    return target


def test_manifest_records_app_version_and_migrations(world: Any, tmp_path: Path) -> None:
    from ntm.core.versions import app_version

    manifest = read_manifest(create_backup(tmp_path))
    assert manifest["app_version"] == app_version()
    assert "core.0001_initial" in manifest["migrations"]


def test_a_backup_from_a_newer_schema_is_refused_and_nothing_changes(
    world: Any, tmp_path: Path
) -> None:
    archive = create_backup(tmp_path)
    newer = _with_manifest(
        archive,
        tmp_path / "newer.tar.gz",
        lambda m: m.update(
            app_version="9.0.0", migrations=[*m["migrations"], "core.9999_from_the_future"]
        ),
    )
    Person.objects.filter(full_name="Đinh Quốc Duy").update(full_name="Sửa sau sao lưu")
    before = row_counts()
    with pytest.raises(BackupError, match="phiên bản ntm mới hơn"):
        restore_backup(newer)
    assert row_counts() == before
    assert Person.objects.filter(full_name="Sửa sau sao lưu").exists()


def test_restore_without_a_terminal_asks_for_yes_and_changes_nothing(
    world: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    archive = create_backup(tmp_path)
    Person.objects.filter(full_name="Đinh Quốc Duy").update(full_name="Sửa sau sao lưu")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # cron: nobody answers
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    assert Person.objects.filter(full_name="Sửa sau sao lưu").exists()


def test_restore_yes_shows_the_maintenance_page_while_it_runs(
    world: Any, tmp_path: Path, settings: Any, monkeypatch: Any
) -> None:
    from django.test import Client

    from ntm.core import backup

    settings.NTM_MAINTENANCE_FILE = tmp_path / "maintenance.on"
    archive = create_backup(tmp_path)
    Person.objects.filter(full_name="Đinh Quốc Duy").update(full_name="Sửa sau sao lưu")
    seen: list[int] = []
    real = backup._restore_database

    def watched(*args: Any) -> None:
        seen.append(Client().get("/dang-nhap/").status_code)
        real(*args)

    monkeypatch.setattr(backup, "_restore_database", watched)
    out = io.StringIO()
    call_command("restore", "--yes", str(archive), stdout=out)
    assert seen == [503]
    assert "Đã khôi phục" in out.getvalue()
    assert Person.objects.filter(full_name="Đinh Quốc Duy").exists()
    assert not settings.NTM_MAINTENANCE_FILE.exists()
