"""Every URL of the register, for tests/test_url_scope.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ntm.core.tests.hostile_files import minimal_pdf
from tests.scope import Case

HIDDEN_FROM = ("outsider", "outsider_head", "hamlet_head", "hamlet_head2")
PDF_BYTES = minimal_pdf()  # a real PDF: uploads are inspected (issue 21)


def _draft(world: Any) -> Any:
    from ntm.documents import services
    from ntm.documents.spec import Block, DocumentSpec, Signature

    services.load_document_types()
    services.open_number_book(organisation=world.ubnd, year=2024, name="Sổ văn bản đi UBND xã")
    return services.create_draft(
        organisation=world.ubnd,
        doc_type=services.document_type("ke-hoach"),
        spec=DocumentSpec(
            issuer_lines=[],
            subject="Thực hiện nông thôn mới năm 2024",
            blocks=[Block(kind="paragraph", text="Nội dung.")],
            signature=Signature(
                title="CHỦ TỊCH", name="Nguyễn Văn Hòa", authority="TM. ỦY BAN NHÂN DÂN"
            ),
            distribution=["Lưu: VT"],
        ),
        created_by=world.officer,
    )


def _issued(world: Any) -> Any:
    from ntm.documents import services

    return services.issue_document(_draft(world), dt.date(2024, 4, 8), world.officer)


def draft_kwargs(world: Any) -> dict[str, Any]:
    return {"pk": _draft(world).pk}


def issued_kwargs(world: Any) -> dict[str, Any]:
    return {"pk": _issued(world).pk}


def attachment_kwargs(world: Any) -> dict[str, Any]:
    from ntm.documents import services

    document = _issued(world)
    item = services.attach_file(
        document=document, content=PDF_BYTES, name="ban-ky.pdf", user=world.officer
    )
    return {"pk": document.pk, "attachment_pk": item.pk}


def _pdf_expect() -> int:
    from ntm.documents.pdf import soffice_binary

    return 200 if soffice_binary() else 503


CASES: dict[str, Case] = {
    "documents:register": Case(),
    "documents:create": Case(),
    "documents:incoming_create": Case(),
    "documents:books": Case(),
    "documents:detail": Case(kwargs=issued_kwargs, outsiders=HIDDEN_FROM),
    "documents:edit": Case(kwargs=draft_kwargs, outsiders=HIDDEN_FROM),
    "documents:issue": Case(kwargs=draft_kwargs, outsiders=HIDDEN_FROM),
    "documents:docx": Case(kwargs=issued_kwargs, outsiders=HIDDEN_FROM),
    "documents:pdf": Case(kwargs=draft_kwargs, outsiders=HIDDEN_FROM, expect=_pdf_expect()),
    "documents:attach": Case(kwargs=issued_kwargs, outsiders=HIDDEN_FROM),
    "documents:attachment": Case(kwargs=attachment_kwargs, outsiders=HIDDEN_FROM),
    "documents:register_details": Case(kwargs=issued_kwargs, outsiders=HIDDEN_FROM),
    "documents:correction": Case(kwargs=issued_kwargs, outsiders=HIDDEN_FROM),
    "documents:history": Case(kwargs=issued_kwargs, outsiders=HIDDEN_FROM),
    "documents:reserve": Case(),
    "documents:paper": Case(),
    "documents:cancel": Case(kwargs=issued_kwargs, outsiders=HIDDEN_FROM),
    "documents:reply": Case(kwargs=issued_kwargs, outsiders=HIDDEN_FROM),
    "documents:electronic": Case(kwargs=issued_kwargs, outsiders=HIDDEN_FROM, expect=_pdf_expect()),
}
