"""Django's stock ``vi`` locale is wrong in two ways that lose data; our format module fixes them."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.template import Context, Template
from django.utils import formats


class DateForm(forms.Form):
    day = forms.DateField()
    amount = forms.DecimalField(localize=True)


def test_day_first_date_input() -> None:
    form = DateForm(data={"day": "08/04/2024", "amount": "1"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2024, 4, 8)


def test_day_above_twelve_is_accepted_not_rejected() -> None:
    form = DateForm(data={"day": "25/04/2024", "amount": "1"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2024, 4, 25)


def test_localized_decimal_input_reads_vietnamese_separators() -> None:
    form = DateForm(data={"day": "01/01/2024", "amount": "1.234.567,5"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("1234567.5")


def test_numbers_render_grouped() -> None:
    assert formats.number_format(1234567, use_l10n=True, force_grouping=False) == "1.234.567"
    assert Template("{{ v }}").render(Context({"v": Decimal("1234567.25")})) == "1.234.567,25"


def test_dates_render_day_first() -> None:
    assert (
        Template("{{ d|date:'SHORT_DATE_FORMAT' }}").render(Context({"d": dt.date(2024, 4, 8)}))
        == "08/04/2024"
    )
    assert Template("{{ d|ngay_dai:'Tân Lợi' }}").render(Context({"d": dt.date(2024, 4, 8)})) == (
        "Tân Lợi, ngày 08 tháng 4 năm 2024"
    )
