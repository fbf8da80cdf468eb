"""Forms: typed value entry (by indicator kind), evidence, flags and registrations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms

from ntm.assessments.models import CriterionRegistration
from ntm.assessments.services import ValueInput
from ntm.core import uploads
from ntm.criteria.models import CriteriaSet, Indicator, IndicatorKind, Period

BOOLEAN_CHOICES = [("1", "Đạt"), ("0", "Chưa đạt")]


class VietnameseDecimalField(forms.DecimalField):
    """Accepts '82,5', '1.234,5' and '82.5' (a phone keyboard may offer either mark)."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            text = value.strip().replace(" ", "")
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            elif text.count(".") > 1:
                text = text.replace(".", "")
            value = text
        return super().to_python(value)


def _decimal(label: str, **extra: Any) -> VietnameseDecimalField:
    return VietnameseDecimalField(
        label=label,
        required=False,
        max_digits=18,
        decimal_places=4,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"invalid": "Nhập một số (ví dụ 82,5)."},
        **extra,
    )


class ValueForm(forms.Form):
    """One value of one indicator; the fields shown depend on the indicator's kind."""

    period = forms.ModelChoiceField(
        label="Kỳ số liệu", queryset=Period.objects.none(), empty_label=None
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photo = forms.FileField(
        label="Ảnh minh chứng",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text="Chụp ảnh bằng điện thoại. Tệp PDF, Word, Excel thêm ở trang tiêu chí.",
    )
    caption = forms.CharField(label="Mô tả minh chứng", required=False, max_length=255)

    def clean_photo(self) -> Any:
        """The field says "Ảnh": photos only, judged by content (a PDF named .jpg is refused)."""
        upload = self.cleaned_data.get("photo")
        if upload:
            checked = uploads.check_file(uploads.read_upload(upload, photo=True))
            if not checked.is_image:
                raise forms.ValidationError(
                    f"{uploads.PHOTO_TEXT} Tệp PDF, Word, Excel thêm ở trang tiêu chí.",
                    code="file_type",
                )
        return upload

    link = forms.CharField(
        label="Hoặc đường dẫn minh chứng",
        required=False,
        max_length=200,
        widget=forms.URLInput(attrs={"placeholder": "https://…", "inputmode": "url"}),
    )

    def __init__(self, *args: Any, indicator: Indicator, periods: list[Period], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.indicator = indicator
        cast(forms.ModelChoiceField, self.fields["period"]).queryset = Period.objects.filter(
            pk__in=[p.pk for p in periods]
        )
        kind = indicator.kind
        unit = f" ({indicator.unit_label})" if indicator.unit_label else ""
        if kind == IndicatorKind.RATIO:
            self.fields["numerator"] = _decimal("Tử số", help_text="Số đạt yêu cầu (ví dụ số hộ).")
            self.fields["denominator"] = _decimal(
                "Mẫu số", help_text="Tổng số (ví dụ tổng số hộ). Tỷ lệ = tử số/mẫu số × 100%."
            )
        elif kind == IndicatorKind.NUMBER:
            self.fields["number"] = _decimal(f"Giá trị{unit}")
        elif kind == IndicatorKind.BOOLEAN:
            self.fields["boolean"] = forms.ChoiceField(
                label="Kết quả", choices=BOOLEAN_CHOICES, widget=forms.RadioSelect, required=False
            )
        elif kind == IndicatorKind.CHOICE:
            options = [(str(c), str(c)) for c in (indicator.choices or [])]
            self.fields["choice"] = forms.ChoiceField(
                label="Mức đạt", choices=[("", "— chọn —"), *options], required=False
            )
        else:
            self.fields["text"] = forms.CharField(
                label="Nội dung", required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
        # Value fields first, then the rest.
        order = [
            "period",
            "numerator",
            "denominator",
            "number",
            "boolean",
            "choice",
            "text",
            "note",
            "photo",
            "caption",
            "link",
            "version",
        ]
        self.order_fields(order)

    def value_input(self) -> ValueInput:
        data = self.cleaned_data
        boolean = data.get("boolean")
        return ValueInput(
            number=data.get("number"),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            boolean=None if boolean in (None, "") else boolean == "1",
            choice=data.get("choice") or "",
            text=data.get("text") or "",
            note=data.get("note") or "",
        )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="Ảnh, tệp minh chứng",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,.pdf,.docx,.xlsx"}),
    )
    caption = forms.CharField(label="Mô tả", required=False, max_length=255)
    link = forms.CharField(label="Đường dẫn", required=False, max_length=200)


class FlagForm(forms.Form):
    reason = forms.CharField(
        label="Lý do chưa bền vững",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Ghi rõ lý do."},
    )


class SetRegistrationForm(forms.Form):
    criteria_set = forms.ModelChoiceField(
        label="Bộ tiêu chí", queryset=CriteriaSet.objects.none(), empty_label=None
    )
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, sets: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        cast(forms.ModelChoiceField, self.fields["criteria_set"]).queryset = sets


INTENT_CHOICES = CriterionRegistration.Intent.choices
