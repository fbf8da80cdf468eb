"""The answers of ``ntm.accounts.permissions`` and the menu built from permission modules."""

from __future__ import annotations

from typing import Any

from django.test import RequestFactory

from ntm.accounts import permissions
from ntm.navigation import menu


def test_units_and_people_are_edited_by_their_managers(world: Any) -> None:
    assert permissions.can_edit_unit(world.officer, world.hamlet)
    assert not permissions.can_edit_unit(world.hamlet_head, world.hamlet)
    assert not permissions.can_edit_unit(world.outsider, world.commune)
    person = world.people["member"]
    assert permissions.can_edit_person(world.leader, person)
    assert not permissions.can_edit_person(world.member, person)


def _labels(user: Any) -> set[str]:
    request = RequestFactory().get("/")
    request.user = user
    return {item["label"] for item in menu(request)["nav_items"]}


def test_menu_entries_follow_the_permission_modules(world: Any) -> None:
    assert "Văn bản" in _labels(world.member)
    assert "Văn bản" not in _labels(world.hamlet_head)
    assert "Dữ liệu cá nhân" in _labels(world.officer)
    assert "Dữ liệu cá nhân" not in _labels(world.member)
