"""Writes on the register: drafts, numbers, issuing, corrections, attachments.

The public API other apps call (plans, reports, directives):

- ``issuer_header(organisation)`` → the header lines and place for a :class:`DocumentSpec`;
- ``document_type("ke-hoach")`` → a :class:`DocumentType` by code;
- ``create_draft(organisation=…, doc_type=…, spec=…, created_by=…, links=[obj, …])``;
- ``update_draft(document=…, spec=…, user=…)`` (refused once issued);
- ``issue_document(document, date, user)`` → the next number of the book, inside a lock;
- ``document_docx(document)`` → bytes; PDF through :mod:`ntm.documents.pdf`;
- ``documents_for(obj)`` → the register entries linked to an object.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import filetype
import yaml
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from ntm.accounts.models import Organisation, OrganisationKind
from ntm.core import clock
from ntm.core.pdf_check import check_pdf
from ntm.core.upsert import upsert
from ntm.documents.layout import render_docx
from ntm.documents.models import (
    AttachmentKind,
    CorrectionKind,
    Direction,
    Document,
    DocumentAttachment,
    DocumentLink,
    DocumentLocked,
    DocumentStatus,
    DocumentType,
    DraftingUnit,
    IssuerProfile,
    NumberBook,
)
from ntm.documents.rules import authority_error, issuer_place, number_and_symbol, symbol_for
from ntm.documents.spec import Block, DocumentSpec, spec_from_json, spec_to_json

TYPES_FILE = Path(__file__).parent / "data" / "document_types.yaml"


class DocumentError(Exception):
    """A refused action on the register; the message is for the person."""


class NoNumberBook(DocumentError):
    pass


# --- reference data ---------------------------------------------------------------------------


@transaction.atomic
def load_document_types(path: Path = TYPES_FILE) -> int:
    """Create or update the document types of Phụ lục III. Returns how many rows changed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    changed = 0
    for row in data["document_types"]:
        _, outcome = upsert(
            DocumentType,
            {"code": row["code"]},
            {
                "name": row["name"],
                "abbreviation": row.get("abbreviation") or "",
                "is_official_letter": bool(row.get("official_letter", False)),
                "template": str(row.get("template", "1.4")),
                "order": row.get("order", 100),
            },
        )
        changed += outcome != "unchanged"
    return changed


def document_type(code: str) -> DocumentType:
    """A document type by code ("ke-hoach", "thong-bao", "cong-van", "bao-cao", "quyet-dinh")."""
    found = DocumentType.objects.filter(code=code).first()
    if found is None:
        load_document_types()
        found = DocumentType.objects.get(code=code)
    return found


# --- the issuing body's header ----------------------------------------------------------------


@dataclass
class IssuerHeader:
    parent_body: str
    issuer_lines: list[str]
    place: str

    def as_json(self) -> dict[str, Any]:
        return {
            "parent_body": self.parent_body,
            "issuer_lines": list(self.issuer_lines),
            "place": self.place,
        }


def issuer_header(organisation: Organisation) -> IssuerHeader:
    """How ``organisation`` prints itself today (stored on the document when it is issued:
    units are renamed, the document keeps the name it was issued under)."""
    unit = organisation.unit
    place = issuer_place(unit.name, unit.kind_name)
    profile = IssuerProfile.objects.filter(organisation=organisation).first()
    if profile is not None:
        return IssuerHeader(
            parent_body=profile.parent_body.upper(),
            issuer_lines=[
                line.strip().upper() for line in profile.issuer_lines.splitlines() if line.strip()
            ],
            place=profile.place or place,
        )
    unit_line = f"{unit.kind_name} {unit.name}".upper()
    if organisation.kind == OrganisationKind.PEOPLES_COMMITTEE:
        return IssuerHeader("", ["ỦY BAN NHÂN DÂN", unit_line], place)
    return IssuerHeader(f"UBND {unit_line}", [organisation.name.upper()], place)


