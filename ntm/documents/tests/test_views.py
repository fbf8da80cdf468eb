"""Screens of the register: search, drafting, issuing, refusing edits, attachments, scope."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as open_docx

from ntm.documents import services
from ntm.documents.models import Document
from ntm.documents.rules import parse_body
from ntm.documents.tests.conftest import ISSUE_DAY, plan_spec
from ntm.documents.tests.url_cases import PDF_BYTES

FORM = {
    "doc_type": "",
    "subject": "triển khai kế hoạch nông thôn mới",
    "urgency": "",
    "date_month": "4",
    "bases": "",
    "recipients": "Thành viên BCĐ CCTMTQG\nTrưởng các ấp (sóc)",
    "body": "Mở đầu.\n# 1. Đối với thành viên BCĐ\n- Thực hiện tốt nhiệm vụ\n- Báo cáo định kỳ",
    "signer_authority": "KT. CHỦ TỊCH",
    "signer_title": "PHÓ CHỦ TỊCH",
    "signer_name": "Đinh Quốc Duy",
    "distribution": "Như trên\nLưu: VT",
    "form_token": "mot-lan-duy-nhat",
}


def _plan(world: Any) -> Document:
    return services.create_draft(
        organisation=world.ubnd,
        doc_type=services.document_type("ke-hoach"),
        spec=plan_spec(),
        created_by=world.officer,
    )


def test_body_syntax() -> None:
    blocks = parse_body(
        "# I. MỤC ĐÍCH\n## 1. Nội dung\n- gạch\nĐiều 1. Làm\n| a | b |\n| c | d |\nđoạn"
    )
    assert [b.kind for b in blocks] == [
        "heading",
        "heading",
        "bullet",
        "article",
        "table",
        "paragraph",
    ]
    assert (
        blocks[1].level == 2
        and blocks[3].text == "Làm"
        and blocks[4].rows == [["a", "b"], ["c", "d"]]
    )


def test_register_search_ignores_diacritics(client: Any, world: Any, ubnd_book: Any) -> None:
    plan = services.issue_document(_plan(world), ISSUE_DAY, world.officer)
    other = services.create_draft(
        organisation=world.ubnd,
        doc_type=services.document_type("bao-cao"),
        spec=plan_spec(subject="Tình hình an ninh trật tự"),
        created_by=world.officer,
    )
    client.force_login(world.officer)
    response = client.get(reverse("documents:register"), {"q": "ke hoach nong thon moi"})
    assert response.status_code == 200
    page = list(response.context["page"])
    assert plan in page and other not in page
    assert "25/KH-UBND" not in response.content.decode()  # plan is 01 in this book
    assert "01/KH-UBND" in response.content.decode()


def test_register_filters_and_scope(client: Any, world: Any, ubnd_book: Any) -> None:
    services.issue_document(_plan(world), ISSUE_DAY, world.officer)
    client.force_login(world.officer)
    response = client.get(reverse("documents:register"), {"nam": "2023"})
    assert list(response.context["page"]) == []
    response = client.get(reverse("documents:register"), {"so": ubnd_book.pk, "nam": "2024"})
    assert len(response.context["page"]) == 1
    for key in ("hamlet_head", "outsider"):
        client.force_login(world.users[key])
        assert list(client.get(reverse("documents:register")).context["page"]) == []


def test_register_query_count_does_not_grow(client: Any, world: Any, ubnd_book: Any) -> None:
    client.force_login(world.officer)
    services.issue_document(_plan(world), ISSUE_DAY, world.officer)
    client.get(reverse("documents:register"))  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as once:
        client.get(reverse("documents:register"))
    for _ in range(10):
        services.issue_document(_plan(world), ISSUE_DAY, world.officer)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("documents:register"))
    assert len(many) == len(once)


def test_member_drafts_officer_issues(client: Any, world: Any, ubnd_book: Any, today: Any) -> None:
    client.force_login(world.member)
    data = {
        **FORM,
        "organisation": world.ubnd.pk,
        "doc_type": services.document_type("ke-hoach").pk,
    }
    response = client.post(reverse("documents:create"), data)
    assert response.status_code == 302
    client.post(reverse("documents:create"), data)  # double click: one draft
    assert Document.objects.count() == 1
    document = Document.objects.get()
    assert document.number is None and document.signer_name == "Đinh Quốc Duy"
    kinds = [b["kind"] for b in document.content["blocks"]]
    assert kinds == ["paragraph", "heading", "bullet", "bullet"]
    issue_url = reverse("documents:issue", args=[document.pk])
    assert client.post(issue_url, {"date": "2024-04-08"}).status_code == 403
    client.force_login(world.officer)
    page = client.get(issue_url)
    assert "Xác nhận ban hành" in page.content.decode() and "số tiếp theo" in page.content.decode()
    response = client.post(issue_url, {"date": "2024-04-08"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.is_issued and document.number_text == "01/KH-UBND"


def test_editing_an_issued_document_is_refused(client: Any, world: Any, ubnd_book: Any) -> None:
    issued = services.issue_document(_plan(world), ISSUE_DAY, world.officer)
    client.force_login(world.officer)
    url = reverse("documents:edit", args=[issued.pk])
    data = {
        **FORM,
        "organisation": world.ubnd.pk,
        "doc_type": issued.doc_type_id,
        "subject": "Khác",
    }
    response = client.post(url, data)
    assert response.status_code == 409
    assert "Văn bản đã ban hành, không được sửa" in response.content.decode()
    issued.refresh_from_db()
    assert issued.subject != "Khác"
    again = client.post(reverse("documents:issue", args=[issued.pk]), {"date": "2024-04-09"})
    assert again.status_code == 409


def test_draft_edit_and_docx_download(client: Any, world: Any, ubnd_book: Any) -> None:
    draft = _plan(world)
    client.force_login(world.officer)
    url = reverse("documents:edit", args=[draft.pk])
    form = client.get(url).context["form"]
    assert "# I. MỤC ĐÍCH, YÊU CẦU" in form.initial["body"]
    data = {
        **FORM,
        "organisation": world.ubnd.pk,
        "doc_type": draft.doc_type_id,
        "version": draft.version,
    }
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.subject == "triển khai kế hoạch nông thôn mới" and draft.version == 2
    response = client.get(reverse("documents:docx", args=[draft.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    doc = open_docx(io.BytesIO(response.content))
    assert any("DỰ THẢO" in p.text for t in doc.tables for c in t._cells for p in c.paragraphs)
    assert client.get(reverse("documents:detail", args=[draft.pk])).status_code == 200


def test_signed_file_must_be_a_pdf(client: Any, world: Any, ubnd_book: Any) -> None:
    issued = services.issue_document(_plan(world), ISSUE_DAY, world.officer)
    client.force_login(world.officer)
    url = reverse("documents:attach", args=[issued.pk])
    fake = SimpleUploadedFile("ban-ky.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"kind": "signed", "file": fake})
    assert response.status_code == 200 and "Chỉ nhận tệp PDF" in response.content.decode()
    real = SimpleUploadedFile("ban-ky.pdf", PDF_BYTES, content_type="application/octet-stream")
    assert client.post(url, {"kind": "signed", "file": real}).status_code == 302
    item = issued.attachments.get()
    assert item.original_name == "ban-ky.pdf" and len(item.sha256) == 64
    download = client.get(reverse("documents:attachment", args=[issued.pk, item.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    client.force_login(world.member)
    assert client.post(url, {"kind": "signed", "file": real}).status_code == 403


def test_correction_screen_creates_a_linked_draft(client: Any, world: Any, ubnd_book: Any) -> None:
    issued = services.issue_document(_plan(world), ISSUE_DAY, world.officer)
    client.force_login(world.officer)
    response = client.post(reverse("documents:correction", args=[issued.pk]), {"kind": "thay_the"})
    assert response.status_code == 302
    new = Document.objects.exclude(pk=issued.pk).get()
    assert new.corrects == issued and new.correction_kind == "thay_the" and not new.is_issued
    history = client.get(reverse("documents:history", args=[issued.pk]))
    assert "Vào sổ, cấp số 01/KH-UBND" in history.content.decode()


def test_incoming_register(client: Any, world: Any, types: None) -> None:
    services.open_number_book(organisation=world.ubnd, year=2024, name="Sổ đến", direction="in")
    client.force_login(world.officer)
    response = client.post(
        reverse("documents:incoming_create"),
        {
            "organisation": world.ubnd.pk,
            "doc_type": services.document_type("cong-van").pk,
            "author": "Văn phòng Điều phối NTM huyện",
            "external_number": "12/VPĐP",
            "date": "2024-05-02",
            "subject": "Đôn đốc báo cáo 6 tháng",
            "received_on": "2024-05-03",
            "handled_by": "Trần Thị Mai",
            "note": "",
        },
    )
    assert response.status_code == 302
    incoming = Document.objects.get(direction="in")
    assert incoming.incoming_number == 1 and incoming.number_text == "12/VPĐP"
    page = client.get(reverse("documents:register"), {"huong": "den"})
    assert "Văn phòng Điều phối NTM huyện" in page.content.decode()


@pytest.mark.parametrize("key", ["hamlet_head", "hamlet_head2", "organisation"])
def test_people_without_drafting_rights_cannot_create(
    client: Any, world: Any, types: None, key: str
) -> None:
    client.force_login(world.users[key])
    assert client.get(reverse("documents:create")).status_code == 403
