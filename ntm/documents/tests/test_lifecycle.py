"""The register's life cycle: reserved and cancelled numbers, replacement, revocation,
correction, back-dating, paper documents with their scan, replies; numbers gap-free."""

from __future__ import annotations

import datetime as dt
import io
import threading
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse

from ntm.documents import lifecycle, services
from ntm.documents.models import Document, DocumentLocked, DocumentStatus, DraftingUnit
from ntm.documents.spec import Block, Signature
from ntm.documents.tests.conftest import ISSUE_DAY, letter_spec, plan_spec
from ntm.documents.tests.pdfs import minimal_pdf


def _draft(world: Any, code: str = "ke-hoach", **spec: Any) -> Document:
    base = letter_spec(**spec) if code == "cong-van" else plan_spec(**spec)
    return services.create_draft(
        organisation=world.ubnd,
        doc_type=services.document_type(code),
        spec=base,
        created_by=world.officer,
        drafting_unit=DraftingUnit.objects.get_or_create(
            organisation=world.ubnd, abbreviation="VP", defaults={"name": "Văn phòng"}
        )[0]
        if code == "cong-van"
        else None,
    )


def _issue(world: Any, day: dt.date = ISSUE_DAY, **spec: Any) -> Document:
    return services.issue_document(_draft(world, **spec), day, world.officer)


def test_a_cancelled_number_stays_in_the_book_and_is_never_reused(
    world: Any, ubnd_book: Any
) -> None:
    reserved = lifecycle.reserve_number(
        organisation=world.ubnd,
        doc_type=services.document_type("ke-hoach"),
        date=ISSUE_DAY,
        subject="Kế hoạch ký trên giấy",
        user=world.officer,
    )
    assert reserved.number_text == "01/KH-UBND" and reserved.status == DocumentStatus.RESERVED
    with pytest.raises(services.DocumentError, match="lý do"):
        lifecycle.cancel_number(document=reserved, reason="  ", user=world.officer)
    cancelled = lifecycle.cancel_number(
        document=reserved, reason="Văn bản không ban hành", user=world.officer
    )
    assert cancelled.status == DocumentStatus.CANCELLED and cancelled.number == 1
    assert "Đã hủy số: Văn bản không ban hành" in lifecycle.register_remarks(cancelled)
    nxt = _issue(world)
    assert nxt.number == 2  # 01 is never given again
    # Frozen: the cancelled entry keeps its number; it cannot be issued or cancelled again.
    cancelled.number = 3
    with pytest.raises(DocumentLocked):
        cancelled.save()
    with pytest.raises(services.DocumentError):
        lifecycle.cancel_number(
            document=Document.objects.get(pk=reserved.pk), reason="lại", user=None
        )
    # An issued document already sent out cannot be cancelled: it must be revoked.
    Document.objects.filter(pk=nxt.pk).update(transferred_on=ISSUE_DAY)
    with pytest.raises(services.DocumentError, match="thu hồi"):
        lifecycle.cancel_number(document=nxt, reason="nhầm", user=world.officer)


def test_replacement_and_revocation_mark_the_old_document_both_ways(
    world: Any, ubnd_book: Any
) -> None:
    old = _issue(world)
    new = services.start_correction(document=old, kind="thay_the", user=world.officer)
    assert new.corrects == old and new.doc_type == old.doc_type
    services.issue_document(new, ISSUE_DAY, world.officer)
    old.refresh_from_db()
    assert old.status == DocumentStatus.REPLACED and not old.is_in_force
    assert "Được thay thế bởi Kế hoạch số 02/KH-UBND ngày 08/04/2024." in (
        lifecycle.register_remarks(old)
    )
    assert "Thay thế Kế hoạch số 01/KH-UBND ngày 08/04/2024." in lifecycle.register_remarks(new)
    # A replaced document cannot be replaced again, but the replacement can be revoked.
    with pytest.raises(services.DocumentError):
        services.start_correction(document=old, kind="thay_the", user=world.officer)
    revocation = services.start_correction(document=new, kind="thu_hoi", user=world.officer)
    assert revocation.doc_type.code == "quyet-dinh"
    assert services.spec_of(revocation).is_decision
    issued = services.issue_document(revocation, ISSUE_DAY, world.officer)
    new.refresh_from_db()
    assert new.status == DocumentStatus.REVOKED
    assert f"Bị thu hồi theo Quyết định số {issued.number_text} ngày 08/04/2024." in (
        lifecycle.register_remarks(new)
    )


