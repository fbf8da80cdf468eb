"""Reading evaluation results: what other apps (plans, reports, workspace) call.

Public API:
- :func:`criterion_statuses` — ``{criterion_id: CriterionResult}`` of a unit for a year;
- :func:`scorecard` — the rows and summary ("Đạt 15/19 tiêu chí") of a unit's registered sets;
- :func:`summary_for` — just the summary of one set;
- :func:`unit_keys` — what a unit's targets are keyed by in a year;
- :func:`commune_class_in` — the class (xã đặc biệt khó khăn / còn lại) of a unit's commune.

Every function here reads a fixed number of queries whatever the number of criteria.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q

from ntm.assessments import rules
from ntm.assessments.models import (
    CriterionResult,
    Evidence,
    IndicatorValue,
    ResultSummary,
    SetRegistration,
    Status,
)
from ntm.criteria.models import CriteriaSet, Criterion, Period, TargetKeys
from ntm.geography.models import (
    AdministrativeUnit,
    CommuneClassAssignment,
    CommuneGroupAssignment,
)

YEAR_KIND = "nam"
COMMUNE_CLASS_LABELS = {"DBKK": "xã đặc biệt khó khăn", "OTHER": "xã còn lại"}


def year_period_or_none(year: int) -> Period | None:
    """The 'Năm <year>' period if it exists (reading never creates periods)."""
    return Period.objects.filter(kind__code=YEAR_KIND, year=year).select_related("kind").first()


def unit_keys(unit: AdministrativeUnit, target_keys: str, year: int) -> rules.UnitKeys:
    """Region (from the unit or the units above it), commune group of the year, commune class.

    Only the key the set is keyed by is read: the commune group of ``year`` for sets keyed by
    group; for sets keyed by class, the class (xã đặc biệt khó khăn / còn lại) whose span
    covers ``year`` of the commune the unit is or belongs to — one query, found through the
    unit's tree path. A commune with no group or class recorded for the year gets no key:
    its general targets apply (for a class-keyed set the explanation says the class is not
    recorded, see ``rules.UnitKeys.missing_key_note``).
    """
    region = unit.effective_region()
    group_code = group_label = class_code = class_label = ""
    if target_keys == TargetKeys.COMMUNE_GROUP:
        commune = unit.commune() or unit
        assignment = (
            CommuneGroupAssignment.objects.filter(unit=commune, year=year)
            .select_related("group")
            .first()
        )
        if assignment is not None:
            group_code, group_label = assignment.group.code, assignment.group.name
    elif target_keys == TargetKeys.COMMUNE_CLASS:
        class_code = commune_class_in(unit, year)
        class_label = COMMUNE_CLASS_LABELS.get(class_code, "")
    return rules.UnitKeys(
        target_keys=target_keys,
        region=region.code if region else "",
        region_label=region.name if region else "",
        group=group_code,
        group_label=group_label,
        commune_class=class_code,
        commune_class_label=class_label,
    )


def commune_class_in(unit: AdministrativeUnit, year: int) -> str:
    """The class code ("DBKK", "OTHER") in force in ``year`` for the commune ``unit`` is or
    belongs to, or "" when none is recorded. One query: the commune is among the ids of the
    unit's materialised path, so it need not be loaded first."""
    tree_ids = [int(part) for part in unit.path.strip("/").split("/") if part] or [unit.pk]
    code = (
        CommuneClassAssignment.objects.filter(
            unit_id__in=tree_ids, unit__level__is_commune=True, year_from__lte=year
        )
        .filter(Q(year_to__isnull=True) | Q(year_to__gte=year))
        .order_by("-unit__depth", "-year_from")
        .values_list("commune_class", flat=True)
        .first()
    )
    return code or ""


def criterion_statuses(unit: AdministrativeUnit, year: int) -> dict[int, CriterionResult]:
    """The stored evaluation of every criterion of ``unit`` for the year period of ``year``."""
    return {
        result.criterion_id: result
        for result in CriterionResult.objects.filter(
            unit=unit, period__kind__code=YEAR_KIND, period__year=year
        )
    }


@dataclass
class ScoreRow:
    criterion: Criterion
    result: CriterionResult | None
    evidence_count: int = 0
    last_change: dt.datetime | None = None

    @property
    def status(self) -> str:
        return self.result.status if self.result else Status.NO_DATA

    @property
    def status_label(self) -> str:
        return self.result.status_text if self.result else rules.STATUS_LABELS[self.status]

    @property
    def badge(self) -> str:
        return rules.badge_class(self.status)

    @property
    def explanation(self) -> str:
        return self.result.explanation if self.result else "Chưa đánh giá."


# --- The read model of summaries ----------------------------------------------------------


def empty_summary(total: int, period_label: str = "") -> rules.Summary:
    """A set nobody evaluated yet: every criterion "Chưa có số liệu"."""
    return rules.summarize([], total=total, period_label=period_label)