def symbol_of(
    *, organisation: Organisation, doc_type: DocumentType, drafting_unit: DraftingUnit | None
) -> str:
    return symbol_for(
        type_abbreviation="" if doc_type.is_official_letter else doc_type.abbreviation,
        issuer=organisation.abbreviation,
        drafting_unit=drafting_unit.abbreviation if drafting_unit else "",
    )


def prepare_spec(
    spec: DocumentSpec,
    *,
    organisation: Organisation,
    doc_type: DocumentType,
    drafting_unit: DraftingUnit | None = None,
) -> DocumentSpec:
    """Fill what the register knows: header lines, place, type name, symbol and year. A draft
    has no number and no day; its month prints only when ``spec.date_month`` is given."""
    header = issuer_header(organisation)
    today = clock.today()
    return replace(
        spec,
        issuer_lines=spec.issuer_lines or header.issuer_lines,
        parent_body=spec.parent_body or header.parent_body,
        place=spec.place or header.place,
        type_name=doc_type.heading,
        symbol=symbol_of(organisation=organisation, doc_type=doc_type, drafting_unit=drafting_unit),
        number=None,
        date=None,
        date_month=spec.date_month,  # None: the month is left blank too
        date_year=spec.date_year or today.year,
        draft=True,
    )


# --- number books ------------------------------------------------------------------------------


def open_number_book(
    *,
    organisation: Organisation,
    year: int,
    name: str = "",
    types: Iterable[DocumentType] = (),
    start_number: int = 1,
    direction: str = Direction.OUTGOING,
    note: str = "",
) -> NumberBook:
    """The book of ``organisation`` for ``year`` (created if missing; an existing book keeps
    its numbers)."""
    label = name or (
        f"Sổ văn bản {'đi' if direction == Direction.OUTGOING else 'đến'} "
        f"{organisation.short_name or organisation.name}"
    )
    book, created = NumberBook.objects.get_or_create(
        organisation=organisation,
        direction=direction,
        year=year,
        name=label,
        defaults={"start_number": start_number, "next_number": start_number, "note": note},
    )
    if created and types:
        book.types.set(types)
    return book


@transaction.atomic
def set_start_number(*, book: NumberBook, start_number: int, reason: str) -> NumberBook:
    """ "Số bắt đầu" for a book brought into ntm mid-year; refused once ntm gave a number."""
    locked = NumberBook.objects.select_for_update().get(pk=book.pk)
    if start_number < 1:
        raise DocumentError("Số bắt đầu phải từ 1 trở lên.")
    if locked.documents.filter(number__isnull=False).exists() or (
        locked.documents.filter(incoming_number__isnull=False).exists()
    ):
        raise DocumentError("Sổ đã cấp số trong ntm: không đổi được số bắt đầu.")
    locked.start_number = start_number
    locked.next_number = start_number
    locked._change_reason = reason  # type: ignore[attr-defined]
    locked.save()
    return locked


def find_book(
    *,
    organisation: Organisation,
    doc_type: DocumentType,
    year: int,
    direction: str = Direction.OUTGOING,
) -> NumberBook:
    """The book that numbers ``doc_type`` for ``organisation`` in ``year``: a book listing the
    type wins over a general book (one with no types)."""
    books = NumberBook.objects.filter(
        organisation=organisation, year=year, direction=direction
    ).prefetch_related("types")
    specific = [b for b in books if any(t.pk == doc_type.pk for t in b.types.all())]
    general = [b for b in books if not b.types.all()]
    for candidates in (specific, general):
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            names = ", ".join(b.name for b in candidates)
            raise NoNumberBook(f"Có nhiều sổ cùng cấp số cho {doc_type.name}: {names}.")
    raise NoNumberBook(
        f"Chưa mở sổ văn bản năm {year} của {organisation} cho loại “{doc_type.name}”. "
        "Hãy mở sổ trước khi vào sổ văn bản."
    )


