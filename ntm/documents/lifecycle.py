"""The life of a register entry after its number: reserved numbers and their cancellation,
revocation (thu hồi), replacement (thay thế) and correction (đính chính) of issued documents,
paper documents entered with their scan, and answers linked to the incoming document.

Every change keeps the book whole: a number once given stays in the book with what became of
it (shown in the "Ghi chú" column); it is never given again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from ntm.accounts.models import Organisation
from ntm.core import clock
from ntm.documents.models import (
    AttachmentKind,
    CorrectionKind,
    Direction,
    Document,
    DocumentStatus,
    DocumentType,
    DraftingUnit,
)
from ntm.documents.rules import number_and_symbol
from ntm.documents.services import (
    BackdateNeedsConfirmation,
    DocumentError,
    _allocate,
    attach_file,
    backdate_warning,
    find_book,
    issuer_header,
    symbol_of,
)


def _when(document: Document) -> str:
    return f" ngày {document.date:%d/%m/%Y}" if document.date else ""


def _reference(document: Document) -> str:
    return f"{document.doc_type.name} số {document.number_text}{_when(document)}"


def _user(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


# --- reserved numbers -----------------------------------------------------------------------


@transaction.atomic
def reserve_number(
    *,
    organisation: Organisation,
    doc_type: DocumentType,
    date: dt.date,
    subject: str,
    user: Any,
    drafting_unit: DraftingUnit | None = None,
    confirm_backdate: bool = False,
) -> Document:
    """Giữ số: the next number of the book for a document being signed on paper. The entry
    is completed with :func:`register_paper` or cancelled with :func:`cancel_number`."""
    if not subject.strip():
        raise DocumentError("Hãy ghi trích yếu của văn bản được giữ số.")
    if date > clock.today():
        raise DocumentError("Ngày ban hành không được sau ngày hôm nay.")
    book = find_book(organisation=organisation, doc_type=doc_type, year=date.year)
    number = _allocate(book)
    warning = backdate_warning(book, date)
    if warning and not confirm_backdate:
        raise BackdateNeedsConfirmation(warning)
    symbol = symbol_of(organisation=organisation, doc_type=doc_type, drafting_unit=drafting_unit)
    document = Document(
        direction=Direction.OUTGOING,
        unit=organisation.unit,
        organisation=organisation,
        doc_type=doc_type,
        drafting_unit=drafting_unit,
        book=book,
        number=number,
        year=date.year,
        symbol=symbol,
        date=date,
        subject=subject,
        status=DocumentStatus.RESERVED,
        header_snapshot=issuer_header(organisation).as_json(),
        backdated=bool(warning),
        created_by=_user(user),
        issued_by=_user(user),
        issued_at=timezone.now(),
    )
    document._change_reason = f"Giữ số {number_and_symbol(number, symbol)}"  # type: ignore[attr-defined]
    document.save()
    return document


@transaction.atomic
def cancel_number(*, document: Document, reason: str, user: Any) -> Document:
    """Hủy số: the number stays in the book, marked cancelled with its reason, never reused.
    Allowed for a reserved number, and for an issued document not yet sent out."""
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if not reason.strip():
        raise DocumentError("Hãy ghi lý do hủy số.")
    if locked.direction != Direction.OUTGOING or locked.number is None:
        raise DocumentError("Chỉ số văn bản đi đã cấp mới hủy được.")
    if locked.status == DocumentStatus.ISSUED and (
        locked.transferred_on is not None or locked.corrections.exists()
    ):
        raise DocumentError(
            "Văn bản đã chuyển đi hoặc đã có văn bản đính chính, thay thế: không hủy số được; "
            "hãy thu hồi bằng văn bản."
        )
    if locked.status not in (DocumentStatus.RESERVED, DocumentStatus.ISSUED):
        raise DocumentError(
            f"Số {locked.number_text} đang ở trạng thái “{locked.get_status_display()}”: "
            "không hủy được."
        )
    locked.status = DocumentStatus.CANCELLED
    locked.status_reason = reason.strip()
    locked.status_changed_at = timezone.now()
    locked._history_user = _user(user)  # type: ignore[attr-defined]
    locked._change_reason = f"Hủy số: {reason.strip()}"  # type: ignore[attr-defined]
    locked.save()
    document.refresh_from_db()
    return locked


# --- corrections, replacements, revocations -------------------------------------------------


def apply_correction(new: Document, user: Any) -> None:
    """Called when ``new`` (which corrects, replaces or revokes ``new.corrects``) is issued:
    the old document records what became of it; both link to each other."""
    assert new.corrects_id is not None
    old = Document.objects.select_for_update().get(pk=new.corrects_id)
    reference = _reference(new)
    if new.correction_kind == CorrectionKind.REPLACEMENT:
        if old.status != DocumentStatus.ISSUED:
            raise DocumentError(f"{_reference(old)} không còn hiệu lực: không thay thế được.")
        old.status = DocumentStatus.REPLACED
        old.status_reason = f"Được thay thế bởi {reference}."
    elif new.correction_kind == CorrectionKind.REVOCATION:
        if old.status not in (DocumentStatus.ISSUED, DocumentStatus.REPLACED):
            raise DocumentError(f"{_reference(old)} không còn hiệu lực: không thu hồi được.")
        old.status = DocumentStatus.REVOKED
        old.status_reason = f"Bị thu hồi theo {reference}."
    else:
        return  # an đính chính leaves the old document in force; the link says it all
    old.status_changed_at = timezone.now()
    old._history_user = _user(user)  # type: ignore[attr-defined]
    old._change_reason = old.status_reason  # type: ignore[attr-defined]
    old.save()


def register_remarks(document: Document) -> list[str]:
    """The "Ghi chú" column: what became of the document, then the văn thư's own note."""
    remarks: list[str] = []
    if document.status == DocumentStatus.CANCELLED:
        remarks.append(f"Đã hủy số: {document.status_reason}")
    if document.status == DocumentStatus.RESERVED:
        remarks.append("Giữ số, chưa vào sổ bản đã ký.")
    if document.corrects_id and document.corrects is not None:
        label = {
            CorrectionKind.CORRECTION: "Đính chính",
            CorrectionKind.REPLACEMENT: "Thay thế",
            CorrectionKind.REVOCATION: "Thu hồi",
        }.get(CorrectionKind(document.correction_kind), "Liên quan")
        remarks.append(f"{label} {_reference(document.corrects)}.")
    for later in document.corrections.all():
        if not later.is_issued or later.status == DocumentStatus.CANCELLED:
            continue
        label = {
            CorrectionKind.CORRECTION: "Được đính chính bởi",
            CorrectionKind.REPLACEMENT: "Được thay thế bởi",
            CorrectionKind.REVOCATION: "Bị thu hồi theo",
        }.get(CorrectionKind(later.correction_kind), "Liên quan")
        remarks.append(f"{label} {_reference(later)}.")
    if document.in_reply_to_id and document.in_reply_to is not None:
        incoming = document.in_reply_to
        remarks.append(
            f"Trả lời văn bản đến số {incoming.incoming_number} ({incoming.external_number} "
            f"của {incoming.author})."
        )
    for reply in document.replies.all():
        remarks.append(f"Đã trả lời bằng {_reference(reply)}.")
    if document.is_paper:
        remarks.append("Văn bản giấy, lưu bản quét.")
    if document.backdated:
        remarks.append("Vào sổ lùi ngày (đã xác nhận).")
    if document.note:
        remarks.append(document.note)
    return remarks


