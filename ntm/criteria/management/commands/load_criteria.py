"""`manage.py load_criteria`: load the shipped criteria sets and the period kinds."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ntm.criteria.loader import CriteriaFileError, load_shipped_sets


class Command(BaseCommand):
    help = (
        "Nạp các bộ tiêu chí đi kèm phần mềm (ntm/criteria/data) và các loại kỳ báo cáo. "
        "Chạy lại không tạo trùng; thay đổi được ghi vào lịch sử."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_shipped_sets()
        except CriteriaFileError as exc:
            raise CommandError(f"Không nạp được bộ tiêu chí (không thay đổi gì): {exc}") from exc
        self.stdout.write("Nạp bộ tiêu chí:")
        for line in report.lines():
            self.stdout.write(line)
