"""Every reports URL, reached with the shared test world (see tests/test_url_scope.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ntm.criteria.periods import ensure_period, load_period_kinds
from ntm.reports.models import ReportCycle, ReporterKind, ReportingRule, Submission
from tests.scope import Case


def _cycle(world: Any) -> ReportCycle:
    load_period_kinds()
    period = ensure_period("9thang", 2024)
    cycle, _ = ReportCycle.objects.get_or_create(
        unit=world.commune,
        period=period,
        defaults={"title": "Báo cáo 9 tháng năm 2024", "deadline": dt.date(2024, 10, 25)},
    )
    return cycle


def cycle(world: Any) -> dict[str, Any]:
    return {"pk": _cycle(world).pk}


def submission(world: Any) -> dict[str, Any]:
    item, _ = Submission.objects.get_or_create(
        cycle=_cycle(world),
        reporter_key=f"hamlet:{world.hamlet.pk}",
        defaults={
            "reporter_kind": ReporterKind.HAMLET,
            "unit": world.hamlet,
            "responsible": world.hamlet_head,
            "deadline": dt.date(2024, 10, 20),
        },
    )
    return {"pk": item.pk}


def rule(world: Any) -> dict[str, Any]:
    load_period_kinds()
    item, _ = ReportingRule.objects.get_or_create(
        unit=world.commune,
        period_kind=ensure_period("quy1", 2024).kind,
        reporter_kind=ReporterKind.HAMLET,
        defaults={"days_after_period_end": 10},
    )
    return {"pk": item.pk}


COMMUNE_OUTSIDERS = ("outsider", "outsider_head", "hamlet_head")
HAMLET_OUTSIDERS = ("outsider", "outsider_head", "hamlet_head2")

CASES: dict[str, Case] = {
    "reports:cycle_list": Case(),
    "reports:cycle_open": Case(method="post", expect=302),
    "reports:cycle_detail": Case(kwargs=cycle, outsiders=COMMUNE_OUTSIDERS),
    "reports:report_detail": Case(kwargs=cycle, outsiders=COMMUNE_OUTSIDERS),
    "reports:report_docx": Case(kwargs=cycle, outsiders=COMMUNE_OUTSIDERS),
    "reports:report_xlsx": Case(kwargs=cycle, outsiders=COMMUNE_OUTSIDERS),
    "reports:report_send": Case(
        kwargs=cycle, outsiders=COMMUNE_OUTSIDERS, method="post", expect=302
    ),
    "reports:submission_detail": Case(kwargs=submission, outsiders=HAMLET_OUTSIDERS),
    "reports:submission_approve": Case(
        kwargs=submission, outsiders=HAMLET_OUTSIDERS, method="post", expect=302
    ),
    "reports:submission_return": Case(
        kwargs=submission, outsiders=HAMLET_OUTSIDERS, method="post", expect=302
    ),
    "reports:submission_reopen": Case(
        kwargs=submission, outsiders=HAMLET_OUTSIDERS, method="post", expect=302
    ),
    "reports:submission_history": Case(kwargs=submission, outsiders=HAMLET_OUTSIDERS),
    "reports:rollup": Case(
        kwargs=lambda w: {"unit_pk": w.province.pk},
        insider="upper",
        outsiders=("outsider", "officer", "hamlet_head"),
    ),
    "reports:rollup_xlsx": Case(
        kwargs=lambda w: {"unit_pk": w.province.pk},
        insider="upper",
        outsiders=("outsider", "officer", "hamlet_head"),
    ),
    "reports:rule_list": Case(),
    "reports:rule_edit": Case(kwargs=rule, outsiders=COMMUNE_OUTSIDERS),
}
