"""Telling the layers above that the targets of some criteria changed — explicitly.

criteria sits below assessments, so it cannot call the evaluation itself. Every service here
that changes targets (the edit screen, the XLSX import, the loader) calls
:func:`criteria_changed` with the criteria concerned; assessments registers its recompute at
start-up (``AppConfig.ready``). It runs inside the caller's transaction: the new targets and
the new results commit together, or neither does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction

T = TypeVar("T")

Listener = Callable[[set[int]], object]
_listeners: list[Listener] = []


def on_criteria_changed(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def criteria_changed(criterion_ids: Iterable[int]) -> None:
    ids = {int(i) for i in criterion_ids}
    if not ids:
        return
    for listener in _listeners:
        listener(ids)


# -- Preview: which units' results a change would change ---------------------------------

# A reader returns {(unit id, criterion id, period id): (unit, criterion, period, status)} for
# the given criteria, as the user may see them. assessments registers it (it owns results).
Reader = Callable[[object, set[int]], dict[tuple[int, int, int], tuple[str, str, str, str]]]
_readers: list[Reader] = []


def on_results_read(reader: Reader) -> None:
    if reader not in _readers:
        _readers.append(reader)


@dataclass(frozen=True)
class ResultChange:
    """One unit's criterion result in one period, before and after the change."""

    unit: str
    criterion: str
    period: str
    before: str
    after: str


def read_results(user: object, criterion_ids: Iterable[int]) -> dict[Any, tuple[str, ...]]:
    ids = {int(i) for i in criterion_ids}
    found: dict[Any, tuple[str, ...]] = {}
    if ids:
        for reader in _readers:
            found.update(reader(user, ids))
    return found


def result_changes(
    before: dict[Any, tuple[str, ...]], after: dict[Any, tuple[str, ...]]
) -> list[ResultChange]:
    changes = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old is not None and new is not None and old[3] == new[3]:
            continue
        label = new or old
        assert label is not None
        changes.append(
            ResultChange(
                unit=label[0],
                criterion=label[1],
                period=label[2],
                before=old[3] if old else "—",
                after=new[3] if new else "—",
            )
        )
    return changes


class _Rollback(Exception):
    pass


def preview(
    user: object, criterion_ids: Iterable[int], apply: Callable[[], T]
) -> tuple[T, list[ResultChange]]:
    """Run ``apply`` (which writes and calls :func:`criteria_changed`), read which results
    change for ``criterion_ids``, then undo everything. Returns apply's value and the list."""
    ids = set(criterion_ids)
    before = read_results(user, ids)
    holder: dict[str, Any] = {}
    try:
        with transaction.atomic():
            holder["value"] = apply()
            holder["after"] = read_results(user, ids)
            raise _Rollback
    except _Rollback:
        pass
    return holder["value"], result_changes(before, holder["after"])
