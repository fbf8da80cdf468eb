"""Residents' personal data on request (Luật Bảo vệ dữ liệu cá nhân 2025): find it, export
it, erase it — and log every look.

Personal data held about residents: contributors' names and phones (mobilisation), feedback
senders' names and phones, the households sampled for the satisfaction survey. Erasure
replaces them with a marker in the rows *and in their audit history* (the history would
otherwise keep the old values), keeps amounts, answers and totals, and records who erased
what and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from openpyxl import Workbook

from ntm.accounts.models import AccessLog
from ntm.accounts.scope import primary_units
from ntm.core import audit
from ntm.core.text import search_key
from ntm.core.xlsx import append_row, workbook_bytes
from ntm.mobilisation.models import Contribution
from ntm.participation.models import Feedback, SurveySample

ERASED = "Đã xóa theo yêu cầu"
# model → (label, name field, phone field or "")
SOURCES: list[tuple[type[models.Model], str, str, str]] = [
    (Contribution, "Đóng góp", "contributor_name", "contributor_phone"),
    (Feedback, "Phản ánh, kiến nghị", "name", "phone"),
    (SurveySample, "Hộ được chọn lấy ý kiến", "household", ""),
]


@dataclass
class Record:
    kind: str
    obj: Any
    name: str
    phone: str
    unit_name: str
    details: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{type(self.obj).__name__}:{self.obj.pk}"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def _matches(query: str, name: str, phone: str) -> bool:
    words = search_key(query).split()
    digits = _digits(query)
    if len(digits) >= 6 and digits in _digits(phone):
        return True
    haystack = f" {search_key(name)}"
    return bool(words) and all(f" {w}" in haystack for w in words) and name != ERASED


def find(user: Any, query: str) -> list[Record]:
    """Every personal record in the user's scope whose name or phone matches ``query``.

    Compared in Python on the commune's rows (hundreds, not millions): names have no search
    column, and the comparison must ignore diacritics the same way everywhere.
    """
    if len(query.strip()) < 2:
        return []
    found: list[Record] = []
    for model, label, name_field, phone_field in SOURCES:
        rows = model._default_manager.visible_to(user)  # type: ignore[attr-defined]
        unit_path = "hamlet" if model is SurveySample else "unit"
        for row in rows.select_related(unit_path):
            name = getattr(row, name_field)
            phone = getattr(row, phone_field) if phone_field else ""
            if not _matches(query, name, phone):
                continue
            unit = getattr(row, unit_path)
            found.append(
                Record(
                    kind=label,
                    obj=row,
                    name=name,
                    phone=phone,
                    unit_name=unit.display_name,
                    details=_details(row),
                )
            )
    return found


def _details(row: Any) -> dict[str, str]:
    if isinstance(row, Contribution):
        return {
            "Ngày": row.date.strftime("%d/%m/%Y"),
            "Hình thức": row.get_kind_display(),
            "Số tiền (đồng)": str(row.amount),
            "Số biên nhận": row.receipt_number,
        }
    if isinstance(row, Feedback):
        return {"Nội dung": row.text[:200]}
    return {"Đợt lấy ý kiến": str(row.survey), "Mã phiếu": row.code}


def log(user: Any, action: str, label: str) -> None:
    units = primary_units(user)
    AccessLog.objects.create(
        user=user, unit=units[0] if units else None, action=action, object_label=label[:255]
    )


def export_xlsx(records: list[Record]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Dữ liệu cá nhân"
    append_row(sheet, ["Loại dữ liệu", "Họ tên / tên hộ", "Điện thoại", "Đơn vị", "Chi tiết"])
    for record in records:
        details = "; ".join(f"{k}: {v}" for k, v in record.details.items() if v)
        append_row(sheet, [record.kind, record.name, record.phone, record.unit_name, details])
    return workbook_bytes(workbook)


@transaction.atomic
def erase(*, user: Any, records: list[Record], reason: str) -> int:
    """Replace the personal fields of ``records`` (and of their history rows) with a marker."""
    reason = reason.strip()
    if not reason:
        raise ValueError("Vui lòng ghi căn cứ xóa (ví dụ: đơn đề nghị của người dân ngày …).")
    erased = 0
    for record in records:
        model = type(record.obj)
        _, _, name_field, phone_field = next(s for s in SOURCES if s[0] is model)
        changes = {name_field: ERASED}
        if phone_field:
            changes[phone_field] = ""
        obj = model._default_manager.select_for_update().get(pk=record.obj.pk)
        for name, value in changes.items():
            setattr(obj, name, value)
        if hasattr(obj, "version"):
            obj.version += 1
        obj._history_user = user
        obj._change_reason = f"Xóa dữ liệu cá nhân theo yêu cầu: {reason}"[:100]
        obj.save()
        # The audit trail must not keep what was erased: scrub the same fields in history.
        scrubbed = obj.history.filter(id=obj.pk)
        scrubbed.update(**changes)
        # …and record the scrubbed rows' new digests in the audit chain, with the reason.
        audit.reseal(
            scrubbed.model,
            scrubbed.values_list("history_id", flat=True),
            f"Xóa dữ liệu cá nhân theo yêu cầu: {reason}",
        )
        erased += 1
    log(user, "Xóa dữ liệu cá nhân", f"{erased} bản ghi – {reason}")
    return erased
