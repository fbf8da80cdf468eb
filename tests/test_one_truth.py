"""One truth (issue 13): every screen and file that shows a result shows the read model's.

For every unit of the demo (Tân Lợi 2024), the staff scorecard, the hamlet matrix, the public
page, the report preview, the submitted snapshot, the compiled report (screen, DOCX, XLSX) and
the roll-up (screen, XLSX) are compared with ``ResultSummary`` — the one summary computed by
``assessments.rules`` and stored by ``assessments.services``. A screen that counted on its own
(the public page once counted only "Đạt": 4/9 where the scorecard said 7/9) fails here; the
second half of the test puts exactly that bug back into the public page and checks that the
walk notices.
"""

from __future__ import annotations

import io
import re
from io import StringIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from ntm.accounts.models import Role, RoleAssignment, User
from ntm.assessments import queries, rules
from ntm.assessments.models import CriterionResult, ResultSummary, SetRegistration
from ntm.criteria.models import Period
from ntm.geography.models import AdministrativeUnit
from ntm.participation import public_views
from ntm.participation.models import PublicPage
from ntm.reports import services as report_services
from ntm.reports.compile import compile_report
from ntm.reports.models import ReportCycle, Submission, SubmissionStatus

pytestmark = pytest.mark.django_db
YEAR = 2024
ROOT = Path(__file__).resolve().parent.parent / "ntm"


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _headline(summary: rules.Summary) -> str:
    return summary.text


