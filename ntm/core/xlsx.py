"""Excel output that cannot be turned against its reader.

openpyxl stores any string beginning with "=" as a formula. A contributor named
"=HYPERLINK(…)" must stay a name: :func:`append_row` writes such strings as plain text
cells (numbers stay numbers); :func:`force_text` is the same rule for one cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        force_text(cell)


def force_text(cell: Cell) -> None:
    if isinstance(cell.value, str) and cell.data_type == "f":
        cell.data_type = "s"
