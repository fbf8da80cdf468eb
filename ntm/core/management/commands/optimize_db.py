"""``manage.py optimize_db``: fresh query-planner statistics (nightly, with the backup)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from ntm.core.maintenance import refresh_statistics


class Command(BaseCommand):
    help = "Cập nhật thống kê cho bộ lập kế hoạch truy vấn (chạy hằng đêm cùng bản sao lưu)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        what = refresh_statistics()
        seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
        self.stdout.write(
            self.style.SUCCESS(f"Đã cập nhật thống kê truy vấn ({what}) trong {seconds} giây.")
        )