def _allocate(book: NumberBook) -> int:
    """Take the book's next number. The caller holds the transaction; the row lock (PostgreSQL)
    or the IMMEDIATE transaction (SQLite) makes concurrent callers queue here."""
    locked = NumberBook.objects.select_for_update().get(pk=book.pk)
    number = locked.next_number
    NumberBook.objects.filter(pk=locked.pk).update(next_number=number + 1)
    return number


# --- drafts -----------------------------------------------------------------------------------


def _fields_from_spec(document: Document, spec: DocumentSpec) -> None:
    document.subject = spec.subject
    signature = spec.signature
    document.signer_name = signature.name if signature else ""
    document.signer_title = signature.title if signature else ""
    document.signer_authority = signature.authority if signature else ""
    document.recipients = list(spec.recipients)
    document.distribution = list(spec.distribution)
    document.content = spec_to_json(spec)


def _check_spec(spec: DocumentSpec) -> None:
    if not spec.subject.strip():
        raise DocumentError("Văn bản cần có trích yếu.")
    if spec.signature is not None:
        message = authority_error(spec.signature.authority)
        if message:
            raise DocumentError(message)


@transaction.atomic
def create_draft(
    *,
    organisation: Organisation,
    doc_type: DocumentType,
    spec: DocumentSpec,
    created_by: Any,
    drafting_unit: DraftingUnit | None = None,
    links: Iterable[models.Model] = (),
    corrects: Document | None = None,
    correction_kind: str = "",
    is_illustrative: bool = False,
) -> Document:
    """A draft (dự thảo) in the register: blank number and day until it is issued."""
    _check_spec(spec)
    if drafting_unit is not None and drafting_unit.organisation_id != organisation.pk:
        raise DocumentError("Đơn vị soạn thảo không thuộc cơ quan ban hành.")
    prepared = prepare_spec(
        spec, organisation=organisation, doc_type=doc_type, drafting_unit=drafting_unit
    )
    document = Document(
        direction=Direction.OUTGOING,
        unit=organisation.unit,
        organisation=organisation,
        doc_type=doc_type,
        drafting_unit=drafting_unit,
        symbol=prepared.symbol,
        header_snapshot=issuer_header(organisation).as_json(),
        corrects=corrects,
        correction_kind=correction_kind,
        is_illustrative=is_illustrative,
        created_by=created_by if getattr(created_by, "pk", None) else None,
    )
    _fields_from_spec(document, prepared)
    document.save()
    for target in links:
        link_document(document=document, target=target)
    return document


@transaction.atomic
def update_draft(
    *,
    document: Document,
    spec: DocumentSpec,
    user: Any,
    doc_type: DocumentType | None = None,
    drafting_unit: DraftingUnit | None = None,
    expected_version: int | None = None,
) -> Document:
    """Change a draft's content. An issued document is refused (:class:`DocumentLocked`)."""
    from ntm.core.concurrency import save_versioned

    current = Document.objects.get(pk=document.pk)
    if current.is_issued:
        raise DocumentLocked()
    _check_spec(spec)
    doc_type = doc_type or document.doc_type
    organisation = document.organisation
    prepared = prepare_spec(
        spec, organisation=organisation, doc_type=doc_type, drafting_unit=drafting_unit
    )
    document.doc_type = doc_type
    document.drafting_unit = drafting_unit
    document.symbol = prepared.symbol
    document.header_snapshot = issuer_header(organisation).as_json()
    _fields_from_spec(document, prepared)
    save_versioned(document, current.version if expected_version is None else expected_version)
    return document