# --- paper documents and replies ------------------------------------------------------------


@transaction.atomic
def register_paper(
    *,
    organisation: Organisation,
    doc_type: DocumentType,
    date: dt.date,
    subject: str,
    signer_name: str,
    signer_title: str,
    distribution: list[str],
    scan: bytes | None,
    scan_name: str,
    user: Any,
    drafting_unit: DraftingUnit | None = None,
    reserved: Document | None = None,
    confirm_backdate: bool = False,
    note: str = "",
) -> Document:
    """A document signed on paper, entered in the register with its scanned PDF: the next
    number of the book (or the number reserved for it). Its download is the scan."""
    if scan is None and not note:
        raise DocumentError("Văn bản giấy vào sổ phải kèm bản quét PDF.")
    if reserved is not None:
        document = Document.objects.select_for_update().get(pk=reserved.pk)
        if document.status != DocumentStatus.RESERVED:
            raise DocumentError(f"Số {document.number_text} không còn được giữ.")
        document.date = date
    else:
        document = reserve_number(
            organisation=organisation,
            doc_type=doc_type,
            date=date,
            subject=subject,
            user=user,
            drafting_unit=drafting_unit,
            confirm_backdate=confirm_backdate,
        )
    document.subject = subject
    document.signer_name = signer_name
    document.signer_title = signer_title
    document.distribution = [entry.strip() for entry in distribution if entry.strip()]
    document.is_paper = True
    document.note = note
    document.status = DocumentStatus.ISSUED
    document._change_reason = (  # type: ignore[attr-defined]
        f"Vào sổ văn bản giấy số {document.number_text}"
    )
    document.save()
    if scan is not None:
        attach_file(document=document, content=scan, name=scan_name, user=user)
    return document


def scan_of(document: Document) -> Any:
    """The scanned (signed) PDF of a paper document, or None."""
    return document.attachments.filter(kind=AttachmentKind.SIGNED).order_by("-pk").first()


@transaction.atomic
def link_reply(*, reply: Document, incoming: Document, user: Any) -> Document:
    """Link an outgoing answer to the incoming document it answers (shown on both)."""
    if incoming.direction != Direction.INCOMING or reply.direction != Direction.OUTGOING:
        raise DocumentError("Chỉ văn bản đi mới trả lời được một văn bản đến.")
    if incoming.organisation_id != reply.organisation_id:
        raise DocumentError("Văn bản đến và văn bản trả lời phải của cùng một cơ quan.")
    reply.in_reply_to = incoming
    reply._history_user = _user(user)  # type: ignore[attr-defined]
    reply._change_reason = f"Trả lời văn bản đến số {incoming.incoming_number}"  # type: ignore[attr-defined]
    reply.save()
    return reply
