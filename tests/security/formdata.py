"""Turning the form a GET rendered into the POST data a browser would send back unchanged."""

from __future__ import annotations

from typing import Any

from django import forms

from ntm.core.forms import VNDecimalField


def page_form(response: Any, *, want: str | None = None) -> forms.BaseForm:
    """The form the page rendered (the first one with field ``want`` when given)."""
    for context in response.context or []:
        for value in context.flatten().values():
            if isinstance(value, forms.BaseForm) and (want is None or want in value.fields):
                return value
    raise AssertionError(
        f"no form{' with ' + want if want else ''} on {response.request['PATH_INFO']}"
    )


def form_data(form: forms.BaseForm) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for bound in form:
        widget = bound.field.widget
        if isinstance(bound.field, forms.FileField):
            continue
        value = bound.value()
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(widget, forms.SelectMultiple | forms.CheckboxSelectMultiple):
            data[bound.html_name] = [str(v) for v in (value or [])]
            continue
        if value is None:
            data[bound.html_name] = ""
            continue
        if isinstance(widget, forms.MultiWidget):
            parts = widget.decompress(value) if not isinstance(value, list) else value
            for index, part in enumerate(parts):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
            continue
        if isinstance(widget, forms.Select):
            data[bound.html_name] = str(getattr(value, "pk", value))
            continue
        formatted = widget.format_value(value)
        data[bound.html_name] = "" if formatted is None else str(formatted)
    return data


def page_errors(response: Any) -> str:
    """Form errors on a rendered page, for assertion messages."""
    found = []
    for context in response.context or []:
        for value in context.flatten().values():
            if isinstance(value, forms.BaseForm) and value.is_bound and value.errors:
                found.append(value.errors.as_text())
    return "; ".join(found) or "(no form errors)"


def fill_required(form: forms.BaseForm, data: dict[str, Any]) -> None:
    """Fill the required fields still empty in ``data`` with something a person would type."""
    for bound in form:
        field = bound.field
        if not field.required or data.get(bound.html_name) not in (None, "", []):
            continue
        if isinstance(field, forms.FileField):
            continue
        choices = getattr(field, "choices", None)
        if choices is not None:
            values = [str(getattr(v, "value", v)) for v, _ in choices if str(v)]
            if values:
                data[bound.html_name] = (
                    [values[0]] if isinstance(field, forms.MultipleChoiceField) else values[0]
                )
        elif isinstance(field, forms.BooleanField):
            data[bound.html_name] = "on"
        elif isinstance(field, forms.DateField):
            data[bound.html_name] = "15/10/2024"
        elif isinstance(
            field, forms.IntegerField | forms.DecimalField | forms.FloatField | VNDecimalField
        ):
            data[bound.html_name] = "1"
        elif isinstance(field, forms.URLField):
            data[bound.html_name] = "https://example.org/"
        elif isinstance(field, forms.EmailField):
            data[bound.html_name] = "a@example.org"
        elif isinstance(field, forms.CharField):
            data[bound.html_name] = "Thử nhập liệu"
