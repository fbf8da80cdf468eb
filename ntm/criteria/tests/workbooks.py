"""A small criteria-set workbook in the import layout, built cell by cell so tests can put any
value (formula, number, date, boolean, hostile text) into any cell."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from ntm.criteria.xlsx_layout import COLUMNS, SET_FIELDS, SHEET_SET, column_of

SET_VALUES: dict[str, Any] = {
    "code": "NHAP-THU-DOC-HAI",
    "name": "Bộ tiêu chí nhập thử (dữ liệu tổng hợp)",
    "short_name": "Nhập thử",
    "level": "Cấp xã",
    "period": "2021-2025",
    "is_provincial": "Không",
    "target_keys": "Chung (không phân theo vùng, nhóm)",
    "status_note": "Thử nhập tệp có ô độc hại",
}


def base_rows(code: str = SET_VALUES["code"]) -> dict[str, list[dict[str, Any]]]:
    """Rows per sheet, as {field name: value}; the set sheet is one row per field."""
    values = dict(SET_VALUES, code=code)
    return {
        SHEET_SET: [{"label": label, "value": values.get(name, "")} for label, name in SET_FIELDS],
        "Căn cứ pháp lý": [
            {"document": "318/QĐ-TTg", "issuer": "Thủ tướng Chính phủ", "verified": "Có"},
            {"document": "319/QĐ-TTg", "issuer": "Thủ tướng Chính phủ", "order": 2},
        ],
        "Tiêu chí": [
            {"number": 1, "name": "Quy hoạch", "name_verified": "Có", "note": "Ghi chú"},
            {"number": 2, "name": "Giao thông", "group_code": "HT", "group_name": "Hạ tầng"},
        ],
        "Chỉ tiêu": [
            {
                "code": "1.1",
                "criterion": 1,
                "name": "Có quy hoạch chung xây dựng xã",
                "kind": "Đạt/Không (có/không)",
                # As exported: a leading apostrophe keeps a spreadsheet from taking "=" for a
                # formula (the import removes it again).
                "comparison": "'= (đúng bằng / đúng mức)",
                "order": 1,
            },
            {
                "code": "2.1",
                "criterion": 2,
                "name": "Tỷ lệ đường xã được nhựa hóa",
                "unit_label": "%",
                "kind": "Tỷ lệ (tử số/mẫu số)",
                "comparison": "≥ (từ … trở lên)",
                "order": 1,
            },
        ],
        "Ngưỡng": [
            {"indicator": "1.1", "key": "chung", "legal_text": "Đạt", "value_choice": ""},
            {
                "indicator": "2.1",
                "key": "chung",
                "year": 2024,
                "legal_text": "≥ 80%",
                "value": 80,
                "source": "Phụ lục I",
                "is_illustrative": "Có",
            },
        ],
    }


def build(
    rows: dict[str, list[dict[str, Any]]], *, formulas_as_text: bool = False
) -> tuple[bytes, dict[tuple[str, int, str], str]]:
    """The workbook as bytes, and for every cell its coordinate ``(sheet, row, letter)``.

    A string starting with "=" becomes a real formula cell (as a person typing it in Excel
    makes), unless ``formulas_as_text``."""
    wb = Workbook()
    wb.remove(wb.active)
    where: dict[tuple[str, int, str], str] = {}
    for sheet, records in rows.items():
        ws = wb.create_sheet(sheet)
        columns = COLUMNS[sheet]
        ws.append([header for header, _ in columns])
        for number, record in enumerate(records, start=2):
            for name, value in record.items():
                cell = ws.cell(number, column_of(columns, name))
                cell.value = value
                if formulas_as_text and isinstance(value, str):
                    cell.data_type = "s"
                where[(sheet, number, name)] = cell.column_letter
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), where
