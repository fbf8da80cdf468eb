"""The answers of ``ntm.participation.permissions``."""

from __future__ import annotations

from typing import Any

from ntm.participation import permissions


def test_managers_and_organisers(world: Any) -> None:
    assert permissions.can_manage(world.officer, world.commune)
    assert permissions.can_manage(world.officer, world.hamlet)
    assert not permissions.can_manage(world.organisation, world.commune)
    assert not permissions.can_manage(world.outsider, world.commune)
    assert permissions.can_organise(world.organisation, world.commune)
    assert not permissions.can_organise(world.hamlet_head, world.hamlet)
    assert list(permissions.organised_communes(world.organisation)) == [world.commune]
    assert not permissions.managed_units(world.member).exists()


def test_personal_data_is_handled_by_leadership_and_officer_only(world: Any) -> None:
    for key in ("admin", "leader", "officer"):
        assert permissions.can_handle_personal_data(world.users[key]), key
    for key in ("member", "organisation", "hamlet_head", "upper"):
        assert not permissions.can_handle_personal_data(world.users[key]), key
