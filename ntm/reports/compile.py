"""The commune's report for a cycle, assembled from its data: the tables every export uses.

One function, :func:`compile_report`, reads a fixed number of queries and returns plain
dataclasses; the screen, the DOCX and the XLSX all render the same object, so the numbers can
never disagree. Each row keeps the ids of what it came from for the links on screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count

from ntm.assessments.models import (
    CriterionRegistration,
    CriterionResult,
    IndicatorResult,
    IndicatorValue,
    SetRegistration,
    Status,
)
from ntm.criteria.models import CriteriaSet, Criterion, Indicator, Period, SetLevel
from ntm.geography.models import AdministrativeUnit
from ntm.mobilisation.queries import (
    ContributionTotals,
    FundingTable,
    OrganisationOutreach,
    contribution_totals,
    funding_by_source,
    outreach_by_organisation,
)
from ntm.reports.models import CommuneReport, ReportCycle, Submission, SubmissionStatus
from ntm.reports.prefill import display_value


@dataclass
class IndicatorRow:
    indicator_id: int
    code: str
    name: str
    requirement: str
    result: str
    status: str
    status_label: str
    explanation: str
    value_id: int | None
    illustrative: bool


@dataclass
class CriterionRow:
    criterion_id: int
    number: int
    name: str
    status: str
    status_label: str
    explanation: str
    last_year_label: str
    indicators: list[IndicatorRow] = field(default_factory=list)


@dataclass
class HamletRow:
    unit_id: int
    name: str
    registered: int  # criteria registered to reach this year
    evaluated: int  # criteria of the hamlet set with a result in this period
    met: int
    not_sustainable: int
    submission_status: str


@dataclass
class CompiledReport:
    cycle: ReportCycle
    criteria_set: CriteriaSet | None
    criteria: list[CriterionRow]
    hamlets: list[HamletRow]
    funding: FundingTable
    contributions: ContributionTotals
    outreach: list[OrganisationOutreach]
    submissions: list[Submission]
    previous_period: Period | None

    @property
    def met(self) -> int:
        return sum(1 for row in self.criteria if row.status in {Status.MET, Status.NOT_SUSTAINABLE})

    @property
    def total(self) -> int:
        return len(self.criteria)

    @property
    def summary(self) -> str:
        return f"Đạt {self.met}/{self.total} tiêu chí"


def _requirement(result: IndicatorResult | None) -> str:
    if result is None or result.target is None:
        return "Chưa có ngưỡng"
    target = result.target
    text = target.legal_text or (
        str(target.value) if target.value is not None else target.value_choice
    )
    return f"{text} (minh họa)" if target.is_illustrative else text


def _same_period_last_year(period: Period) -> Period | None:
    return Period.objects.filter(kind=period.kind, year=period.year - 1).first()


def _commune_set(unit: AdministrativeUnit, year: int) -> CriteriaSet | None:
    registration = (
        SetRegistration.objects.filter(unit=unit, year=year, criteria_set__level=SetLevel.COMMUNE)
        .select_related("criteria_set")
        .order_by("criteria_set__order")
        .first()
    )
    return registration.criteria_set if registration else None


def _criteria_rows(
    unit: AdministrativeUnit, period: Period, criteria_set: CriteriaSet
) -> list[CriterionRow]:
    previous = _same_period_last_year(period)
    criteria = list(Criterion.objects.filter(criteria_set=criteria_set).order_by("number"))
    indicators = list(
        Indicator.objects.filter(criterion__criteria_set=criteria_set).order_by(
            "criterion__number", "order", "code"
        )
    )
    results = {r.criterion_id: r for r in CriterionResult.objects.filter(unit=unit, period=period)}
    last_year = (
        {r.criterion_id: r for r in CriterionResult.objects.filter(unit=unit, period=previous)}
        if previous
        else {}
    )
    indicator_results = {
        r.indicator_id: r
        for r in IndicatorResult.objects.filter(unit=unit, period=period).select_related("target")
    }
    values = {
        v.indicator_id: v
        for v in IndicatorValue.objects.filter(unit=unit, period=period).select_related("indicator")
    }
    rows: dict[int, CriterionRow] = {}
    for criterion in criteria:
        result = results.get(criterion.pk)
        previous_result = last_year.get(criterion.pk)
        rows[criterion.pk] = CriterionRow(
            criterion_id=criterion.pk,
            number=criterion.number,
            name=criterion.name,
            status=result.status if result else Status.NO_DATA,
            status_label=result.get_status_display() if result else Status.NO_DATA.label,
            explanation=result.explanation if result else "",
            last_year_label=previous_result.get_status_display() if previous_result else "",
        )
    for indicator in indicators:
        measured = indicator_results.get(indicator.pk)
        value = values.get(indicator.pk)
        rows[indicator.criterion_id].indicators.append(
            IndicatorRow(
                indicator_id=indicator.pk,
                code=indicator.code,
                name=indicator.name,
                requirement=_requirement(measured),
                result=display_value(value) if value else "",
                status=measured.status if measured else Status.NO_DATA,
                status_label=measured.get_status_display() if measured else Status.NO_DATA.label,
                explanation=measured.explanation if measured else "",
                value_id=value.pk if value else None,
                illustrative=indicator.is_illustrative,
            )
        )
    return list(rows.values())


def _hamlet_rows(cycle: ReportCycle, submissions: list[Submission]) -> list[HamletRow]:
    period = cycle.period
    hamlets = list(
        AdministrativeUnit.objects.filter(parent=cycle.unit, level__is_hamlet=True)
        .valid_on(period.end)
        .order_by("kind_name", "name")
    )
    registered: dict[int, int] = {}
    for row in (
        CriterionRegistration.objects.filter(unit__in=hamlets, target_year=period.year)
        .values("unit_id")
        .annotate(n=Count("id"))
    ):
        registered[row["unit_id"]] = row["n"]
    counts: dict[int, dict[str, int]] = {}
    for row in (
        CriterionResult.objects.filter(
            unit__in=hamlets, period=period, criterion__criteria_set__level=SetLevel.HAMLET
        )
        .values("unit_id", "status")
        .annotate(n=Count("id"))
    ):
        counts.setdefault(row["unit_id"], {})[row["status"]] = row["n"]
    statuses = {
        s.unit_id: s.get_status_display() for s in submissions if s.reporter_kind == "hamlet"
    }
    rows = []
    for hamlet in hamlets:
        bucket = counts.get(hamlet.pk, {})
        rows.append(
            HamletRow(
                unit_id=hamlet.pk,
                name=hamlet.display_name,
                registered=registered.get(hamlet.pk, 0),
                evaluated=sum(bucket.values()),
                met=bucket.get(Status.MET, 0) + bucket.get(Status.NOT_SUSTAINABLE, 0),
                not_sustainable=bucket.get(Status.NOT_SUSTAINABLE, 0),
                submission_status=statuses.get(hamlet.pk, "—"),
            )
        )
    return rows


def compile_report(cycle: ReportCycle) -> CompiledReport:
    period = cycle.period
    unit = cycle.unit
    criteria_set = _commune_set(unit, period.year)
    submissions = list(
        Submission.objects.filter(cycle=cycle)
        .select_related("unit", "member__person", "organisation", "responsible")
        .order_by("reporter_kind", "unit__path", "pk")
    )
    # The cumulative figures of a 9-month or yearly report run from 1 January.
    start = dt.date(period.year, 1, 1) if period.kind.is_cumulative else period.start
    return CompiledReport(
        cycle=cycle,
        criteria_set=criteria_set,
        criteria=_criteria_rows(unit, period, criteria_set) if criteria_set else [],
        hamlets=_hamlet_rows(cycle, submissions),
        funding=funding_by_source(unit),
        contributions=contribution_totals(unit, start, period.end),
        outreach=outreach_by_organisation(unit, start, period.end),
        submissions=submissions,
        previous_period=_same_period_last_year(period),
    )


def approved_share(submissions: list[Submission]) -> tuple[int, int]:
    approved = sum(1 for s in submissions if s.status == SubmissionStatus.APPROVED)
    return approved, len(submissions)


def report_for(cycle: ReportCycle) -> CommuneReport:
    report, _ = CommuneReport.objects.get_or_create(cycle=cycle)
    return report
