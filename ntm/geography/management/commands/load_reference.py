from typing import Any

from django.core.management.base import BaseCommand

from ntm.geography.services import load_reference


class Command(BaseCommand):
    help = "Nạp dữ liệu tham chiếu: cấp hành chính, vùng, nhóm xã (chạy lại không tạo trùng)."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = load_reference()
        self.stdout.write(
            "Đã nạp dữ liệu tham chiếu: "
            f"{changed['levels']} cấp, {changed['regions']} vùng, {changed['commune_groups']} nhóm xã thay đổi."
        )
