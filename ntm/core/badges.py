"""Status badges: one mapping from a status to its Vietnamese words and its colour.

``core`` knows no domain, so each app registers its status enums here (in its
``AppConfig.ready``) under a short kind name, with the tone of every value. Templates show a
status with ``{% status_badge obj.status "kind" %}`` and never choose a colour themselves.

Tones are the CSS classes of ``.badge``: ``ok`` (done, met), ``warn`` (waiting, partly met),
``bad`` (needs action, not met) and ``none`` (neutral). The colour always comes with the words.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.db.models import Choices

TONES = frozenset({"ok", "warn", "bad", "none"})


@dataclass(frozen=True)
class Badge:
    label: str
    tone: str


@dataclass(frozen=True)
class _Kind:
    choices: type[Choices]
    tones: dict[str, str]


_KINDS: dict[str, _Kind] = {}


def register(kind: str, choices: type[Choices], tones: dict[Any, str]) -> None:
    """Register ``choices`` as ``kind``; every value must have a tone."""
    normalised = {str(_raw(value)): tone for value, tone in tones.items()}
    missing = set(choices.values) - set(normalised)
    if missing:
        raise ValueError(f"Badge kind {kind!r}: no tone for {sorted(missing)}")
    unknown = set(normalised.values()) - TONES
    if unknown:
        raise ValueError(f"Badge kind {kind!r}: unknown tones {sorted(unknown)}")
    _KINDS[kind] = _Kind(choices, normalised)


def _raw(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _kind_of(value: Any, kind: str | None) -> _Kind:
    if kind:
        try:
            return _KINDS[kind]
        except KeyError:
            raise ValueError(f"Unknown badge kind {kind!r}") from None
    if isinstance(value, Choices):
        for entry in _KINDS.values():
            if entry.choices is type(value):
                return entry
    raw = str(_raw(value))
    matches = [entry for entry in _KINDS.values() if raw in entry.tones]
    if len(matches) != 1:
        raise ValueError(f"Status {raw!r} needs a badge kind ({len(matches)} kinds match)")
    return matches[0]


def badge(value: Any, kind: str | None = None) -> Badge:
    """The words and the tone of ``value`` (an enum member or its stored string)."""
    if value in (None, ""):
        return Badge("Chưa có", "none")
    entry = _kind_of(value, kind)
    raw = str(_raw(value))
    labels = dict(entry.choices.choices)
    if raw not in entry.tones:
        raise ValueError(f"Status {raw!r} is not a {entry.choices.__name__}")
    return Badge(str(labels[raw]), entry.tones[raw])


def kinds() -> dict[str, type[Choices]]:
    return {name: entry.choices for name, entry in _KINDS.items()}
