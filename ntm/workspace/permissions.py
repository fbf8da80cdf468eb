"""What "Việc của tôi" shows to whom: answers from the person's roles, decided here only."""

from __future__ import annotations

from collections.abc import Set

from ntm.accounts.models import Role

# The UBND leadership directs difficulties (the queue of those waiting for a direction).
LEADERSHIP = frozenset({Role.LEADER, Role.ADMIN})
# Reports of the commune are reviewed by the leadership and the NTM officer; they also see the
# steering committees of their communes on the home page.
REVIEWERS = frozenset({Role.LEADER, Role.ADMIN, Role.OFFICER})
# People who lead or support criteria of the commune.
CRITERIA_WORKERS = frozenset({Role.MEMBER, Role.OFFICER, Role.LEADER, Role.ORGANISATION})


def directs_obstacles(roles: Set[str]) -> bool:
    return bool(roles & LEADERSHIP)


def reviews_reports(roles: Set[str]) -> bool:
    return bool(roles & REVIEWERS)


def works_on_criteria(roles: Set[str]) -> bool:
    return bool(roles & CRITERIA_WORKERS)
