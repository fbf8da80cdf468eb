"""Official documents: types, number books, the register of outgoing and incoming documents."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords

from ntm.accounts.models import Organisation
from ntm.accounts.querysets import ScopedQuerySet
from ntm.core.models import SearchableModel, TimeStampedModel, VersionedModel
from ntm.core.text import normalize
from ntm.documents.rules import number_and_symbol


class DocumentLocked(Exception):
    """Raised when something tries to change an issued document."""

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or "Văn bản đã ban hành, không được sửa. Muốn sửa nội dung, hãy tạo văn bản "
            "đính chính hoặc thay thế."
        )


class DocumentType(models.Model):
    """Loại văn bản (Phụ lục III): Kế hoạch – KH, Thông báo – TB…; công văn has no abbreviation."""

    code = models.SlugField("mã", max_length=30, unique=True)
    name = models.CharField("tên loại", max_length=100, unique=True)
    abbreviation = models.CharField("chữ viết tắt", max_length=10, blank=True)
    is_official_letter = models.BooleanField(
        "là công văn", default=False, help_text="Công văn không có tên loại, ghi “V/v …”."
    )
    template = models.CharField("mẫu trình bày", max_length=10, default="1.4")
    order = models.PositiveSmallIntegerField("thứ tự", default=100)
    active = models.BooleanField("đang dùng", default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "loại văn bản"
        verbose_name_plural = "loại văn bản"

    def __str__(self) -> str:
        return self.name

    @property
    def heading(self) -> str:
        """What the document prints as its type name ("KẾ HOẠCH"); "" for a công văn."""
        return "" if self.is_official_letter else self.name.upper()


class OrganisationScopedQuerySet(ScopedQuerySet):
    """Rows bound to an organisation: scope through the organisation's unit."""

    scope_field = "organisation__unit"


class DraftingUnit(models.Model):
    """Đơn vị soạn thảo: the part after the issuer in a công văn's symbol (UBND-KT, UBND-VP)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="drafting_units",
        verbose_name="cơ quan",
    )
    abbreviation = models.CharField("chữ viết tắt", max_length=20)
    name = models.CharField("tên bộ phận", max_length=150)

    history = HistoricalRecords()
    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "abbreviation"]
        verbose_name = "đơn vị soạn thảo"
        verbose_name_plural = "đơn vị soạn thảo"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "abbreviation"], name="unique_drafting_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.abbreviation} – {self.name}"


class IssuerProfile(models.Model):
    """How an organisation prints itself at the top of its documents (tên cơ quan ban hành)."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="issuer_profile",
        verbose_name="cơ quan",
    )
    parent_body = models.CharField(
        "cơ quan chủ quản", max_length=200, blank=True, help_text="Mỗi dòng một dòng in."
    )
    issuer_lines = models.TextField(
        "tên cơ quan ban hành", help_text="Chữ in hoa, mỗi dòng một dòng in (in đậm)."
    )
    place = models.CharField("địa danh", max_length=100, blank=True)

    history = HistoricalRecords()
    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "cách ghi tên cơ quan trên văn bản"
        verbose_name_plural = "cách ghi tên cơ quan trên văn bản"

    def __str__(self) -> str:
        return str(self.organisation)


class Direction(models.TextChoices):
    OUTGOING = "out", "Văn bản đi"
    INCOMING = "in", "Văn bản đến"


