"""Idempotent loading: create a row, update it only where it differs, never save for nothing.

An unchanged row is not saved again, so loading the same data twice leaves no audit rows.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def upsert(model: type[M], lookup: dict[str, Any], defaults: dict[str, Any]) -> tuple[M, str]:
    """Return (object, "created" | "updated" | "unchanged")."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **defaults), "created"
    dirty = [name for name, value in defaults.items() if getattr(obj, name) != value]
    if not dirty:
        return obj, "unchanged"
    for name in dirty:
        setattr(obj, name, defaults[name])
    obj.save()
    return obj, "updated"
