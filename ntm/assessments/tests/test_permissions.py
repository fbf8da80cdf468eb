"""Who may write results: every answer comes from ``ntm.assessments.permissions``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ntm.assessments import permissions, services
from ntm.assessments.models import ValueStatus
from ntm.assessments.tests.factories import ratio_indicator, sample
from ntm.criteria.periods import year_period
from ntm.plans.models import Assignment


def _other_indicator(s: Any) -> Any:
    """An indicator of criterion 2 of the commune set: assigned to nobody."""
    return ratio_indicator(s.commune_set.criteria.get(number=2), code="2.1", key="DNB", year=2024)


def test_member_writes_only_the_criteria_assigned_to_them(world: Any) -> None:
    s = sample(world)
    other = _other_indicator(s)
    assert permissions.can_enter_value(world.member, world.commune, s.indicator)
    assert not permissions.can_enter_value(world.member2, world.commune, s.indicator)
    assert not permissions.can_enter_value(world.member, world.commune, other)
    # Leadership and the officer enter any value in their scope.
    assert permissions.can_enter_value(world.officer, world.commune, other)
    assert permissions.can_enter_value(world.leader, world.commune, other)


def test_supporting_member_may_write_too(world: Any) -> None:
    s = sample(world)
    assignment = Assignment.objects.get(unit=world.commune, criterion=s.criterion)
    assignment.supporting.add(world.members["member2"])
    assert permissions.can_enter_value(world.member2, world.commune, s.indicator)


def test_unassigned_member_is_refused_by_the_service(world: Any) -> None:
    s = sample(world)
    with pytest.raises(PermissionDenied):
        services.enter_value(
            user=world.member2,
            unit=world.commune,
            indicator=s.indicator,
            period=year_period(2024),
            data=services.ValueInput(numerator=Decimal(1), denominator=Decimal(2)),
        )
    with pytest.raises(PermissionDenied):
        services.submit_value(user=world.member2, value=s.value)


def test_unassigned_member_gets_403_on_the_entry_page(world: Any, client: Any) -> None:
    s = sample(world)
    url = reverse("assessments:value_entry", args=[world.commune.pk, s.indicator.pk, 2024])
    client.force_login(world.member2)
    assert client.get(url).status_code == 403
    assert client.post(url, {"numerator": "1", "denominator": "2"}).status_code == 403
    client.force_login(world.member)
    assert client.get(url).status_code == 200
    # Outside scope stays a 404, never a 403 that confirms the unit exists.
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_value_actions_follow_its_state(world: Any) -> None:
    s = sample(world)
    value = s.value
    assert value.status == ValueStatus.DRAFT
    assert permissions.can_edit_value(world.member, value)
    assert permissions.can_submit_value(world.member, value)
    assert not permissions.can_submit_value(world.member2, value)
    assert not permissions.can_approve_value(world.officer, value)  # a draft is not approved
    services.submit_value(user=world.member, value=value)
    value.refresh_from_db()
    assert not permissions.can_submit_value(world.member, value)
    assert permissions.can_approve_value(world.officer, value)
    assert not permissions.can_approve_value(world.member, value)
    value.locked = True
    assert not permissions.can_edit_value(world.member, value)
    assert not permissions.can_approve_value(world.officer, value)


def test_registration_and_flags(world: Any) -> None:
    assert permissions.can_register(world.officer, world.commune)
    assert permissions.can_register(world.hamlet_head, world.hamlet)
    assert not permissions.can_register(world.hamlet_head, world.commune)
    assert not permissions.can_register(world.member, world.commune)
    assert permissions.can_flag(world.member, world.commune)
    assert not permissions.can_flag(world.hamlet_head, world.commune)