def summary_of(row: ResultSummary | None, total: int, period_label: str) -> rules.Summary:
    return row.as_summary(period_label) if row is not None else empty_summary(total, period_label)


def summaries(
    unit_ids: list[int], set_ids: list[int] | set[int], period_ids: list[int] | set[int]
) -> dict[tuple[int, int, int], ResultSummary]:
    """Stored summaries keyed (unit id, criteria set id, period id): one query."""
    return {
        (r.unit_id, r.criteria_set_id, r.period_id): r
        for r in ResultSummary.objects.filter(
            unit_id__in=unit_ids, criteria_set_id__in=set_ids, period_id__in=period_ids
        )
    }


def summary(unit: AdministrativeUnit, criteria_set: CriteriaSet, period: Period) -> rules.Summary:
    """The one summary of ``unit`` for ``criteria_set`` in ``period`` (what every screen and
    file prints). Two queries at most."""
    row = ResultSummary.objects.filter(unit=unit, criteria_set=criteria_set, period=period).first()
    if row is not None:
        return row.as_summary(period.label)
    return empty_summary(Criterion.objects.filter(criteria_set=criteria_set).count(), period.label)


def unit_summaries(
    unit: AdministrativeUnit, year: int, period: Period | None = None
) -> list[tuple[CriteriaSet, rules.Summary]]:
    """The summary of every set ``unit`` registered for ``year``, in ``period`` (default: the
    year period). Three queries."""
    period = period or year_period_or_none(year)
    registrations = list(
        SetRegistration.objects.filter(unit=unit, year=year)
        .select_related("criteria_set")
        .order_by("criteria_set__order", "criteria_set_id")
    )
    if not registrations:
        return []
    set_ids = [r.criteria_set_id for r in registrations]
    stored = summaries([unit.pk], set_ids, [period.pk]) if period else {}
    sizes = dict(
        Criterion.objects.filter(criteria_set_id__in=set_ids)
        .values_list("criteria_set_id")
        .annotate(n=Count("id"))
        .values_list("criteria_set_id", "n")
    )
    label = period.label if period else f"Năm {year}"
    return [
        (
            r.criteria_set,
            summary_of(
                stored.get((unit.pk, r.criteria_set_id, period.pk)) if period else None,
                sizes.get(r.criteria_set_id, 0),
                label,
            ),
        )
        for r in registrations
    ]


@dataclass
class SetCard:
    registration: SetRegistration
    rows: list[ScoreRow] = field(default_factory=list)
    stored: ResultSummary | None = None
    period_label: str = ""

    @property
    def criteria_set(self) -> CriteriaSet:
        return self.registration.criteria_set

    @property
    def summary(self) -> rules.Summary:
        return summary_of(self.stored, len(self.rows), self.period_label)


def scorecard(unit: AdministrativeUnit, year: int) -> list[SetCard]:
    """One card per criteria set the unit registered for ``year``: a constant 5 queries."""
    registrations = list(
        SetRegistration.objects.filter(unit=unit, year=year).select_related(
            "criteria_set", "criteria_set__province"
        )
    )
    if not registrations:
        return []
    set_ids = [r.criteria_set_id for r in registrations]
    criteria = list(
        Criterion.objects.filter(criteria_set_id__in=set_ids)
        .select_related("group")
        .annotate(indicator_count=Count("indicators"))
        .order_by("criteria_set_id", "number")
    )
    results = {
        r.criterion_id: r
        for r in CriterionResult.objects.filter(
            unit=unit,
            criterion__criteria_set_id__in=set_ids,
            period__kind__code=YEAR_KIND,
            period__year=year,
        )
    }
    evidence = dict(
        Evidence.objects.filter(
            value__unit=unit,
            value__period__year=year,
            value__indicator__criterion__criteria_set_id__in=set_ids,
        )
        .values_list("value__indicator__criterion_id")
        .annotate(n=Count("id"))
        .values_list("value__indicator__criterion_id", "n")
    )
    changes = dict(
        IndicatorValue.objects.filter(
            unit=unit,
            period__year=year,
            indicator__criterion__criteria_set_id__in=set_ids,
        )
        .values_list("indicator__criterion_id")
        .annotate(last=Max("updated_at"))
        .values_list("indicator__criterion_id", "last")
    )
    period = year_period_or_none(year)
    stored = summaries([unit.pk], set_ids, [period.pk]) if period else {}
    label = period.label if period else f"Năm {year}"
    cards = {
        r.criteria_set_id: SetCard(
            registration=r,
            stored=stored.get((unit.pk, r.criteria_set_id, period.pk)) if period else None,
            period_label=label,
        )
        for r in registrations
    }
    for criterion in criteria:
        cards[criterion.criteria_set_id].rows.append(
            ScoreRow(
                criterion=criterion,
                result=results.get(criterion.pk),
                evidence_count=evidence.get(criterion.pk, 0),
                last_change=changes.get(criterion.pk),
            )
        )
    return [cards[r.criteria_set_id] for r in registrations]


