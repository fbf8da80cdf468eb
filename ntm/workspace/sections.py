"""The sections of "Việc của tôi", each a fixed number of queries whatever the data size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from ntm.accounts.models import Role
from ntm.accounts.scope import role_assignments, sees_everything, visible_units
from ntm.assessments import services as assessment_services
from ntm.assessments.models import CriterionRegistration, IndicatorValue
from ntm.criteria.models import Criterion, SetLevel
from ntm.plans import queries
from ntm.plans.models import DirectiveState, Obstacle, ObstacleState, Plan, Task, TaskStatus
from ntm.reports.models import Submission
from ntm.reports.queries import reports_due, reports_to_review
from ntm.workspace import permissions

SOON_DAYS = 30
ISSUED = DirectiveState.ISSUED
LIMIT = 15


@dataclass
class Me:
    """Who the signed-in person is, worked out once (no query after the role cache)."""

    user: Any
    person_id: int | None
    roles: set[str]
    organisation_ids: set[int]
    hamlet_ids: list[int]
    commune_ids: list[int]
    year: int
    today: dt.date

    @property
    def is_leader(self) -> bool:
        return permissions.directs_obstacles(self.roles)

    @property
    def is_member(self) -> bool:
        return permissions.works_on_criteria(self.roles)

    @property
    def reviews_reports(self) -> bool:
        return permissions.reviews_reports(self.roles)


def who(user: Any, year: int, today: dt.date) -> Me:
    rows = role_assignments(user)
    roles = {a.role for a in rows}
    if sees_everything(user):
        roles |= {Role.ADMIN}
    return Me(
        user=user,
        person_id=getattr(user, "person_id", None),
        roles=roles,
        organisation_ids={a.organisation_id for a in rows if a.organisation_id},
        hamlet_ids=[a.unit_id for a in rows if a.role == Role.HAMLET_HEAD],
        commune_ids=[a.unit_id for a in rows if a.unit.is_commune],
        year=year,
        today=today,
    )


# --- My criteria ----------------------------------------------------------------------------


@dataclass
class CriteriaSection:
    rows: list[tuple[Any, queries.CriterionStatus]] = field(default_factory=list)
    # The criteria this person leads or supports this year (read once, reused by other sections).
    owned_ids: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.rows)


CRITERION_COLUMNS = ("unit__name", "unit__kind_name", "criterion__number", "criterion__name")


def my_criteria(me: Me) -> CriteriaSection:
    """Members: the criteria they lead or support (commune status). Hamlet heads: the
    criteria their hamlet registered for this year (hamlet status)."""
    section = CriteriaSection()
    if me.person_id:
        assignments = list(
            queries.assignments_of(me.user, me.year)
            .select_related("criterion", "criterion__criteria_set", "unit", "lead")
            .only(*CRITERION_COLUMNS, "criterion__criteria_set__level", "lead__person_id")
            .order_by("criterion__criteria_set__order", "criterion__number")
        )
        section.owned_ids = sorted({a.criterion_id for a in assignments})
        by_unit: dict[int, list[Criterion]] = {}
        for a in assignments:
            if a.criterion.criteria_set.level != SetLevel.HAMLET:
                by_unit.setdefault(a.unit_id, []).append(a.criterion)
        found = {}
        for unit_id, criteria in by_unit.items():  # one commune in practice
            found[unit_id] = queries.statuses(unit_id, me.year, criteria)
        for a in assignments:
            status = found.get(a.unit_id, {}).get(a.criterion_id) or queries.CriterionStatus(
                a.criterion, "", "Tiêu chí cấp ấp: hướng dẫn các ấp", "none"
            )
            status.role = "lead" if a.lead.person_id == me.person_id else "support"
            section.rows.append((a.unit, status))
    if me.hamlet_ids:
        registrations = list(
            CriterionRegistration.objects.filter(unit_id__in=me.hamlet_ids, target_year=me.year)
            .select_related("criterion", "unit")
            .only(*CRITERION_COLUMNS)
            .order_by("unit__path", "criterion__number")
        )
        for unit_id in me.hamlet_ids:
            criteria = [r.criterion for r in registrations if r.unit_id == unit_id]
            if not criteria:
                continue
            found_status = queries.statuses(unit_id, me.year, criteria)
            for r in registrations:
                if r.unit_id == unit_id:
                    section.rows.append((r.unit, found_status[r.criterion_id]))
    return section


# --- My tasks --------------------------------------------------------------------------------


def my_tasks_q(me: Me) -> Q:
    """My tasks. Every branch of the OR is a lookup on an indexed column of plans_task (plans
    are read by subquery, not joined), so both databases combine index lookups instead of
    scanning every task of the province (issue 8)."""
    condition = Q(pk__in=[])
    if me.person_id:
        condition |= Q(owner_person_id=me.person_id) | Q(
            plan_id__in=Plan.objects.filter(owner_id=me.person_id).values("pk")
        )
    if me.organisation_ids:
        condition |= Q(owner_organisation_id__in=sorted(me.organisation_ids))
    if me.hamlet_ids:
        condition |= Q(
            unit_id__in=me.hamlet_ids, owner_person__isnull=True, owner_organisation__isnull=True
        )
        condition |= Q(
            plan_id__in=Plan.objects.filter(
                unit_id__in=me.hamlet_ids, criterion__isnull=True
            ).values("pk")
        )
    return condition


# The columns the task lines show (workspace/_task.html, Task.owner_label): the ORM builds and
# reads ~20 columns instead of ~130 for a row and its five related rows (issue 8).
TASK_COLUMNS = (
    "title", "status", "progress", "deadline", "unit__name", "unit__kind_name", "plan__title",
    "directive_item__directive__number", "directive_item__directive__symbol",
    "directive_item__directive__subject", "owner_person__full_name", "owner_organisation__name",
    "owner_organisation__short_name",
)  # fmt: skip


def _tasks(me: Me) -> QuerySet[Task]:
    return (
        Task.objects.visible_to(me.user)
        .filter(my_tasks_q(me))
        .select_related(
            "unit", "plan", "directive_item__directive", "owner_person", "owner_organisation"
        )
        .only(*TASK_COLUMNS)
    )


@dataclass
class TaskSection:
    overdue: list[Task]
    soon: list[Task]
    overdue_count: int
    soon_count: int
    open_count: int
    directive: list[Task]  # directive items addressed to me, open first


def my_tasks(me: Me) -> TaskSection:
    """Not-done tasks: overdue (deadline < today) and due within 30 days, and the directive
    items addressed to me. Two queries whatever the number of tasks: one light read of my open
    tasks and my directive tasks (four columns, counted and sorted here), then the rows of the
    (at most 3 × LIMIT) tasks shown."""
    horizon = me.today + dt.timedelta(days=SOON_DAYS)
    light = list(
        Task.objects.visible_to(me.user)
        .filter(my_tasks_q(me))
        .filter(~Q(status=TaskStatus.DONE) | Q(directive_item__directive__state=ISSUED))
        .values_list("pk", "deadline", "status", "directive_item__directive__state")
    )
    open_tasks = [(d, pk) for pk, d, status, _ in light if status != TaskStatus.DONE]
    overdue = sorted((d, pk) for d, pk in open_tasks if d is not None and d < me.today)
    soon = sorted((d, pk) for d, pk in open_tasks if d is not None and me.today <= d <= horizon)
    # Directive items: open ones first (by status), then by deadline (none last), then pk.
    directed = sorted(
        (status, d is None, d or dt.date.min, pk)
        for pk, d, status, state in light
        if state == ISSUED
    )
    directive_ids = [row[3] for row in directed[:LIMIT]]
    shown = [pk for _, pk in overdue[:LIMIT]] + [pk for _, pk in soon[:LIMIT]]
    wanted = shown + directive_ids
    rows = _tasks(me).in_bulk(wanted) if wanted else {}
    return TaskSection(
        overdue=[rows[pk] for _, pk in overdue[:LIMIT] if pk in rows],
        soon=[rows[pk] for _, pk in soon[:LIMIT] if pk in rows],
        overdue_count=len(overdue),
        soon_count=len(soon),
        open_count=len(open_tasks),
        directive=[rows[pk] for pk in directive_ids if pk in rows],
    )


# --- Values missing evidence ----------------------------------------------------------------


@dataclass
class EvidenceSection:
    values: list[IndicatorValue]
    count: int


def missing_evidence(me: Me, owned: list[int] | None = None) -> EvidenceSection:
    """This year's values of my criteria (commune) or my hamlets that have no evidence yet.

    Figures frozen into a report period (snapshots) carry no evidence of their own: the
    evidence stays with the working value they were copied from."""
    condition = Q(pk__in=[])
    if me.person_id:
        # A short list of ids (given by my_criteria, or read here): as a nested subquery
        # PostgreSQL re-ran it per value.
        if owned is None:
            owned = list(queries.criteria_owned_by(me.user, me.year).values_list("pk", flat=True))
        condition |= Q(indicator__criterion__in=owned)
    if me.hamlet_ids:
        condition |= Q(unit_id__in=me.hamlet_ids)
    values = (
        IndicatorValue.objects.visible_to(me.user)
        # The scope again as unit ids: lets the database start from the (unit, indicator,
        # period) index instead of every value of the year in the province (issue 8: 150 → 14 ms).
        .filter(unit_id__in=visible_units(me.user).values("pk"))
        .filter(condition, period__year=me.year, evidence__isnull=True, snapshot_of__isnull=True)
        .select_related("indicator", "unit", "period")
        .only(
            "indicator__code", "indicator__name", "unit__name", "unit__kind_name", "period__label"
        )
        .order_by("indicator__criterion__number", "indicator__order", "unit__path")
    )
    return EvidenceSection(values=list(values[:LIMIT]), count=values.count())


# --- Values returned to me ------------------------------------------------------------------


def returned_values(me: Me) -> list[IndicatorValue]:
    """Values a reviewer returned to me with a reason, not yet corrected (one query)."""
    return list(
        assessment_services.returned_values_for(me.user).order_by("-returned_at", "-pk")[:LIMIT]
    )


# --- Difficulties ----------------------------------------------------------------------------


@dataclass
class ObstacleSection:
    answered: list[Obstacle]  # raised by me, with a direction or a resolution
    assigned: list[Obstacle]  # I was directed to resolve it
    queue: list[Obstacle]  # leadership: waiting for a direction, or overdue
    queue_count: int

    def __bool__(self) -> bool:
        return bool(self.answered or self.assigned or self.queue)


def my_obstacles(me: Me) -> ObstacleSection:
    base = (
        Obstacle.objects.visible_to(me.user)
        .select_related("unit")
        .only("title", "state", "deadline", "direction", "unit__name", "unit__kind_name")
    )
    answered = list(
        base.filter(
            raised_by=me.user, state__in=[ObstacleState.DIRECTED, ObstacleState.RESOLVED]
        ).order_by("deadline", "-pk")[:LIMIT]
    )
    assigned = (
        list(
            base.filter(
                assignee_id=me.person_id,
                state__in=[ObstacleState.OPEN, ObstacleState.DIRECTED],
            ).order_by("deadline", "pk")[:LIMIT]
        )
        if me.person_id
        else []
    )
    queue: list[Obstacle] = []
    queue_count = 0
    if me.is_leader:
        waiting = base.filter(
            Q(state=ObstacleState.OPEN) | Q(state=ObstacleState.DIRECTED, deadline__lt=me.today)
        ).order_by("deadline", "raised_on", "pk")
        queue = list(waiting[:LIMIT])
        queue_count = waiting.count()
    return ObstacleSection(
        answered=answered, assigned=assigned, queue=queue, queue_count=queue_count
    )


# Submissions carry their prefilled figures (JSON) and five narrative texts: not read here.
REPORT_COLUMNS = ("cycle__title", "unit__name", "unit__kind_name", "deadline", "reporter_kind")


@dataclass
class ReportSection:
    due: list[Submission]
    to_review: list[Submission]


def my_reports(me: Me) -> ReportSection:
    """Reports this person must submit, and (for officers and leaders) those awaiting review."""
    due = list(
        reports_due(me.user).only(
            *REPORT_COLUMNS, "status", "return_reason", "cycle__period__label"
        )
    )
    to_review = (
        list(
            reports_to_review(me.commune_ids).only(
                *REPORT_COLUMNS,
                "submitted_on",
                "member__person__full_name",
                "member__sector",
                "organisation__name",
                "organisation__short_name",
            )[:20]
        )
        if me.reviews_reports
        else []
    )
    return ReportSection(due=due, to_review=to_review)
