"""Pure rules of periodic reports: when a report is late (no Django, no models)."""

from __future__ import annotations

import datetime as dt


def is_overdue(deadline: dt.date, today: dt.date, *, awaiting_reporter: bool) -> bool:
    """Overdue: the deadline has passed (deadline < today) and it is still the reporter's move
    (not yet submitted, or returned for correction)."""
    return awaiting_reporter and deadline < today


def is_late(
    deadline: dt.date, submitted_on: dt.date | None, today: dt.date, *, approved: bool
) -> bool:
    """Late: submitted after the deadline, or still not submitted once the deadline passed."""
    if submitted_on is not None:
        return submitted_on > deadline
    return today > deadline and not approved
