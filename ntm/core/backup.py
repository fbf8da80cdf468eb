"""Consistent online backups of the database and uploaded files, and their restore.

A backup is one ``.tar.gz`` holding the database (SQLite online-backup copy, or a PostgreSQL
``pg_dump`` custom-format dump), the media folder, and ``manifest.json`` with the row count of
every table, the app version, the applied migrations and a SHA-256 of every member. Restore
refuses an archive whose checksums do not match or whose schema is newer than this code, then
replaces the database and the media folder and checks the row counts against the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, connections

from ntm.core import versions

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore could not be done; the message is for the operator (Vietnamese)."""


@dataclass
class RestoreReport:
    tables: int
    rows: int
    files: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in counts or not model._meta.managed:
                continue
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 — table names from Django's registry
            counts[table] = int(cursor.fetchone()[0])
    return counts


def _migrations() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _pg_env() -> tuple[list[str], dict[str, str]]:
    params = connection.settings_dict
    args = ["-h", params.get("HOST") or "127.0.0.1", "-p", str(params.get("PORT") or 5432)]
    if params.get("USER"):
        args += ["-U", params["USER"]]
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    return args, env


def _dump_database(target: Path) -> str:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        destination = sqlite3.connect(target)
        try:
            # The online-backup API copies a consistent snapshot while others keep working.
            connection.connection.backup(destination)  # type: ignore[union-attr]
        finally:
            destination.close()
        return "sqlite"
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        command = [
            "pg_dump",
            *args,
            "-Fc",
            "--no-owner",
            "-f",
            str(target),
            connection.settings_dict["NAME"],
        ]
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise BackupError(f"pg_dump thất bại: {result.stderr.strip()}")
        return "postgresql"
    raise BackupError(f"Chưa hỗ trợ sao lưu CSDL loại {connection.vendor}.")


def create_backup(output_dir: Path, *, media_root: Path | None = None) -> Path:
    """Write a backup archive into ``output_dir`` and return its path."""
    media = Path(media_root or settings.MEDIA_ROOT)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        db_name = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
        engine = _dump_database(staging / db_name)
        files: dict[str, str] = {db_name: _sha256(staging / db_name)}
        if media.exists():
            shutil.copytree(media, staging / "media", symlinks=False)
            for path in sorted((staging / "media").rglob("*")):
                if path.is_file():
                    files[path.relative_to(staging).as_posix()] = _sha256(path)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "app_version": versions.app_version(),
            "engine": engine,
            "database_file": db_name,
            "row_counts": row_counts(),
            "migrations": _migrations(),
            "files": files,
        }
        (staging / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        archive = output_dir / f"ntm-backup-{stamp}.tar.gz"
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            for path in sorted(staging.rglob("*")):
                tar.add(path, arcname=path.relative_to(staging).as_posix(), recursive=False)
        partial.rename(archive)  # never leave a half-written file under the final name
    return archive


def read_manifest(archive: Path) -> dict[str, Any]:
    with tarfile.open(archive, "r:gz") as tar:
        member = tar.extractfile(MANIFEST)
        if member is None:
            raise BackupError("Tệp sao lưu không có manifest.json.")
        return json.load(io.TextIOWrapper(member, encoding="utf-8"))


def _extract_verified(archive: Path, into: Path) -> dict[str, Any]:
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            name = Path(member.name)
            if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
                raise BackupError(f"Tệp sao lưu chứa đường dẫn không hợp lệ: {member.name}")
        tar.extractall(into, filter="data")
    manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError("Định dạng tệp sao lưu không được hỗ trợ.")
    for name, digest in manifest["files"].items():
        path = into / name
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"Tệp sao lưu bị hỏng: {name} không khớp mã kiểm tra.")
    return manifest


def _restore_database(dump: Path, engine: str) -> None:
    if engine != connection.vendor:
        raise BackupError(f"Bản sao lưu là CSDL {engine}, máy này đang dùng {connection.vendor}.")
    connection.ensure_connection()
    if engine == "sqlite":
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)  # type: ignore[arg-type]
        finally:
            source.close()
        return
    for alias in connections:
        if alias != "default":
            connections[alias].close()
    args, env = _pg_env()
    command = [
        "pg_restore",
        *args,
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "-d",
        connection.settings_dict["NAME"],
        str(dump),
    ]
    connection.close()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"pg_restore thất bại: {result.stderr.strip()}")


def _refuse_newer_schema(manifest: dict[str, Any]) -> None:
    unknown = versions.unknown_migrations(manifest.get("migrations", []))
    if unknown:
        raise BackupError(
            f"Bản sao lưu được tạo bởi phiên bản ntm mới hơn ({manifest.get('app_version', '?')}, "
            f"máy này: {versions.app_version()}): CSDL trong đó có {len(unknown)} bước cập nhật "
            f"cấu trúc mà mã này chưa có (ví dụ {unknown[0]}). Hãy cài phiên bản ntm đó hoặc mới "
            "hơn rồi khôi phục lại. Dữ liệu hiện tại không thay đổi."
        )


def restore_backup(archive: Path, *, media_root: Path | None = None) -> RestoreReport:
    """Replace the database and the media folder with the archive's, after verifying it."""
    media = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        manifest = _extract_verified(archive, staging)
        _refuse_newer_schema(manifest)
        _restore_database(staging / manifest["database_file"], manifest["engine"])
        restored_media = staging / "media"
        if media.exists():
            shutil.rmtree(media)
        if restored_media.exists():
            shutil.copytree(restored_media, media)
        counts = row_counts()
        expected = manifest["row_counts"]
        wrong = {t: (expected[t], counts.get(t)) for t in expected if counts.get(t) != expected[t]}
        if wrong:
            raise BackupError(f"Khôi phục xong nhưng số dòng không khớp: {wrong}")
        files = sum(1 for name in manifest["files"] if name.startswith("media/"))
        return RestoreReport(tables=len(expected), rows=sum(expected.values()), files=files)
