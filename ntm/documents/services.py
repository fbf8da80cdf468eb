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
import re
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
from ntm.documents.spec import Block, DocumentSpec, Signature, spec_from_json, spec_to_json

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
        template=doc_type.template,
        subject=clean_subject(spec.subject, doc_type),
        symbol=symbol_of(organisation=organisation, doc_type=doc_type, drafting_unit=drafting_unit),
        number=None,
        date=None,
        date_month=spec.date_month,  # None: the month is left blank too
        date_year=spec.date_year or today.year,
        draft=True,
    )


def clean_subject(subject: str, doc_type: DocumentType) -> str:
    """The trích yếu without what the layout prints itself: "V/v"/"Về việc" of a công văn."""
    text = " ".join(subject.split())
    if doc_type.is_official_letter:
        text = re.sub(r"^(v/v|về việc)\s*:?\s*", "", text, flags=re.IGNORECASE)
    return text


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
    # Stored without list punctuation (the layout adds "- …;"): the register joins them.
    document.distribution = [
        entry
        for entry in (
            re.sub(r"[\s;,.:]+$", "", e.strip().lstrip("-–•+ ")) for e in spec.distribution
        )
        if entry
    ]
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
    if is_illustrative:
        prepared = replace(prepared, illustrative=True)
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
    prepared = replace(prepared, illustrative=current.is_illustrative)
    document.doc_type = doc_type
    document.drafting_unit = drafting_unit
    document.symbol = prepared.symbol
    document.header_snapshot = issuer_header(organisation).as_json()
    _fields_from_spec(document, prepared)
    save_versioned(document, current.version if expected_version is None else expected_version)
    return document


class BackdateNeedsConfirmation(DocumentError):
    """The date is earlier than the last document of the book: issue only when confirmed."""


def last_dated(book: NumberBook) -> Document | None:
    """The latest-dated numbered document of ``book`` (cancelled numbers count too)."""
    return (
        Document.objects.filter(book=book, year=book.year, number__isnull=False, date__isnull=False)
        .order_by("-date", "-number")
        .first()
    )


def backdate_warning(book: NumberBook, date: dt.date) -> str:
    """A warning when ``date`` is earlier than the last document of ``book`` ("" if not)."""
    last = last_dated(book)
    if last is None or last.date is None or date >= last.date:
        return ""
    return (
        f"Ngày ban hành {date:%d/%m/%Y} sớm hơn văn bản số {last.number_text} ngày "
        f"{last.date:%d/%m/%Y} đã vào sổ. Số sẽ là số tiếp theo của sổ; chỉ vào sổ lùi "
        "ngày khi đã xác nhận đúng là như vậy."
    )


def conformance_problems(spec: DocumentSpec, organisation: Organisation) -> list[str]:
    """The ND30 checker on the document as it will print (run before a number is given)."""
    from ntm.documents.conformance import problems

    names = [organisation.unit.name] if organisation.unit.name[:1].isupper() else []
    return problems(render_docx(spec), proper_names=names, decision=spec.is_decision)


def _check_conformance(document: Document, book: NumberBook, date: dt.date) -> None:
    if not document.content:
        return
    header = issuer_header(document.organisation)
    preview = replace(
        spec_from_json(document.content),
        issuer_lines=header.issuer_lines,
        parent_body=header.parent_body,
        place=header.place,
        number=book.next_number,
        date=date,
        draft=False,
    )
    found = conformance_problems(preview, document.organisation)
    if found:
        raise DocumentError("Văn bản chưa đúng thể thức, chưa cấp số: " + " ".join(found))


def issue_document(
    document: Document, date: dt.date, user: Any, *, confirm_backdate: bool = False
) -> Document:
    """Register ``document`` as issued on ``date``: the next number of its book, never twice,
    never skipped (row lock + UNIQUE(book, year, number)); the content and header are frozen
    as printed. Refused when the text breaks ND30 (the reasons in Vietnamese), and when the
    date is earlier than the book's last document unless ``confirm_backdate``.

    The ND30 check renders the document, which takes a moment: it runs before the book is
    locked, so that other numbers are not held up (again inside the lock only if the text
    changed meanwhile)."""
    checked = Document.objects.select_related("organisation__unit", "doc_type").get(pk=document.pk)
    if checked.direction == Direction.OUTGOING and checked.status == DocumentStatus.DRAFT:
        book = find_book(
            organisation=checked.organisation, doc_type=checked.doc_type, year=date.year
        )
        _check_conformance(checked, book, date)
    return _issue(document, checked, date, user, confirm_backdate=confirm_backdate)


