from __future__ import annotations

from typing import Any

from django import forms

from ntm.core.forms import VNModelForm
from ntm.core.idempotency import new_token
from ntm.criteria.models import Criterion
from ntm.mobilisation import rules
from ntm.mobilisation.models import (
    Campaign,
    Contribution,
    Funding,
    FundingSource,
    OutreachActivity,
    ProgressStep,
    Work,
)
from ntm.mobilisation.uploads import PhotoField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CriterionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"TC {obj.number}. {obj.name} ({obj.criteria_set})"


class CriteriaMultipleField(forms.ModelMultipleChoiceField):
    # Django has no Vietnamese for this one message.
    default_error_messages = {"invalid_pk_value": "“%(pk)s” không phải là tiêu chí hợp lệ."}

    def label_from_instance(self, obj: Any) -> str:
        return f"TC {obj.number}. {obj.name} ({obj.criteria_set})"


def criteria_queryset() -> Any:
    return Criterion.objects.select_related("criteria_set").order_by(
        "criteria_set__order", "criteria_set__code", "number"
    )


class VersionedForm(VNModelForm):
    """Carries the version an edit started from and a one-time token for creation."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        self.fields["version"].initial = getattr(instance, "version", 1) if instance else 1
        self.fields["form_token"].initial = new_token()


class WorkForm(VersionedForm):
    criterion = CriterionChoiceField(
        queryset=Criterion.objects.none(), required=False, label="Tiêu chí"
    )

    class Meta:
        model = Work
        fields = [
            "unit",
            "name",
            "criterion",
            "description",
            "status",
            "start_date",
            "end_date",
            "investor",
            "is_public",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["criterion"].queryset = criteria_queryset()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "Ngày hoàn thành phải sau ngày khởi công.")
        return data


class FundingForm(VersionedForm):
    class Meta:
        model = Funding
        fields = ["source", "planned", "realised", "note"]

    def __init__(self, *args: Any, work: Work, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.work = work
        self.fields["source"].queryset = FundingSource.objects.filter(active=True)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("planned", "realised"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, "Số tiền không được âm.")
        source = data.get("source")
        if source is not None:
            taken = Funding.objects.filter(work=self.work, source=source)
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("source", "Công trình đã có dòng vốn này: hãy sửa dòng đó.")
        return data


class PhotoForm(forms.Form):
    photo = PhotoField(label="Ảnh (JPEG, PNG, WebP)")
    caption = forms.CharField(label="Mô tả ảnh", max_length=255, required=False)
    is_public = forms.BooleanField(
        label="Công khai ảnh cho người dân", required=False, initial=False
    )
    # One photo per form, however many times the button is pressed (see create_once).
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form_token"].initial = new_token()


class StepForm(VersionedForm):
    photo = PhotoField(label="Ảnh (không bắt buộc)", required=False)
    photo_caption = forms.CharField(label="Mô tả ảnh", max_length=255, required=False)
    photo_public = forms.BooleanField(label="Công khai ảnh cho người dân", required=False)

    class Meta:
        model = ProgressStep
        fields = ["date", "title", "percent", "note"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def clean_percent(self) -> int:
        value = self.cleaned_data["percent"]
        if value is None or not 0 <= value <= 100:
            raise forms.ValidationError("Khối lượng hoàn thành từ 0 đến 100%.")
        return value


class ContributionForm(VersionedForm):
    class Meta:
        model = Contribution
        fields = [
            "unit",
            "work",
            "campaign",
            "kind",
            "source",
            "date",
            "contributor_kind",
            "contributor_name",
            "contributor_phone",
            "organisation",
            "amount",
            "quantity",
            "description",
            "receipt_number",
            "name_consent",
            "consent_date",
            "note",
        ]
        widgets = {
            "date": DATE,
            "consent_date": DATE,
            "contributor_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self, *args: Any, units: Any, works: Any, campaigns: Any, organisations: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["work"].queryset = works  # type: ignore[attr-defined]
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["source"].queryset = FundingSource.objects.filter(  # type: ignore[attr-defined]
            active=True, is_community=True
        )
        self.fields["amount"].required = False
        self.fields["quantity"].help_text = "Ngày công: số ngày; hiến đất: m²; hiện vật: số lượng."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("amount") is None:
            data["amount"] = 0
        problems = rules.contribution_problems(
            kind=data.get("kind", ""),
            amount=data.get("amount"),
            quantity=data.get("quantity"),
            description=data.get("description", ""),
            name_consent=bool(data.get("name_consent")),
            consent_date=data.get("consent_date"),
        )
        for name, message in problems.items():
            self.add_error(None if name == "__all__" else name, message)
        work, unit = data.get("work"), data.get("unit")
        if work is not None and unit is not None and not work.unit.path.startswith(unit.path):
            self.add_error("work", "Công trình không thuộc ấp/xã đã chọn.")
        return data


class CampaignForm(VersionedForm):
    class Meta:
        model = Campaign
        fields = ["unit", "name", "organiser", "start_date", "end_date", "description"]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, units: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["organiser"].queryset = organisations  # type: ignore[attr-defined]


class OutreachForm(VersionedForm):
    criteria = CriteriaMultipleField(
        queryset=Criterion.objects.none(),
        required=False,
        label="Tiêu chí được tuyên truyền",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    photo = PhotoField(label="Ảnh (không bắt buộc)", required=False)
    photo_public = forms.BooleanField(label="Công khai ảnh cho người dân", required=False)

    class Meta:
        model = OutreachActivity
        fields = [
            "organisation",
            "unit",
            "campaign",
            "date",
            "topic",
            "criteria",
            "participants",
            "note",
        ]
        widgets = {
            "date": DATE,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self, *args: Any, units: Any, organisations: Any, campaigns: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        self.fields["criteria"].queryset = criteria_queryset()  # type: ignore[attr-defined]
