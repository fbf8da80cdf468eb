"""One clock for the whole application.

Deadlines, overdue states and "this year" all ask this module for the date. The demo lives
in its founding year (2024), so ``NTM_TODAY=2024-10-15`` pins the date while the time of day
stays real; tests pin it with :func:`pinned`. Audit timestamps keep the real time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils import timezone

_override: dt.date | None = None


def _configured_date() -> dt.date | None:
    if _override is not None:
        return _override
    value = getattr(settings, "NTM_TODAY", "")
    if value:
        return dt.date.fromisoformat(value)
    return None


def today() -> dt.date:
    pinned_date = _configured_date()
    if pinned_date is not None:
        return pinned_date
    return timezone.localdate()


def now() -> dt.datetime:
    """The current moment, moved onto the pinned date when there is one."""
    real = timezone.localtime()
    pinned_date = _configured_date()
    if pinned_date is None:
        return real
    return real.replace(year=pinned_date.year, month=pinned_date.month, day=pinned_date.day)


def current_year() -> int:
    return today().year


@contextmanager
def pinned(date: dt.date) -> Iterator[None]:
    global _override
    previous, _override = _override, date
    try:
        yield
    finally:
        _override = previous
