"""Number fields that read what officials type ("1.200", "1,5", "12 %") with one parser.

Every number a person types goes through :func:`ntm.core.numbers.parse_number`. The inputs
are text inputs with ``inputmode`` (never ``type=number``, which the browser reads in its own
locale); a value that is refused is shown again exactly as typed, with a Vietnamese message
that says how to type it. :class:`VNModelForm` gives model forms these fields by default.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelFormMetaclass

from ntm.core.numbers import NumberError, format_exact, parse_number

# Keyword arguments that model fields hand to their form field and that ours do not use.
_IGNORED = ("step_size", "localize")


class VNNumberInput(forms.TextInput):
    """A text input for numbers: shows stored values Vietnamese style, typed text unchanged."""

    def __init__(self, attrs: dict[str, Any] | None = None, inputmode: str = "decimal") -> None:
        merged = {"inputmode": inputmode, "autocomplete": "off", "spellcheck": "false"}
        merged.update(attrs or {})
        super().__init__(merged)

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, bool):
            return super().format_value(value)
        if isinstance(value, int | Decimal):
            return format_exact(value)
        if isinstance(value, float):
            return format_exact(Decimal(str(value)))
        return super().format_value(value)


class VNPlainInput(VNNumberInput):
    """Years and codes: digits only, shown without grouping (2024, never 2.024)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, inputmode="numeric")

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return super().format_value(value)


class VNDecimalField(forms.Field):
    """A decimal typed the Vietnamese way: 1.200,5 — 1,5 — 1 200."""

    widget = VNNumberInput
    parse_options: ClassVar[dict[str, bool]] = {}
    default_error_messages = {"required": "Chưa nhập số."}
    default_min: ClassVar[Decimal | None] = None
    default_max: ClassVar[Decimal | None] = None
    inputmode = "decimal"

    def __init__(
        self,
        *,
        min_value: Any = None,
        max_value: Any = None,
        max_digits: int | None = None,
        decimal_places: int | None = None,
        **kwargs: Any,
    ) -> None:
        for name in _IGNORED:
            kwargs.pop(name, None)
        widget = kwargs.get("widget")
        kept = (VNNumberInput, forms.HiddenInput)
        if widget is None or (isinstance(widget, type) and not issubclass(widget, kept)):
            kwargs["widget"] = self.make_widget()
        elif not isinstance(widget, type) and not isinstance(widget, kept):
            kwargs["widget"] = self.make_widget(widget.attrs)
        self.min_value = Decimal(min_value) if min_value is not None else self.default_min
        self.max_value = Decimal(max_value) if max_value is not None else self.default_max
        self.max_digits = max_digits
        self.decimal_places = decimal_places
        super().__init__(**kwargs)

    def make_widget(self, attrs: dict[str, Any] | None = None) -> forms.Widget:
        clean = {k: v for k, v in (attrs or {}).items() if k not in ("type", "min", "max", "step")}
        return VNNumberInput(clean, inputmode=self.inputmode)

    def parse(self, text: str) -> Decimal:
        return parse_number(text, **self.parse_options)

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if isinstance(value, bool):
            raise ValidationError("Chưa nhập số.", code="invalid")
        if isinstance(value, int | Decimal):
            number = Decimal(value)
        else:
            try:
                number = self.parse(str(value))
            except NumberError as error:
                raise ValidationError(str(error), code="invalid") from error
        self.check_digits(number)
        return self.convert(number)

    def check_digits(self, number: Decimal) -> None:
        exponent = number.normalize().as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
        if self.decimal_places is not None and decimals > self.decimal_places:
            raise ValidationError(
                f"Chỉ ghi tối đa {self.decimal_places} chữ số sau dấu phẩy.", code="invalid"
            )
        if self.max_digits is not None and self.decimal_places is not None:
            whole = len(str(abs(int(number)))) if abs(number) >= 1 else 0
            if whole > self.max_digits - self.decimal_places:
                raise ValidationError("Số quá lớn.", code="invalid")

    def convert(self, number: Decimal) -> Any:
        return number

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            if self.min_value == 0:
                raise ValidationError("Không nhập số âm.", code="min_value")
            raise ValidationError(f"Nhỏ nhất là {format_exact(self.min_value)}.", code="min_value")
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(f"Lớn nhất là {format_exact(self.max_value)}.", code="max_value")


class VNPercentField(VNDecimalField):
    """A percentage from 0 to 100: "12", "12,5", "12%" and "12 %" all read as 12 (or 12,5)."""

    parse_options: ClassVar[dict[str, bool]] = {"percent": True}
    default_min = Decimal(0)
    default_max = Decimal(100)


class VNWholePercentField(VNPercentField):
    """A whole percentage (progress: 0–100)."""

    parse_options: ClassVar[dict[str, bool]] = {"percent": True, "integer": True}
    inputmode = "numeric"

    def convert(self, number: Decimal) -> Any:
        return int(number)


class VNIntegerField(VNDecimalField):
    """A count: "1.200" or "1 200" is one thousand two hundred; decimals are refused."""

    parse_options: ClassVar[dict[str, bool]] = {"integer": True}
    inputmode = "numeric"

    def convert(self, number: Decimal) -> Any:
        return int(number)


class VNMoneyField(VNIntegerField):
    """Đồng, whole: "1.000" is one thousand đồng; "2.500.000 đồng" is read too; never negative."""

    parse_options: ClassVar[dict[str, bool]] = {"money": True}
    default_min = Decimal(0)


class VNPlainIntegerField(VNIntegerField):
    """Years and codes: digits only, no thousands separator ("2024")."""

    parse_options: ClassVar[dict[str, bool]] = {"grouping": False}

    def make_widget(self, attrs: dict[str, Any] | None = None) -> forms.Widget:
        clean = {k: v for k, v in (attrs or {}).items() if k not in ("type", "min", "max", "step")}
        return VNPlainInput(clean)


PLAIN_NAMES = frozenset({"year", "code", "number"})


def vn_formfield(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """Model form fields with the Vietnamese number fields in place of Django's."""
    if isinstance(db_field, models.AutoField | models.BooleanField) or db_field.choices:
        return db_field.formfield(**kwargs)
    label = str(db_field.verbose_name)
    percent = "(%)" in label or "percent" in db_field.name
    if isinstance(db_field, models.DecimalField):
        kwargs.setdefault("form_class", VNPercentField if percent else VNDecimalField)
    elif isinstance(db_field, models.IntegerField):
        if "(đồng)" in label:
            form_class: type[forms.Field] = VNMoneyField
        elif percent:
            form_class = VNWholePercentField
        elif db_field.name in PLAIN_NAMES or db_field.name.startswith("year"):
            form_class = VNPlainIntegerField
        else:
            form_class = VNIntegerField
        kwargs.setdefault("form_class", form_class)
    elif isinstance(db_field, models.FloatField):
        kwargs.setdefault("form_class", VNDecimalField)
    field = db_field.formfield(**kwargs)
    if isinstance(field, VNPercentField) and field.max_value == VNPercentField.default_max:
        # The model forms say the range in their own words ("Tiến độ phải từ 0 đến 100%.").
        field.max_value = None
    return field


class VNModelFormMetaclass(ModelFormMetaclass):
    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(vn_formfield)
        return super().__new__(mcs, name, bases, attrs)


class VNModelForm(forms.ModelForm, metaclass=VNModelFormMetaclass):
    """A model form whose number fields read Vietnamese input (see :func:`vn_formfield`)."""
