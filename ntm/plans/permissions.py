"""Who may change what in the plans app (visibility itself is scope: ``visible_to``).

- Leadership, NTM officer and admin (``can_manage``) change everything in their commune.
- A member changes the plans they own and the tasks of those plans or assigned to them.
- A hamlet head changes their hamlet's plan and the tasks addressed to their hamlet.
- An organisation (UBMTTQ, đoàn thể) changes the tasks addressed to it.
"""

from __future__ import annotations

from typing import Any

from ntm.accounts.models import Role
from ntm.accounts.scope import can_manage, has_role, role_assignments, sees_everything
from ntm.geography.models import AdministrativeUnit
from ntm.plans.models import Obstacle, Plan, Task

LEADERSHIP = {Role.ADMIN, Role.LEADER}
# Everyone who works in the programme may raise a difficulty (the upper level only reads).
RAISERS = {
    Role.ADMIN,
    Role.LEADER,
    Role.OFFICER,
    Role.MEMBER,
    Role.ORGANISATION,
    Role.HAMLET_HEAD,
}


# Who can be asked to resolve a difficulty: a committee seat or one of these roles.
OBSTACLE_ASSIGNEE_ROLES = frozenset({Role.OFFICER, Role.MEMBER, Role.HAMLET_HEAD})


def person_id(user: Any) -> int | None:
    return getattr(user, "person_id", None)


def organisation_ids(user: Any) -> set[int]:
    """Organisations the user acts for (RoleAssignment.organisation)."""
    return {a.organisation_id for a in role_assignments(user) if a.organisation_id}


def is_hamlet_head_of(user: Any, unit: AdministrativeUnit) -> bool:
    return unit.is_hamlet and has_role(user, {Role.HAMLET_HEAD}, unit)


def can_edit_plan(user: Any, plan: Plan) -> bool:
    if can_manage(user, plan.unit):
        return True
    if plan.owner_id is not None and plan.owner_id == person_id(user):
        return True
    return plan.is_hamlet_plan and is_hamlet_head_of(user, plan.unit)


def can_create_plan(user: Any, unit: AdministrativeUnit, lead_person_id: int | None = None) -> bool:
    """Managers create any plan; a lead member their criterion's; a hamlet head their hamlet's."""
    if can_manage(user, unit):
        return True
    if lead_person_id is not None:
        return lead_person_id == person_id(user)
    return is_hamlet_head_of(user, unit)


def can_edit_task(user: Any, task: Task) -> bool:
    if can_manage(user, task.unit):
        return True
    me = person_id(user)
    if me is not None and task.owner_person_id == me:
        return True
    if task.owner_organisation_id and task.owner_organisation_id in organisation_ids(user):
        return True
    if task.plan_id is not None:
        return can_edit_plan(user, task.plan)  # type: ignore[arg-type]
    # A directive task addressed to a hamlet (its head) without a named person.
    return task.owner_person_id is None and is_hamlet_head_of(user, task.unit)


def can_manage_commune(user: Any, unit: AdministrativeUnit) -> bool:
    """Assignments, directives: leadership, NTM officer and admin."""
    return can_manage(user, unit)


def can_raise_obstacle(user: Any, unit: AdministrativeUnit) -> bool:
    return has_role(user, RAISERS, unit)


def can_direct_obstacle(user: Any, obstacle: Obstacle) -> bool:
    return has_role(user, LEADERSHIP, obstacle.unit)


def can_resolve_obstacle(user: Any, obstacle: Obstacle) -> bool:
    if can_manage(user, obstacle.unit):
        return True
    return obstacle.assignee_id is not None and obstacle.assignee_id == person_id(user)


def can_close_obstacle(user: Any, obstacle: Obstacle) -> bool:
    """Closing or reopening: the leadership or the person who raised it."""
    return has_role(user, LEADERSHIP, obstacle.unit) or obstacle.raised_by_id == user.pk


def can_edit_obstacle(user: Any, obstacle: Obstacle) -> bool:
    """The description: whoever raised it, or the commune's managers."""
    return obstacle.raised_by_id == user.pk or can_manage(user, obstacle.unit)


def is_leadership_anywhere(user: Any) -> bool:
    if sees_everything(user):
        return True
    return any(a.role in LEADERSHIP for a in role_assignments(user))


def has_raise_role(user: Any) -> bool:
    """May raise a difficulty somewhere (to show the button)."""
    if sees_everything(user):
        return True
    return any(a.role in RAISERS for a in role_assignments(user))
