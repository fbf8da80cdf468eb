"""The electronic document of ND30: PDF/A, signature places, PAdES signing and validation."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import subprocess
from typing import Any

import pytest

from ntm.documents import electronic, pdf, services, signing
from ntm.documents.tests.conftest import ISSUE_DAY, plan_spec

ISSUE_DAY_TIME = dt.datetime(2024, 4, 8, 9, 15, tzinfo=electronic.VIETNAM)

pytestmark = pytest.mark.skipif(pdf.soffice_binary() is None, reason="!! LibreOffice chưa cài")


def _issued(world: Any) -> Any:
    draft = services.create_draft(
        organisation=world.ubnd,
        doc_type=services.document_type("ke-hoach"),
        spec=plan_spec(),
        created_by=world.officer,
    )
    return services.issue_document(draft, ISSUE_DAY, world.officer)


def _text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def _append_update(content: bytes) -> bytes:
    """Someone changes the signed file afterwards with an incremental update."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Rotate"] = generic.NumberObject(90)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_issued_document_is_signed_validates_and_any_change_is_detected(
    world: Any, ubnd_book: Any
) -> None:
    document = _issued(world)
    unsigned = signing.unsigned_pdf(document)
    # PDF/A-2b for archiving, declared in the XMP metadata; the two ND30 signature places.
    assert electronic.pdfa_part(unsigned) == "2B"
    assert electronic.validate(unsigned, trust_roots=[]) == []
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    names = [name for name, *_ in enumerate_sig_fields(PdfFileReader(io.BytesIO(unsigned)))]
    assert names == [electronic.SIGNER_FIELD, electronic.ORGANISATION_FIELD]

    pkcs12, certificate = electronic.self_signed_identity("Nguyễn Văn Hòa")
    signer = electronic.signer_from_pkcs12(pkcs12, b"ntm")
    attachment = signing.sign_document(document, signer=signer, user=world.officer)
    signed = attachment.file.read()
    assert attachment.kind == "signed" and document.attachments.count() == 1
    text = _text(signed)
    assert "Số: 01/KH-UBND" in text and "Tân Lợi, ngày 08 tháng 4 năm 2024" in text
    assert electronic.pdfa_part(signed) == "2B"

    checks = electronic.validate(signed, trust_roots=[certificate])
    assert [c.field for c in checks] == [electronic.SIGNER_FIELD, electronic.ORGANISATION_FIELD]
    assert all(c.ok for c in checks), [c.message for c in checks]
    assert checks[0].signer == "Nguyễn Văn Hòa"
    # Not trusted without its root.
    assert not any(c.trusted for c in electronic.validate(signed, trust_roots=[]))

    # One byte changed inside the signed range: both signatures fail.
    tampered = bytearray(signed)
    tampered[len(signed) // 3] ^= 0x01
    broken = electronic.validate(bytes(tampered), trust_roots=[certificate])
    assert broken and not any(c.ok for c in broken)
    assert "thay đổi sau khi ký" in broken[0].message or not broken[0].intact

    # An update appended after signing (the page turned) is detected too.
    appended = electronic.validate(_append_update(signed), trust_roots=[certificate])
    assert appended and not any(c.ok for c in appended)

    # The same checks hold with an event loop running in this thread (Playwright's sync API
    # leaves one in a test worker; pyHanko's sync API calls asyncio.run()).
    async def inside_a_loop() -> list[electronic.SignatureCheck]:
        pending = asyncio.sleep(0)
        with pytest.raises(RuntimeError, match="running event loop"):
            asyncio.run(pending)  # what pyHanko would hit without the worker thread
        pending.close()
        return electronic.validate(signed, trust_roots=[certificate])

    loop = asyncio.new_event_loop()
    try:
        assert all(c.ok for c in loop.run_until_complete(inside_a_loop()))
    finally:
        loop.close()


def test_signing_runs_while_an_event_loop_is_running(world: Any) -> None:
    """Signing and validating from inside a coroutine (no LibreOffice: a PDF made here)."""
    from ntm.documents.tests.pdfs import minimal_pdf

    pkcs12, certificate = electronic.self_signed_identity("Đinh Quốc Duy")
    signer = electronic.signer_from_pkcs12(pkcs12, b"ntm")
    info = electronic.SigningInfo("ỦY BAN NHÂN DÂN XÃ TÂN LỢI", ISSUE_DAY_TIME)
    with_fields = electronic.add_signature_fields(minimal_pdf(), "Ban")

    async def sign_and_check() -> list[electronic.SignatureCheck]:
        signed = electronic.sign(
            with_fields, signer=signer, field=electronic.SIGNER_FIELD, info=info
        )
        return electronic.validate(signed, trust_roots=[certificate])

    loop = asyncio.new_event_loop()
    try:
        checks = loop.run_until_complete(sign_and_check())
    finally:
        loop.close()
    assert len(checks) == 1 and checks[0].ok
    assert info.iso_time == "2024-04-08T09:15:00+07:00"


def test_a_wrong_passphrase_is_refused_in_vietnamese() -> None:
    pkcs12, _ = electronic.self_signed_identity("Nguyễn Văn Hòa")
    with pytest.raises(electronic.SigningError, match="sai mật khẩu"):
        electronic.signer_from_pkcs12(pkcs12, b"sai")


def test_an_appendix_carries_the_parent_number_and_signing_time() -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    from ntm.documents.tests.pdfs import minimal_pdf

    lines = electronic.appendix_lines(
        organisation="ỦY BAN NHÂN DÂN XÃ TÂN LỢI",
        parent_number="25/KH-UBND",
        signed_at=ISSUE_DAY_TIME,
    )
    assert lines == [
        "ỦY BAN NHÂN DÂN XÃ TÂN LỢI",
        "Kèm theo văn bản số 25/KH-UBND",
        "Thời gian ký: 2024-04-08T09:15:00+07:00",
    ]
    annex = minimal_pdf("Phu luc")
    stamped = electronic.stamp_appendix(
        annex,
        organisation="ỦY BAN NHÂN DÂN XÃ TÂN LỢI",
        parent_number="25/KH-UBND",
        signed_at=ISSUE_DAY_TIME,
    )

    def xobjects(content: bytes) -> int:
        page = PdfFileReader(io.BytesIO(content)).root["/Pages"]["/Kids"][0].get_object()
        return len(page["/Resources"].get("/XObject", {}))

    assert xobjects(annex) == 0 and xobjects(stamped) == 1
    assert "Phu luc" in _text(stamped)
