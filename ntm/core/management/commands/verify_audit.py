"""Check the hash chains of the audit trail (run nightly, in CI, and after a restore)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ntm.core import audit


class Command(BaseCommand):
    help = (
        "Kiểm tra chuỗi niêm phong nhật ký (lịch sử thay đổi, nhật ký truy cập, sổ văn bản, "
        "sổ số): phát hiện dòng bị sửa hoặc xóa trực tiếp trong CSDL."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--seal",
            action="store_true",
            help="Sau khi kiểm tra đạt, niêm phong các dòng mới chưa được niêm phong.",
        )
        parser.add_argument("--heads", action="store_true", help="In mã băm đầu mỗi chuỗi.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit.verify()
        for problem in report.problems[:200]:
            self.stderr.write(problem.message)
        if report.problems:
            raise CommandError(
                f"Nhật ký KHÔNG toàn vẹn: {len(report.problems)} vấn đề trên {report.tables} "
                "bảng. Không sửa gì thêm; báo ngay cán bộ an toàn thông tin."
            )
        sealed = audit.seal_all() if options["seal"] else 0
        if options["heads"]:
            for table, head in sorted(report.heads.items()):
                self.stdout.write(f"{table}: {head}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Nhật ký toàn vẹn: {report.rows} dòng trên {report.tables} bảng khớp chuỗi niêm "
                f"phong; {report.pending} dòng mới chưa niêm phong"
                + (f", vừa niêm phong {sealed} dòng." if options["seal"] else ".")
            )
        )
