"""Forms of the register: a draft (công văn or typed document), issuing, attachments."""

from __future__ import annotations

from typing import Any

from django import forms

from ntm.accounts.models import Organisation
from ntm.core import clock
from ntm.core.forms import VNIntegerField, VNModelForm
from ntm.documents.models import (
    AttachmentKind,
    CorrectionKind,
    Document,
    DocumentType,
    DraftingUnit,
)
from ntm.documents.rules import authority_error, body_text, lines, parse_body
from ntm.documents.spec import DocumentSpec, Signature, spec_from_json

URGENCY_CHOICES = [
    ("", "Thường"),
    ("KHẨN", "Khẩn"),
    ("THƯỢNG KHẨN", "Thượng khẩn"),
    ("HỎA TỐC", "Hỏa tốc"),
]

BODY_HELP = (
    "Mỗi dòng là một đoạn. Dòng bắt đầu bằng “# ” là đề mục (ví dụ: # 1. Đối với các thành "
    "viên BCĐ), “## ” là đề mục nhỏ, “- ” là gạch đầu dòng, “Điều 1. ” là một điều của quyết "
    "định (số điều được đánh tự động), dòng “| ô 1 | ô 2 |” là một hàng của bảng. Các dòng "
    "khác là đoạn văn thường."
)


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class DraftForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Cơ quan ban hành", queryset=Organisation.objects.none()
    )
    doc_type = forms.ModelChoiceField(
        label="Loại văn bản", queryset=DocumentType.objects.filter(active=True)
    )
    drafting_unit = forms.ModelChoiceField(
        label="Đơn vị soạn thảo (công văn)",
        queryset=DraftingUnit.objects.none(),
        required=False,
        help_text="Công văn ghi ký hiệu “số/UBND-KT”: KT là đơn vị soạn thảo.",
    )
    subject = forms.CharField(
        label="Trích yếu",
        widget=_textarea(2),
        help_text="Công văn: không cần gõ “V/v”, hệ thống tự thêm.",
    )
    urgency = forms.ChoiceField(label="Độ khẩn", choices=URGENCY_CHOICES, required=False)
    date_month = VNIntegerField(
        label="Tháng dự kiến ban hành",
        min_value=1,
        max_value=12,
        required=False,
        help_text="Dự thảo để trống ngày; in sẵn tháng này.",
    )
    authority_title = forms.CharField(
        label="Thẩm quyền ban hành (quyết định)",
        required=False,
        help_text="Ví dụ: CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN LỢI.",
    )
    bases = forms.CharField(
        label="Căn cứ", widget=_textarea(3), required=False, help_text="Mỗi dòng một căn cứ."
    )
    recipients = forms.CharField(
        label="Kính gửi",
        widget=_textarea(3),
        required=False,
        help_text="Mỗi dòng một nơi nhận; dấu “-”, “;” và “.” được thêm tự động.",
    )
    body = forms.CharField(label="Nội dung", widget=_textarea(14), help_text=BODY_HELP)
    signer_authority = forms.CharField(
        label="Quyền hạn ký",
        required=False,
        help_text="TM. / KT. / Q. / TL. / TUQ. …, ví dụ “KT. CHỦ TỊCH”. Để trống khi người "
        "đứng đầu ký.",
    )
    signer_title = forms.CharField(label="Chức vụ người ký", help_text="Ví dụ: PHÓ CHỦ TỊCH.")
    signer_name = forms.CharField(label="Họ và tên người ký")
    distribution = forms.CharField(
        label="Nơi nhận",
        widget=_textarea(4),
        required=False,
        help_text="Mỗi dòng một nơi, ví dụ “Như trên”, “Văn phòng NTM huyện (b/c)”, “Lưu: VT”.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        organisations: Any = None,
        drafting_units: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if drafting_units is not None:
            self.fields["drafting_unit"].queryset = drafting_units  # type: ignore[attr-defined]

    def clean_signer_authority(self) -> str:
        value = self.cleaned_data["signer_authority"].strip()
        message = authority_error(value)
        if message:
            raise forms.ValidationError(message)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit = data.get("drafting_unit")
        organisation = data.get("organisation")
        if (
            unit is not None
            and organisation is not None
            and unit.organisation_id != organisation.pk
        ):
            self.add_error(
                "drafting_unit", "Đơn vị soạn thảo không thuộc cơ quan ban hành đã chọn."
            )
        if data.get("body") and not parse_body(data["body"]):
            self.add_error("body", "Nội dung trống.")
        return data

    def to_spec(self) -> DocumentSpec:
        data = self.cleaned_data
        return DocumentSpec(
            issuer_lines=[],
            subject=data["subject"].strip(),
            urgency=data.get("urgency") or "",
            date_month=data.get("date_month") or clock.today().month,
            date_year=clock.today().year,
            authority_title=data.get("authority_title", "").strip(),
            bases=lines(data.get("bases", "")),
            recipients=lines(data.get("recipients", "")),
            blocks=parse_body(data["body"]),
            signature=Signature(
                title=data["signer_title"].strip(),
                name=data["signer_name"].strip(),
                authority=data.get("signer_authority", ""),
            ),
            distribution=lines(data.get("distribution", "")),
        )

    @staticmethod
    def initial_for(document: Document) -> dict[str, Any]:
        spec = spec_from_json(document.content)
        signature = spec.signature
        return {
            "organisation": document.organisation_id,
            "doc_type": document.doc_type_id,
            "drafting_unit": document.drafting_unit_id,
            "subject": spec.subject,
            "urgency": spec.urgency,
            "date_month": spec.date_month,
            "authority_title": spec.authority_title,
            "bases": "\n".join(spec.bases),
            "recipients": "\n".join(spec.recipients),
            "body": body_text(spec.blocks),
            "signer_authority": signature.authority if signature else "",
            "signer_title": signature.title if signature else "",
            "signer_name": signature.name if signature else "",
            "distribution": "\n".join(spec.distribution),
            "version": document.version,
        }


class IssueForm(forms.Form):
    date = forms.DateField(
        label="Ngày ban hành",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    confirm_backdate = forms.BooleanField(
        label="Tôi xác nhận vào sổ lùi ngày (ngày ban hành sớm hơn văn bản cuối cùng của sổ)",
        required=False,
    )

    def clean_date(self) -> Any:
        value = self.cleaned_data["date"]
        if value > clock.today():
            raise forms.ValidationError("Ngày ban hành không được sau ngày hôm nay.")
        return value


class AttachForm(forms.Form):
    kind = forms.ChoiceField(label="Loại tệp", choices=AttachmentKind.choices)
    file = forms.FileField(label="Tệp PDF", help_text="Bản đã ký số hoặc bản quét, định dạng PDF.")


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Hình thức",
        choices=CorrectionKind.choices,
        widget=forms.RadioSelect,
        help_text="Đính chính: công văn sửa lỗi, văn bản cũ vẫn có hiệu lực. Thay thế: văn bản "
        "mới thay văn bản này. Thu hồi: quyết định thu hồi văn bản này.",
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Lý do hủy số",
        widget=_textarea(2),
        max_length=500,
        help_text="Số đã hủy giữ trong sổ với lý do này, không cấp lại cho văn bản khác.",
    )


class _DatedForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Cơ quan ban hành", queryset=Organisation.objects.none()
    )
    doc_type = forms.ModelChoiceField(
        label="Loại văn bản", queryset=DocumentType.objects.filter(active=True)
    )
    drafting_unit = forms.ModelChoiceField(
        label="Đơn vị soạn thảo (công văn)", queryset=DraftingUnit.objects.none(), required=False
    )
    date = forms.DateField(
        label="Ngày ban hành",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    subject = forms.CharField(label="Trích yếu", widget=_textarea(2))
    confirm_backdate = forms.BooleanField(
        label="Tôi xác nhận vào sổ lùi ngày (ngày ban hành sớm hơn văn bản cuối cùng của sổ)",
        required=False,
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, organisations: Any = None, drafting_units: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if drafting_units is not None:
            self.fields["drafting_unit"].queryset = drafting_units  # type: ignore[attr-defined]

    def clean_date(self) -> Any:
        value = self.cleaned_data["date"]
        if value > clock.today():
            raise forms.ValidationError("Ngày ban hành không được sau ngày hôm nay.")
        return value


class ReserveForm(_DatedForm):
    """Giữ số: a number for a document being signed on paper."""


class PaperForm(_DatedForm):
    """A document signed on paper, entered with its scan."""

    signer_name = forms.CharField(label="Người ký", max_length=150)
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=150, required=False)
    distribution = forms.CharField(
        label="Nơi nhận", widget=_textarea(3), required=False, help_text="Mỗi dòng một nơi nhận."
    )
    scan = forms.FileField(label="Bản quét (PDF)", help_text="Bản đã ký, đóng dấu, quét PDF.")


class ReplyForm(forms.Form):
    incoming = forms.ModelChoiceField(
        label="Văn bản đến được trả lời", queryset=Document.objects.none()
    )

    def __init__(self, *args: Any, incoming: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if incoming is not None:
            self.fields["incoming"].queryset = incoming  # type: ignore[attr-defined]
        self.fields["incoming"].label_from_instance = (  # type: ignore[attr-defined]
            lambda d: f"Số đến {d.incoming_number} – {d.external_number} – {d.subject[:80]}"
        )


class IncomingForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Cơ quan nhận", queryset=Organisation.objects.none()
    )
    doc_type = forms.ModelChoiceField(label="Loại văn bản", queryset=DocumentType.objects.all())
    author = forms.CharField(label="Tác giả (cơ quan gửi)", max_length=255)
    external_number = forms.CharField(label="Số, ký hiệu", max_length=60, required=False)
    date = forms.DateField(
        label="Ngày tháng văn bản",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    subject = forms.CharField(label="Trích yếu", widget=_textarea(2))
    received_on = forms.DateField(
        label="Ngày đến", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    handled_by = forms.CharField(label="Đơn vị hoặc người nhận", max_length=200, required=False)
    note = forms.CharField(label="Ghi chú", widget=_textarea(2), required=False)
    # A double click registers the letter once (one incoming number, not two).
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class RegisterDetailsForm(VNModelForm):
    """The register columns filled after issuing (they do not change the document's text)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Document
        fields = ["copies", "archive_holder", "transferred_on", "receipt_signed_by", "note"]
        widgets = {
            "transferred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