@transaction.atomic
def issue_document(document: Document, date: dt.date, user: Any) -> Document:
    """Register ``document`` as issued on ``date``: the next number of its book, never twice,
    never skipped (row lock + UNIQUE(book, year, number)); the header is frozen as printed."""
    locked = (
        Document.objects.select_for_update()
        .select_related("organisation__unit")
        .get(pk=document.pk)
    )
    if locked.is_issued:
        raise DocumentLocked(
            f"Văn bản đã được vào sổ với số {locked.number_text}, không cấp số lần nữa."
        )
    if locked.direction != Direction.OUTGOING:
        raise DocumentError("Chỉ văn bản đi mới được cấp số ban hành.")
    if date > clock.today():
        raise DocumentError("Ngày ban hành không được sau ngày hôm nay.")
    book = find_book(organisation=locked.organisation, doc_type=locked.doc_type, year=date.year)
    number = _allocate(book)
    header = issuer_header(locked.organisation)
    spec = spec_from_json(locked.content) if locked.content else DocumentSpec(issuer_lines=[])
    spec = replace(
        spec,
        issuer_lines=header.issuer_lines,
        parent_body=header.parent_body,
        place=header.place,
        number=number,
        symbol=locked.symbol,
        date=date,
        date_month=date.month,
        date_year=date.year,
        draft=False,
    )
    locked.book = book
    locked.number = number
    locked.year = date.year
    locked.date = date
    locked.status = DocumentStatus.ISSUED
    locked.header_snapshot = header.as_json()
    locked.content = spec_to_json(spec)
    locked.issued_by = user if getattr(user, "pk", None) else None
    locked.issued_at = timezone.now()
    locked.version += 1
    locked._change_reason = (  # type: ignore[attr-defined]
        f"Vào sổ, cấp số {number_and_symbol(number, locked.symbol)}"
    )
    locked.save()
    document.refresh_from_db()
    return locked


@transaction.atomic
def start_correction(*, document: Document, kind: str, user: Any) -> Document:
    """A new draft that corrects (đính chính) or replaces (thay thế) an issued document."""
    if not document.is_issued:
        raise DocumentError("Chỉ văn bản đã ban hành mới cần đính chính hoặc thay thế.")
    if kind not in CorrectionKind.values:
        raise DocumentError("Hãy chọn đính chính hoặc thay thế.")
    spec = spec_from_json(document.content)
    label = dict(CorrectionKind.choices)[kind].lower()
    reference = f"{document.doc_type.name} số {document.number_text}"
    if document.date:
        reference += f" ngày {document.date:%d/%m/%Y}"
    doc_type = document.doc_type
    if kind == CorrectionKind.CORRECTION:
        # A correction is a công văn naming what it corrects; the drafter writes the changes.
        doc_type = document_type("cong-van")
        issuer = document.organisation.short_name or document.organisation.name
        spec = replace(
            spec,
            subject=f"{label} {reference}",
            bases=[],
            recipients=[],
            blocks=[
                Block(
                    kind="paragraph",
                    text=f"{issuer} {label} {reference} về việc {document.subject} như sau:",
                )
            ],
        )
    return create_draft(
        organisation=document.organisation,
        doc_type=doc_type,
        spec=spec,
        created_by=user,
        drafting_unit=document.drafting_unit,
        links=[link.target for link in document.links.all() if link.target is not None],
        corrects=document,
        correction_kind=kind,
    )


# --- incoming documents -------------------------------------------------------------------------


@transaction.atomic
def register_incoming(
    *,
    organisation: Organisation,
    doc_type: DocumentType,
    author: str,
    external_number: str,
    date: dt.date | None,
    subject: str,
    received_on: dt.date,
    user: Any,
    handled_by: str = "",
    note: str = "",
) -> Document:
    """Sổ văn bản đến: the next "số đến" of the incoming book of ``received_on``'s year."""
    if not subject.strip():
        raise DocumentError("Văn bản đến cần có trích yếu.")
    book = find_book(
        organisation=organisation,
        doc_type=doc_type,
        year=received_on.year,
        direction=Direction.INCOMING,
    )
    number = _allocate(book)
    document = Document.objects.create(
        direction=Direction.INCOMING,
        unit=organisation.unit,
        organisation=organisation,
        doc_type=doc_type,
        book=book,
        year=received_on.year,
        incoming_number=number,
        received_on=received_on,
        author=author,
        external_number=external_number,
        date=date,
        subject=subject,
        handled_by=handled_by,
        note=note,
        status=DocumentStatus.ISSUED,
        created_by=user if getattr(user, "pk", None) else None,
        issued_by=user if getattr(user, "pk", None) else None,
        issued_at=timezone.now(),
    )
    return document


