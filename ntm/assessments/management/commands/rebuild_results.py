"""Recompute every stored evaluation and summary from the values, targets and registrations."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ntm.assessments.services import rebuild_all


class Command(BaseCommand):
    help = "Tính lại toàn bộ kết quả đánh giá và bảng tổng hợp (sau khi nạp dữ liệu hàng loạt)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_all()
        self.stdout.write(f"Đã tính lại {count} cặp đơn vị × kỳ.")
