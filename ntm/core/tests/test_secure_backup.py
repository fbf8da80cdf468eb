"""Issue 21: an encrypted backup restores only with its key, a tampered archive is refused,
and restore checks the audit chains of what it restored."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from pyrage import x25519

from ntm.accounts.models import Person
from ntm.core.backup import row_counts

pytestmark = pytest.mark.django_db(transaction=True)


def _key(tmp_path: Path, name: str) -> tuple[str, Path]:
    identity = x25519.Identity.generate()
    path = tmp_path / f"{name}.key"
    path.write_text(f"# khóa bí mật, cất ngoài máy chủ\n{identity}\n", encoding="utf-8")
    return str(identity.to_public()), path


def _encrypted_backup(tmp_path: Path, recipient: str) -> Path:
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "b"), "--recipient", recipient, stdout=out)
    archives = list((tmp_path / "b").glob("ntm-backup-*"))
    assert len(archives) == 1 and archives[0].name.endswith(".tar.gz.age")  # no plaintext left
    assert archives[0].read_bytes().startswith(b"age-encryption.org/v1")
    return archives[0]


def _restore(archive: Path, *extra: str) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), "--yes", *extra, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_encrypted_backup_restores_only_with_its_key(world: Any, tmp_path: Path) -> None:
    public, secret = _key(tmp_path, "dung")
    _, wrong = _key(tmp_path, "sai")
    archive = _encrypted_backup(tmp_path, public)
    before = row_counts()
    Person.objects.filter(full_name="Lê Văn Tâm").update(full_name="Bị sửa nhầm")

    with pytest.raises(CommandError, match="cần tệp khóa bí mật"):
        _restore(archive)
    with pytest.raises(CommandError, match="sai khóa bí mật"):
        _restore(archive, "--identity", str(wrong))
    assert Person.objects.filter(full_name="Bị sửa nhầm").exists()  # nothing restored

    tampered = tmp_path / "sua.tar.gz.age"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="đã bị sửa"):
        _restore(tampered, "--identity", str(secret))

    output = _restore(archive, "--identity", str(secret))
    assert "Đã khôi phục" in output and "Chuỗi niêm phong nhật ký toàn vẹn" in output
    assert row_counts() == before
    assert Person.objects.filter(full_name="Lê Văn Tâm").exists()


def test_restore_refuses_an_audit_trail_edited_before_the_backup(
    world: Any, tmp_path: Path
) -> None:
    person = world.people["member"]
    row = person.history.latest("history_id")
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{row._meta.db_table}" SET full_name = %s WHERE history_id = %s',  # noqa: S608
            ["Người khác", row.pk],
        )
    public, secret = _key(tmp_path, "dung")
    archive = _encrypted_backup(tmp_path, public)
    with pytest.raises(CommandError, match="nhật ký KHÔNG toàn vẹn"):
        _restore(archive, "--identity", str(secret))
