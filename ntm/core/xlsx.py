"""Excel output that cannot be turned against its reader: the one XLSX writer of the project.

A spreadsheet program runs a cell whose text starts with ``= + - @``, a tab or a carriage
return as a formula (formula/CSV injection): a hamlet named ``=HYPERLINK("http://x";"y")``
becomes a link that leaks data, ``@SUM(1)`` a function call. Every workbook the application
hands out is written by :func:`workbook_bytes`, which walks every cell of every sheet and

- turns any formula openpyxl inferred from a string back into text;
- writes text starting with one of :data:`FORMULA_STARTS` with a leading apostrophe (the
  OWASP rule; the criteria import removes exactly that apostrophe again: :func:`unescape_cell`).

Numbers, dates and booleans stay what they are. ``tests/security/test_xlsx_formulas.py``
downloads every XLSX screen with hostile names and checks every text cell, and fails when a
module builds a workbook without this writer.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> Any:
    """Text a spreadsheet would run, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_cell(value: Any) -> Any:
    """The text :func:`escape_cell` was given (for importing a workbook we exported)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    sheet.append([escape_cell(v) for v in values])
    for cell in sheet[sheet.max_row]:
        force_text(cell)


def force_text(cell: Cell) -> None:
    if isinstance(cell.value, str) and cell.data_type == "f":
        cell.data_type = "s"
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.value = escape_cell(cell.value)
        cell.data_type = "s"


def neutralise(workbook: Workbook) -> int:
    """Make every text cell of the workbook inert; returns how many cells were changed."""
    changed = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and (
                    cell.data_type == "f" or cell.value.startswith(FORMULA_STARTS)
                ):
                    force_text(cell)
                    changed += 1
    return changed


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file of a workbook, every text cell neutralised (see the module doc)."""
    neutralise(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
