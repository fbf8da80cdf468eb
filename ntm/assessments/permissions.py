"""Who may do what with results and values (seeing them is scope: ``visible_to``).

Every "can this user …" answer of the assessments app lives here; views pass the answers to
templates as booleans, and the services check them again before writing.

- Leadership, the NTM officer and admins approve values and enter any value in their scope.
- A hamlet head enters the values of their own hamlet.
- A steering-committee member enters the commune-level values of the criteria assigned to them
  (as lead or supporting member in the commune's assignment notice): ownership of writes.
- Members flag sustainability concerns; a commune's managers (and a hamlet head for their
  hamlet) register targets.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ntm.accounts.models import Role
from ntm.accounts.scope import can_manage, has_role, roles_at
from ntm.assessments.models import IndicatorValue, ValueStatus
from ntm.criteria.models import Criterion, Indicator
from ntm.geography.models import AdministrativeUnit

APPROVERS = frozenset({Role.ADMIN, Role.LEADER, Role.OFFICER})
ASSESSORS = frozenset({Role.ADMIN, Role.LEADER, Role.OFFICER, Role.MEMBER})


def assigned_criterion_ids(user: Any, unit: AdministrativeUnit) -> frozenset[int]:
    """Criteria of ``unit`` assigned to the user's person (lead or supporting), any year.

    Read once per request and unit (cached on the user). The assignment itself belongs to
    the plans app; it is read through the ``Criterion.assignments`` relation so that this
    lower layer does not import plans."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return frozenset()
    cache: dict[int, frozenset[int]] = getattr(user, "_ntm_assigned_criteria", None) or {}
    if unit.pk not in cache:
        cache[unit.pk] = frozenset(
            Criterion.objects.filter(
                Q(assignments__unit=unit)
                & (
                    Q(assignments__lead__person_id=person_id)
                    | Q(assignments__supporting__person_id=person_id)
                )
            ).values_list("pk", flat=True)
        )
        user._ntm_assigned_criteria = cache
    return cache[unit.pk]


def can_enter_value(user: Any, unit: AdministrativeUnit, indicator: Indicator) -> bool:
    """Who may enter, submit and add evidence to a value of ``indicator`` for ``unit``."""
    roles = roles_at(user, unit)
    if roles & APPROVERS:
        return True
    if unit.level.is_hamlet and Role.HAMLET_HEAD in roles:
        return True
    if unit.level.is_commune and Role.MEMBER in roles:
        return indicator.criterion_id in assigned_criterion_ids(user, unit)
    return False


def can_edit_value(
    user: Any,
    value: IndicatorValue,
    *,
    unit: AdministrativeUnit | None = None,
    indicator: Indicator | None = None,
) -> bool:
    """May change this stored value or add evidence now: may enter it, and it is not locked.

    ``unit`` and ``indicator`` (the value's own, when the caller has them loaded) save a
    query per row on lists."""
    return not value.locked and can_enter_value(
        user, unit or value.unit, indicator or value.indicator
    )


def can_submit_value(
    user: Any,
    value: IndicatorValue,
    *,
    unit: AdministrativeUnit | None = None,
    indicator: Indicator | None = None,
) -> bool:
    """May send this value for approval now: may change it, and it is a draft or was returned."""
    return value.status in {ValueStatus.DRAFT, ValueStatus.RETURNED} and can_edit_value(
        user, value, unit=unit, indicator=indicator
    )


def can_approve(user: Any, unit: AdministrativeUnit) -> bool:
    return has_role(user, APPROVERS, unit)


def can_approve_value(
    user: Any, value: IndicatorValue, *, unit: AdministrativeUnit | None = None
) -> bool:
    """May approve this value now: an approver, and the value is submitted and not locked."""
    return (
        value.status == ValueStatus.SUBMITTED
        and not value.locked
        and can_approve(user, unit or value.unit)
    )


def can_return_value(
    user: Any, value: IndicatorValue, *, unit: AdministrativeUnit | None = None
) -> bool:
    """May return this value to the person who entered it: an approver, the value is submitted
    or approved, and not locked."""
    return (
        value.status in {ValueStatus.SUBMITTED, ValueStatus.APPROVED}
        and not value.locked
        and can_approve(user, unit or value.unit)
    )


def can_flag(user: Any, unit: AdministrativeUnit) -> bool:
    return has_role(user, ASSESSORS, unit)


def can_register(user: Any, unit: AdministrativeUnit) -> bool:
    """A commune's managers register its targets; a hamlet head registers their hamlet."""
    if can_manage(user, unit):
        return True
    return unit.level.is_hamlet and Role.HAMLET_HEAD in roles_at(user, unit)
