"""The plans module's documents pass the ND30 checker and keep each defect a văn thư found
out: names in their written case, one table per criteria set, the registered trích yếu as it
is, "Lưu: VT", no "(minh họa)" inside the text, no DỰ THẢO-less document without a number."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from docx import Document as open_docx

from ntm.documents.conformance import parts_of, problems
from ntm.plans import services
from ntm.plans.models import RecipientGroup
from ntm.plans.tests import factories as f

pytestmark = pytest.mark.django_db


def _docx(client: Any, world: Any, name: str, *args: Any) -> bytes:
    client.force_login(world.officer)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content


def test_assignment_notice_conforms(client: Any, world: Any, sets: f.Sets) -> None:
    notice = services.ensure_notice(committee=world.committee, year=2024)
    notice.number, notice.date = 1, dt.date(2024, 4, 8)
    notice.subject = "Phân công nhiệm vụ thành viên Ban Chỉ đạo năm 2024"
    notice.save()
    services.assign(notice=notice, criterion=sets.criteria[4], lead=world.members["member"])
    services.assign(notice=notice, criterion=sets.hamlet_criteria[1], lead=world.members["member"])
    content = _docx(client, world, "plans:assignments_docx", world.commune.pk, 2024)
    names = [world.commune.name]
    assert problems(content, proper_names=names) == []
    doc = open_docx(io.BytesIO(content))
    parts = parts_of(doc)
    text = "\n".join(parts.body)
    assert f"xã {world.commune.name}" in text  # not "xã tân lợi"
    assert parts.title[1] == notice.subject  # nothing appended to the registered trích yếu
    assert "- Lưu: VT." in parts.distribution
    # One table per criteria set, each under its own heading.
    body_tables = doc.tables[1:-1]
    assert len(body_tables) == 2
    first_rows = [row.cells[1].text for row in body_tables[0].rows[1:]]
    second_rows = [row.cells[1].text for row in body_tables[1].rows[1:]]
    assert any("Văn hóa" in r for r in first_rows) and not any("Văn hóa" in r for r in second_rows)


def test_directive_keeps_abbreviations_and_marks_a_numberless_one_as_draft(
    client: Any, world: Any
) -> None:
    directive = f.directive(world, groups=(RecipientGroup.MEMBERS, RecipientGroup.HAMLET_HEADS))
    content = _docx(client, world, "plans:directive_docx", directive.pk)
    parts = parts_of(open_docx(io.BytesIO(content)))
    if directive.number is None:
        assert parts.draft  # shown issued but without a number: printed as DỰ THẢO
    assert problems(content, proper_names=[world.commune.name]) == []
    assert any(line.startswith("2. Đối với trưởng các ấp") for line in parts.body)


def test_directive_heading_keeps_an_abbreviation() -> None:
    from types import SimpleNamespace

    from ntm.plans import documents

    assert documents._in_sentence("UBMTTQ và các tổ chức chính trị - xã hội").startswith("UBMTTQ")
    assert documents._in_sentence("Trưởng các ấp (sóc)") == "trưởng các ấp (sóc)"
    assert documents._without_type_name("Kế hoạch thực hiện Tiêu chí 6", "Kế hoạch") == (
        "Thực hiện Tiêu chí 6"
    )
    assert documents._official("Bộ tiêu chí kiểu mẫu (minh họa)") == "Bộ tiêu chí kiểu mẫu"
    assert documents._commune_words(SimpleNamespace(kind_name="Xã", name="Tân Lợi")) == (
        "xã Tân Lợi"
    )


def test_plan_trich_yeu_does_not_repeat_the_type_name(
    client: Any, world: Any, sets: f.Sets
) -> None:
    plan = f.member_plan(world, sets)
    content = _docx(client, world, "plans:plan_docx", plan.pk)
    parts = parts_of(open_docx(io.BytesIO(content)))
    assert parts.title[0] == "KẾ HOẠCH"
    assert not parts.title[1].lower().startswith("kế hoạch")
    assert "- Lưu: VT." in parts.distribution