def result_cards(unit: AdministrativeUnit, year: int) -> list[SetCard]:
    """The scorecard without evidence counts and change dates (public pages): the same
    stored statuses and summaries, in a constant 4 queries."""
    registrations = list(
        SetRegistration.objects.filter(unit=unit, year=year)
        .select_related("criteria_set")
        .order_by("criteria_set__order", "criteria_set_id")
    )
    if not registrations:
        return []
    set_ids = [r.criteria_set_id for r in registrations]
    criteria = list(
        Criterion.objects.filter(criteria_set_id__in=set_ids).order_by("criteria_set_id", "number")
    )
    results = {
        r.criterion_id: r
        for r in CriterionResult.objects.filter(
            unit=unit,
            criterion__criteria_set_id__in=set_ids,
            period__kind__code=YEAR_KIND,
            period__year=year,
        )
    }
    stored = {
        r.criteria_set_id: r
        for r in ResultSummary.objects.filter(
            unit=unit,
            criteria_set_id__in=set_ids,
            period__kind__code=YEAR_KIND,
            period__year=year,
        )
    }
    cards = {
        r.criteria_set_id: SetCard(
            registration=r, stored=stored.get(r.criteria_set_id), period_label=f"Năm {year}"
        )
        for r in registrations
    }
    for criterion in criteria:
        cards[criterion.criteria_set_id].rows.append(
            ScoreRow(criterion=criterion, result=results.get(criterion.pk))
        )
    return [cards[r.criteria_set_id] for r in registrations]


def summary_for(unit: AdministrativeUnit, criteria_set: CriteriaSet, year: int) -> rules.Summary:
    """ "Đạt x/y tiêu chí" of one set for a unit and the year period (the read model)."""
    period = year_period_or_none(year)
    if period is None:
        total = Criterion.objects.filter(criteria_set=criteria_set).count()
        return empty_summary(total, f"Năm {year}")
    return summary(unit, criteria_set, period)


@dataclass
class Matrix:
    criteria_set: CriteriaSet | None
    hamlets: list[AdministrativeUnit]
    criteria: list[Criterion]
    cells: dict[tuple[int, int], CriterionResult]
    registered: set[int]
    sets: list[CriteriaSet]
    stored: dict[int, ResultSummary] = field(default_factory=dict)
    period_label: str = ""

    @property
    def definition(self) -> str:
        return rules.MET_DEFINITION

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for hamlet in self.hamlets:
            cells = []
            for criterion in self.criteria:
                result = self.cells.get((hamlet.pk, criterion.pk))
                status = result.status if result else Status.NO_DATA
                cells.append(
                    {
                        "criterion": criterion,
                        "status": status,
                        "label": result.status_text if result else rules.STATUS_LABELS[status],
                        "badge": rules.badge_class(status),
                        "explanation": result.explanation if result else "Chưa đánh giá.",
                    }
                )
            summary = summary_of(self.stored.get(hamlet.pk), len(cells), self.period_label)
            out.append(
                {
                    "hamlet": hamlet,
                    "cells": cells,
                    "summary": summary,
                    "registered": hamlet.pk in self.registered,
                }
            )
        return out


def hamlet_matrix(commune: AdministrativeUnit, year: int, set_id: int | None = None) -> Matrix:
    """Hamlets of ``commune`` × criteria of a hamlet set they registered for ``year``."""
    hamlets = list(
        AdministrativeUnit.objects.filter(parent=commune, level__is_hamlet=True)
        .select_related("level")
        .order_by("kind_name", "name")
    )
    registrations = list(
        SetRegistration.objects.filter(
            unit__in=[h.pk for h in hamlets], year=year, criteria_set__level="hamlet"
        ).select_related("criteria_set")
    )
    sets = sorted({r.criteria_set for r in registrations}, key=lambda s: (s.order, s.code))
    chosen = next((s for s in sets if s.pk == set_id), sets[0] if sets else None)
    if chosen is None:
        return Matrix(None, hamlets, [], {}, set(), sets)
    criteria = list(Criterion.objects.filter(criteria_set=chosen).order_by("number"))
    cells = {
        (r.unit_id, r.criterion_id): r
        for r in CriterionResult.objects.filter(
            unit__in=[h.pk for h in hamlets],
            criterion__criteria_set=chosen,
            period__kind__code=YEAR_KIND,
            period__year=year,
        )
    }
    registered = {r.unit_id for r in registrations if r.criteria_set_id == chosen.pk}
    period = year_period_or_none(year)
    stored = (
        {
            unit_id: row
            for (unit_id, _, _), row in summaries(
                [h.pk for h in hamlets], [chosen.pk], [period.pk]
            ).items()
        }
        if period
        else {}
    )
    label = period.label if period else f"Năm {year}"
    return Matrix(chosen, hamlets, criteria, cells, registered, sets, stored, label)
