"""Writing one criteria set to an XLSX workbook that :mod:`ntm.criteria.xlsx_import` reads back.

Every text cell goes through :func:`ntm.criteria.xlsx_layout.escape_cell`, so a legal text or
a note that starts with = + - @ is stored as text, never as a formula.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ntm.core.xlsx import workbook_bytes
from ntm.criteria.catalogue import target_key_choices
from ntm.criteria.models import (
    Comparison,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorKind,
    SetLevel,
    Target,
    TargetKeys,
)
from ntm.criteria.xlsx_layout import (
    CHOICE_SEPARATOR,
    CRITERIA_COLUMNS,
    INDICATOR_COLUMNS,
    LEGAL_COLUMNS,
    NO,
    SET_FIELDS,
    SET_HEADER,
    SHEET_CRITERIA,
    SHEET_HELP,
    SHEET_INDICATORS,
    SHEET_LEGAL,
    SHEET_SET,
    SHEET_TARGETS,
    TARGET_COLUMNS,
    YES,
    escape_cell,
)

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
READ_ONLY_FILL = PatternFill("solid", fgColor="EEEEEE")
MAX_ROWS = 100_000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _flag(value: bool) -> str:
    return YES if value else NO


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _sheet(
    wb: Workbook, title: str, columns: list[tuple[str, str]], widths: dict[str, int]
) -> Worksheet:
    ws = wb.create_sheet(title)
    for index, (header, name) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index, value=header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        ws.column_dimensions[get_column_letter(index)].width = widths.get(name, 14)
    ws.freeze_panes = "A2"
    return ws


def _write(ws: Worksheet, row: int, values: list[Any]) -> None:
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column, value=escape_cell(value))
        if isinstance(value, str) and "\n" in value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _list_validation(ws: Worksheet, options: list[str], columns: list[str]) -> None:
    # Excel limits an inline list to 255 characters; longer lists are simply not offered.
    formula = '"' + ",".join(o.replace('"', "") for o in options) + '"'
    if len(formula) > 255 or any("," in o for o in options):
        return
    validation = DataValidation(type="list", formula1=formula, allow_blank=True)
    ws.add_data_validation(validation)
    for letter in columns:
        validation.add(f"{letter}2:{letter}{MAX_ROWS}")


def export_set_xlsx(criteria_set: CriteriaSet) -> bytes:
    """The workbook of one set: metadata, legal bases, criteria, indicators, targets."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    _set_sheet(wb, criteria_set)
    ws = _sheet(wb, SHEET_LEGAL, LEGAL_COLUMNS, {"document": 22, "title": 60, "note": 60})
    for row, lb in enumerate(criteria_set.legal_bases.order_by("order", "id"), start=2):
        _write(
            ws,
            row,
            [
                lb.document,
                lb.date,
                lb.issuer,
                lb.title,
                lb.part,
                _flag(lb.verified),
                lb.note,
                lb.order,
            ],
        )
        if lb.date:
            ws.cell(row=row, column=2).number_format = "DD/MM/YYYY"
    _list_validation(ws, [YES, NO], ["F"])

    criteria = list(
        Criterion.objects.filter(criteria_set=criteria_set)
        .select_related("group")
        .order_by("number")
    )
    ws = _sheet(
        wb,
        SHEET_CRITERIA,
        CRITERIA_COLUMNS,
        {"name": 40, "group_name": 30, "sector": 40, "note": 60},
    )
    for row, c in enumerate(criteria, start=2):
        _write(
            ws,
            row,
            [
                c.number,
                c.name,
                _flag(c.name_verified),
                c.group.code if c.group else "",
                c.group.name if c.group else "",
                c.sector,
                _flag(c.sector_verified),
                c.note,
            ],
        )
    _list_validation(ws, [YES, NO], ["C", "G"])

    indicators = list(
        Indicator.objects.filter(criterion__criteria_set=criteria_set)
        .select_related("criterion")
        .order_by("criterion__number", "order", "code")
    )
    kinds, comparisons = dict(IndicatorKind.choices), dict(Comparison.choices)
    ws = _sheet(
        wb,
        SHEET_INDICATORS,
        INDICATOR_COLUMNS,
        {"name": 60, "kind": 22, "comparison": 22, "note": 60, "choices": 30},
    )
    for row, i in enumerate(indicators, start=2):
        _write(
            ws,
            row,
            [
                i.code,
                i.criterion.number,
                i.name,
                _flag(i.name_verified),
                i.unit_label,
                str(kinds.get(i.kind, i.kind)),
                str(comparisons.get(i.comparison, i.comparison)),
                f"{CHOICE_SEPARATOR} ".join(str(c) for c in i.choices or []),
                i.required_evidence,
                _flag(i.is_illustrative),
                i.note,
                i.order,
            ],
        )
    _list_validation(ws, [YES, NO], ["D", "J"])

    targets = Target.objects.filter(indicator__criterion__criteria_set=criteria_set).select_related(
        "indicator__criterion"
    )
    ordered = sorted(
        targets,
        key=lambda t: (
            t.indicator.criterion.number,
            t.indicator.order,
            t.indicator.code,
            t.key,
            t.year or 0,
        ),
    )
    ws = _sheet(
        wb,
        SHEET_TARGETS,
        TARGET_COLUMNS,
        {"legal_text": 40, "source": 50, "note": 50, "indicator_name": 50},
    )
    for row, t in enumerate(ordered, start=2):
        _write(
            ws,
            row,
            [
                t.indicator.code,
                t.key,
                t.year,
                t.legal_text,
                _number(t.value),
                _flag(t.verified),
                _flag(t.is_illustrative),
                t.source,
                t.note,
                t.value_choice,
                t.version,
                t.indicator.name,
                t.source_document,
                t.source_date,
                t.source_part,
            ],
        )
        for column in (11, 12):
            ws.cell(row=row, column=column).fill = READ_ONLY_FILL
        if t.source_date:
            ws.cell(row=row, column=14).number_format = "DD/MM/YYYY"
    _list_validation(ws, [YES, NO], ["F", "G"])
    _list_validation(ws, list(target_key_choices(criteria_set.target_keys)), ["B"])

    _help_sheet(wb, criteria_set)
    return workbook_bytes(wb)


