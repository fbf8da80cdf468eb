"""Refusing lost updates: an edit carries the version it was made from.

``save_versioned`` locks the row (SELECT … FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE
transaction already holds the write lock), compares versions and either saves — through the
normal ``save()``, so the audit history records it — or raises :class:`StaleEdit` that names
every field the other person changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction


@dataclass
class Change:
    field: str
    label: str
    theirs: Any
    mine: Any


class StaleEdit(Exception):
    def __init__(self, changes: list[Change]) -> None:
        self.changes = changes
        names = ", ".join(c.label for c in changes) or "dữ liệu"
        super().__init__(
            "Người khác đã sửa bản ghi này trong lúc bạn đang sửa "
            f"({names}). Thay đổi của bạn chưa được lưu; hãy xem lại rồi sửa tiếp."
        )


def save_versioned(instance: Any, expected_version: int, fields: list[str] | None = None) -> None:
    """Save ``instance`` only if its row is still at ``expected_version``."""
    model = type(instance)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        if current.version != expected_version:
            names = fields or [
                f.name for f in model._meta.concrete_fields if f.editable and not f.primary_key
            ]
            changes = []
            for name in names:
                field = model._meta.get_field(name)
                theirs, mine = getattr(current, name), getattr(instance, name)
                if theirs != mine:
                    changes.append(Change(name, str(field.verbose_name), theirs, mine))
            raise StaleEdit(changes)
        instance.version = expected_version + 1
        instance.save()
