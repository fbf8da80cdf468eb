"""Forms: typed value entry (by indicator kind), evidence, flags and registrations."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms

from ntm.assessments.models import CriterionRegistration
from ntm.assessments.services import ValueInput
from ntm.core import uploads
from ntm.core.forms import VNDecimalField, VNPercentField, VNPlainIntegerField
from ntm.criteria.models import CriteriaSet, Indicator, IndicatorKind, Period
from ntm.criteria.periods import has_started

BOOLEAN_CHOICES = [("1", "Đạt"), ("0", "Chưa đạt")]


class PeriodSelect(forms.Select):
    """A select whose periods that have not started are shown but disabled."""

    def __init__(self, *, not_started: set[str]) -> None:
        super().__init__()
        self.not_started = not_started

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) in self.not_started:
            option["attrs"]["disabled"] = True
            option["label"] = f"{option['label']} (chưa bắt đầu)"
        return option


def _decimal(label: str, *, percent: bool = False, **extra: Any) -> VNDecimalField:
    """A value field; "%" may be typed where the indicator is counted in percent.

    Values are not bounded here: the indicator's rules judge them (a growth rate may be
    negative or above 100 %).
    """
    field_class = VNPercentField if percent else VNDecimalField
    field = field_class(label=label, required=False, max_digits=18, decimal_places=4, **extra)
    field.min_value = field.max_value = None
    return field


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

    def __init__(
        self,
        *args: Any,
        indicator: Indicator,
        periods: list[Period],
        today: dt.date | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.indicator = indicator
        field = cast(forms.ModelChoiceField, self.fields["period"])
        # The periods in order (months, quarters, 6 and 9 months, the year), without a query
        # per option; those not started yet are shown but cannot be chosen (the service
        # refuses them too).
        field.queryset = Period.objects.filter(pk__in=[p.pk for p in periods])
        field.choices = [(p.pk, p.label) for p in periods]
        if today is not None:
            field.widget = PeriodSelect(
                not_started={str(p.pk) for p in periods if not has_started(p, today)}
            )
            field.widget.choices = field.choices
            field.help_text = "Các kỳ chưa bắt đầu chưa nhập được số liệu."
        kind = indicator.kind
        unit = f" ({indicator.unit_label})" if indicator.unit_label else ""
        if kind == IndicatorKind.RATIO:
            self.fields["numerator"] = _decimal(
                "Tử số", help_text="Số đạt yêu cầu (ví dụ số hộ: 1.200)."
            )
            self.fields["denominator"] = _decimal(
                "Mẫu số", help_text="Tổng số (ví dụ tổng số hộ). Tỷ lệ = tử số/mẫu số × 100%."
            )
        elif kind == IndicatorKind.NUMBER:
            percent = (indicator.unit_label or "").strip() == "%"
            self.fields["number"] = _decimal(
                f"Giá trị{unit}",
                percent=percent,
                help_text="Ví dụ 1.200 (một nghìn hai trăm) hoặc 82,5.",
            )
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
    year = VNPlainIntegerField(label="Năm", min_value=2000, max_value=2100)
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, sets: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        cast(forms.ModelChoiceField, self.fields["criteria_set"]).queryset = sets


INTENT_CHOICES = CriterionRegistration.Intent.choices