def test_correction_is_a_conforming_letter_and_leaves_the_old_document_in_force(
    world: Any, ubnd_book: Any
) -> None:
    old = _issue(world)
    DraftingUnit.objects.create(organisation=world.ubnd, abbreviation="VP", name="Văn phòng")
    fix = services.start_correction(document=old, kind="dinh_chinh", user=world.officer)
    spec = services.spec_of(fix)
    assert fix.symbol == "UBND-VP" and spec.is_official_letter
    assert "về việc Về việc" not in spec.blocks[0].text
    assert spec.signature is not None and spec.signature.authority == "TM. ỦY BAN NHÂN DÂN"
    assert not any("Như Điều" in entry for entry in spec.distribution)
    issued = services.issue_document(fix, ISSUE_DAY, world.officer)
    old.refresh_from_db()
    assert old.status == DocumentStatus.ISSUED
    assert f"Được đính chính bởi Công văn số {issued.number_text} ngày 08/04/2024." in (
        lifecycle.register_remarks(old)
    )


def test_backdating_needs_an_explicit_confirmation(world: Any, ubnd_book: Any) -> None:
    _issue(world, dt.date(2024, 7, 15))
    draft = _draft(world)
    with pytest.raises(services.BackdateNeedsConfirmation, match="15/07/2024"):
        services.issue_document(draft, dt.date(2024, 2, 5), world.officer)
    ubnd_book.refresh_from_db()
    assert ubnd_book.next_number == 2  # the refused attempt took no number
    issued = services.issue_document(
        draft, dt.date(2024, 2, 5), world.officer, confirm_backdate=True
    )
    assert issued.number == 2 and issued.backdated
    assert "Vào sổ lùi ngày (đã xác nhận)." in lifecycle.register_remarks(issued)


def test_backdating_through_the_screen(client: Any, world: Any, ubnd_book: Any) -> None:
    _issue(world, dt.date(2024, 7, 15))
    draft = _draft(world)
    client.force_login(world.officer)
    url = reverse("documents:issue", args=[draft.pk])
    refused = client.post(url, {"date": "2024-02-05"})
    assert refused.status_code == 200 and "sớm hơn văn bản số 01/KH-UBND" in refused.text
    assert not Document.objects.get(pk=draft.pk).is_issued
    done = client.post(url, {"date": "2024-02-05", "confirm_backdate": "on"})
    assert done.status_code == 302 and Document.objects.get(pk=draft.pk).number == 2


def test_issue_refuses_what_breaks_nd30_and_names_the_words(world: Any, ubnd_book: Any) -> None:
    for spec, words in [
        ({"subject": "Kế hoạch thực hiện Tiêu chí 6 năm 2024"}, "lặp lại tên loại"),
        ({"distribution": ["Thành viên BCĐ", "Lưu VT"]}, "“- Lưu: VT, …”"),
        (
            {"blocks": [Block(kind="paragraph", text="Ông A (minh họa) phụ trách.")]},
            "“minh họa”",
        ),
        (
            {"blocks": [Block(kind="paragraph", text="Đối với uBMTTQ xã tân lợi.")]},
            "“uBMTTQ”",
        ),
        (
            {"blocks": [Block(kind="paragraph", text="Hoàn thành trước 8/04/2024.")]},
            "“08/04/2024”",
        ),
        (
            {"signature": Signature(title="NGƯỜI LẬP KẾ HOẠCH", name="Lê Văn Tám")},
            "NGƯỜI LẬP KẾ HOẠCH",
        ),
        ({"blocks": [Block(kind="article", text="Giao nhiệm vụ.")]}, "điều khoản"),
    ]:
        draft = _draft(world, **spec)
        with pytest.raises(services.DocumentError, match="chưa đúng thể thức") as refused:
            services.issue_document(draft, ISSUE_DAY, world.officer)
        assert words in str(refused.value), (spec, str(refused.value))
    lower = _draft(world, blocks=[Block(kind="paragraph", text="Nhân dân xã tân lợi.")])
    with pytest.raises(services.DocumentError, match="“tân lợi” \\(đúng: “Tân Lợi”\\)"):
        services.issue_document(lower, ISSUE_DAY, world.officer)
    ubnd_book.refresh_from_db()
    assert ubnd_book.next_number == 1  # nothing refused took a number
    # An unverified threshold labelled "ngưỡng minh họa" is allowed.
    ok = _issue(
        world,
        blocks=[Block(kind="paragraph", text="Thu nhập đạt 70 triệu đồng (ngưỡng minh họa).")],
    )
    assert ok.number == 1


def test_issued_text_is_frozen_against_later_data(world: Any, ubnd_book: Any) -> None:
    from ntm.documents.models import IssuerProfile

    def body(document: Document) -> str:
        with zipfile.ZipFile(io.BytesIO(services.document_docx(document))) as docx:
            return docx.read("word/document.xml").decode()

    issued = _issue(world)
    before = body(issued)
    assert "XÃ TÂN LỢI" in before
    IssuerProfile.objects.update_or_create(
        organisation=world.ubnd, defaults={"issuer_lines": "ỦY BAN NHÂN DÂN\nXÃ KHÁC"}
    )
    assert "XÃ KHÁC" in body(_draft(world))  # a draft follows the data…
    assert body(Document.objects.get(pk=issued.pk)) == before  # …the issued text does not


