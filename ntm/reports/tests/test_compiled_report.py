import io
from typing import Any

from django.test import Client
from django.urls import reverse
from docx import Document as DocxDocument
from openpyxl import load_workbook

from ntm.assessments.models import IndicatorValue
from ntm.core import clock
from ntm.reports import services
from ntm.reports.compile import compile_report
from ntm.reports.prefill import display_value
from ntm.reports.tests.conftest import DAY


def _approved_cycle(world: Any, reporting: Any) -> Any:
    with clock.pinned(DAY):
        cycle = services.open_cycle(
            unit=world.commune, period=reporting.nine_months, opened_by=world.officer
        )
        for submission in cycle.submissions.exclude(reporter_kind="organisation"):
            services.submit(user=world.officer, submission=submission)
            services.approve(user=world.officer, submission=submission)
    return cycle


def _docx_table_cells(content: bytes) -> list[list[str]]:
    document = DocxDocument(io.BytesIO(content))
    rows = []
    for table in document.tables:
        for row in table.rows:
            rows.append([cell.text.strip() for cell in row.cells])
    return rows


def test_every_number_in_the_docx_criteria_table_equals_the_database(
    client: Client, world: Any, reporting: Any
) -> None:
    cycle = _approved_cycle(world, reporting)
    client.force_login(world.officer)
    response = client.get(reverse("reports:report_docx", args=[cycle.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = _docx_table_cells(response.content)
    values = IndicatorValue.objects.filter(
        unit=world.commune, period=reporting.nine_months
    ).select_related("indicator")
    assert values.count() == 2
    for value in values:
        row = next(r for r in rows if r and r[0] == value.indicator.code)
        assert row[3] == display_value(value)
    row = next(r for r in rows if r and r[0] == "3.1")
    assert row[3].startswith("95%") and row[2] == "≥ 80%" and row[4] == "Đạt"
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(response.content)).paragraphs)
    assert "BÁO CÁO" in text
    assert "Kết quả thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới" in text
    assert "9 tháng năm 2024" in text


def test_xlsx_has_the_same_numbers(client: Client, world: Any, reporting: Any) -> None:
    cycle = _approved_cycle(world, reporting)
    client.force_login(world.officer)
    response = client.get(reverse("reports:report_xlsx", args=[cycle.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Tiêu chí"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["3.1"][3].startswith("95%")
    assert rows["6.1"][3] == "Đạt"
    compiled = compile_report(cycle)
    hamlet_sheet = {row[0]: row for row in workbook["Ấp"].iter_rows(min_row=2, values_only=True)}
    an_loi = next(h for h in compiled.hamlets if h.unit_id == world.hamlet.pk)
    assert hamlet_sheet["Ấp An Lợi"][2] == an_loi.met


def test_report_screen_links_figures_to_their_source(
    client: Client, world: Any, reporting: Any
) -> None:
    cycle = _approved_cycle(world, reporting)
    client.force_login(world.officer)
    html = client.get(reverse("reports:report_detail", args=[cycle.pk])).content.decode()
    value = IndicatorValue.objects.get(
        unit=world.commune, indicator=reporting.irrigated, period=reporting.nine_months
    )
    assert reverse("assessments:value_history", args=[value.pk]) in html
    assert (
        reverse("assessments:criterion", args=[world.commune.pk, reporting.water.pk, 2024]) in html
    )
    assert "Đạt 2/2 tiêu chí" in html


def test_rollup_lists_every_commune_in_scope_and_a_commune_user_gets_404(
    client: Client, world: Any, reporting: Any
) -> None:
    _approved_cycle(world, reporting)
    client.force_login(world.upper)
    url = reverse("reports:rollup", args=[world.province.pk]) + "?nam=2024"
    html = client.get(url).content.decode()
    assert "Xã Tân Lợi" in html and "Xã Tân Lập" in html
    assert "<svg" in html
    assert "năm 2024" in html and "2.024" not in html  # a year is not a grouped number
    xlsx = load_workbook(
        io.BytesIO(
            client.get(
                reverse("reports:rollup_xlsx", args=[world.province.pk]) + "?nam=2024"
            ).content
        )
    )
    names = [row[0] for row in xlsx.active.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["Xã Tân Lập", "Xã Tân Lợi"]
    client.force_login(world.officer)
    assert client.get(url).status_code == 404


def test_rollup_query_count_does_not_grow_with_communes(
    client: Client, world: Any, reporting: Any, django_assert_max_num_queries: Any
) -> None:
    from ntm.geography.models import AdministrativeUnit

    client.force_login(world.upper)
    url = reverse("reports:rollup", args=[world.province.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for index in range(10):
        AdministrativeUnit.objects.create(
            level=world.commune.level,
            parent=world.province,
            kind_name="Xã",
            name=f"Xã thêm {index}",
        )
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_cycle_page_lists_who_is_late_and_a_reminder_text(
    client: Client, world: Any, reporting: Any
) -> None:
    with clock.pinned(DAY):
        cycle = services.open_cycle(
            unit=world.commune, period=reporting.nine_months, opened_by=world.officer
        )
    client.force_login(world.officer)
    with clock.pinned(DAY.replace(day=28)):
        html = client.get(reverse("reports:cycle_detail", args=[cycle.pk])).content.decode()
    assert "Quá hạn" in html
    assert "Danh sách nhắc nộp báo cáo" in html
    assert "trước ngày 20/10/2024 (đã quá hạn)" in html


def test_the_report_docx_passes_the_nd30_checks(client: Client, world: Any, reporting: Any) -> None:
    from ntm.accounts.models import Position
    from ntm.documents.conformance import problems

    leader = world.people["leader"]
    leader.position = Position.objects.create(name="Phó Chủ tịch UBND xã")
    leader.save()
    cycle = _approved_cycle(world, reporting)
    client.force_login(world.officer)
    content = client.get(reverse("reports:report_docx", args=[cycle.pk])).content
    assert problems(content) == []
    cells = "\n".join(cell for row in _docx_table_cells(content) for cell in row)
    assert "/BC-UBND" in cells and "ỦY BAN NHÂN DÂN" in cells
    assert "KT. CHỦ TỊCH" in cells and "PHÓ CHỦ TỊCH" in cells and "Đinh Quốc Duy" in cells


def test_sending_registers_a_numbered_report_in_the_ubnd_book(
    client: Client, world: Any, reporting: Any
) -> None:
    from ntm.documents.services import open_number_book

    cycle = _approved_cycle(world, reporting)
    open_number_book(organisation=world.ubnd, year=2024, start_number=30)
    client.force_login(world.officer)
    with clock.pinned(DAY):
        response = client.post(reverse("reports:report_send", args=[cycle.pk]))
    assert response.status_code == 302
    report = cycle.commune_report
    report.refresh_from_db()
    assert report.sent_on == DAY
    assert report.document.number_text == "30/BC-UBND"
    rows = _docx_table_cells(client.get(reverse("reports:report_docx", args=[cycle.pk])).content)
    assert any("Số: 30/BC-UBND" in cell for row in rows for cell in row)
    # Sending twice is refused and takes no second number.
    with clock.pinned(DAY):
        client.post(reverse("reports:report_send", args=[cycle.pk]))
    report.refresh_from_db()
    assert report.document.number == 30


def test_without_a_number_book_sending_changes_nothing(
    client: Client, world: Any, reporting: Any
) -> None:
    cycle = _approved_cycle(world, reporting)
    client.force_login(world.officer)
    response = client.post(reverse("reports:report_send", args=[cycle.pk]), follow=True)
    assert "sổ" in response.content.decode().lower()
    cycle.commune_report.refresh_from_db()
    assert cycle.commune_report.sent_on is None and cycle.commune_report.document is None
