"""The register's electronic documents: the unsigned PDF/A of an issued document with its
signature places, and the signed file stored back on its entry (see :mod:`electronic`)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ntm.documents import electronic
from ntm.documents.models import AttachmentKind, Document, DocumentAttachment
from ntm.documents.services import DocumentError, attach_file, document_docx, file_name


def unsigned_pdf(document: Document) -> bytes:
    """PDF/A-2b of the issued text with the signer's and the organisation's signature fields."""
    if not document.is_issued or document.is_paper or not document.content:
        raise DocumentError("Chỉ văn bản đã cấp số, soạn trong ntm mới tạo được văn bản điện tử.")
    return electronic.electronic_pdf(document_docx(document), document.signer_name)


def sign_document(
    document: Document, *, signer: Any, user: Any, seal: bytes | None = None
) -> DocumentAttachment:
    """Sign the electronic document twice (the signer, then the organisation with the signing
    information) and store it as the entry's signed file."""
    header = document.header_snapshot or {}
    info = electronic.SigningInfo(
        organisation=" ".join(header.get("issuer_lines") or [str(document.organisation)]),
        signed_at=timezone.now(),
    )
    pdf = unsigned_pdf(document)
    pdf = electronic.sign(
        pdf,
        signer=signer,
        field=electronic.SIGNER_FIELD,
        info=info,
        location=header.get("place", ""),
    )
    pdf = electronic.sign(
        pdf, signer=signer, field=electronic.ORGANISATION_FIELD, info=info, seal=seal
    )
    return attach_file(
        document=document,
        content=pdf,
        name=file_name(document, "pdf"),
        user=user,
        kind=AttachmentKind.SIGNED,
    )