def test_paper_document_is_entered_with_its_scan_and_downloads_it(
    client: Any, world: Any, ubnd_book: Any
) -> None:
    scan = minimal_pdf("Ban quet KH 01")
    with pytest.raises(services.DocumentError, match="bản quét"):
        lifecycle.register_paper(
            organisation=world.ubnd,
            doc_type=services.document_type("ke-hoach"),
            date=ISSUE_DAY,
            subject="Kế hoạch đã ký trên giấy",
            signer_name="Nguyễn Văn Hòa",
            signer_title="Chủ tịch",
            distribution=[],
            scan=None,
            scan_name="",
            user=world.officer,
        )
    client.force_login(world.officer)
    response = client.post(
        reverse("documents:paper"),
        {
            "organisation": world.ubnd.pk,
            "doc_type": services.document_type("ke-hoach").pk,
            "date": "2024-04-08",
            "subject": "Kế hoạch đã ký trên giấy",
            "signer_name": "Nguyễn Văn Hòa",
            "signer_title": "Chủ tịch",
            "distribution": "Thành viên BCĐ\nLưu: VT",
            "scan": SimpleUploadedFile("quet.pdf", scan, content_type="application/pdf"),
            "form_token": "paper-1",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    entry = Document.objects.get(is_paper=True)
    assert entry.number_text == "01/KH-UBND" and entry.is_issued
    download = client.get(reverse("documents:docx", args=[entry.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == scan
    register = client.get(reverse("documents:register"))
    assert "Văn bản giấy, lưu bản quét." in register.text
    assert "Thành viên BCĐ; Lưu: VT" in register.text and ";;" not in register.text


def test_a_reply_is_linked_to_the_incoming_document(world: Any, ubnd_book: Any) -> None:
    services.open_number_book(
        organisation=world.ubnd, year=2024, direction="in", name="Sổ văn bản đến UBND xã"
    )
    incoming = services.register_incoming(
        organisation=world.ubnd,
        doc_type=services.document_type("cong-van"),
        author="UBND huyện",
        external_number="120/UBND-NN",
        date=dt.date(2024, 4, 1),
        subject="đề nghị báo cáo tiến độ",
        received_on=dt.date(2024, 4, 2),
        user=world.officer,
    )
    answer = _issue(world)
    lifecycle.link_reply(reply=answer, incoming=incoming, user=world.officer)
    assert "Trả lời văn bản đến số 1 (120/UBND-NN của UBND huyện)." in (
        lifecycle.register_remarks(answer)
    )
    assert "Đã trả lời bằng Kế hoạch số 01/KH-UBND ngày 08/04/2024." in (
        lifecycle.register_remarks(Document.objects.get(pk=incoming.pk))
    )


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_cancellations_and_issues_keep_the_book_gap_free(
    world: Any, ubnd_book: Any
) -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("!! SQLite trong bộ nhớ: đặt SQLITE_TEST_PATH là một tệp.")
    drafts = [_draft(world).pk for _ in range(25)]
    barrier = threading.Barrier(50, timeout=60)
    errors: list[BaseException] = []
    lock = threading.Lock()
    doc_type = services.document_type("ke-hoach")

    def issue(pk: int) -> None:
        try:
            document = Document.objects.get(pk=pk)
            barrier.wait()
            services.issue_document(document, ISSUE_DAY, None)
        except BaseException as exc:  # collected below
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    def reserve_then_cancel() -> None:
        try:
            barrier.wait()
            reserved = lifecycle.reserve_number(
                organisation=world.ubnd,
                doc_type=doc_type,
                date=ISSUE_DAY,
                subject="Giữ số rồi hủy",
                user=None,
            )
            lifecycle.cancel_number(document=reserved, reason="Không ban hành", user=None)
        except BaseException as exc:  # collected below
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(pk,)) for pk in drafts]
    threads += [threading.Thread(target=reserve_then_cancel) for _ in range(25)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors, errors[:3]
    rows = list(Document.objects.filter(book=ubnd_book).values_list("number", "status"))
    assert sorted(number for number, _ in rows) == list(range(1, 51))
    assert sum(status == DocumentStatus.CANCELLED for _, status in rows) == 25
    assert sum(status == DocumentStatus.ISSUED for _, status in rows) == 25
    ubnd_book.refresh_from_db()
    assert ubnd_book.next_number == 51
