"""Telling the layers above that the targets of some criteria changed — explicitly.

criteria sits below assessments, so it cannot call the evaluation itself. Every service here
that changes targets (the edit screen, the XLSX import, the loader) calls
:func:`criteria_changed` with the criteria concerned; assessments registers its recompute at
start-up (``AppConfig.ready``). It runs inside the caller's transaction: the new targets and
the new results commit together, or neither does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

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
