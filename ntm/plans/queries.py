"""Read-side helpers other apps reuse: who owns which criteria, the member scorecard, and a
directive's progress. Every function runs a fixed number of queries, whatever the data size.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from ntm.accounts.models import CommitteeMember, SteeringCommittee
from ntm.assessments.models import CriterionResult, Status
from ntm.assessments.queries import YEAR_KIND
from ntm.assessments.rules import STATUS_LABELS, badge_class
from ntm.criteria.models import Criterion, SetLevel
from ntm.plans import rules
from ntm.plans.models import Assignment, Directive, DirectiveItem, Task, TaskStatus


def assignments_of(user: Any, year: int, *, lead_only: bool = False) -> QuerySet[Assignment]:
    """The assignments (in the user's scope) where the user's person leads or supports."""
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return Assignment.objects.none()
    # Each branch of the OR is a lookup on an indexed column of plans_assignment: written as a
    # join on the seats instead, the databases scanned every committee seat (issue 8).
    seats = CommitteeMember.objects.filter(person_id=person_id).values("pk")
    who = Q(lead_id__in=seats)
    if not lead_only:
        who |= Q(
            pk__in=Assignment.supporting.through.objects.filter(
                committeemember_id__in=seats
            ).values("assignment_id")
        )
    return Assignment.objects.visible_to(user).filter(who, year=year)


def criteria_owned_by(user: Any, year: int, *, lead_only: bool = False) -> QuerySet[Criterion]:
    """Criteria the user leads or supports in ``year`` — for permission checks elsewhere
    (e.g. who may enter a criterion's values): ``criterion in criteria_owned_by(user, year)``."""
    return Criterion.objects.filter(
        pk__in=assignments_of(user, year, lead_only=lead_only).values("criterion_id")
    )


@dataclass
class CriterionStatus:
    criterion: Criterion
    status: str
    label: str
    badge: str
    role: str = "lead"


def statuses(unit_id: int, year: int, criteria: list[Criterion]) -> dict[int, CriterionStatus]:
    """Each criterion's evaluation for the unit's year period (no result = no data yet).
    One query; reading never creates a period."""
    results = {
        r.criterion_id: r
        for r in CriterionResult.objects.filter(
            unit_id=unit_id,
            period__kind__code=YEAR_KIND,
            period__year=year,
            criterion__in=[c.pk for c in criteria],
        ).only("criterion_id", "status", "illustrative")
    }
    out = {}
    for criterion in criteria:
        found = results.get(criterion.pk)
        status = found.status if found else Status.NO_DATA
        label = found.status_text if found else STATUS_LABELS.get(status, status)
        out[criterion.pk] = CriterionStatus(criterion, status, label, badge_class(status))
    return out


# --- Member scorecard ----------------------------------------------------------------------


@dataclass
class MemberCard:
    member: CommitteeMember
    criteria: list[CriterionStatus] = field(default_factory=list)
    hamlet_criteria: list[Criterion] = field(default_factory=list)  # guided in every hamlet
    status_counts: Counter[str] = field(default_factory=Counter)
    tasks_total: int = 0
    tasks_done_on_time: int = 0
    tasks_done_late: int = 0
    tasks_open_on_time: int = 0
    tasks_overdue: int = 0

    @property
    def tasks_late(self) -> int:
        return self.tasks_done_late + self.tasks_overdue

    @property
    def tasks_on_time(self) -> int:
        return self.tasks_done_on_time + self.tasks_open_on_time


def member_scorecard(committee: SteeringCommittee, year: int, today: dt.date) -> list[MemberCard]:
    """Each active member: the criteria they lead and their status, their tasks on time and late.

    Five queries whatever the number of members, criteria and tasks.
    """
    members = list(
        CommitteeMember.objects.filter(committee=committee, active=True).select_related(
            "person", "person__position"
        )
    )
    cards = {m.person_id: MemberCard(member=m) for m in members}
    assignments = list(
        Assignment.objects.filter(unit=committee.unit, year=year, lead__in=members)
        .select_related("criterion", "criterion__criteria_set", "lead")
        .order_by("criterion__criteria_set__order", "criterion__number")
    )
    commune_level = [a for a in assignments if a.criterion.criteria_set.level != SetLevel.HAMLET]
    by_id = statuses(committee.unit_id, year, [a.criterion for a in commune_level])
    for assignment in assignments:
        card = cards[assignment.lead.person_id]
        if assignment.criterion_id not in by_id:  # a hamlet-level criterion: no commune status
            card.hamlet_criteria.append(assignment.criterion)
            continue
        status = by_id[assignment.criterion_id]
        card.criteria.append(status)
        card.status_counts[status.status] += 1
    tasks = Task.objects.filter(
        owner_person_id__in=list(cards),
        unit__path__startswith=committee.unit.path,
        deadline__year=year,
    ).values_list("owner_person_id", "status", "deadline", "completed_on")
    for owner_id, task_status, deadline, completed_on in tasks:
        card = cards[owner_id]
        card.tasks_total += 1
        if task_status == TaskStatus.DONE:
            if rules.finished_on_time(deadline, completed_on):
                card.tasks_done_on_time += 1
            else:
                card.tasks_done_late += 1
        elif rules.is_overdue(deadline, False, today):
            card.tasks_overdue += 1
        else:
            card.tasks_open_on_time += 1
    return list(cards.values())


# --- Directive progress --------------------------------------------------------------------


@dataclass
class ItemProgress:
    item: DirectiveItem
    tasks: list[Task]
    done: int
    overdue: int
    average: int


def directive_progress(directive: Directive, user: Any) -> list[ItemProgress]:
    """Each item with the recipients' tasks the user may see (a hamlet head sees their own)."""
    items = list(directive.items.select_related("hamlet"))
    tasks = (
        Task.objects.visible_to(user)
        # The item ids as a list, and the non-null condition: the partial index is then usable.
        .filter(directive_item__isnull=False, directive_item_id__in=[i.pk for i in items])
        .select_related("owner_person", "owner_organisation", "unit")
        .order_by("directive_item_id", "unit__path", "owner_person__sort_name", "pk")
    )
    grouped: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        grouped[task.directive_item_id].append(task)  # type: ignore[index]
    out = []
    for item in items:
        rows = grouped.get(item.pk, [])
        out.append(
            ItemProgress(
                item=item,
                tasks=rows,
                done=sum(1 for t in rows if t.is_done),
                overdue=sum(1 for t in rows if t.is_overdue),
                average=rules.average_progress([t.progress for t in rows]),
            )
        )
    return out
