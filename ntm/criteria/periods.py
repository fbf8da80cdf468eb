"""Periods: loading the kinds (data) and finding or creating one period of a kind and year."""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

import yaml
from django.db import transaction

from ntm.core.upsert import upsert
from ntm.criteria.models import Period, PeriodKind

PERIOD_KINDS_FILE = Path(__file__).parent / "data" / "period_kinds.yaml"
YEAR = "nam"


def _labels() -> dict[str, str]:
    data = yaml.safe_load(PERIOD_KINDS_FILE.read_text(encoding="utf-8"))
    return {row["code"]: row["label"] for row in data["period_kinds"]}


@transaction.atomic
def load_period_kinds(path: Path = PERIOD_KINDS_FILE) -> int:
    """Create or update the period kinds. Returns how many rows changed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    changed = 0
    for row in data["period_kinds"]:
        _, outcome = upsert(
            PeriodKind,
            {"code": row["code"]},
            {
                "name": row["name"],
                "start_month": row.get("start_month"),
                "end_month": row.get("end_month"),
                "is_cumulative": row.get("cumulative", False),
                "order": row.get("order", 0),
            },
        )
        changed += outcome != "unchanged"
    return changed


def ensure_period(kind_code: str, year: int) -> Period:
    """The period of ``kind_code`` in ``year`` ("9thang", 2024 → '9 tháng năm 2024')."""
    kind = PeriodKind.objects.filter(code=kind_code).first()
    if kind is None:
        load_period_kinds()
        kind = PeriodKind.objects.get(code=kind_code)
    if kind.start_month is None or kind.end_month is None:
        raise ValueError(
            "Kỳ đột xuất cần ngày bắt đầu và kết thúc riêng: dùng ensure_adhoc_period."
        )
    label = _labels().get(kind.code, f"{kind.name} {{year}}").format(year=year)
    start = dt.date(year, kind.start_month, 1)
    end = dt.date(year, kind.end_month, calendar.monthrange(year, kind.end_month)[1])
    period, _ = Period.objects.get_or_create(
        kind=kind, year=year, label=label, defaults={"start": start, "end": end}
    )
    return period


def year_period(year: int) -> Period:
    return ensure_period(YEAR, year)


def ensure_adhoc_period(label: str, start: dt.date, end: dt.date) -> Period:
    kind = PeriodKind.objects.filter(code="dotxuat").first()
    if kind is None:
        load_period_kinds()
        kind = PeriodKind.objects.get(code="dotxuat")
    period, _ = Period.objects.get_or_create(
        kind=kind, year=start.year, label=label, defaults={"start": start, "end": end}
    )
    return period
