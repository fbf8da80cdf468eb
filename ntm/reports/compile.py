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
    Basis,
    CriterionRegistration,
    CriterionResult,
    IndicatorResult,
    IndicatorValue,
    ResultSummary,
    SetRegistration,
    Status,
)
from ntm.assessments.queries import summary
from ntm.assessments.rules import MET_DEFINITION, Summary
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
    evaluated: int  # criteria of the hamlet set (the summary's total)
    met: int
    not_sustainable: int
    submission_status: str
    summary: Summary | None = None


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
    result: Summary | None = None  # the read model's summary of the commune set

    @property
    def met(self) -> int:
        return self.result.met if self.result else 0

    @property
    def total(self) -> int:
        return self.result.total if self.result else len(self.criteria)

    @property
    def summary(self) -> str:
        """The headline with its period and illustrative caveat (same words on every screen)."""
        return self.result.full_text if self.result else "Chưa đăng ký bộ tiêu chí cấp xã"

    @property
    def definition(self) -> str:
        return MET_DEFINITION


def _requirement(result: IndicatorResult | None) -> str:
    """Printed by the rules when the result was computed (Vietnamese formats, basis)."""
    if result is None or not result.requirement:
        return Status.NO_TARGET.label
    return result.requirement


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
            status_label=result.status_text if result else Status.NO_DATA.label,
            explanation=result.explanation if result else "",
            last_year_label=previous_result.status_text if previous_result else "",
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
                status_label=measured.status_text if measured else Status.NO_DATA.label,
                explanation=measured.explanation if measured else "",
                value_id=value.pk if value else None,
                illustrative=bool(measured and measured.basis == Basis.ILLUSTRATIVE)
                or indicator.is_illustrative,
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
    # The hamlets' summaries from the read model (their hamlet set, this period).
    stored: dict[int, ResultSummary] = {}
    for found in (
        ResultSummary.objects.filter(
            unit__in=hamlets, period=period, criteria_set__level=SetLevel.HAMLET
        )
        .select_related("criteria_set")
        .order_by("criteria_set__order", "criteria_set_id")
    ):
        stored.setdefault(found.unit_id, found)
    statuses = {
        s.unit_id: s.get_status_display() for s in submissions if s.reporter_kind == "hamlet"
    }
    rows = []
    for hamlet in hamlets:
        mine = stored.get(hamlet.pk)
        summary = mine.as_summary(period.label) if mine else None
        rows.append(
            HamletRow(
                unit_id=hamlet.pk,
                name=hamlet.display_name,
                registered=registered.get(hamlet.pk, 0),
                evaluated=summary.total if summary else 0,
                met=summary.met if summary else 0,
                not_sustainable=summary.not_sustainable if summary else 0,
                submission_status=statuses.get(hamlet.pk, "—"),
                summary=summary,
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
        result=summary(unit, criteria_set, period) if criteria_set else None,
    )


def approved_share(submissions: list[Submission]) -> tuple[int, int]:
    approved = sum(1 for s in submissions if s.status == SubmissionStatus.APPROVED)
    return approved, len(submissions)


def report_for(cycle: ReportCycle) -> CommuneReport:
    report, _ = CommuneReport.objects.get_or_create(cycle=cycle)
    return report
