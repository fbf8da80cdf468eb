"""``manage.py generate_province``: a synthetic province for the benchmark (issue 8)."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from ntm.bench.generate import AlreadyGenerated, generate
from ntm.bench.run import TIMING_FILE


class Command(BaseCommand):
    help = (
        "Dựng một tỉnh tổng hợp (dữ liệu minh họa) để đo hiệu năng: xã, ấp, người, số liệu "
        "nhiều năm, kế hoạch, báo cáo. Chạy trên một cơ sở dữ liệu riêng (NTM_DATA_DIR)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--communes", type=int, default=170, help="số xã (mặc định 170)")
        parser.add_argument("--hamlets-per-commune", type=int, default=12, help="số ấp mỗi xã (±2)")
        parser.add_argument("--years", type=int, default=3, help="số năm số liệu (mặc định 3)")
        parser.add_argument("--seed", type=int, default=42, help="hạt giống ngẫu nhiên")
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="không làm gì (và không báo lỗi) nếu tỉnh của hạt giống này đã có",
        )
        parser.add_argument("--last-year", type=int, default=2024, help="năm cuối (mặc định 2024)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["communes"] < 1 or options["years"] < 1:
            raise CommandError("Cần ít nhất 1 xã và 1 năm.")
        started = time.perf_counter()
        self.stdout.write(
            f"Dựng tỉnh tổng hợp: {options['communes']} xã, khoảng "
            f"{options['hamlets_per_commune']} ấp mỗi xã, {options['years']} năm, "
            f"hạt giống {options['seed']}…"
        )
        try:
            tally = generate(
                communes=options["communes"],
                hamlets_per_commune=options["hamlets_per_commune"],
                years=options["years"],
                seed=options["seed"],
                last_year=options["last_year"],
                log=self.stdout.write,
            )
        except AlreadyGenerated as exc:
            if options["if_missing"]:
                self.stdout.write(f"Tỉnh tổng hợp mã {exc} đã có; dùng lại.")
                return
            raise CommandError(
                f"Tỉnh tổng hợp mã {exc} (hạt giống {options['seed']}) đã có trong cơ sở dữ liệu "
                "này; không dựng lần hai. Dùng cơ sở dữ liệu mới (ví dụ NTM_DATA_DIR=/tmp/bench) "
                "hoặc hạt giống khác."
            ) from exc
        for name, count in sorted(tally.rows.items()):
            self.stdout.write(f"  {name}: {count:,}".replace(",", "."))
        seconds = time.perf_counter() - started
        # The benchmark reports this run's time beside its other figures.
        (Path(settings.DATA_DIR) / TIMING_FILE).write_text(
            json.dumps(
                {
                    "engine": connection.vendor,
                    "seconds": round(seconds, 2),
                    "communes": options["communes"],
                    "hamlets": tally.rows.get("AdministrativeUnit", 0) - options["communes"],
                    "seed": options["seed"],
                    "at": dt.datetime.now().isoformat(timespec="seconds"),
                    "steps": tally.steps,
                    "rows": tally.rows,
                },
                ensure_ascii=False,
                indent=2,
            ),
            encoding="utf-8",
        )
        self.stdout.write(self.style.SUCCESS(f"Xong trong {seconds:.1f} giây."))
