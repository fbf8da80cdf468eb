import sys
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ntm.core import audit, health, maintenance_page, versions
from ntm.core.backup import BackupError, read_manifest, restore_backup
from ntm.core.secure_backup import decrypted


class Command(BaseCommand):
    help = (
        "Khôi phục CSDL và tệp tải lên từ một bản sao lưu (ghi đè dữ liệu hiện có). "
        "Trong lúc khôi phục mọi trang hiển thị 'Hệ thống đang bảo trì'. "
        "Dùng --yes khi chạy từ kịch bản hoặc cron (không hỏi lại)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", help="Đường dẫn tệp ntm-backup-….tar.gz (hoặc .tar.gz.age)")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Không hỏi lại trước khi ghi đè (cho kịch bản, cron).",
        )
        parser.add_argument(
            "--identity",
            default=None,
            help="Tệp khóa bí mật age (AGE-SECRET-KEY-1…) cho bản sao lưu đã mã hoá.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"Không tìm thấy tệp {archive}.")
        identity = Path(options["identity"]) if options["identity"] else None
        try:
            with decrypted(archive, identity) as plain:
                self._restore(plain, options)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        # The restored audit trail must still be the one that was sealed.
        report = audit.verify()
        if not report.ok:
            for problem in report.problems[:50]:
                self.stderr.write(problem.message)
            raise CommandError(
                f"Đã khôi phục nhưng nhật ký KHÔNG toàn vẹn ({len(report.problems)} vấn đề): "
                "không dùng bản này, báo ngay cán bộ an toàn thông tin."
            )
        self.stdout.write(f"Chuỗi niêm phong nhật ký toàn vẹn ({report.rows} dòng).")

    def _restore(self, archive: Path, options: dict[str, Any]) -> None:
        try:
            manifest = read_manifest(archive)
        except (OSError, KeyError, ValueError) as exc:
            raise CommandError(f"Không đọc được tệp sao lưu {archive}: {exc}") from exc
        self.stdout.write(
            f"Bản sao lưu lúc {manifest['created_at']}, phiên bản ntm "
            f"{manifest.get('app_version', 'không ghi')} (máy này: {versions.app_version()})."
        )
        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError(
                    "Không có ai trả lời câu hỏi xác nhận (chạy từ kịch bản/cron?): thêm --yes "
                    "để khôi phục mà không hỏi. Dữ liệu không thay đổi."
                )
            answer = input("Khôi phục sẽ GHI ĐÈ toàn bộ dữ liệu hiện có. Gõ 'co' để tiếp tục: ")
            if answer.strip().lower() not in {"co", "có"}:
                raise CommandError("Đã hủy, dữ liệu không thay đổi.")
        with maintenance_page.enabled("restore"):
            report = restore_backup(archive)
            health.forget()
            # A backup from an older version: bring its tables up to this code before reopening.
            if health.pending_migrations():
                self.stdout.write("Bản sao lưu từ phiên bản cũ hơn: cập nhật cấu trúc CSDL…")
                call_command("migrate", "--noinput", verbosity=0)
                health.forget()
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục {report.tables} bảng, {report.rows} dòng, {report.files} tệp; "
                "số dòng khớp với bản sao lưu."
            )
        )
