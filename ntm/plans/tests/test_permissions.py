"""Key answers of ``ntm.plans.permissions``."""

from __future__ import annotations

from typing import Any

from ntm.plans import permissions
from ntm.plans.models import Obstacle


def test_commune_work_is_managed_by_leadership_officer_admin(world: Any) -> None:
    assert permissions.can_manage_commune(world.officer, world.commune)
    assert not permissions.can_manage_commune(world.member, world.commune)
    assert not permissions.can_manage_commune(world.outsider, world.commune)


def test_difficulties(world: Any) -> None:
    assert permissions.can_raise_obstacle(world.hamlet_head, world.hamlet)
    assert not permissions.can_raise_obstacle(world.upper, world.commune)
    obstacle = Obstacle(unit=world.commune, raised_by=world.member)
    assert permissions.can_direct_obstacle(world.leader, obstacle)
    assert not permissions.can_direct_obstacle(world.officer, obstacle)
    assert permissions.can_close_obstacle(world.member, obstacle)  # who raised it
    assert not permissions.can_close_obstacle(world.member2, obstacle)
    assert permissions.can_edit_obstacle(world.officer, obstacle)
