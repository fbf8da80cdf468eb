"""Read-side helpers for the pages above reports ("Việc của tôi", the member scorecard)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from ntm.reports.models import ReporterKind, Submission, SubmissionStatus

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
