from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ntm.core.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = "Khôi phục CSDL và tệp tải lên từ một bản sao lưu (ghi đè dữ liệu hiện có)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", help="Đường dẫn tệp ntm-backup-….tar.gz")
        parser.add_argument("--yes", action="store_true", help="Không hỏi lại trước khi ghi đè.")

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"Không tìm thấy tệp {archive}.")
        manifest = read_manifest(archive)
        if not options["yes"]:
            answer = input(
                f"Khôi phục bản sao lưu lúc {manifest['created_at']} sẽ GHI ĐÈ toàn bộ dữ liệu hiện có. "
                "Gõ 'co' để tiếp tục: "
            )
            if answer.strip().lower() not in {"co", "có"}:
                raise CommandError("Đã hủy, dữ liệu không thay đổi.")
        try:
            report = restore_backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục {report.tables} bảng, {report.rows} dòng, {report.files} tệp; "
                "số dòng khớp với bản sao lưu."
            )
        )
