from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from ntm.core import uploads
from ntm.core.forms import VNModelForm, VNPercentField
from ntm.criteria.models import IndicatorKind, Target

XLSX_MAGIC = b"PK\x03\x04"


class TargetForm(VNModelForm):
    """Sửa một ngưỡng: giá trị, yêu cầu theo văn bản, nguồn, đã đối chiếu, minh họa."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Target
        fields = [
            "legal_text",
            "value",
            "value_choice",
            "source",
            "verified",
            "is_illustrative",
            "note",
        ]
        widgets = {
            "legal_text": forms.Textarea(attrs={"rows": 2}),
            "source": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "value": "Chỉ ghi số (ví dụ 80, 80,5 hoặc 1.200). Để trống nếu văn bản không cho con số.",
            "value_choice": "Cho chỉ tiêu có/không hoặc chọn mức, ví dụ 'Đạt'.",
            "verified": "Chỉ đánh dấu khi đã so với văn bản đã ký.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicator = self.instance.indicator if self.instance.indicator_id else None
        if indicator is not None and (
            indicator.kind == IndicatorKind.RATIO or indicator.unit_label.strip() == "%"
        ):
            # A threshold in percent may be typed "80 %"; it is not bounded by 100 here.
            old = self.fields["value"]
            percent = VNPercentField(
                label=old.label,
                help_text=old.help_text,
                required=old.required,
                max_digits=18,
                decimal_places=4,
            )
            percent.min_value = percent.max_value = None
            self.fields["value"] = percent
        choices = list(self.instance.indicator.choices or []) if self.instance.pk else []
        if choices:
            self.fields["value_choice"].widget = forms.Select(
                choices=[("", "—"), *[(c, c) for c in choices]]
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("verified") and data.get("is_illustrative"):
            self.add_error(
                "is_illustrative",
                "Một ngưỡng không thể vừa 'đã đối chiếu' vừa là 'ngưỡng minh họa'.",
            )
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx)",
        help_text="Tệp xuất từ màn hình bộ tiêu chí, đã sửa. Tệp có lỗi sẽ không thay đổi gì.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.NTM_UPLOAD_MAX_MB * 1024 * 1024
        if upload.size > limit:
            raise forms.ValidationError(f"Tệp quá lớn: tối đa {settings.NTM_UPLOAD_MAX_MB} MB.")
        head = upload.read(8)
        upload.seek(0)
        if head.startswith(uploads.OLE2_MAGIC):
            raise forms.ValidationError(uploads.ENCRYPTED)
        if not head.startswith(XLSX_MAGIC):
            raise forms.ValidationError("Tệp không phải là tệp Excel .xlsx.")
        return upload