class Walk:
    """Collects every disagreement between a screen or file and the read model."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def expect(self, where: str, wanted: str, found: str) -> None:
        if wanted not in found:
            self.problems.append(f"{where}: “{wanted}” không có")


def _year_summaries() -> list[tuple[AdministrativeUnit, Any, rules.Summary]]:
    period = Period.objects.get(kind__code="nam", year=YEAR)
    out = []
    for registration in SetRegistration.objects.filter(year=YEAR).select_related(
        "unit", "unit__level", "criteria_set"
    ):
        out.append(
            (
                registration.unit,
                registration.criteria_set,
                queries.summary(registration.unit, registration.criteria_set, period),
            )
        )
    return out


def walk_public(walk: Walk, units: list[tuple[AdministrativeUnit, Any, rules.Summary]]) -> None:
    anonymous = Client()
    published = set(PublicPage.objects.filter(enabled=True).values_list("unit_id", flat=True))
    for unit, _set, summary in units:
        commune_id = unit.pk if unit.level.is_commune else unit.parent_id
        if commune_id not in published:
            continue
        page = _html(anonymous, reverse("participation:public_unit", args=[unit.pk]))
        walk.expect(f"trang công khai {unit}", _headline(summary), page)
        walk.expect(f"trang công khai {unit} (kỳ)", summary.period_label, page)
        for result in CriterionResult.objects.filter(
            unit=unit, period__kind__code="nam", period__year=YEAR
        ).select_related("criterion"):
            walk.expect(
                f"trang công khai {unit}, tiêu chí {result.criterion.number}",
                f"{result.status_text}</span> Tiêu chí {result.criterion.number}.",
                page,
            )


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def test_every_screen_and_file_shows_the_read_models_result(settings: Any) -> None:
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())
    settings.NTM_TODAY = "2024-10-15"
    walk = Walk()
    units = _year_summaries()
    assert len(units) >= 3, "the demo registers the commune and its hamlets for 2024"
    officer = User.objects.get(username="canbontm")
    staff = Client()
    staff.force_login(officer)

    # 1. Staff scorecard of every registered unit; the matrix of every commune.
    for unit, criteria_set, summary in units:
        page = _html(staff, reverse("assessments:scorecard", args=[unit.pk, YEAR]))
        walk.expect(f"bảng kết quả {unit} ({criteria_set})", _headline(summary), page)
        walk.expect(f"bảng kết quả {unit} (cách tính)", rules.MET_DEFINITION, page)
    for commune in {u for u, _, _ in units if u.level.is_commune}:
        page = _html(staff, reverse("assessments:matrix", args=[commune.pk, YEAR]))
        for unit, _set, summary in units:
            if unit.parent_id == commune.pk:
                walk.expect(f"ma trận, {unit}", _headline(summary), page)

    # 2. Public pages (anonymous): same headline and the same status of every criterion.
    walk_public(walk, units)

    # 3. Compiled report of every cycle: screen, DOCX, XLSX — and its hamlet table.
    for cycle in ReportCycle.objects.filter(period__year=YEAR).select_related("period", "unit"):
        compiled = compile_report(cycle)
        if compiled.criteria_set is None:
            continue
        expected = queries.summary(cycle.unit, compiled.criteria_set, cycle.period)
        assert compiled.result == expected
        page = _html(staff, reverse("reports:report_detail", args=[cycle.pk]))
        walk.expect(f"báo cáo {cycle.title}", _headline(expected), page)
        walk.expect(f"báo cáo {cycle.title} (kỳ)", cycle.period.label, page)
        docx = _docx_text(staff.get(reverse("reports:report_docx", args=[cycle.pk])).content)
        walk.expect(f"DOCX {cycle.title}", expected.full_text, docx)
        workbook = load_workbook(
            io.BytesIO(staff.get(reverse("reports:report_xlsx", args=[cycle.pk])).content)
        )
        facts = {row[0]: row[1] for row in workbook["Tổng hợp"].iter_rows(values_only=True)}
        if (facts.get("Số tiêu chí đạt"), facts.get("Tổng số tiêu chí")) != (
            expected.met,
            expected.total,
        ):
            walk.problems.append(f"XLSX {cycle.title}: {facts}")
        hamlet_rows = {row[0]: row for row in workbook["Ấp"].iter_rows(min_row=2, values_only=True)}
        for hamlet in compiled.hamlets:
            stored = ResultSummary.objects.filter(
                unit_id=hamlet.unit_id, period=cycle.period, criteria_set__level="hamlet"
            ).first()
            wanted = (stored.met, stored.total) if stored else (0, 0)
            if (hamlet.met, hamlet.evaluated) != wanted:
                walk.problems.append(f"báo cáo {cycle.title}, ấp {hamlet.name}")
            row = hamlet_rows.get(hamlet.name)
            if row is None or (row[2], row[3]) != wanted:
                walk.problems.append(f"XLSX {cycle.title}, ấp {hamlet.name}: {row}")
            if stored:
                walk.expect(
                    f"DOCX {cycle.title}, ấp {hamlet.name}",
                    f"{hamlet.name} | {hamlet.registered} | {stored.met}/{stored.total}",
                    docx,
                )

    # 4. Roll-up for the province: every commune's counts per period, screen and XLSX.
    upper = User.objects.get(username="vpdp.tinh")
    province = RoleAssignment.objects.filter(user=upper, role=Role.UPPER_VIEWER).first().unit
    viewer = Client()
    viewer.force_login(upper)
    rollup_page = _html(viewer, reverse("reports:rollup", args=[province.pk]) + f"?nam={YEAR}")
    walk.expect("tổng hợp (cách tính)", rules.MET_DEFINITION, rollup_page)
    workbook = load_workbook(
        io.BytesIO(
            viewer.get(reverse("reports:rollup_xlsx", args=[province.pk]) + f"?nam={YEAR}").content
        )
    )
    sheet = list(workbook["Tổng hợp"].iter_rows(values_only=True))
    header, rows = sheet[0], {row[0]: row for row in sheet[1:] if row and row[0]}
    for unit, criteria_set, _summary in [u for u in units if u[0].level.is_commune]:
        for kind, column in (("nam", "Đạt (Năm)"), ("9thang", "Đạt (9 tháng)")):
            stored = ResultSummary.objects.filter(
                unit=unit, criteria_set=criteria_set, period__kind__code=kind, period__year=YEAR
            ).first()
            if stored is None or column not in header:
                continue
            cell = rows[unit.display_name][header.index(column)]
            if cell != stored.met:
                walk.problems.append(f"XLSX tổng hợp {unit} {kind}: {cell} ≠ {stored.met}")
            walk.expect(f"tổng hợp {unit} {kind}", f"{stored.met}/{stored.total}", rollup_page)

    # 5. Preview equals what is sent: for each open 9-month submission of a hamlet, what the
    # preview shows is what the submission freezes, and the frozen period's stored summary.
    nine = ReportCycle.objects.get(period__kind__code="9thang", period__year=YEAR)
    checked = 0
    for submission in Submission.objects.filter(
        cycle=nine,
        reporter_kind="hamlet",
        status__in=[SubmissionStatus.DRAFT, SubmissionStatus.RETURNED],
    ).select_related("unit"):
        head = (
            RoleAssignment.objects.filter(unit=submission.unit, role=Role.HAMLET_HEAD)
            .select_related("user")
            .first()
        )
        if head is None:
            continue
        client = Client()
        client.force_login(head.user)
        preview = _html(client, reverse("reports:submission_detail", args=[submission.pk]))
        sent = report_services.submit(user=head.user, submission=submission)
        assert sent.prefill["values"], f"{submission.unit}: the snapshot holds values"
        walk.expect(f"xem trước {submission.unit}", "Kết quả các chỉ tiêu", preview)
        for frozen in sent.prefill["summaries"]:
            walk.expect(f"xem trước {submission.unit}", frozen["text"], preview)
            walk.expect(f"xem trước {submission.unit} (kỳ)", frozen["period_label"], preview)
            stored = queries.unit_summaries(submission.unit, YEAR, nine.period)
            assert frozen["text"] in {s.text for _, s in stored}
        for value in sent.prefill["values"]:
            walk.expect(
                f"xem trước {submission.unit}, chỉ tiêu {value['indicator']}",
                value["status"],
                preview,
            )
        checked += 1
    assert checked, "the demo keeps at least one hamlet's 9-month report open"

    assert walk.problems == []

    # 6. The walk notices a screen that decides on its own: put the old public-page count
    # (only "Đạt", not "Đạt nhưng chưa bền vững") back and walk the public pages again.
    def own_count(unit: AdministrativeUnit, year: int) -> list[Any]:
        cards = []
        for card in queries.scorecard(unit, year):
            met_only = sum(1 for row in card.rows if row.status == rules.MET)
            cards.append(
                SimpleNamespace(
                    criteria_set=card.criteria_set,
                    rows=card.rows,
                    summary=rules.summarize(
                        [rules.MET] * met_only, total=len(card.rows), period_label="Năm 2024"
                    ),
                )
            )
        return cards

    original = public_views.assessment_queries
    public_views.assessment_queries = SimpleNamespace(result_cards=own_count)  # type: ignore[assignment]
    try:
        mutated = Walk()
        walk_public(mutated, units)
    finally:
        public_views.assessment_queries = original
    differs = any(s.not_sustainable for _, _, s in units)
    assert differs, "the demo holds criteria met but not sustainable"
    assert mutated.problems, "a public page that counts on its own must be caught"


def test_no_screen_or_other_app_decides_a_status_or_a_count() -> None:
    """Statuses and counts come from ``assessments.rules`` through the read model only: no
    module outside the assessments services computes an evaluation or a summary."""
    allowed = {
        ROOT / "assessments" / "rules.py",
        ROOT / "assessments" / "services.py",
        ROOT / "assessments" / "queries.py",  # empty summary of a set nobody evaluated
        ROOT / "bench" / "generate.py",  # bulk-writes the read model with the same rules
    }
    pattern = re.compile(
        r"summarize\(|evaluate_criterion\(|evaluate_indicator\(|MET_STATUSES|"
        r"status\s*==\s*[\"']dat[\"']|status__in=MET"
    )
    offenders = []
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path in allowed:
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_summary_words_are_the_issue_words() -> None:
    summary = rules.summarize(
        [rules.MET] * 11 + [rules.NOT_SUSTAINABLE] * 2 + [rules.NOT_MET] * 6,
        illustrative=1,
        period_label="Năm 2024",
    )
    assert summary.text == "Đạt 13/19 tiêu chí, trong đó 2 đạt nhưng chưa bền vững"
    assert summary.full_text.startswith(
        "Đạt 13/19 tiêu chí, trong đó 2 đạt nhưng chưa bền vững (Năm 2024)"
    )
    assert "ngưỡng minh họa" in summary.full_text
    assert rules.status_text(rules.MET, illustrative=True) == "Đạt (ngưỡng minh họa)"