@transaction.atomic
def _issue(
    document: Document, checked: Document, date: dt.date, user: Any, *, confirm_backdate: bool
) -> Document:
    # Lock the document row only (of=self): locking the joined organisation too would
    # deadlock against a reservation that holds the book and checks the organisation key.
    locked = (
        Document.objects.select_for_update(of=("self",))
        .select_related("organisation__unit")
        .get(pk=document.pk)
    )
    if locked.is_issued:
        raise DocumentLocked(
            f"Văn bản đã được vào sổ với số {locked.number_text}, không cấp số lần nữa."
        )
    if locked.direction != Direction.OUTGOING:
        raise DocumentError("Chỉ văn bản đi mới được cấp số ban hành.")
    if locked.status != DocumentStatus.DRAFT:
        raise DocumentError(
            f"Số {locked.number_text} đang được giữ: hãy vào sổ bản giấy hoặc hủy số."
        )
    if date > clock.today():
        raise DocumentError("Ngày ban hành không được sau ngày hôm nay.")
    book = find_book(organisation=locked.organisation, doc_type=locked.doc_type, year=date.year)
    header = issuer_header(locked.organisation)
    if locked.content != checked.content:  # changed since the check: check again
        _check_conformance(locked, book, date)
    number = _allocate(book)  # from here on the book is locked: the last date is settled
    warning = backdate_warning(book, date)
    if warning and not confirm_backdate:
        raise BackdateNeedsConfirmation(warning)
    locked.backdated = bool(warning)
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
    if locked.corrects_id:
        from ntm.documents.lifecycle import apply_correction

        apply_correction(locked, user)
    document.refresh_from_db()
    return locked


@transaction.atomic
def start_correction(*, document: Document, kind: str, user: Any) -> Document:
    """A new draft that corrects (đính chính), replaces (thay thế) or revokes (thu hồi) an
    issued document. Issuing it marks the old one (see :mod:`ntm.documents.lifecycle`)."""
    if document.status != DocumentStatus.ISSUED or document.direction != Direction.OUTGOING:
        raise DocumentError(
            "Chỉ văn bản đi đang có hiệu lực mới được đính chính, thay thế hoặc thu hồi."
        )
    if kind not in CorrectionKind.values:
        raise DocumentError("Hãy chọn đính chính, thay thế hoặc thu hồi.")
    spec = spec_from_json(document.content) if document.content else DocumentSpec([])
    reference = f"{document.doc_type.name} số {document.number_text}"
    if document.date:
        reference += f" ngày {document.date:%d/%m/%Y}"
    organisation = document.organisation
    issuer = organisation.short_name or organisation.name
    about = clean_subject(document.subject, document_type("cong-van"))
    signature = _collective_signature(spec.signature, organisation)
    distribution = [
        entry
        for entry in document.distribution
        if not re.match(r"^(như điều|lưu)", entry.strip(), re.IGNORECASE)
    ]
    doc_type = document.doc_type
    drafting_unit = document.drafting_unit
    if kind == CorrectionKind.CORRECTION:
        # A công văn naming what it corrects (its symbol names the drafting unit); the
        # drafter writes the changes under the opening paragraph.
        doc_type = document_type("cong-van")
        drafting_unit = drafting_unit or organisation.drafting_units.order_by("pk").first()
        if drafting_unit is None:
            raise DocumentError(
                "Công văn đính chính cần đơn vị soạn thảo (ký hiệu …/UBND-VP): hãy khai báo "
                "đơn vị soạn thảo của cơ quan trước."
            )
        spec = DocumentSpec(
            issuer_lines=[],
            subject=f"đính chính {reference}",
            recipients=[],
            blocks=[
                Block(
                    kind="paragraph",
                    text=f"{issuer} đính chính {reference} về việc {about} như sau:",
                )
            ],
            signature=signature,
            distribution=[*distribution, "Lưu: VT"],
        )
    elif kind == CorrectionKind.REVOCATION:
        doc_type = document_type("quyet-dinh")
        unit = organisation.unit
        spec = DocumentSpec(
            issuer_lines=[],
            subject=f"Thu hồi {reference}",
            authority_title=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {unit.kind_name} {unit.name}".upper(),
            bases=list(spec.bases),
            blocks=[
                Block(kind="article", text=f"Thu hồi {reference} về việc {about}."),
                Block(kind="article", text="Quyết định này có hiệu lực kể từ ngày ký."),
                Block(
                    kind="article",
                    text="Văn phòng Ủy ban nhân dân và các cơ quan, đơn vị, cá nhân có liên "
                    "quan chịu trách nhiệm thi hành Quyết định này.",
                ),
            ],
            signature=_own_name_signature(signature),
            distribution=["Như Điều 3", *distribution, "Lưu: VT"],
        )
    return create_draft(
        organisation=organisation,
        doc_type=doc_type,
        spec=spec,
        created_by=user,
        drafting_unit=drafting_unit if doc_type.is_official_letter else None,
        links=[link.target for link in document.links.all() if link.target is not None],
        corrects=document,
        correction_kind=kind,
        is_illustrative=document.is_illustrative,
    )


def _collective_signature(
    signature: Signature | None, organisation: Organisation
) -> Signature | None:
    """A decision's "CHỦ TỊCH" signs a UBND công văn or plan "TM. ỦY BAN NHÂN DÂN"."""
    if signature is None:
        return None
    title = signature.title.upper()
    if "ỦY BAN NHÂN DÂN" in title and "CHỦ TỊCH" in title:
        title = "CHỦ TỊCH"
    authority = signature.authority
    if (
        not authority
        and title == "CHỦ TỊCH"
        and organisation.kind == OrganisationKind.PEOPLES_COMMITTEE
    ):
        authority = "TM. ỦY BAN NHÂN DÂN"
    return Signature(title=title, name=signature.name, authority=authority)


def _own_name_signature(signature: Signature | None) -> Signature | None:
    """A quyết định of the Chủ tịch: KT. for a deputy, the Chủ tịch in their own name."""
    if signature is None:
        return None
    if signature.authority.startswith("KT."):
        return signature
    return Signature(title=signature.title, name=signature.name)


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
