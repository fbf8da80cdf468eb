from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ntm.core.backup import BackupError, create_backup, read_manifest
from ntm.core.secure_backup import encrypt_archive


class Command(BaseCommand):
    help = "Sao lưu trực tuyến CSDL và tệp tải lên thành một tệp .tar.gz kèm mã kiểm tra."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--output",
            default=str(Path(settings.DATA_DIR) / "backups"),
            help="Thư mục lưu bản sao (mặc định: data/backups).",
        )
        parser.add_argument(
            "--recipient",
            action="append",
            default=None,
            help="Mã hoá bằng khóa công khai age (age1…); mặc định: NTM_BACKUP_AGE_RECIPIENTS.",
        )
        parser.add_argument(
            "--keep", type=int, default=0, help="Chỉ giữ N bản mới nhất (0 = giữ tất cả)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        try:
            archive = create_backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = read_manifest(archive)
        rows = sum(manifest["row_counts"].values())
        recipients = options["recipient"] or settings.NTM_BACKUP_AGE_RECIPIENTS
        if recipients:
            try:
                archive = encrypt_archive(archive, recipients)  # the plaintext is removed
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu: {archive} ({rows} dòng dữ liệu, {len(manifest['files'])} tệp)."
            )
        )
        if options["keep"] > 0:
            backups = sorted(output.glob("ntm-backup-*.tar.gz*"))
            for old in backups[: -options["keep"]]:
                old.unlink()
                self.stdout.write(f"Đã xóa bản cũ: {old.name}")
