"""What a submission is pre-filled with, from ntm's own data for its period and scope.

The result is a plain JSON-able dict, frozen into the submission when it is submitted, so the
figures a reviewer approved stay the figures in the report even if data changes later. Every
row keeps the ids it came from, so a screen can link each figure back to its source.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ntm.assessments.models import IndicatorResult, IndicatorValue
from ntm.assessments.queries import unit_summaries
from ntm.core import clock
from ntm.core.numbers import format_number, format_percent
from ntm.criteria.models import IndicatorKind
from ntm.mobilisation.queries import contribution_totals, outreach_by_organisation
from ntm.plans.models import Assignment, Obstacle, ObstacleState, Task, TaskStatus
from ntm.reports.models import ReporterKind, Submission


def display_value(value: IndicatorValue) -> str:
    kind = value.indicator.kind
    if kind == IndicatorKind.RATIO and value.numerator is not None and value.denominator:
        percent = value.numerator / value.denominator * 100
        return f"{format_percent(percent)} ({format_number(value.numerator)}/{format_number(value.denominator)})"
    if kind == IndicatorKind.BOOLEAN and value.boolean is not None:
        return "Đạt" if value.boolean else "Chưa đạt"
    if kind == IndicatorKind.CHOICE:
        return value.choice
    if kind == IndicatorKind.TEXT:
        return value.text
    if value.number is not None:
        label = value.indicator.unit_label
        return f"{format_number(value.number)} {label}".strip()
    return ""


def _criteria_ids(submission: Submission) -> list[int] | None:
    if submission.reporter_kind == ReporterKind.MEMBER and submission.member_id:
        return list(
            Assignment.objects.filter(
                unit=submission.cycle.unit,
                year=submission.cycle.period.year,
                lead_id=submission.member_id,
            ).values_list("criterion_id", flat=True)
        )
    return None


def _values(submission: Submission, criteria: list[int] | None) -> list[dict[str, Any]]:
    period = submission.cycle.period
    unit = submission.unit
    values = IndicatorValue.objects.filter(unit=unit, period=period).select_related(
        "indicator", "indicator__criterion"
    )
    results = IndicatorResult.objects.filter(unit=unit, period=period)
    if criteria is not None:
        values = values.filter(indicator__criterion_id__in=criteria)
        results = results.filter(indicator__criterion_id__in=criteria)
    by_indicator = {r.indicator_id: r for r in results}
    rows = []
    for value in values.order_by(
        "indicator__criterion__number", "indicator__order", "indicator__code"
    ):
        result = by_indicator.get(value.indicator_id)
        rows.append(
            {
                "value_id": value.pk,
                "criterion_id": value.indicator.criterion_id,
                "criterion": f"{value.indicator.criterion.number}. {value.indicator.criterion.name}",
                "indicator": value.indicator.code,
                "name": value.indicator.name,
                "value": display_value(value),
                "status": result.status_text if result else "",
                "status_code": result.status if result else "",
                "explanation": result.explanation if result else "",
                "value_status": value.get_status_display(),
            }
        )
    return rows


def _tasks(submission: Submission, criteria: list[int] | None) -> dict[str, list[dict[str, Any]]]:
    period = submission.cycle.period
    today = clock.today()
    tasks = Task.objects.filter(deadline__gte=period.start, deadline__lte=period.end)
    if submission.reporter_kind == ReporterKind.HAMLET:
        tasks = tasks.filter(unit=submission.unit)
    elif criteria is not None:
        member = submission.member
        owner = Q(owner_person_id=member.person_id) if member is not None else Q(pk__in=[])
        tasks = tasks.filter(Q(plan__criterion_id__in=criteria) | owner)
    elif submission.organisation_id:
        tasks = tasks.filter(owner_organisation_id=submission.organisation_id)
    else:
        tasks = tasks.filter(unit=submission.unit)
    done, late = [], []
    for task in tasks.order_by("deadline", "pk"):
        row = {
            "task_id": task.pk,
            "title": task.title,
            "deadline": task.deadline.isoformat() if task.deadline else "",
        }
        if task.status == TaskStatus.DONE:
            done.append(row)
        elif task.deadline and task.deadline < today:
            late.append(row)
    return {"done": done, "late": late}


def _obstacles(submission: Submission, criteria: list[int] | None) -> list[dict[str, Any]]:
    open_states = [ObstacleState.OPEN, ObstacleState.DIRECTED]
    obstacles = Obstacle.objects.filter(state__in=open_states)
    if submission.reporter_kind == ReporterKind.HAMLET:
        obstacles = obstacles.filter(unit=submission.unit)
    elif criteria is not None:
        obstacles = obstacles.filter(unit=submission.cycle.unit, criterion_id__in=criteria)
    else:
        obstacles = obstacles.filter(unit__path__startswith=submission.unit.path)
    return [
        {"obstacle_id": o.pk, "title": o.title, "state": o.get_state_display()}
        for o in obstacles.order_by("raised_on", "pk")
    ]


def _summaries(submission: Submission) -> list[dict[str, Any]]:
    """The read model's summary of each set the reporting unit registered (hamlet or commune),
    frozen with the submission: the same words as the scorecard."""
    if submission.reporter_kind not in {ReporterKind.HAMLET, ReporterKind.MEMBER}:
        return []
    out = []
    for criteria_set, found in unit_summaries(
        submission.unit, submission.cycle.period.year, submission.cycle.period
    ):
        out.append(
            {
                "set": criteria_set.name,
                "text": found.text,
                "full_text": found.full_text,
                "period_label": found.period_label,
                "met": found.met,
                "total": found.total,
                "not_sustainable": found.not_sustainable,
                "illustrative": found.illustrative,
                "illustrative_text": found.illustrative_text,
                "breakdown": found.breakdown,
                "definition": found.definition,
            }
        )
    return out


def build_prefill(submission: Submission) -> dict[str, Any]:
    period = submission.cycle.period
    criteria = _criteria_ids(submission)
    contributions = contribution_totals(submission.unit, period.start, period.end)
    outreach = outreach_by_organisation(submission.unit, period.start, period.end)
    if submission.organisation_id:
        outreach = [o for o in outreach if o.organisation_id == submission.organisation_id]
    return {
        "period": period.label,
        "summaries": _summaries(submission),
        "values": _values(submission, criteria),
        "tasks": _tasks(submission, criteria),
        "obstacles": _obstacles(submission, criteria),
        "contributions": {
            "money": contributions.money,
            "labour_days": str(contributions.labour_days),
            "land_m2": str(contributions.land_m2),
            "count": contributions.count,
            "by_source": [{"name": s.name, "amount": s.amount} for s in contributions.by_source],
        },
        "outreach": [
            {"organisation": o.name, "activities": o.activities, "participants": o.participants}
            for o in outreach
        ],
    }