# --- links, content, attachments ----------------------------------------------------------------


def link_document(*, document: Document, target: models.Model) -> DocumentLink:
    content_type = ContentType.objects.get_for_model(target)
    link, _ = DocumentLink.objects.get_or_create(
        document=document,
        content_type=content_type,
        object_id=target.pk,
        defaults={"label": str(target)[:255]},
    )
    return link


def documents_for(target: models.Model) -> models.QuerySet[Document]:
    """Register entries linked to ``target`` (filter further with ``.visible_to(user)``)."""
    content_type = ContentType.objects.get_for_model(target)
    return Document.objects.filter(
        links__content_type=content_type, links__object_id=target.pk
    ).distinct()


def spec_of(document: Document) -> DocumentSpec:
    """The stored content, as it prints now (issued: with its number, date and frozen header)."""
    if document.content:
        spec = spec_from_json(document.content)
    else:  # an entry registered without content (e.g. brought in from paper)
        header = document.header_snapshot or issuer_header(document.organisation).as_json()
        spec = DocumentSpec(
            issuer_lines=header.get("issuer_lines", []),
            parent_body=header.get("parent_body", ""),
            place=header.get("place", ""),
            type_name=document.doc_type.heading,
            subject=document.subject,
        )
    if document.is_issued and document.direction == Direction.OUTGOING:
        header = document.header_snapshot or {}
        spec = replace(
            spec,
            number=document.number,
            symbol=document.symbol,
            date=document.date,
            draft=False,
            issuer_lines=header.get("issuer_lines") or spec.issuer_lines,
            parent_body=header.get("parent_body", spec.parent_body),
            place=header.get("place") or spec.place,
        )
    return spec


def document_docx(document: Document) -> bytes:
    return render_docx(spec_of(document))


def file_name(document: Document, extension: str) -> str:
    """'KH-25-UBND-2024.docx'-like names without slashes or diacritics trouble."""
    from ntm.core.text import search_key

    base = document.doc_type.abbreviation or "CV"
    if document.number:
        base = f"{document.number:02d}-{document.symbol}-{document.year}"
    else:
        base = f"du-thao-{base}-{document.pk}"
    safe = search_key(base).replace(" ", "-").replace("/", "-")
    return f"{safe}.{extension}"


PDF_MAGIC = b"%PDF-"


def attach_file(
    *, document: Document, content: bytes, name: str, user: Any, kind: str = AttachmentKind.SIGNED
) -> DocumentAttachment:
    """Store a PDF (the signed file, or an annex) on the register entry. The type is checked by
    content, not by the file name."""
    limit = settings.NTM_UPLOAD_MAX_MB * 1024 * 1024
    if len(content) > limit:
        raise DocumentError(f"Tệp quá lớn: tối đa {settings.NTM_UPLOAD_MAX_MB} MB.")
    guessed = filetype.guess(content[:8192])
    if not content.startswith(PDF_MAGIC) or guessed is None or guessed.mime != "application/pdf":
        raise DocumentError("Chỉ nhận tệp PDF (nội dung tệp không phải PDF).")
    try:
        check_pdf(content)  # no JavaScript, actions, embedded files, XFA (issue 21)
    except ValidationError as exc:
        raise DocumentError(" ".join(exc.messages)) from exc
    if kind == AttachmentKind.SIGNED and not document.is_issued:
        raise DocumentError(
            "Văn bản chưa vào sổ: hãy ban hành (cấp số) trước khi đính kèm bản đã ký."
        )
    attachment = DocumentAttachment(
        document=document,
        kind=kind,
        original_name=Path(name).name[:255] or "van-ban.pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user if getattr(user, "pk", None) else None,
    )
    attachment.file.save(file_name(document, "pdf"), ContentFile(content), save=False)
    attachment.save()
    return attachment