def _set_sheet(wb: Workbook, criteria_set: CriteriaSet) -> None:
    ws = _sheet(wb, SHEET_SET, SET_HEADER, {"label": 36, "value": 90})
    values = {
        "code": criteria_set.code,
        "name": criteria_set.name,
        "short_name": criteria_set.short_name,
        "level": str(SetLevel(criteria_set.level).label),
        "period": criteria_set.period,
        "programme": criteria_set.programme.code if criteria_set.programme else "",
        "is_provincial": _flag(criteria_set.is_provincial),
        "extends": criteria_set.extends.code if criteria_set.extends else "",
        "target_keys": str(TargetKeys(criteria_set.target_keys).label),
        "effective_from": criteria_set.effective_from,
        "effective_to": criteria_set.effective_to,
        "status_note": criteria_set.status_note,
        "completeness_note": criteria_set.completeness_note,
        "rules_note": criteria_set.rules_note,
        "source_file": criteria_set.source_file,
    }
    for row, (label, name) in enumerate(SET_FIELDS, start=2):
        _write(ws, row, [label, values[name]])
        ws.cell(row=row, column=1).font = HEADER_FONT
        if name in {"effective_from", "effective_to"} and values[name]:
            ws.cell(row=row, column=2).number_format = "DD/MM/YYYY"


def _help_sheet(wb: Workbook, criteria_set: CriteriaSet) -> None:
    ws = wb.create_sheet(SHEET_HELP)
    ws.column_dimensions["A"].width = 120
    keys = target_key_choices(criteria_set.target_keys)
    lines = [
        f"Tệp này là bộ tiêu chí {criteria_set.code}. Sửa rồi nhập lại tại màn hình 'Nhập từ Excel'.",
        "Nhập lại: mọi thay đổi được áp dụng cùng lúc và ghi vào lịch sử; tệp có lỗi thì không thay đổi gì.",
        "Không dòng nào bị xóa khi nhập: dòng bỏ khỏi tệp được giữ nguyên.",
        f"Cột Có/Không: ghi '{YES}' hoặc '{NO}' (để trống là '{NO}').",
        "Ngưỡng số: chỉ ghi số (ví dụ 80 hoặc 80,5); yêu cầu bằng chữ ghi ở cột 'Yêu cầu theo văn bản'.",
        "Chỉ đánh dấu 'Đã đối chiếu' khi đã so với văn bản đã ký; chỉ ngưỡng đã đối chiếu (hoặc ngưỡng minh họa) mới được đánh giá tự động.",
        "Một ngưỡng không thể vừa 'Đã đối chiếu' vừa là 'Ngưỡng minh họa'.",
        "Cột 'Phiên bản' và 'Tên chỉ tiêu (chỉ để đọc)' không sửa: phiên bản giúp phát hiện ngưỡng đã bị người khác sửa sau khi xuất tệp.",
        "Ô bắt đầu bằng = + - @ được ghi kèm dấu ' ở đầu để không bị chạy như công thức; khi nhập, dấu ' đó được bỏ.",
        "Áp dụng cho (mã): " + "; ".join(f"{code} = {label}" for code, label in keys.items()),
        "Kiểu dữ liệu: " + "; ".join(str(label) for _, label in IndicatorKind.choices),
        "Cách so sánh: " + "; ".join(str(label) for _, label in Comparison.choices),
    ]
    for row, line in enumerate(lines, start=1):
        ws.cell(row=row, column=1, value=escape_cell(line))
