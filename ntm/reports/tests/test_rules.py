"""Lateness of a report, decided once (``ntm.reports.rules``) and read by every screen."""

from __future__ import annotations

import datetime as dt

from ntm.reports import rules

DEADLINE = dt.date(2024, 9, 25)


def test_overdue_only_while_it_is_the_reporters_move_after_the_deadline() -> None:
    after, on = dt.date(2024, 9, 26), DEADLINE
    assert rules.is_overdue(DEADLINE, after, awaiting_reporter=True)
    assert not rules.is_overdue(DEADLINE, on, awaiting_reporter=True)  # the deadline day is fine
    assert not rules.is_overdue(DEADLINE, after, awaiting_reporter=False)  # submitted, approved


def test_late_means_submitted_after_the_deadline_or_still_missing() -> None:
    today = dt.date(2024, 10, 15)
    assert rules.is_late(DEADLINE, dt.date(2024, 9, 27), today, approved=False)
    assert not rules.is_late(DEADLINE, DEADLINE, today, approved=True)
    assert rules.is_late(DEADLINE, None, today, approved=False)
    assert not rules.is_late(DEADLINE, None, dt.date(2024, 9, 20), approved=False)
