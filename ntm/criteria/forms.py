from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from ntm.core import uploads
from ntm.core.forms import VNModelForm, VNPercentField
from ntm.criteria.models import IndicatorKind, Target
from ntm.criteria.rules import missing_source, needs_source, source_error

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
            "source_document",
            "source_date",
            "source_part",
            "verified",
            "is_illustrative",
            "note",
        ]
        widgets = {
            "legal_text": forms.Textarea(attrs={"rows": 2}),
            "source": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
            "source_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        }
        help_texts = {
            "value": "Chỉ ghi số (ví dụ 80, 80,5 hoặc 1.200). Để trống nếu văn bản không cho con số.",
            "value_choice": "Cho chỉ tiêu có/không hoặc chọn mức, ví dụ 'Đạt'.",
            "verified": "Chỉ đánh dấu khi đã so với văn bản đã ký và ghi đủ số văn bản, ngày, "
            "điều hoặc phụ lục.",
            "source_document": "Ví dụ: 318/QĐ-TTg hoặc 12/2022/QĐ-UBND.",
            "source_part": "Ví dụ: Phụ lục I, mục 17.3.",
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
        requirement = {"value", "value_choice", "legal_text", "key", "year"}
        if needs_source(
            verified=bool(data.get("verified")),
            was_verified=bool(self.instance.pk and self.initial.get("verified")),
            value_changed=bool(requirement & set(self.changed_data)),
        ):
            missing = missing_source(data)
            if missing:
                self.add_error("verified", source_error(missing))
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


class DeriveForm(forms.Form):
    """Tạo bộ tiêu chí của tỉnh từ một bộ quốc gia."""

    national: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Bộ tiêu chí quốc gia",
        queryset=None,  # type: ignore[arg-type]
    )
    province: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Tỉnh",
        queryset=None,  # type: ignore[arg-type]
    )
    code = forms.CharField(label="Mã bộ tiêu chí của tỉnh", max_length=80)
    name = forms.CharField(label="Tên bộ tiêu chí", max_length=400)
    copy = forms.BooleanField(
        label="Chép toàn bộ tiêu chí, chỉ tiêu và ngưỡng của bộ quốc gia để sửa",
        required=False,
        help_text="Ngưỡng chép sang là 'chưa đối chiếu' cho đến khi ghi nguồn văn bản của tỉnh.",
    )

    def __init__(self, *args: Any, nationals: Any, provinces: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["national"].queryset = nationals  # type: ignore[attr-defined]
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]

    def clean_code(self) -> str:
        from ntm.criteria.models import CriteriaSet

        code = self.cleaned_data["code"].strip()
        if CriteriaSet.objects.filter(code=code).exists():
            raise forms.ValidationError("Mã này đã có bộ tiêu chí khác dùng.")
        return code
