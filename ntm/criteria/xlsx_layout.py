"""The layout of a criteria-set workbook, shared by export and import, and the cell escaping
that keeps a spreadsheet from running text as a formula."""

from __future__ import annotations

from ntm.core.xlsx import FORMULA_STARTS, escape_cell, unescape_cell

__all__ = ["FORMULA_STARTS", "escape_cell", "unescape_cell"]

SHEET_SET = "Bộ tiêu chí"
SHEET_LEGAL = "Căn cứ pháp lý"
SHEET_CRITERIA = "Tiêu chí"
SHEET_INDICATORS = "Chỉ tiêu"
SHEET_TARGETS = "Ngưỡng"
SHEET_HELP = "Hướng dẫn"
REQUIRED_SHEETS = [SHEET_SET, SHEET_LEGAL, SHEET_CRITERIA, SHEET_INDICATORS, SHEET_TARGETS]

YES, NO = "Có", "Không"
CHOICE_SEPARATOR = ";"

# (header, name). The "Bộ tiêu chí" sheet is two columns: Trường | Giá trị, one row per field.
SET_HEADER = [("Trường", "label"), ("Giá trị", "value")]
SET_FIELDS = [
    ("Mã bộ tiêu chí", "code"),
    ("Tên bộ tiêu chí", "name"),
    ("Tên ngắn", "short_name"),
    ("Cấp áp dụng", "level"),
    ("Giai đoạn", "period"),
    ("Chương trình (mã)", "programme"),
    ("Bộ tiêu chí của tỉnh", "is_provincial"),
    ("Bổ sung/điều chỉnh bộ tiêu chí (mã)", "extends"),
    ("Ngưỡng phân theo", "target_keys"),
    ("Hiệu lực từ", "effective_from"),
    ("Hiệu lực đến", "effective_to"),
    ("Tình trạng", "status_note"),
    ("Mức đầy đủ của dữ liệu", "completeness_note"),
    ("Quy tắc áp dụng, điều kiện", "rules_note"),
    ("Tệp dữ liệu nguồn", "source_file"),
]
LEGAL_COLUMNS = [
    ("Số, ký hiệu văn bản", "document"),
    ("Ngày ban hành", "date"),
    ("Cơ quan ban hành", "issuer"),
    ("Trích yếu", "title"),
    ("Phần (phụ lục)", "part"),
    ("Đã đối chiếu văn bản gốc", "verified"),
    ("Ghi chú", "note"),
    ("Thứ tự", "order"),
]
CRITERIA_COLUMNS = [
    ("Số thứ tự", "number"),
    ("Tên tiêu chí", "name"),
    ("Tên đã đối chiếu", "name_verified"),
    ("Mã nhóm", "group_code"),
    ("Tên nhóm", "group_name"),
    ("Ngành phụ trách", "sector"),
    ("Ngành đã đối chiếu", "sector_verified"),
    ("Ghi chú", "note"),
]
INDICATOR_COLUMNS = [
    ("Mã chỉ tiêu", "code"),
    ("Tiêu chí số", "criterion"),
    ("Tên chỉ tiêu", "name"),
    ("Tên đã đối chiếu", "name_verified"),
    ("Đơn vị tính", "unit_label"),
    ("Kiểu dữ liệu", "kind"),
    ("Cách so sánh", "comparison"),
    ("Các mức được chọn (cách nhau bởi ;)", "choices"),
    ("Minh chứng cần có", "required_evidence"),
    ("Chỉ tiêu minh họa", "is_illustrative"),
    ("Ghi chú", "note"),
    ("Thứ tự", "order"),
]
TARGET_COLUMNS = [
    ("Mã chỉ tiêu", "indicator"),
    ("Áp dụng cho", "key"),
    ("Năm", "year"),
    ("Yêu cầu theo văn bản", "legal_text"),
    ("Ngưỡng số", "value"),
    ("Đã đối chiếu", "verified"),
    ("Ngưỡng minh họa", "is_illustrative"),
    ("Nguồn", "source"),
    ("Ghi chú", "note"),
    ("Mức yêu cầu", "value_choice"),
    ("Phiên bản (không sửa)", "version"),
    ("Tên chỉ tiêu (chỉ để đọc)", "indicator_name"),
]
COLUMNS = {
    SHEET_SET: SET_HEADER,
    SHEET_LEGAL: LEGAL_COLUMNS,
    SHEET_CRITERIA: CRITERIA_COLUMNS,
    SHEET_INDICATORS: INDICATOR_COLUMNS,
    SHEET_TARGETS: TARGET_COLUMNS,
}

# Text a spreadsheet would run is written with a leading apostrophe that import removes again;
# the rule lives in ntm.core.xlsx (one writer for every export).


def column_of(columns: list[tuple[str, str]], name: str) -> int:
    """1-based column number of field ``name``."""
    return next(i for i, (_, field) in enumerate(columns, start=1) if field == name)
