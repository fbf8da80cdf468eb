from __future__ import annotations

from typing import Any

from django import forms

from ntm.core.forms import VNModelForm
from ntm.core.idempotency import new_token
from ntm.mobilisation.forms import DATE, CriterionChoiceField, VersionedForm, criteria_queryset
from ntm.participation.models import (
    Announcement,
    Feedback,
    FeedbackKind,
    Inspection,
    InspectionStatus,
    PublicPage,
    Survey,
    SurveyContent,
)

SATISFACTION = [("", "— (bỏ trống)"), ("1", "Hài lòng"), ("0", "Chưa hài lòng")]


class PublicFeedbackForm(forms.Form):
    """What a resident fills in on the public page (no account)."""

    kind = forms.ChoiceField(label="Loại ý kiến", choices=FeedbackKind.choices)
    text = forms.CharField(
        label="Nội dung",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Vui lòng ghi nội dung câu hỏi, phản ánh hoặc kiến nghị."},
    )
    work: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Về công trình (nếu có)", queryset=None, required=False, empty_label="— Không —"
    )
    criterion = CriterionChoiceField(
        label="Về tiêu chí (nếu có)", queryset=None, required=False, empty_label="— Không —"
    )
    name = forms.CharField(label="Họ tên (không bắt buộc)", max_length=150, required=False)
    phone = forms.CharField(
        label="Số điện thoại (không bắt buộc, không bao giờ công khai)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    contact_consent = forms.BooleanField(
        label="Tôi đồng ý để UBND xã lưu họ tên, số điện thoại trên để liên hệ trả lời",
        required=False,
        initial=False,
    )
    # Honeypot: people never see it (hidden by CSS); bots fill every field.
    website = forms.CharField(label="Trang web", required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, works: Any, criteria: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["work"].queryset = works  # type: ignore[attr-defined]
        self.fields["criterion"].queryset = criteria  # type: ignore[attr-defined]
        self.fields["form_token"].initial = new_token()
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("name") or data.get("phone")) and not data.get("contact_consent"):
            self.add_error(
                "contact_consent",
                "Bạn đã ghi họ tên hoặc số điện thoại: hãy đánh dấu đồng ý để xã lưu lại, "
                "hoặc xóa chúng để gửi ẩn danh.",
            )
        return data


class AnswerForm(VersionedForm):
    class Meta:
        model = Feedback
        fields = ["status", "answer", "is_published"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 5})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_published") and not (data.get("answer") or "").strip():
            self.add_error("is_published", "Cần có câu trả lời trước khi công khai.")
        return data


class InspectionForm(VersionedForm):
    class Meta:
        model = Inspection
        fields = [
            "work",
            "board",
            "date",
            "members_present",
            "findings",
            "recommendation",
            "responsible",
            "response",
            "response_date",
            "status",
            "closed_on",
            "closure_note",
        ]
        widgets = {
            "date": DATE,
            "response_date": DATE,
            "closed_on": DATE,
            "members_present": forms.Textarea(attrs={"rows": 2}),
            "findings": forms.Textarea(attrs={"rows": 4}),
            "recommendation": forms.Textarea(attrs={"rows": 3}),
            "response": forms.Textarea(attrs={"rows": 3}),
            "closure_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, works: Any, boards: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["work"].queryset = works  # type: ignore[attr-defined]
        self.fields["board"].queryset = boards  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status = data.get("status")
        if status == InspectionStatus.CLOSED and not data.get("closed_on"):
            self.add_error("closed_on", "Ghi ngày kết thúc khi chuyển sang “đã khắc phục”.")
        if (
            status in (InspectionStatus.RESPONDED, InspectionStatus.CLOSED)
            and not (data.get("response") or "").strip()
        ):
            self.add_error("response", "Ghi phản hồi của đơn vị chịu trách nhiệm.")
        date, closed = data.get("date"), data.get("closed_on")
        if date and closed and closed < date:
            self.add_error("closed_on", "Ngày kết thúc phải sau ngày giám sát.")
        return data


class SurveyForm(VersionedForm):
    class Meta:
        model = Survey
        fields = [
            "unit",
            "organiser",
            "title",
            "year",
            "start_date",
            "end_date",
            "status",
            "online",
            "threshold_percent",
            "threshold_verified",
            "threshold_source",
        ]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args: Any, units: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["organiser"].queryset = organisations  # type: ignore[attr-defined]

    def clean_threshold_percent(self) -> Any:
        value = self.cleaned_data["threshold_percent"]
        if value is None or not 0 <= value <= 100:
            raise forms.ValidationError("Ngưỡng từ 0 đến 100%.")
        return value


class ContentForm(VNModelForm):
    criterion = CriterionChoiceField(queryset=None, required=False, label="Tiêu chí liên quan")
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = SurveyContent
        fields = ["order", "text", "criterion"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = criteria_queryset()  # type: ignore[attr-defined]
        self.fields["form_token"].initial = new_token()


class SamplesForm(forms.Form):
    hamlet: forms.ModelChoiceField = forms.ModelChoiceField(label="Ấp", queryset=None)
    lines = forms.CharField(
        label="Danh sách hộ (mỗi dòng: mã phiếu; tên chủ hộ)",
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "AL-001; Nguyễn Văn A"}),
    )

    def __init__(self, *args: Any, hamlets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hamlet"].queryset = hamlets  # type: ignore[attr-defined]

    def clean_lines(self) -> list[tuple[str, str]]:
        rows = []
        for number, line in enumerate(self.cleaned_data["lines"].splitlines(), start=1):
            if not line.strip():
                continue
            code, sep, name = line.partition(";")
            if not sep or not code.strip() or not name.strip():
                raise forms.ValidationError(f"Dòng {number}: cần “mã phiếu; tên chủ hộ”.")
            rows.append((code.strip()[:30], name.strip()[:150]))
        if not rows:
            raise forms.ValidationError("Chưa có hộ nào.")
        return rows


class EntryForm(forms.Form):
    """One paper form: the hamlet, then one choice per content."""

    hamlet: forms.ModelChoiceField = forms.ModelChoiceField(label="Ấp", queryset=None)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, hamlets: Any, contents: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hamlet"].queryset = hamlets  # type: ignore[attr-defined]
        self.fields["form_token"].initial = new_token()
        self.contents = contents
        for content in contents:
            self.fields[f"c{content.pk}"] = forms.TypedChoiceField(
                label=f"{content.order}. {content.text}",
                choices=SATISFACTION,
                coerce=lambda v: v == "1",
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict[int, bool | None]:
        return {c.pk: self.cleaned_data.get(f"c{c.pk}") for c in self.contents}


class OnlineSurveyForm(EntryForm):
    consent = forms.BooleanField(
        label="Tôi đồng ý để ý kiến của mình (không kèm tên) được tổng hợp vào kết quả lấy ý kiến",
        required=True,
        initial=False,
        error_messages={"required": "Cần đánh dấu đồng ý để gửi ý kiến."},
    )
    website = forms.CharField(label="Trang web", required=False)

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class AnnouncementForm(VersionedForm):
    class Meta:
        model = Announcement
        fields = ["unit", "title", "body", "date", "is_published"]
        widgets = {"date": DATE, "body": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class PublicPageForm(VersionedForm):
    class Meta:
        model = PublicPage
        fields = ["enabled", "intro", "contact"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:  # a form for a page not yet created carries no version
            self.fields["version"].initial = None
