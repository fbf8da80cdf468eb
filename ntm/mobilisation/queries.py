"""Read-only totals for screens, public pages and periodic reports. Every sum is computed by
the database (``aggregate`` / ``annotate``), never by adding rows in Python.

Functions take a unit (the unit and everything below it is counted) and an optional date
range, so a report for "9 tháng năm 2024" asks ``contribution_totals(commune, start, end)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from ntm.geography.models import AdministrativeUnit
from ntm.mobilisation.models import (
    Campaign,
    Contribution,
    ContributionKind,
    Funding,
    FundingSource,
    OutreachActivity,
    ProgressStep,
    Work,
)

ZERO = Decimal(0)


def _under(unit: AdministrativeUnit, field_name: str = "unit") -> Q:
    return Q(**{f"{field_name}__path__startswith": unit.path})


def _dated(
    qs: QuerySet, start: dt.date | None, end: dt.date | None, name: str = "date"
) -> QuerySet:
    if start:
        qs = qs.filter(**{f"{name}__gte": start})
    if end:
        qs = qs.filter(**{f"{name}__lte": end})
    return qs


# --- Works and funding --------------------------------------------------------------------


@dataclass
class SourceLine:
    source_id: int
    name: str
    planned: int
    realised: int

    @property
    def remaining(self) -> int:
        return self.planned - self.realised


@dataclass
class FundingTable:
    lines: list[SourceLine] = field(default_factory=list)

    @property
    def planned(self) -> int:
        return sum(line.planned for line in self.lines)

    @property
    def realised(self) -> int:
        return sum(line.realised for line in self.lines)

    @property
    def remaining(self) -> int:
        return self.planned - self.realised


def works_under(unit: AdministrativeUnit, *, public_only: bool = False) -> QuerySet[Work]:
    qs = Work.objects.filter(_under(unit))
    if public_only:
        qs = qs.filter(is_public=True)
    return qs


def funding_by_source(
    unit: AdministrativeUnit, *, public_only: bool = False, works: QuerySet[Work] | None = None
) -> FundingTable:
    """Money for the works of ``unit`` (and below), by source: planned, realised, remaining."""
    qs = Funding.objects.filter(_under(unit, "work__unit"))
    if public_only:
        qs = qs.filter(work__is_public=True)
    if works is not None:
        qs = qs.filter(work__in=works)
    rows = (
        qs.values("source_id", "source__name", "source__order")
        .annotate(planned_sum=Sum("planned"), realised_sum=Sum("realised"))
        .order_by("source__order", "source__name")
    )
    return FundingTable(
        [
            SourceLine(
                r["source_id"], r["source__name"], r["planned_sum"] or 0, r["realised_sum"] or 0
            )
            for r in rows
        ]
    )


def _per_work(model: Any, field_name: str, function: Any) -> Subquery:
    # A correlated subquery per total: joining fundings and steps in one GROUP BY would
    # multiply each funding line by the number of steps.
    rows = (
        model._default_manager.filter(work=OuterRef("pk"))
        .order_by()
        .values("work")
        .annotate(value=function(field_name))
        .values("value")
    )
    return Subquery(rows)


def work_funding_totals(works: QuerySet[Work]) -> QuerySet[Work]:
    """Annotate each work with planned_total, realised_total, remaining_total and progress (the
    highest % reached) — one query for a whole list."""
    return works.annotate(
        planned_total=Coalesce(_per_work(Funding, "planned", Sum), 0),
        realised_total=Coalesce(_per_work(Funding, "realised", Sum), 0),
        progress=_per_work(ProgressStep, "percent", Max),
    ).annotate(remaining_total=F("planned_total") - F("realised_total"))


# --- Contributions ------------------------------------------------------------------------


@dataclass
class KindTotal:
    kind: str
    label: str
    amount: int
    quantity: Decimal
    count: int


@dataclass
class SourceTotal:
    source_id: int
    name: str
    amount: int
    count: int


@dataclass
class ContributionTotals:
    by_kind: list[KindTotal]
    by_source: list[SourceTotal]
    amount: int
    count: int

    def kind(self, kind: str) -> KindTotal | None:
        return next((k for k in self.by_kind if k.kind == kind), None)

    @property
    def money(self) -> int:
        total = self.kind(ContributionKind.MONEY)
        return total.amount if total else 0

    @property
    def labour_days(self) -> Decimal:
        total = self.kind(ContributionKind.LABOUR)
        return total.quantity if total else ZERO

    @property
    def land_m2(self) -> Decimal:
        total = self.kind(ContributionKind.LAND)
        return total.quantity if total else ZERO


def totals_of(qs: QuerySet[Contribution]) -> ContributionTotals:
    """Totals of any contribution QuerySet by kind and by source (three aggregate queries)."""
    labels = dict(ContributionKind.choices)
    kinds = {
        r["kind"]: r
        for r in qs.order_by()
        .values("kind")
        .annotate(amount_sum=Sum("amount"), quantity_sum=Sum("quantity"), n=Count("id"))
    }
    by_kind = [
        KindTotal(
            kind=kind,
            label=labels[kind],
            amount=kinds[kind]["amount_sum"] or 0,
            quantity=kinds[kind]["quantity_sum"] or ZERO,
            count=kinds[kind]["n"],
        )
        for kind in ContributionKind.values
        if kind in kinds
    ]
    by_source = [
        SourceTotal(r["source_id"], r["source__name"], r["amount_sum"] or 0, r["n"])
        for r in qs.values("source_id", "source__name", "source__order")
        .annotate(amount_sum=Sum("amount"), n=Count("id"))
        .order_by("source__order", "source__name")
    ]
    overall = qs.aggregate(amount_sum=Sum("amount"), n=Count("id"))
    return ContributionTotals(
        by_kind=by_kind,
        by_source=by_source,
        amount=overall["amount_sum"] or 0,
        count=overall["n"],
    )


def contributions_under(
    unit: AdministrativeUnit, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[Contribution]:
    return _dated(Contribution.objects.filter(_under(unit)), start, end)


def contribution_totals(
    unit: AdministrativeUnit, start: dt.date | None = None, end: dt.date | None = None
) -> ContributionTotals:
    """Contributions made in ``unit`` (and below) between ``start`` and ``end``."""
    return totals_of(contributions_under(unit, start, end))


def consented_contributors(qs: QuerySet[Contribution]) -> QuerySet[Contribution]:
    """Only the rows whose contributor agreed (with a date) to be named publicly."""
    return qs.filter(name_consent=True, consent_date__isnull=False)


# --- Outreach and campaigns ----------------------------------------------------------------


@dataclass
class OrganisationOutreach:
    organisation_id: int
    name: str
    activities: int
    participants: int


def outreach_by_organisation(
    unit: AdministrativeUnit, start: dt.date | None = None, end: dt.date | None = None
) -> list[OrganisationOutreach]:
    """Outreach in ``unit`` (and below) per organisation: number of activities, participants."""
    qs = _dated(OutreachActivity.objects.filter(_under(unit)), start, end)
    rows = (
        qs.values("organisation_id", "organisation__name", "organisation__order")
        .annotate(n=Count("id"), people=Sum("participants"))
        .order_by("organisation__order", "organisation__name")
    )
    return [
        OrganisationOutreach(
            r["organisation_id"], r["organisation__name"], r["n"], r["people"] or 0
        )
        for r in rows
    ]


@dataclass
class CampaignTotals:
    activities: int
    participants: int
    contributions: ContributionTotals


def campaign_totals(campaign: Campaign) -> CampaignTotals:
    outreach = campaign.activities.aggregate(n=Count("id"), people=Sum("participants"))
    return CampaignTotals(
        activities=outreach["n"],
        participants=outreach["people"] or 0,
        contributions=totals_of(campaign.contributions.all()),
    )


def active_sources() -> QuerySet[FundingSource]:
    return FundingSource.objects.filter(active=True)
