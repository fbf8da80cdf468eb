"""The one number reader: what officials type, what the app prints, what it refuses."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from ntm.core.numbers import (
    NumberError,
    format_exact,
    format_money,
    format_number,
    format_percent,
    parse_number,
)

# Numbers the app prints: up to 15 digits before the comma, up to 4 after, either sign.
decimals4 = st.decimals(
    min_value=Decimal("-999999999999999"),
    max_value=Decimal("999999999999999"),
    places=4,
    allow_nan=False,
    allow_infinity=False,
)
decimals2 = st.decimals(
    min_value=Decimal("-999999999999999"),
    max_value=Decimal("999999999999999"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
wholes = st.integers(min_value=0, max_value=10**15)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1.200", Decimal(1200)),
        ("1.200,5", Decimal("1200.5")),
        ("1,5", Decimal("1.5")),
        ("1 200", Decimal(1200)),
        ("1\u00a0200", Decimal(1200)),
        ("1\u202f200,25", Decimal("1200.25")),
        ("2.500.000", Decimal(2500000)),
        ("0,5", Decimal("0.5")),
        ("  82,5 ", Decimal("82.5")),
        ("-3,5", Decimal("-3.5")),
        ("\u22123", Decimal(-3)),
        ("1200", Decimal(1200)),
    ],
)
def test_vietnamese_input_is_read(typed: str, expected: Decimal) -> None:
    assert parse_number(typed) == expected


@pytest.mark.parametrize("typed", ["12%", "12 %", "12,5%", "12,5\u00a0%"])
def test_percent_sign_is_read_where_a_percentage_is_asked(typed: str) -> None:
    assert parse_number(typed, percent=True) == Decimal(typed.rstrip("%\u00a0 ").replace(",", "."))
    with pytest.raises(NumberError, match="%"):
        parse_number(typed)


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("1.5", "1,5"),  # a dot that does not group thousands
        ("1.20", "1,2"),
        ("82.5", "82,5"),
        ("1,200.5", "1.200,5"),  # English style
        ("1,200,000", "1.200.000"),
        ("12.34.567", "1.200"),
        ("1 20", "1.200"),
        ("01.200", "1.200"),
        ("abc", "1.200"),
        ("1,", "1.200"),
        ("1e5", "1.200"),
        ("١٢٣", "1.200"),  # digits of another script are not guessed either
    ],
)
def test_ambiguous_input_is_refused_with_an_example(typed: str, hint: str) -> None:
    with pytest.raises(NumberError) as refused:
        parse_number(typed)
    assert hint in str(refused.value)


def test_money_and_integers_refuse_decimals_and_say_how_to_type_thousands() -> None:
    assert parse_number("1.000", money=True) == 1000
    assert parse_number("2.500.000 đồng", money=True) == 2500000
    assert parse_number("2.500.000đ", money=True) == 2500000
    with pytest.raises(NumberError, match=r"1\.200"):
        parse_number("1,200", money=True)
    with pytest.raises(NumberError, match="số nguyên"):
        parse_number("3,5", integer=True)


def test_plain_integers_take_no_separator() -> None:
    assert parse_number("2024", grouping=False) == 2024
    with pytest.raises(NumberError, match="2024"):
        parse_number("2.024", grouping=False)


@given(decimals2)
def test_every_printed_number_reads_back(value: Decimal) -> None:
    assert parse_number(format_number(value)) == value


@given(decimals4)
def test_every_value_put_back_into_an_input_reads_back(value: Decimal) -> None:
    assert parse_number(format_exact(value)) == value


@given(wholes)
def test_every_printed_amount_of_money_reads_back(value: int) -> None:
    assert parse_number(format_money(value), money=True) == value
    assert parse_number(format_number(value, 0), integer=True) == value


@given(st.decimals(min_value=0, max_value=100, places=1))
def test_every_printed_percentage_reads_back(value: Decimal) -> None:
    assert parse_number(format_percent(value), percent=True) == value


@given(decimals2)
def test_the_template_filters_print_what_the_reader_reads(value: Decimal) -> None:
    printed = Template("{{ v|so }}|{{ v|phantram:2 }}").render(Context({"v": value}))
    number, percent = printed.split("|")
    assert parse_number(number) == value
    assert parse_number(percent, percent=True) == value


@given(decimals4, wholes)
def test_what_django_prints_in_templates_reads_back(value: Decimal, amount: int) -> None:
    printed = Template("{{ v }}|{{ n }}|{{ n|tien }}|{{ n|so:0 }}").render(
        Context({"v": value, "n": amount})
    )
    plain, whole, money, grouped = printed.split("|")
    assert parse_number(plain) == value
    assert parse_number(whole, integer=True) == amount
    assert parse_number(money, money=True) == amount
    assert parse_number(grouped, integer=True) == amount


@given(
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs",), whitelist_characters=".,  \u00a0%-0123456789"
        ),
        max_size=12,
    )
)
def test_any_text_is_read_or_refused_in_vietnamese_never_crashes(text: str) -> None:
    try:
        value = parse_number(text, percent=True)
    except NumberError as refused:
        assert str(refused)
    else:
        # Whatever is accepted prints back to something that reads the same.
        assert parse_number(format_exact(value)) == value


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_a_dot_before_three_digits_is_always_thousands(head: int, tail: int) -> None:
    assert parse_number(f"{head}.{tail:03d}") == head * 1000 + tail


@given(st.integers(min_value=0, max_value=999), st.integers(min_value=1, max_value=99))
def test_a_dot_before_one_or_two_digits_is_always_refused(head: int, tail: int) -> None:
    with pytest.raises(NumberError):
        parse_number(f"{head}.{tail}")
