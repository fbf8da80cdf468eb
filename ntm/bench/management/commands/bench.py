"""``manage.py bench``: the benchmark table and JSON (issue 8). See ntm/bench/run.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.bench.run import BenchError, run, save, table


class Command(BaseCommand):
    help = "Đo tốc độ các trang chính, báo cáo, nhập XLSX trên tỉnh tổng hợp; so với trang mốc."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--runs", type=int, default=30, help="số lần đo mỗi trang")
        parser.add_argument(
            "--out", default=str(settings.BASE_DIR / "bench-results"), help="thư mục kết quả JSON"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = run(seed=options["seed"], runs=options["runs"], log=self.stderr.write)
        except BenchError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(table(result))
        path = save(result, Path(options["out"]))
        self.stdout.write(f"\nKết quả JSON: {path}")
        failed = [f["name"] for f in result["figures"] if not f["passed"]]
        if failed:
            self.stdout.write(self.style.WARNING(f"{len(failed)} hạng mục vượt ngân sách."))
