"""The answers of ``ntm.workspace.permissions`` (which home-page sections a role sees)."""

from __future__ import annotations

from ntm.accounts.models import Role
from ntm.workspace import permissions


def test_sections_by_role() -> None:
    assert permissions.directs_obstacles({Role.LEADER})
    assert not permissions.directs_obstacles({Role.OFFICER, Role.MEMBER})
    assert permissions.reviews_reports({Role.OFFICER})
    assert not permissions.reviews_reports({Role.MEMBER, Role.HAMLET_HEAD})
    assert permissions.works_on_criteria({Role.ORGANISATION})
    assert not permissions.works_on_criteria({Role.HAMLET_HEAD, Role.UPPER_VIEWER})
