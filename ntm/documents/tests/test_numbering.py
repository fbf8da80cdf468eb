"""Number books: 01 from 1 January per book and year, never repeated, never skipped."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import IntegrityError, connection, connections, transaction

from ntm.documents import services
from ntm.documents.models import Document, DocumentLocked
from ntm.documents.rules import date_line, number_and_symbol, symbol_for
from ntm.documents.tests.conftest import ISSUE_DAY, letter_spec, plan_spec


def test_symbol_rules() -> None:
    assert symbol_for(type_abbreviation="KH", issuer="UBND") == "KH-UBND"
    assert symbol_for(type_abbreviation="TB", issuer="BCĐ") == "TB-BCĐ"
    assert symbol_for(type_abbreviation="", issuer="UBND", drafting_unit="KT") == "UBND-KT"
    assert number_and_symbol(25, "KH-UBND") == "25/KH-UBND"
    assert number_and_symbol(1, "TB-BCĐ") == "01/TB-BCĐ"
    assert number_and_symbol(None, "KH-UBND").strip() == "/KH-UBND"


def test_date_lines() -> None:
    assert date_line("Tân Lợi", dt.date(2024, 4, 8)) == "Tân Lợi, ngày 08 tháng 4 năm 2024"
    assert date_line("Tân Lợi", dt.date(2024, 2, 15)) == "Tân Lợi, ngày 15 tháng 02 năm 2024"
    assert date_line("Tân Lợi", dt.date(2024, 12, 1)) == "Tân Lợi, ngày 01 tháng 12 năm 2024"
    blank = date_line("Tân Lợi", None, 4, 2024)
    assert blank.startswith("Tân Lợi, ngày ") and blank.endswith(" tháng 4 năm 2024")
    assert "  " in blank  # room left for the day
    assert date_line("Tân Lợi", None, None, 2024).endswith("năm 2024")


def _draft(world: Any, code: str = "ke-hoach", organisation: Any = None, **kwargs: Any) -> Document:
    spec = letter_spec() if code == "cong-van" else plan_spec()
    return services.create_draft(
        organisation=organisation or world.ubnd,
        doc_type=services.document_type(code),
        spec=spec,
        created_by=world.officer,
        **kwargs,
    )


def test_drafts_have_no_number_and_issue_gives_01(world: Any, ubnd_book: Any) -> None:
    draft = _draft(world)
    assert draft.number is None and draft.symbol == "KH-UBND"
    assert services.spec_of(draft).number_text.replace(" ", "") == "Số:/KH-UBND"
    issued = services.issue_document(draft, ISSUE_DAY, world.officer)
    assert issued.number == 1 and issued.number_text == "01/KH-UBND"
    assert issued.year == 2024 and issued.book == ubnd_book
    spec = services.spec_of(issued)
    assert spec.number_text == "Số: 01/KH-UBND" and not spec.draft
    assert spec.issuer_lines == ["ỦY BAN NHÂN DÂN", "XÃ TÂN LỢI"]


def test_official_letter_symbol_names_the_drafting_unit(world: Any, ubnd_book: Any) -> None:
    from ntm.documents.models import DraftingUnit

    kt = DraftingUnit.objects.create(organisation=world.ubnd, abbreviation="KT", name="Kinh tế")
    letter = _draft(world, "cong-van", drafting_unit=kt)
    assert letter.symbol == "UBND-KT"
    issued = services.issue_document(letter, ISSUE_DAY, world.officer)
    assert issued.number_text == "01/UBND-KT"
    assert services.spec_of(issued).is_official_letter


def test_steering_committee_has_its_own_series(world: Any, ubnd_book: Any, bcd_book: Any) -> None:
    services.issue_document(_draft(world), ISSUE_DAY, world.officer)
    services.issue_document(_draft(world), ISSUE_DAY, world.officer)
    notice = _draft(world, "thong-bao", organisation=world.bcd)
    issued = services.issue_document(notice, ISSUE_DAY, world.officer)
    assert issued.number_text == "01/TB-BCĐ"
    assert services.spec_of(issued).parent_body == "UBND XÃ TÂN LỢI"


def test_numbers_restart_each_year_and_start_number_is_data(world: Any, ubnd_book: Any) -> None:
    book = services.set_start_number(book=ubnd_book, start_number=25, reason="Sổ giấy đến số 24")
    assert book.next_number == 25
    assert services.issue_document(_draft(world), ISSUE_DAY, world.officer).number == 25
    with pytest.raises(services.DocumentError):
        services.set_start_number(book=book, start_number=1, reason="thử")
    services.open_number_book(organisation=world.ubnd, year=2025, name="Sổ văn bản đi UBND xã")
    next_year = services.issue_document(_draft(world), dt.date(2025, 1, 2), world.officer)
    assert next_year.number == 1 and next_year.year == 2025
    assert book.history.filter(history_change_reason="Sổ giấy đến số 24").exists()


def test_no_book_no_number(world: Any, types: None) -> None:
    draft = _draft(world)
    with pytest.raises(services.NoNumberBook, match="Chưa mở sổ"):
        services.issue_document(draft, ISSUE_DAY, world.officer)
    draft.refresh_from_db()
    assert draft.number is None and not draft.is_issued


def test_issued_document_cannot_be_changed(world: Any, ubnd_book: Any) -> None:
    issued = services.issue_document(_draft(world), ISSUE_DAY, world.officer)
    with pytest.raises(DocumentLocked, match="không được sửa"):
        services.update_draft(document=issued, spec=plan_spec(subject="Khác"), user=world.officer)
    issued.subject = "Sửa lén"
    with pytest.raises(DocumentLocked):
        issued.save()
    with pytest.raises(DocumentLocked):
        services.issue_document(Document.objects.get(pk=issued.pk), ISSUE_DAY, world.officer)
    # Register columns filled after issuing are allowed.
    fresh = Document.objects.get(pk=issued.pk)
    fresh.note = "Đã chuyển"
    fresh.save()
    assert Document.objects.get(pk=issued.pk).subject != "Sửa lén"


def test_correction_is_a_new_linked_document(world: Any, ubnd_book: Any) -> None:
    from ntm.documents.models import DraftingUnit

    issued = services.issue_document(_draft(world), ISSUE_DAY, world.officer)
    with pytest.raises(services.DocumentError, match="đơn vị soạn thảo"):
        services.start_correction(document=issued, kind="dinh_chinh", user=world.officer)
    DraftingUnit.objects.create(organisation=world.ubnd, abbreviation="VP", name="Văn phòng")
    fix = services.start_correction(document=issued, kind="dinh_chinh", user=world.officer)
    assert fix.corrects == issued and not fix.is_issued and fix.doc_type.is_official_letter
    assert fix.symbol == "UBND-VP"  # a công văn's symbol names its drafting unit
    assert "đính chính Kế hoạch số 01/KH-UBND ngày 08/04/2024" in fix.subject
    replacement = services.start_correction(document=issued, kind="thay_the", user=world.officer)
    assert replacement.doc_type == issued.doc_type and replacement.subject == issued.subject
    assert issued.history.count() >= 2 and fix.history.count() == 1


def test_unique_constraint_is_the_last_line_of_defence(world: Any, ubnd_book: Any) -> None:
    first = services.issue_document(_draft(world), ISSUE_DAY, world.officer)
    other = _draft(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=other.pk).update(
            book=first.book, year=first.year, number=first.number
        )


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_issues_give_fifty_consecutive_numbers(world: Any, ubnd_book: Any) -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "!! SQLite trong bộ nhớ: các luồng không ghi chung được; đặt SQLITE_TEST_PATH "
            "hoặc DATABASES['default']['TEST']['NAME'] là một tệp."
        )
    drafts = [_draft(world).pk for _ in range(50)]
    barrier = threading.Barrier(50, timeout=60)
    numbers: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(pk: int) -> None:
        try:
            document = Document.objects.get(pk=pk)
            barrier.wait()
            issued = services.issue_document(document, ISSUE_DAY, None)
            with lock:
                numbers.append(issued.number)
        except BaseException as exc:  # collected and reported below
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(pk,)) for pk in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    assert sorted(numbers) == list(range(1, 51))
    stored = sorted(Document.objects.filter(book=ubnd_book).values_list("number", flat=True))
    assert stored == list(range(1, 51))
    ubnd_book.refresh_from_db()
    assert ubnd_book.next_number == 51
