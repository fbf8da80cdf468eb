"""A changed target re-evaluates at once, whichever way it changed (screen or XLSX)."""

import io
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from ntm.assessments.models import CriterionResult, Status
from ntm.assessments.tests.factories import sample
from ntm.criteria.models import Target
from ntm.criteria.xlsx_export import export_set_xlsx
from ntm.criteria.xlsx_import import import_set_xlsx


def _status(world: Any, s: Any) -> str:
    return CriterionResult.objects.get(
        unit=world.commune, criterion=s.criterion, period__kind__code="nam"
    ).status


def test_editing_a_target_on_screen_re_evaluates(client: Client, world: Any) -> None:
    s = sample(world)
    assert _status(world, s) == Status.NOT_MET  # 82,5% < 95%
    target = Target.objects.get(indicator=s.indicator)
    client.force_login(world.admin)
    response = client.post(
        reverse("criteria:target_edit", args=[target.pk]),
        {
            "legal_text": "≥ 50%",
            "value": "50",
            "value_choice": "",
            "source": "thử",
            "source_document": "15/2022/QĐ-UBND",
            "source_date": "20/05/2022",
            "source_part": "Phụ lục I",
            "verified": "on",
            "is_illustrative": "",
            "note": "",
            "version": target.version,
        },
    )
    assert response.status_code == 302
    assert _status(world, s) == Status.MET


def test_importing_a_changed_target_re_evaluates(world: Any) -> None:
    s = sample(world)
    workbook = load_workbook(io.BytesIO(export_set_xlsx(s.commune_set)))
    sheet = workbook["Ngưỡng"]
    header = [c.value for c in sheet[1]]
    value_col = next(i for i, name in enumerate(header) if name and "Ngưỡng số" in str(name))
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == s.indicator.code:
            row[value_col].value = Decimal("50")
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_set_xlsx(
        SimpleUploadedFile("bo.xlsx", buffer.getvalue()), user=world.admin, filename="bo.xlsx"
    )
    assert result.ok, result.errors
    assert _status(world, s) == Status.MET
