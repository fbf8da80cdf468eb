import datetime as dt
import unicodedata
from decimal import Decimal

import pytest

from ntm.core.numbers import format_money, format_number, format_percent, long_date
from ntm.core.text import normalize, person_sort_key, search_key, sort_key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Ấp An Lợi", "ap an loi"),
        ("AN LỢI", "an loi"),
        ("Đinh Quốc Duy", "dinh quoc duy"),
        ("  Sóc   Bưng Chàm ", "soc bung cham"),
        ("hoà", "hoa"),
        ("hòa", "hoa"),
        ("Uỷ ban", "uy ban"),
        (unicodedata.normalize("NFD", "Lợi"), "loi"),
        ("", ""),
    ],
)
def test_search_key_ignores_diacritics_case_and_spacing(text: str, key: str) -> None:
    assert search_key(text) == key


def test_normalize_makes_decomposed_and_precomposed_equal() -> None:
    decomposed = unicodedata.normalize("NFD", "Lợi")
    assert len(decomposed) == 5
    assert normalize(decomposed) == "Lợi"
    assert len(normalize(decomposed)) == 3


def test_normalize_strips_control_characters_but_keeps_newlines() -> None:
    assert normalize("An\x00 Lợi\x07\nDòng 2") == "An Lợi\nDòng 2"


def test_vietnamese_alphabetical_order() -> None:
    words = ["Đông", "Dung", "Ân", "An", "Ă", "Bình", "Ơn", "Ôn", "On", "Uy", "Ưu"]
    assert sorted(words, key=sort_key) == [
        "An",
        "Ă",
        "Ân",
        "Bình",
        "Dung",
        "Đông",
        "On",
        "Ôn",
        "Ơn",
        "Uy",
        "Ưu",
    ]


def test_tones_order_after_letters() -> None:
    words = ["má", "ma", "mạ", "mà", "mả", "mã"]
    assert sorted(words, key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_people_sort_by_given_name_first() -> None:
    names = ["Trần Thị Mai", "Nguyễn Văn An", "Đinh Quốc Duy", "Lê Văn Tâm"]
    assert sorted(names, key=person_sort_key) == [
        "Nguyễn Văn An",
        "Đinh Quốc Duy",
        "Trần Thị Mai",
        "Lê Văn Tâm",
    ]


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1234567, None, "1.234.567"),
        (Decimal("1234567.5"), None, "1.234.567,5"),
        (Decimal("1234567.25"), 2, "1.234.567,25"),
        (0, None, "0"),
        (-1500, None, "-1.500"),
        (Decimal("82.5"), 1, "82,5"),
        (999, None, "999"),
        (1000, None, "1.000"),
    ],
)
def test_numbers_group_with_dots_and_decimals_with_comma(value, decimals, text) -> None:
    assert format_number(value, decimals) == text


def test_money_and_percent() -> None:
    assert format_money(1_250_000_000) == "1.250.000.000 đồng"
    assert format_percent(Decimal("85.5")) == "85,5%"
    assert format_percent(Decimal("95")) == "95%"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2024, 4, 8), "Tân Lợi, ngày 08 tháng 4 năm 2024"),
        (dt.date(2024, 1, 5), "Tân Lợi, ngày 05 tháng 01 năm 2024"),
        (dt.date(2024, 2, 29), "Tân Lợi, ngày 29 tháng 02 năm 2024"),
        (dt.date(2024, 3, 1), "Tân Lợi, ngày 01 tháng 3 năm 2024"),
        (dt.date(2024, 12, 10), "Tân Lợi, ngày 10 tháng 12 năm 2024"),
    ],
)
def test_long_date_leading_zero_for_days_below_10_and_months_1_2(day, text) -> None:
    assert long_date(day, "Tân Lợi") == text
