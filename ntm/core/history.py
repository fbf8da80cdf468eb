"""'Lịch sử thay đổi': the audit trail of one object, as rows a person can read.

Each domain model carries ``history = HistoricalRecords()`` (django-simple-history); this
module turns its rows into (when, who, what kind, [field, before, after]) for any of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models

KIND_LABELS = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: str
    kind: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _display(record: Any, field_name: str) -> str:
    model_field = record.instance_type._meta.get_field(field_name)
    value = getattr(record, model_field.attname, None)
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        try:
            return str(getattr(record, field_name))
        except Exception:  # the referenced row may be gone; the id is still the truth
            return f"#{value}"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    return str(value)


IGNORED = {"search", "sort_name", "version", "updated_at", "created_at", "path", "depth"}


def history_for(obj: models.Model, limit: int = 200) -> list[HistoryEntry]:
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[  # type: ignore[attr-defined]
            : limit + 1
        ]
    )
    entries: list[HistoryEntry] = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        user = record.history_user
        who = (getattr(user, "full_name", "") or user.get_username()) if user else "Hệ thống"
        entry = HistoryEntry(
            when=record.history_date,
            who=who,
            kind=KIND_LABELS.get(record.history_type, record.history_type),
            reason=record.history_change_reason or "",
        )
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in IGNORED:
                    continue
                model_field = record.instance_type._meta.get_field(change.field)
                entry.changes.append(
                    FieldChange(
                        label=str(model_field.verbose_name),
                        before=_display(previous, change.field),
                        after=_display(record, change.field),
                    )
                )
        elif record.history_type == "+":
            for model_field in record.instance_type._meta.concrete_fields:
                if model_field.name in IGNORED or model_field.primary_key:
                    continue
                shown = _display(record, model_field.name)
                if shown != "—":
                    entry.changes.append(FieldChange(str(model_field.verbose_name), "—", shown))
        entries.append(entry)
    return entries
