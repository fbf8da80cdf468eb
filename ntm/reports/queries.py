"""Read-side helpers for the pages above reports ("Việc của tôi", the member scorecard)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from ntm.reports.models import ReporterKind, ReportingRule, Submission, SubmissionStatus

OPEN = [SubmissionStatus.DRAFT, SubmissionStatus.RETURNED]


def reports_due(user: Any) -> QuerySet[Submission]:
    """Reports this person must still submit (not yet submitted, or returned to them)."""
    return (
        Submission.objects.filter(responsible_id=getattr(user, "pk", None) or 0, status__in=OPEN)
        .select_related("cycle", "cycle__period", "unit")
        .order_by("deadline", "pk")
    )


def reports_to_review(commune_ids: list[int]) -> QuerySet[Submission]:
    """Reports waiting for the officer's or the leadership's review in these communes."""
    return (
        Submission.objects.filter(cycle__unit_id__in=commune_ids, status=SubmissionStatus.SUBMITTED)
        .select_related("cycle", "unit", "member__person", "organisation")
        .order_by("submitted_at", "pk")
    )


@dataclass
class ReportStats:
    total: int = 0
    on_time: int = 0
    late: int = 0


def member_report_stats(member_ids: list[int], year: int, today: dt.date) -> dict[int, ReportStats]:
    """Per committee member: reports due in ``year`` so far, submitted on time, late (one query)."""
    stats: dict[int, ReportStats] = {}
    rows = Submission.objects.filter(
        reporter_kind=ReporterKind.MEMBER, member_id__in=member_ids, cycle__period__year=year
    ).only("member_id", "deadline", "submitted_on", "status")
    for submission in rows:
        if submission.submitted_on is None and submission.deadline >= today:
            continue  # not due yet
        entry = stats.setdefault(submission.member_id, ReportStats())  # type: ignore[arg-type]
        entry.total += 1
        if submission.is_late(today):
            entry.late += 1
        else:
            entry.on_time += 1
    return stats


def deadline_days(unit: Any, reporter_kind: str) -> dict[str, int]:
    """{period kind code: days after the period's end} of the active rules that apply to
    ``unit`` for ``reporter_kind``; a rule set nearer the unit (the commune) wins over one set
    above it (the province). One query."""
    rules = ReportingRule.objects.filter(reporter_kind=reporter_kind, active=True).values_list(
        "unit__path", "period_kind__code", "days_after_period_end"
    )
    path = getattr(unit, "path", "") or ""
    chosen: dict[str, tuple[int, int]] = {}
    for rule_path, code, days in rules:
        if not path.startswith(rule_path):
            continue
        depth = len(rule_path)
        if code not in chosen or depth > chosen[code][0]:
            chosen[code] = (depth, days)
    return {code: days for code, (_, days) in chosen.items()}
