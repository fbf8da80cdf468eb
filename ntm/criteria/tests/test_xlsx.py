"""XLSX export and import: round trip, audit, all-or-nothing errors, formula escaping, speed."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from ntm.criteria.loader import DATA_DIR, load_set_file, load_shipped_sets
from ntm.criteria.models import CriteriaSet, Criterion, Indicator, LegalBasis, Target
from ntm.criteria.xlsx_export import export_set_xlsx
from ntm.criteria.xlsx_import import ImportResult, import_set_xlsx
from ntm.criteria.xlsx_layout import (
    SHEET_CRITERIA,
    SHEET_INDICATORS,
    SHEET_LEGAL,
    SHEET_SET,
    SHEET_TARGETS,
)

NATIONAL = "XA_NTM_2021_2025"


def workbook(code: str = NATIONAL) -> Workbook:
    return load_workbook(io.BytesIO(export_set_xlsx(CriteriaSet.objects.get(code=code))))


def run_import(wb: Workbook, user: Any, name: str = "bo-tieu-chi.xlsx") -> ImportResult:
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return import_set_xlsx(buffer, user=user, filename=name)


def find_row(ws: Any, code: str, key: str = "chung", year: int | None = None) -> int:
    for row in range(2, ws.max_row + 1):
        if (ws.cell(row, 1).value, ws.cell(row, 2).value, ws.cell(row, 3).value) == (
            code,
            key,
            year,
        ):
            return row
    raise AssertionError(f"no row {code} {key} {year}")


def snapshot() -> dict[str, Any]:
    targets = Target.objects.order_by("pk").values_list(
        "pk",
        "legal_text",
        "value",
        "value_choice",
        "verified",
        "is_illustrative",
        "source",
        "note",
        "version",
    )
    return {
        "sets": list(CriteriaSet.objects.order_by("pk").values_list("pk", "name", "version")),
        "legal": LegalBasis.objects.count(),
        "criteria": list(Criterion.objects.order_by("pk").values_list("pk", "name")),
        "indicators": list(Indicator.objects.order_by("pk").values_list("pk", "name", "kind")),
        "targets": list(targets),
        "history": sum(
            m.history.count() for m in (CriteriaSet, LegalBasis, Criterion, Indicator, Target)
        ),  # type: ignore[attr-defined]
    }


@pytest.fixture
def loaded(world: Any) -> Any:
    """Every shipped set."""
    load_shipped_sets()
    return world


@pytest.fixture
def national(world: Any) -> Any:
    """Only the national 2021–2025 set (faster, enough for the broken-file cases)."""
    load_set_file(DATA_DIR / "sets" / "xa-ntm-2021-2025.yaml")
    return world


def test_round_trip_applies_one_change_and_audits_it_with_the_user(loaded: Any) -> None:
    before = Target.objects.get(
        indicator__code="3.1", indicator__criterion__criteria_set__code=NATIONAL
    )
    history_before = snapshot()["history"]
    wb = workbook()
    ws = wb[SHEET_TARGETS]
    row = find_row(ws, "3.1")
    assert ws.cell(row, 5).value == 80
    ws.cell(row, 5).value = 85
    ws.cell(row, 4).value = "≥ 85%"

    result = run_import(wb, loaded.officer, "sua-3-1.xlsx")

    assert result.ok, [str(e) for e in result.errors]
    after = Target.objects.get(pk=before.pk)
    assert (after.value, after.legal_text) == (Decimal(85), "≥ 85%")
    assert after.version == before.version + 1
    assert result.counts[SHEET_TARGETS].updated == 1
    assert (
        result.counts[SHEET_TARGETS].unchanged
        == Target.objects.filter(indicator__criterion__criteria_set__code=NATIONAL).count() - 1
    )
    assert result.counts[SHEET_INDICATORS].updated == 0
    assert any("Ngưỡng 3.1 – chung: Ngưỡng số: 80 → 85" in line for line in result.changes)
    assert snapshot()["history"] == history_before + 1
    record = after.history.order_by("-history_date", "-history_id").first()  # type: ignore[attr-defined]
    assert record.history_user == loaded.officer
    assert record.history_change_reason == "Nhập từ tệp Excel sua-3-1.xlsx"

    # The loader now keeps the imported value: a person decided it.
    load_shipped_sets()
    assert Target.objects.get(pk=before.pk).value == Decimal(85)


def test_reimporting_an_unchanged_export_changes_nothing(loaded: Any) -> None:
    for code in CriteriaSet.objects.values_list("code", flat=True):
        before = snapshot()
        result = run_import(workbook(code), loaded.officer)
        assert result.ok, [str(e) for e in result.errors]
        assert result.total_changes == 0, result.changes
        assert snapshot() == before


def test_import_adds_targets_and_creates_a_new_set(loaded: Any) -> None:
    wb = workbook()
    ws = wb[SHEET_TARGETS]
    ws.append(
        [
            "10",
            "DNB",
            2024,
            "≥ 60 triệu đồng/người/năm",
            60,
            "Có",
            "Không",
            "QĐ tỉnh (thử)",
            "",
            "",
            None,
            "",
        ]
    )
    result = run_import(wb, loaded.officer)
    assert result.ok, [str(e) for e in result.errors]
    created = Target.objects.get(
        indicator__code="10",
        indicator__criterion__criteria_set__code=NATIONAL,
        key="DNB",
        year=2024,
    )
    assert created.verified and created.value == Decimal(60)
    assert created.history.get().history_user == loaded.officer  # type: ignore[attr-defined]

    wb = workbook("XA_NTM_KIEU_MAU_2021_2025")
    ws = wb[SHEET_SET]
    ws.cell(2, 2).value = "XA_NTM_KIEU_MAU_DONG_NAI_THU"
    ws.cell(3, 2).value = "Bộ tiêu chí thử của tỉnh"
    result = run_import(wb, loaded.admin)
    assert result.ok and result.set_created, [str(e) for e in result.errors]
    new = CriteriaSet.objects.get(code="XA_NTM_KIEU_MAU_DONG_NAI_THU")
    assert new.criteria.count() == 4
    assert Target.objects.filter(indicator__criterion__criteria_set=new).count() == 4
    assert new.history.get().history_user == loaded.admin  # type: ignore[attr-defined]


def _targets(wb: Workbook) -> Any:
    return wb[SHEET_TARGETS]


def break_number(wb: Workbook) -> tuple[str, int, str]:
    ws = _targets(wb)
    row = find_row(ws, "3.1")
    ws.cell(row, 5).value = "tám mươi"
    return SHEET_TARGETS, row, "E"


def break_unknown_code(wb: Workbook) -> tuple[str, int, str]:
    ws = _targets(wb)
    row = find_row(ws, "3.1")
    ws.cell(row, 1).value = "3.9"
    return SHEET_TARGETS, row, "A"


def break_duplicate_key(wb: Workbook) -> tuple[str, int, str]:
    ws = _targets(wb)
    row = find_row(ws, "3.1")
    ws.append([ws.cell(row, c).value for c in range(1, 13)])
    return SHEET_TARGETS, ws.max_row, "A"


def break_flag(wb: Workbook) -> tuple[str, int, str]:
    ws = _targets(wb)
    row = find_row(ws, "3.2")
    ws.cell(row, 6).value = "có lẽ"
    return SHEET_TARGETS, row, "F"


def break_key(wb: Workbook) -> tuple[str, int, str]:
    ws = _targets(wb)
    row = find_row(ws, "3.1")
    ws.cell(row, 2).value = "MIEN_TAY"
    return SHEET_TARGETS, row, "B"


def break_year(wb: Workbook) -> tuple[str, int, str]:
    ws = _targets(wb)
    row = find_row(ws, "10", "chung", 2024)
    ws.cell(row, 3).value = "hai nghìn"
    return SHEET_TARGETS, row, "C"


def break_both_flags(wb: Workbook) -> tuple[str, int, str]:
    ws = _targets(wb)
    row = find_row(ws, "3.1")
    ws.cell(row, 7).value = "Có"
    return SHEET_TARGETS, row, "G"


def break_duplicate_indicator(wb: Workbook) -> tuple[str, int, str]:
    ws = wb[SHEET_INDICATORS]
    ws.cell(3, 1).value = ws.cell(2, 1).value
    return SHEET_INDICATORS, 3, "A"


def break_unknown_criterion(wb: Workbook) -> tuple[str, int, str]:
    ws = wb[SHEET_INDICATORS]
    ws.cell(2, 2).value = 42
    return SHEET_INDICATORS, 2, "B"


def break_duplicate_criterion(wb: Workbook) -> tuple[str, int, str]:
    ws = wb[SHEET_CRITERIA]
    ws.cell(3, 1).value = ws.cell(2, 1).value
    return SHEET_CRITERIA, 3, "A"


def break_kind(wb: Workbook) -> tuple[str, int, str]:
    ws = wb[SHEET_INDICATORS]
    ws.cell(2, 6).value = "phần trăm"
    return SHEET_INDICATORS, 2, "F"


def break_legal_date(wb: Workbook) -> tuple[str, int, str]:
    ws = wb[SHEET_LEGAL]
    ws.cell(2, 2).value = "mùng 8 tháng 3"
    return SHEET_LEGAL, 2, "B"


def break_header(wb: Workbook) -> tuple[str, int, str]:
    ws = _targets(wb)
    ws.cell(1, 5).value = "Giá trị"
    return SHEET_TARGETS, 1, "E"


def break_version(wb: Workbook) -> tuple[str, int, str]:
    ws = _targets(wb)
    row = find_row(ws, "3.1")
    ws.cell(row, 11).value = 7
    return SHEET_TARGETS, row, "K"


BROKEN: dict[str, Callable[[Workbook], tuple[str, int, str]]] = {
    "text in a number column": break_number,
    "unknown indicator code": break_unknown_code,
    "duplicate key": break_duplicate_key,
    "bad verified flag": break_flag,
    "key not of this set": break_key,
    "text in the year column": break_year,
    "verified and illustrative": break_both_flags,
    "duplicate indicator code": break_duplicate_indicator,
    "unknown criterion": break_unknown_criterion,
    "duplicate criterion number": break_duplicate_criterion,
    "unknown kind": break_kind,
    "bad date": break_legal_date,
    "renamed column": break_header,
    "stale version": break_version,
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_file_changes_nothing_and_says_where(case: str, national: Any) -> None:
    wb = workbook()
    # A good change in the same file must not be applied either.
    ws = _targets(wb)
    ws.cell(find_row(ws, "3.2"), 4).value = "Đạt (đã sửa)"
    sheet, row, column = BROKEN[case](wb)
    before = snapshot()
    result = run_import(wb, national.officer)
    assert not result.ok
    assert snapshot() == before
    where = [(e.sheet, e.row, e.column) for e in result.errors]
    assert (sheet, row, column) in where, [str(e) for e in result.errors]
    for error in result.errors:
        assert str(error).startswith(f"Sheet '{error.sheet}'")


def test_the_number_error_reads_as_specified(national: Any) -> None:
    wb = workbook()
    _, row, _ = break_number(wb)
    result = run_import(wb, national.officer)
    assert f"Sheet 'Ngưỡng', dòng {row}, cột E: 'tám mươi' không phải là số." in [
        str(e) for e in result.errors
    ]


def test_every_error_is_listed_at_once(national: Any) -> None:
    wb = workbook()
    expected = {
        f(wb)
        for f in (break_number, break_flag, break_year, break_duplicate_indicator, break_legal_date)
    }
    result = run_import(wb, national.officer)
    assert expected <= {(e.sheet, e.row, e.column) for e in result.errors}


def test_a_missing_sheet_changes_nothing(national: Any) -> None:
    wb = workbook()
    wb.remove(wb[SHEET_INDICATORS])
    before = snapshot()
    result = run_import(wb, national.officer)
    assert [str(e) for e in result.errors] == [
        "Sheet 'Chỉ tiêu': thiếu sheet 'Chỉ tiêu' trong tệp."
    ]
    assert snapshot() == before


def test_a_file_that_is_not_excel_is_refused(national: Any) -> None:
    result = import_set_xlsx(io.BytesIO(b"<html>not a workbook</html>"), user=national.officer)
    assert not result.ok
    assert "không đọc được tệp Excel" in str(result.errors[0])


def test_a_zip_bomb_is_refused_before_parsing(national: Any, monkeypatch: Any) -> None:
    from ntm.criteria import xlsx_import

    monkeypatch.setattr(xlsx_import, "MAX_UNPACKED_BYTES", 10_000)
    before = snapshot()
    result = run_import(workbook(), national.officer)
    assert not result.ok and "quá giới hạn" in str(result.errors[0])
    assert snapshot() == before


def test_formulas_are_escaped_on_export_and_restored_on_import(national: Any) -> None:
    row = Target.objects.get(
        indicator__code="3.1", indicator__criterion__criteria_set__code=NATIONAL
    )
    dangerous = {
        "legal_text": '=HYPERLINK("http://example.invalid","bấm vào")',
        "source": "+cmd|' /C calc'!A0",
        "note": "-2+3",
        "value_choice": "@SUM(1,2)",
    }
    Target.objects.filter(pk=row.pk).update(**dangerous)
    Indicator.objects.filter(pk=row.indicator_id).update(name="=1+1 tên chỉ tiêu")
    wb = workbook()
    ws = _targets(wb)
    r = find_row(ws, "3.1")
    for column in (4, 8, 9, 10, 12):
        cell = ws.cell(r, column)
        assert cell.data_type == "s", (column, cell.value)
        assert cell.value.startswith("'")
    for sheet in wb.worksheets:
        for cells in sheet.iter_rows():
            for cell in cells:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    before = snapshot()
    result = run_import(wb, national.officer)
    assert result.ok and result.total_changes == 0, result.changes
    assert snapshot() == before
    row.refresh_from_db()
    assert row.legal_text == dangerous["legal_text"] and row.source == dangerous["source"]


def test_ten_thousand_rows_import_without_per_row_queries(national: Any) -> None:
    wb = workbook()
    ws = _targets(wb)
    codes = list(
        Indicator.objects.filter(criterion__criteria_set__code=NATIONAL).values_list(
            "code", flat=True
        )
    )
    regions = ["TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL"]
    added = 0
    for year in range(1990, 2100):
        for code in codes:
            for key in regions:
                if added == 10_000:
                    break
                ws.append(
                    [
                        code,
                        key,
                        year,
                        f"≥ {year % 100}%",
                        year % 100,
                        "Không",
                        "Không",
                        "thử",
                        "",
                        "",
                        None,
                        "",
                    ]
                )
                added += 1
    assert added == 10_000
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    with CaptureQueriesContext(connection) as queries:
        result = import_set_xlsx(buffer, user=national.officer, filename="lon.xlsx")
    assert result.ok, [str(e) for e in result.errors[:5]]
    assert result.counts[SHEET_TARGETS].created == 10_000
    # Batched inserts only (SQLite binds at most 999 parameters per statement): far below one
    # query per row.
    assert len(queries) < 600, len(queries)
    # Its time is a benchmark figure (make bench: "Nhập XLSX 10.000 ngưỡng"), not a test.
    assert (
        Target.history.filter(history_change_reason="Nhập từ tệp Excel lon.xlsx").count() == 10_000
    )  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("1.200", Decimal(1200)), ("82,5", Decimal("82.5")), ("82,5 %", Decimal("82.5"))],
)
def test_a_number_typed_as_text_in_a_cell_is_read_as_in_a_form(
    typed: str, stored: Decimal, loaded: Any
) -> None:
    wb = workbook()
    ws = _targets(wb)
    row = find_row(ws, "3.1")
    ws.cell(row, 5).value = typed
    result = run_import(wb, loaded.officer)
    assert result.ok, [str(e) for e in result.errors]
    assert (
        Target.objects.get(
            indicator__code="3.1", indicator__criterion__criteria_set__code=NATIONAL
        ).value
        == stored
    )


@pytest.mark.parametrize(("typed", "hint"), [("1,200.5", "1.200,5"), ("1.5", "1,5")])
def test_an_ambiguous_number_in_a_cell_is_refused_with_how_to_type_it(
    typed: str, hint: str, loaded: Any
) -> None:
    wb = workbook()
    ws = _targets(wb)
    row = find_row(ws, "3.1")
    ws.cell(row, 5).value = typed
    before = snapshot()
    result = run_import(wb, loaded.officer)
    assert not result.ok
    assert snapshot() == before
    assert any(f"cột E: '{typed}'" in str(e) and hint in str(e) for e in result.errors)
