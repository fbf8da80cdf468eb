"""Periods: loading the kinds (data), finding or creating the periods of a year, and which
period is due now.

Kinds are data (``data/period_kinds.yaml``): months, quarters, 6 and 9 months (cumulative),
the year, and ad hoc periods. Deadlines come from the reporting rules (chế độ báo cáo), which
live in the reports app above this one: it registers them with :func:`register_deadline_days`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from ntm.core.upsert import upsert
from ntm.criteria.models import Period, PeriodKind

PERIOD_KINDS_FILE = Path(__file__).parent / "data" / "period_kinds.yaml"
YEAR = "nam"


@lru_cache(maxsize=1)
def _kind_rows() -> tuple[dict[str, Any], ...]:
    data = yaml.safe_load(PERIOD_KINDS_FILE.read_text(encoding="utf-8"))
    return tuple(data["period_kinds"])


def _labels() -> dict[str, str]:
    return {row["code"]: row["label"] for row in _kind_rows()}


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


def _bounds(kind: PeriodKind, year: int) -> tuple[dt.date, dt.date]:
    assert kind.start_month is not None and kind.end_month is not None
    start = dt.date(year, kind.start_month, 1)
    end = dt.date(year, kind.end_month, calendar.monthrange(year, kind.end_month)[1])
    return start, end


def period_sort_key(period: Period) -> tuple[dt.date, int]:
    """Chronological: a period comes after every period that ends before it; of periods that
    end together, the shorter first (Tháng 9, Quý III, 9 tháng)."""
    return (period.end, -period.start.toordinal())


def year_periods(year: int) -> list[Period]:
    """Every fixed period of ``year`` (months, quarters, 6 and 9 months, the year), created
    when missing, in chronological order. A constant number of queries, whatever the kinds."""
    kinds = list(PeriodKind.objects.filter(start_month__isnull=False, end_month__isnull=False))
    wanted = {row["code"] for row in _kind_rows() if row.get("start_month")}
    if not wanted <= {k.code for k in kinds}:
        load_period_kinds()
        kinds = list(PeriodKind.objects.filter(start_month__isnull=False, end_month__isnull=False))
    labels = _labels()

    def label(kind: PeriodKind) -> str:
        return labels.get(kind.code, f"{kind.name} {{year}}").format(year=year)

    def existing() -> dict[tuple[int, str], Period]:
        found = Period.objects.filter(year=year, kind__in=kinds).select_related("kind")
        return {(p.kind_id, p.label): p for p in found}

    periods = existing()
    missing = [k for k in kinds if (k.pk, label(k)) not in periods]
    if missing:
        Period.objects.bulk_create(
            [
                Period(kind=k, year=year, label=label(k), start=start, end=end)
                for k in missing
                for start, end in [_bounds(k, year)]
            ],
            ignore_conflicts=True,
        )
        periods = existing()
    chosen = [periods[(k.pk, label(k))] for k in kinds if (k.pk, label(k)) in periods]
    return sorted(chosen, key=period_sort_key)


# --- Which period is due now ----------------------------------------------------------------

DEFAULT_DAYS_AFTER_END = 10
"""Days after a period ends by which its values are due, where no reporting rule says."""

DeadlineDays = Callable[[Any, str], Mapping[str, int]]
_deadline_provider: DeadlineDays | None = None


def register_deadline_days(provider: DeadlineDays) -> None:
    """The reports app hands over its rules: (unit, reporter kind) -> {kind code: days}."""
    global _deadline_provider
    _deadline_provider = provider


def deadline_days(unit: Any, reporter_kind: str) -> Mapping[str, int]:
    if _deadline_provider is None:
        return {}
    return _deadline_provider(unit, reporter_kind)


def has_started(period: Period, today: dt.date) -> bool:
    return period.start <= today


def not_started_message(period: Period) -> str:
    return (
        f"Kỳ “{period.label}” chưa bắt đầu (từ ngày {period.start:%d/%m/%Y}): "
        "chưa nhập được số liệu cho kỳ này. Chọn kỳ đã bắt đầu."
    )


def due_period(
    periods: Iterable[Period],
    today: dt.date,
    days_after_end: Mapping[str, int] | None = None,
) -> Period | None:
    """The period whose values are due now.

    First a period that has ended and whose deadline (end + the rule's days) has not passed,
    the earliest deadline first, the longer period first on the same deadline (on 15/10 the
    9-month figures, due 20/10). Otherwise the running period with the nearest deadline (the
    current month). For a past year, its last and longest period (the year). ``None`` when no
    period has started.
    """
    days = days_after_end or {}
    started = [p for p in periods if has_started(p, today)]
    if not started:
        return None

    def deadline(period: Period) -> dt.date:
        after = days.get(period.kind.code, DEFAULT_DAYS_AFTER_END)
        return period.end + dt.timedelta(days=after)

    def span(period: Period) -> int:
        return (period.end - period.start).days

    open_ended = [p for p in started if p.end < today <= deadline(p)]
    if open_ended:
        return min(open_ended, key=lambda p: (deadline(p), -span(p)))
    running = [p for p in started if p.end >= today]
    if running:
        return min(running, key=lambda p: (deadline(p), span(p)))
    return max(started, key=lambda p: (p.end, span(p)))
