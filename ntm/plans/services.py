"""Writes of the plans app: assignments, plans and tasks (idempotent creation), issuing a
directive (a task per recipient), and the life of a difficulty.

Keyword-only, typed, atomic. Edits of existing rows go through ``save_versioned`` so that a
stale edit is refused and the audit history records who changed what.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models, transaction

from ntm.accounts.models import (
    CommitteeMember,
    Organisation,
    OrganisationKind,
    Person,
    Role,
    RoleAssignment,
    SteeringCommittee,
)
from ntm.core import clock
from ntm.core.concurrency import save_versioned
from ntm.core.idempotency import claim, previous_result, remember
from ntm.criteria.models import Criterion
from ntm.geography.models import AdministrativeUnit
from ntm.plans import rules
from ntm.plans.models import (
    Assignment,
    AssignmentNotice,
    Directive,
    DirectiveItem,
    DirectiveState,
    Obstacle,
    Plan,
    RecipientGroup,
    Task,
)

M = TypeVar("M", bound=models.Model)


def _once(model: type[M], token: str, user: Any) -> M | None:
    """The object a previous submission of this form created, or None if this is the first."""
    if claim(token, getattr(user, "pk", None)):
        return None
    previous = previous_result(token)
    found = model._default_manager.filter(pk=int(previous)).first() if previous else None
    if found is None:
        raise ValueError("Biểu mẫu này đã được gửi. Hãy tải lại trang rồi thử lại.")
    return found


# --- Assignments ----------------------------------------------------------------------------


def committee_of(unit: AdministrativeUnit) -> SteeringCommittee | None:
    return SteeringCommittee.objects.filter(unit=unit).order_by("pk").first()


@transaction.atomic
def ensure_notice(*, committee: SteeringCommittee, year: int) -> AssignmentNotice:
    notice, _ = AssignmentNotice.objects.get_or_create(
        committee=committee, year=year, defaults={"unit": committee.unit}
    )
    return notice


@transaction.atomic
def assign(
    *,
    notice: AssignmentNotice,
    criterion: Criterion,
    lead: CommitteeMember,
    supporting: Iterable[CommitteeMember] = (),
    note: str = "",
    version: int | None = None,
) -> Assignment:
    """Set a criterion's lead (and supporting members) for the notice's year.

    ``version`` is the version the editor started from when the assignment already existed.
    """
    existing = Assignment.objects.filter(
        unit=notice.unit, year=notice.year, criterion=criterion
    ).first()
    support = [m for m in supporting if m.pk != lead.pk]
    if existing is None:
        assignment = Assignment.objects.create(
            notice=notice,
            unit=notice.unit,
            year=notice.year,
            criterion=criterion,
            lead=lead,
            note=note,
        )
    else:
        assignment = existing
        assignment.lead = lead
        assignment.note = note
        assignment.notice = notice
        save_versioned(
            assignment,
            assignment.version if version is None else version,
            fields=["lead", "note"],
        )
    assignment.supporting.set(support)
    return assignment


# --- Plans and tasks ------------------------------------------------------------------------


@transaction.atomic
def create_plan(
    *,
    unit: AdministrativeUnit,
    year: int,
    criterion: Criterion | None,
    owner: Person,
    title: str,
    objectives: str = "",
    user: Any = None,
    token: str = "",
) -> Plan:
    previous = _once(Plan, token, user)
    if previous is not None:
        return previous
    plan = Plan.objects.create(
        unit=unit,
        year=year,
        criterion=criterion,
        owner=owner,
        title=title,
        objectives=objectives,
        created_by=user if getattr(user, "pk", None) else None,
    )
    remember(token, str(plan.pk))
    return plan


TASK_FIELDS = [
    "title",
    "description",
    "owner_person",
    "start",
    "deadline",
    "status",
    "progress",
    "result_note",
    *[name for name, _ in rules.BUDGET_SOURCES],
]


@transaction.atomic
def create_task(
    *,
    plan: Plan,
    data: dict[str, Any],
    indicators: Iterable[Any] = (),
    user: Any = None,
    token: str = "",
) -> Task:
    previous = _once(Task, token, user)
    if previous is not None:
        return previous
    values = {name: data[name] for name in TASK_FIELDS if name in data}
    task = Task.objects.create(
        unit=plan.unit,
        plan=plan,
        created_by=user if getattr(user, "pk", None) else None,
        **values,
    )
    task.indicators.set(list(indicators))
    remember(token, str(task.pk))
    return task


@transaction.atomic
def update_task(
    *, task: Task, version: int, fields: list[str], indicators: Iterable[Any] | None = None
) -> Task:
    """Save a task edited from a form (its attributes already set); refuses a stale edit."""
    save_versioned(task, version, fields=fields)
    if indicators is not None:
        task.indicators.set(list(indicators))
    return task


# --- Directives -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    unit: AdministrativeUnit
    person: Person | None = None
    organisation: Organisation | None = None


def hamlet_heads(hamlets: Iterable[AdministrativeUnit]) -> dict[int, Person]:
    """The person heading each hamlet (from the hamlet-head role), by hamlet id."""
    hamlet_list = list(hamlets)
    heads: dict[int, Person] = {}
    rows = (
        RoleAssignment.objects.filter(
            role=Role.HAMLET_HEAD,
            active=True,
            unit__in=hamlet_list,
            user__person__isnull=False,
        )
        .select_related("user__person")
        .order_by("unit_id", "pk")
    )
    for row in rows:
        heads.setdefault(row.unit_id, row.user.person)  # type: ignore[union-attr,arg-type]
    for hamlet in hamlet_list:
        if hamlet.pk not in heads:
            # No login yet: the directory's person of that hamlet, if there is exactly one.
            people = list(Person.objects.filter(unit=hamlet)[:2])
            if len(people) == 1:
                heads[hamlet.pk] = people[0]
    return heads


def recipients(item: DirectiveItem) -> list[Recipient]:
    """Everyone an item is addressed to, resolved at the moment of issuing."""
    commune = item.directive.unit
    if item.group == RecipientGroup.MEMBERS:
        members = CommitteeMember.objects.filter(
            committee__unit=commune, active=True
        ).select_related("person")
        return [Recipient(unit=commune, person=m.person) for m in members]
    if item.group == RecipientGroup.ORGANISATIONS:
        organisations = Organisation.objects.filter(
            unit=commune,
            kind__in=[OrganisationKind.FATHERLAND_FRONT, OrganisationKind.MASS_ORGANISATION],
        ).order_by("order", "name")
        return [Recipient(unit=commune, organisation=o) for o in organisations]
    if item.group == RecipientGroup.HAMLET_HEADS:
        hamlets = list(
            AdministrativeUnit.objects.filter(parent=commune, level__is_hamlet=True)
            .valid_on(item.directive.date or clock.today())
            .order_by("name")
        )
    else:
        hamlets = [item.hamlet] if item.hamlet else []
    heads = hamlet_heads(hamlets)
    return [Recipient(unit=h, person=heads.get(h.pk)) for h in hamlets]


@transaction.atomic
def issue_directive(*, directive: Directive, user: Any, version: int) -> int:
    """Issue a draft directive: one task per recipient of every item. Returns tasks created.

    Issuing twice (a double click, two leaders at once) creates the tasks once.
    """
    locked = Directive.objects.select_for_update().get(pk=directive.pk)
    if locked.state == DirectiveState.ISSUED:
        return 0
    items = list(locked.items.select_related("directive__unit", "hamlet"))
    if not items:
        raise ValueError("Văn bản chưa có nội dung chỉ đạo nào, chưa thể ban hành.")
    created = 0
    for item in items:
        for recipient in recipients(item):
            Task.objects.create(
                unit=recipient.unit,
                directive_item=item,
                title=item.title,
                description=item.text,
                owner_person=recipient.person,
                owner_organisation=recipient.organisation,
                start=locked.date,
                deadline=item.deadline,
                created_by=user if getattr(user, "pk", None) else None,
            )
            created += 1
    locked.state = DirectiveState.ISSUED
    locked.issued_at = clock.now()
    locked.issued_by = user if getattr(user, "pk", None) else None
    save_versioned(locked, version, fields=["state"])
    directive.refresh_from_db()
    return created


@transaction.atomic
def add_directive_item(
    *, directive: Directive, data: dict[str, Any], token: str = "", user: Any = None
) -> DirectiveItem:
    previous = _once(DirectiveItem, token, user)
    if previous is not None:
        return previous
    if directive.is_issued:
        raise ValueError("Văn bản đã ban hành: không thêm nội dung chỉ đạo được nữa.")
    order = (directive.items.aggregate(m=models.Max("order"))["m"] or 0) + 1
    item = DirectiveItem.objects.create(directive=directive, order=order, **data)
    remember(token, str(item.pk))
    return item


@transaction.atomic
def create_directive(*, data: dict[str, Any], user: Any, token: str = "") -> Directive:
    previous = _once(Directive, token, user)
    if previous is not None:
        return previous
    directive = Directive.objects.create(**data)
    remember(token, str(directive.pk))
    return directive


# --- Difficulties ---------------------------------------------------------------------------


@transaction.atomic
def raise_obstacle(
    *,
    unit: AdministrativeUnit,
    title: str,
    description: str = "",
    criterion: Criterion | None = None,
    task: Task | None = None,
    user: Any,
    token: str = "",
) -> Obstacle:
    previous = _once(Obstacle, token, user)
    if previous is not None:
        return previous
    obstacle = Obstacle.objects.create(
        unit=unit,
        title=title,
        description=description,
        criterion=criterion,
        task=task,
        raised_by=user,
        raised_on=clock.today(),
    )
    remember(token, str(obstacle.pk))
    return obstacle


@transaction.atomic
def direct_obstacle(
    *,
    obstacle: Obstacle,
    version: int,
    direction: str,
    assignee: Person,
    deadline: dt.date,
    user: Any,
) -> Obstacle:
    obstacle.state = rules.next_obstacle_state(obstacle.state, "direct")
    obstacle.direction = direction
    obstacle.assignee = assignee
    obstacle.deadline = deadline
    obstacle.directed_by = user
    obstacle.directed_on = clock.today()
    save_versioned(obstacle, version, fields=["state", "direction", "assignee", "deadline"])
    return obstacle


@transaction.atomic
def move_obstacle(
    *, obstacle: Obstacle, action: str, version: int, note: str = "", user: Any = None
) -> Obstacle:
    """resolve / close / reopen, with the resolution note for 'resolve'."""
    obstacle.state = rules.next_obstacle_state(obstacle.state, action)
    if action == "resolve":
        obstacle.resolution = note or obstacle.resolution
        obstacle.resolved_on = clock.today()
    elif action == "reopen":
        obstacle.resolved_on = None
        if note:
            obstacle.description = f"{obstacle.description}\n\nMở lại: {note}".strip()
    save_versioned(obstacle, version, fields=["state", "resolution", "description"])
    return obstacle