class NumberBook(models.Model):
    """Sổ đăng ký văn bản: one series of numbers of an issuing body in a year, from 01."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="number_books",
        verbose_name="cơ quan ban hành",
    )
    direction = models.CharField(
        "loại sổ", max_length=3, choices=Direction.choices, default=Direction.OUTGOING
    )
    year = models.PositiveSmallIntegerField("năm")
    name = models.CharField("tên sổ", max_length=150)
    types = models.ManyToManyField(
        DocumentType,
        blank=True,
        related_name="number_books",
        verbose_name="loại văn bản",
        help_text="Để trống: sổ dùng cho mọi loại văn bản của cơ quan.",
    )
    start_number = models.PositiveIntegerField(
        "số bắt đầu",
        default=1,
        help_text="Sổ đưa vào ntm giữa năm: số tiếp theo số cuối đã cấp ngoài hệ thống.",
    )
    next_number = models.PositiveIntegerField("số tiếp theo", default=1, editable=False)
    note = models.TextField("ghi chú", blank=True)

    history = HistoricalRecords()
    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "organisation__order", "name"]
        verbose_name = "sổ văn bản"
        verbose_name_plural = "sổ văn bản"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "direction", "year", "name"], name="unique_number_book"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    RESERVED = "reserved", "Giữ số"
    ISSUED = "issued", "Đã ban hành"
    CANCELLED = "cancelled", "Đã hủy số"
    REVOKED = "revoked", "Đã thu hồi"
    REPLACED = "replaced", "Đã bị thay thế"


# Statuses of a document whose number and content are final (the text never changes again).
FROZEN_STATUSES = frozenset(
    {
        DocumentStatus.ISSUED,
        DocumentStatus.CANCELLED,
        DocumentStatus.REVOKED,
        DocumentStatus.REPLACED,
    }
)
# Once issued, a document may only move on to these statuses (never back to a draft).
ALLOWED_AFTER_ISSUE = {
    DocumentStatus.ISSUED: {
        DocumentStatus.ISSUED,
        DocumentStatus.REVOKED,
        DocumentStatus.REPLACED,
        DocumentStatus.CANCELLED,
    },
    DocumentStatus.CANCELLED: {DocumentStatus.CANCELLED},
    DocumentStatus.REVOKED: {DocumentStatus.REVOKED},
    DocumentStatus.REPLACED: {DocumentStatus.REPLACED, DocumentStatus.REVOKED},
}


class CorrectionKind(models.TextChoices):
    CORRECTION = "dinh_chinh", "Đính chính"
    REPLACEMENT = "thay_the", "Thay thế"
    REVOCATION = "thu_hoi", "Thu hồi"


class DocumentQuerySet(ScopedQuerySet["Document"]):
    scope_field = "unit"


# Fields that may not change once a document is issued.
LOCKED_FIELDS = (
    "direction",
    "unit_id",
    "organisation_id",
    "doc_type_id",
    "drafting_unit_id",
    "book_id",
    "number",
    "year",
    "symbol",
    "date",
    "subject",
    "signer_name",
    "signer_title",
    "signer_authority",
    "recipients",
    "distribution",
    "content",
    "header_snapshot",
    "corrects_id",
    "correction_kind",
)


class Document(SearchableModel, VersionedModel, TimeStampedModel):
    """Văn bản đi / đến: one row of the register, with the content to regenerate it."""

    direction = models.CharField(
        "văn bản đi/đến", max_length=3, choices=Direction.choices, default=Direction.OUTGOING
    )
    unit = models.ForeignKey(
        "geography.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name="đơn vị",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name="cơ quan ban hành / nhận",
    )
    doc_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="documents", verbose_name="loại"
    )
    drafting_unit = models.ForeignKey(
        DraftingUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="đơn vị soạn thảo",
    )
    book = models.ForeignKey(
        NumberBook,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="sổ",
    )
    number = models.PositiveIntegerField("số", null=True, blank=True)
    year = models.PositiveSmallIntegerField("năm của số", null=True, blank=True)
    symbol = models.CharField("ký hiệu", max_length=50, blank=True)
    date = models.DateField("ngày ban hành", null=True, blank=True)
    subject = models.TextField("trích yếu")
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=150, blank=True)
    signer_authority = models.CharField(
        "quyền hạn ký", max_length=150, blank=True, help_text="TM. / KT. / Q. / TL. / TUQ. …"
    )
    recipients = models.JSONField("kính gửi", default=list, blank=True)
    distribution = models.JSONField("nơi nhận", default=list, blank=True)
    copies = models.PositiveSmallIntegerField("số lượng bản", default=1)
    archive_holder = models.CharField("đơn vị, người nhận bản lưu", max_length=200, blank=True)
    transferred_on = models.DateField("ngày chuyển", null=True, blank=True)
    receipt_signed_by = models.CharField("ký nhận", max_length=150, blank=True)
    note = models.TextField("ghi chú", blank=True)
    # Incoming documents (sổ văn bản đến)
    author = models.CharField("tác giả (cơ quan gửi)", max_length=255, blank=True)
    incoming_number = models.PositiveIntegerField("số đến", null=True, blank=True)
    received_on = models.DateField("ngày đến", null=True, blank=True)
    handled_by = models.CharField("đơn vị hoặc người nhận", max_length=200, blank=True)
    external_number = models.CharField("số, ký hiệu gốc", max_length=60, blank=True)

    status = models.CharField(
        "trạng thái", max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    content = models.JSONField("nội dung", default=dict, blank=True)
    header_snapshot = models.JSONField("tên cơ quan lúc ban hành", default=dict, blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name="đính chính/thay thế cho",
    )
    correction_kind = models.CharField(
        "đính chính/thay thế", max_length=12, choices=CorrectionKind.choices, blank=True
    )
    is_illustrative = models.BooleanField(
        "minh họa", default=False, help_text="Văn bản trong dữ liệu minh họa."
    )
    status_reason = models.TextField(
        "lý do hủy số, thu hồi, thay thế", blank=True, help_text="Ghi vào cột Ghi chú của sổ."
    )
    status_changed_at = models.DateTimeField("đổi trạng thái lúc", null=True, blank=True)
    in_reply_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name="trả lời văn bản đến",
    )
    is_paper = models.BooleanField(
        "vào sổ từ bản giấy",
        default=False,
        help_text="Văn bản đã ký trên giấy; bản lưu là bản quét PDF.",
    )
    backdated = models.BooleanField("vào sổ lùi ngày (đã xác nhận)", default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tạo",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người vào sổ",
    )
    issued_at = models.DateTimeField("vào sổ lúc", null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["search", "version", "updated_at"])
    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number", "-created_at"]
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        constraints = [
            # The last line of defence: a number is never given twice in one book and year.
            models.UniqueConstraint(
                fields=["book", "year", "number"], name="unique_number_in_book"
            ),
            models.UniqueConstraint(
                fields=["book", "year", "incoming_number"], name="unique_incoming_number_in_book"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type_and_subject[:120]}"

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Document:
        instance = super().from_db(db, field_names, values)
        instance._loaded = {  # type: ignore[attr-defined]
            name: getattr(instance, name, None) for name in (*LOCKED_FIELDS, "status")
        }
        return instance

    def save(self, *args: Any, **kwargs: Any) -> None:
        loaded = getattr(self, "_loaded", None)
        was = loaded.get("status") if loaded else None
        if was in FROZEN_STATUSES and (
            self.status not in ALLOWED_AFTER_ISSUE[was]
            or any(getattr(self, name) != loaded[name] for name in LOCKED_FIELDS)  # type: ignore[index]
        ):
            raise DocumentLocked()
        # Every typed text NFC without control characters (số đến, tác giả, ghi chú, sổ…);
        # the locked fields of an issued document are left exactly as they were issued.
        issued = was in FROZEN_STATUSES
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if (
                isinstance(field, models.CharField | models.TextField)
                and isinstance(value, str)
                and not (issued and field.attname in LOCKED_FIELDS)
            ):
                setattr(self, field.attname, normalize(value))
        super().save(*args, **kwargs)
        self._loaded = {name: getattr(self, name, None) for name in (*LOCKED_FIELDS, "status")}

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._loaded = {name: getattr(self, name, None) for name in (*LOCKED_FIELDS, "status")}

    def search_text(self) -> str:
        return " ".join(
            part
            for part in (
                self.doc_type.name if self.doc_type_id else "",
                self.number_text,
                self.subject,
                self.signer_name,
                self.author,
                self.external_number,
            )
            if part
        )

    @property
    def is_issued(self) -> bool:
        """Numbered and final: issued, or later cancelled, revoked or replaced (text frozen)."""
        return self.status in FROZEN_STATUSES

    @property
    def is_reserved(self) -> bool:
        return self.status == DocumentStatus.RESERVED

    @property
    def is_draft(self) -> bool:
        return self.status == DocumentStatus.DRAFT

    @property
    def is_in_force(self) -> bool:
        return self.status == DocumentStatus.ISSUED

    @property
    def has_number(self) -> bool:
        return self.number is not None and self.direction == Direction.OUTGOING

    @property
    def number_text(self) -> str:
        """'25/KH-UBND' (blank number on a draft); incoming: the sender's own number."""
        if self.direction == Direction.INCOMING:
            return self.external_number
        return number_and_symbol(self.number, self.symbol)

    @property
    def type_and_subject(self) -> str:
        """Register column "Tên loại và trích yếu nội dung"."""
        if self.doc_type_id and not self.doc_type.is_official_letter:
            return f"{self.doc_type.name} {self.subject}"
        return f"V/v {self.subject}" if self.subject else ""


