"""Number fields: typed text read once, shown again as typed, and no number input anywhere."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from decimal import Decimal

from django import forms

import ntm
from ntm.core.forms import (
    VNDecimalField,
    VNIntegerField,
    VNMoneyField,
    VNPercentField,
    VNPlainIntegerField,
    VNWholePercentField,
)


class AmountsForm(forms.Form):
    value = VNDecimalField(required=False, max_digits=18, decimal_places=4)
    money = VNMoneyField(required=False)
    count = VNIntegerField(required=False)
    share = VNPercentField(required=False)
    progress = VNWholePercentField(required=False)
    year = VNPlainIntegerField(required=False, min_value=2000, max_value=2100)


def test_vietnamese_input_is_stored_as_meant() -> None:
    form = AmountsForm(
        data={
            "value": "1.200,5",
            "money": "2.500.000",
            "count": "1 200",
            "share": "12 %",
            "progress": "80%",
            "year": "2024",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "value": Decimal("1200.5"),
        "money": 2500000,
        "count": 1200,
        "share": Decimal(12),
        "progress": 80,
        "year": 2024,
    }
    assert isinstance(form.cleaned_data["money"], int)


def test_refused_input_is_shown_again_exactly_as_typed_with_a_vietnamese_message() -> None:
    form = AmountsForm(data={"value": "1,200.5", "money": "1,5", "share": "120", "year": "2.024"})
    assert not form.is_valid()
    assert "1.200,5" in form.errors["value"][0]
    assert "đồng" in form.errors["money"][0]
    assert form.errors["share"] == ["Lớn nhất là 100."]
    assert "2024" in form.errors["year"][0]
    html = str(form["value"])
    assert 'value="1,200.5"' in html
    assert 'value="1,5"' in str(form["money"])


def test_stored_values_are_shown_vietnamese_style_and_read_back_unchanged() -> None:
    initial = {
        "value": Decimal("1200.1250"),
        "money": 1000,
        "count": 1200,
        "share": Decimal("82.5000"),
        "year": 2024,
    }
    form = AmountsForm(initial=initial)
    assert 'value="1.200,125"' in str(form["value"])
    assert 'value="1.000"' in str(form["money"])
    assert 'value="2024"' in str(form["year"])
    shown = {name: form[name].value() for name in initial}
    rendered = {name: form.fields[name].widget.format_value(v) for name, v in shown.items()}
    again = AmountsForm(data=rendered)
    assert again.is_valid(), again.errors
    for name, value in initial.items():
        assert again.cleaned_data[name] == value


def test_inputs_are_text_with_an_input_mode_never_type_number() -> None:
    form = AmountsForm()
    for name in form.fields:
        html = str(form[name])
        assert 'type="text"' in html
        assert 'type="number"' not in html
        assert "inputmode=" in html


def _app_forms() -> list[type[forms.BaseForm]]:
    found = []
    for module_info in pkgutil.walk_packages(ntm.__path__, "ntm."):
        name = module_info.name
        if ".tests" in name or ".migrations" in name or not name.endswith("forms"):
            continue
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def test_every_number_field_of_every_form_reads_vietnamese_input() -> None:
    forms_found = _app_forms()
    assert len(forms_found) > 20
    django_number_fields = (forms.IntegerField, forms.DecimalField, forms.FloatField)
    escaped = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in forms_found
        for name, field in form.base_fields.items()
        if (
            isinstance(field, django_number_fields)
            and not isinstance(field.widget, forms.HiddenInput)
        )
        or isinstance(field.widget, forms.NumberInput)
    ]
    assert escaped == []
    money = [
        name
        for form in forms_found
        for name, field in form.base_fields.items()
        if isinstance(field, VNMoneyField)
    ]
    assert {"planned", "realised", "amount", "budget_central"} <= set(money)