class DocumentLink(models.Model):
    """What a document concerns: a plan, an assignment, a report… (any model, by content type)."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="links", verbose_name="văn bản"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    label = models.CharField("đối tượng", max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "liên kết văn bản"
        verbose_name_plural = "liên kết văn bản"
        constraints = [
            models.UniqueConstraint(
                fields=["document", "content_type", "object_id"], name="unique_document_link"
            )
        ]

    def __str__(self) -> str:
        return self.label or f"{self.content_type} #{self.object_id}"


class AttachmentKind(models.TextChoices):
    SIGNED = "signed", "Bản đã ký (PDF)"
    ANNEX = "annex", "Phụ lục, tài liệu kèm theo (PDF)"


class DocumentAttachment(models.Model):
    """Tệp đính kèm: the signed PDF stored back on its register entry."""

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="attachments", verbose_name="văn bản"
    )
    kind = models.CharField(
        "loại tệp", max_length=10, choices=AttachmentKind.choices, default=AttachmentKind.SIGNED
    )
    file = models.FileField("tệp", upload_to="van-ban/%Y/")
    original_name = models.CharField("tên tệp", max_length=255)
    size = models.PositiveIntegerField("dung lượng (byte)", default=0)
    sha256 = models.CharField("mã băm SHA-256", max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="người tải lên",
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = "tệp đính kèm văn bản"
        verbose_name_plural = "tệp đính kèm văn bản"

    def __str__(self) -> str:
        return self.original_name
