"""Excel output that cannot be turned against its reader: the one XLSX writer of the project.

openpyxl stores any string beginning with "=" as a formula. A contributor named
"=HYPERLINK(…)" must stay a name: :func:`append_row` writes such strings as plain text
cells (numbers stay numbers); :func:`force_text` is the same rule for one cell.

Reading: :func:`sheet_rows` checks a sheet's header and yields :class:`Row` objects whose
accessors (text, integer, decimal, flag, date, choice) record a Vietnamese error with sheet, row
and column in :class:`Problems` and return a safe value, so that an import can list every
error of a file before it changes anything. :func:`open_checked` opens an upload after the
zip-bomb check; anything openpyxl raises on a broken file becomes one error (``UNREADABLE``).

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

import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.worksheet import Worksheet

from ntm.core import uploads
from ntm.core.numbers import NumberError, parse_number
from ntm.core.text import normalize

FILE_SHEET = "(tệp)"
TRUE_WORDS = {"có", "co", "x", "đúng", "dung", "true", "1", "yes", "c", "đã", "rồi"}
FALSE_WORDS = {"không", "khong", "", "sai", "false", "0", "no", "k", "chưa"}
THOUSANDS_RE = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
# A cell whose text starts with one of these is run as a formula by spreadsheet programs
# (CSV/formula injection). Export writes such text with a leading apostrophe; import removes
# exactly that apostrophe again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


def escape_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


@dataclass(frozen=True)
class ImportProblem:
    """One error of a file: where (sheet, Excel row, column letter) and what, in Vietnamese."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [f"Sheet '{self.sheet}'"]
        if self.row:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột {self.column}")
        return ", ".join(where) + f": {self.message}"


class Problems(list[ImportProblem]):
    def add(self, sheet: str, row: int | None, column: int | None, message: str) -> None:
        letter = get_column_letter(column) if column else None
        self.append(ImportProblem(sheet, row, letter, message))


def show_value(value: Any) -> str:
    if isinstance(value, float):
        # 80.0 reads "80"; 1e+40 stays "1e+40" (not the 41 digits its binary value spells).
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")
    return str(value)


class Row:
    """One worksheet row; every accessor records its own error and returns a safe value."""

    def __init__(
        self,
        sheet: str,
        number: int,
        values: tuple[Any, ...],
        columns: list[tuple[str, str]],
        problems: Problems,
    ) -> None:
        self.sheet, self.number, self.problems = sheet, number, problems
        self.index = {name: i for i, (_, name) in enumerate(columns)}
        self.values = list(values) + [None] * (len(columns) - len(values))
        self.failed = False

    def col(self, name: str) -> int:
        return self.index[name] + 1

    def raw(self, name: str) -> Any:
        value = self.values[self.index[name]]
        if isinstance(value, ArrayFormula):
            value = value.text or "="
        elif isinstance(value, DataTableFormula):
            value = f"=TABLE({value.r1 or ''},{value.r2 or ''})"
        return unescape_cell(value)

    def error(self, name: str, message: str) -> None:
        self.failed = True
        self.problems.add(self.sheet, self.number, self.col(name), message)

    def text(self, name: str, *, required: str = "", max_length: int | None = None) -> str:
        value = self.raw(name)
        if value is None:
            text = ""
        elif isinstance(value, dt.datetime):
            text = value.date().isoformat()
        elif isinstance(value, dt.date):
            text = value.isoformat()
        else:
            text = normalize(show_value(value).strip())
        if required and not text:
            self.error(name, f"thiếu {required}.")
        elif max_length and len(text) > max_length:
            self.error(name, f"dài {len(text)} ký tự, tối đa {max_length}.")
        return text

    def integer(
        self,
        name: str,
        *,
        required: str = "",
        low: int = 0,
        high: int = 32767,
        what: str = "số nguyên",
    ) -> int | None:
        value = self.raw(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(name, f"thiếu {required}.")
            return None
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and value.strip().isdigit():
            number = int(value.strip())
        if number is None or not low <= number <= high:
            self.error(
                name, f"'{show_value(value)}' không phải là {what} hợp lệ (từ {low} đến {high})."
            )
            return None
        return number

    def decimal(self, name: str) -> Decimal | None:
        value = self.raw(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        number: Decimal | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int | float):
            number = Decimal(str(value))
        elif isinstance(value, str):
            # Text in a cell is read as a form field reads it: "1.200" is twelve hundred,
            # "82,5%" is 82,5; "1,200.5" or "1.5" is refused with how to type it.
            try:
                number = parse_number(value, percent=True)
            except NumberError as refused:
                # A formula ("=40+40") is never computed: it is simply not a number.
                if any(ch.isdigit() for ch in value) and not value.lstrip().startswith("="):
                    self.error(name, f"'{show_value(value)}': {refused}")
                    return None
                number = None
        if number is None or not number.is_finite():
            self.error(name, f"'{show_value(value)}' không phải là số.")
            return None
        if abs(number) >= Decimal(10) ** 14:
            self.error(name, f"'{show_value(value)}' quá lớn.")
            return None
        if number != number.quantize(Decimal("0.0001")):
            self.error(name, f"'{show_value(value)}' có quá 4 chữ số thập phân.")
            return None
        return number

    def flag(self, name: str) -> bool:
        value = self.raw(name)
        if value is None or isinstance(value, bool):
            return bool(value)
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        word = normalize(show_value(value).strip()).lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        self.error(name, f"'{show_value(value)}' không phải là Có/Không.")
        return False

    def date(self, name: str) -> dt.date | None:
        value = self.raw(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = show_value(value).strip()
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        self.error(name, f"'{text}' không phải là ngày (dd/mm/yyyy).")
        return None

    def choice(self, name: str, choices: Any, *, required: str = "") -> str:
        text = self.text(name, required=required)
        if not text:
            return ""
        wanted = text.casefold()
        for value, label in choices:
            if wanted in {str(value).casefold(), str(label).casefold()}:
                return str(value)
        allowed = "; ".join(str(label) for _, label in choices)
        self.error(name, f"'{text}' không phải là một giá trị hợp lệ ({allowed}).")
        return ""


def sheet_rows(
    ws: Any,
    sheet: str,
    columns: list[tuple[str, str]],
    problems: Problems,
    *,
    max_rows: int = 100_000,
) -> list[Row]:
    """Every non-empty row of ``ws`` after a header that must read exactly ``columns``."""
    rows = ws.iter_rows(min_row=1, max_col=len(columns), values_only=True)
    header = next(rows, ())
    header = list(header) + [None] * (len(columns) - len(header))
    bad_header = False
    for index, (expected, _) in enumerate(columns, start=1):
        actual = normalize(str(header[index - 1] or "").strip())
        if actual != expected:
            problems.add(
                sheet,
                1,
                index,
                f"tiêu đề cột phải là '{expected}' (đang là '{actual or 'trống'}').",
            )
            bad_header = True
    if bad_header:
        return []
    result = []
    for number, values in enumerate(rows, start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if number > max_rows + 1:
            problems.add(sheet, number, None, f"quá {max_rows} dòng; hãy chia nhỏ tệp.")
            break
        result.append(Row(sheet, number, values, columns, problems))
    return result


# What a hostile or broken workbook can raise while openpyxl reads it (bad zip, bad deflate
# stream, CRC mismatch, bad XML, bad numbers or indexes in cells): all mean "unreadable file".
READ_ERRORS = (
    InvalidFileException,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    IndexError,
    OSError,
    ValueError,
    TypeError,
    SyntaxError,  # xml.etree and lxml parse errors
    RuntimeError,  # an encrypted member
    NotImplementedError,  # an unknown compression method
    OverflowError,
    AttributeError,
)
UNREADABLE = (
    "không đọc được tệp Excel .xlsx: tệp bị hỏng hoặc không đúng định dạng. "
    "Hãy mở tệp bằng Excel và lưu lại thành .xlsx."
)


def read_sheets(
    upload: IO[bytes] | Any,
    problems: Problems,
    sheets: dict[str, list[tuple[str, str]]],
    *,
    max_rows: int = 100_000,
    max_unpacked: int = 200_000_000,
    max_entries: int = 1000,
) -> dict[str, list[Row]] | None:
    """Every row of the named sheets (each with its expected columns), or None with the
    file's problem recorded: a zip bomb, a broken file or a missing sheet."""
    try:
        # A small .xlsx can unpack to gigabytes (zip bomb): refuse before parsing anything.
        uploads.check_zip(
            upload, max_unpacked=max_unpacked, max_entries=max_entries, max_ratio=None
        )
    except ValidationError as exc:
        message = UNREADABLE if exc.code == "broken" else " ".join(exc.messages)
        problems.add(FILE_SHEET, None, None, message)
        return None
    try:
        upload.seek(0)
        # Formulas are read as their text ("=1+1"), never as a value Excel computed.
        wb = load_workbook(upload, read_only=True, data_only=False)
        try:
            missing = [name for name in sheets if name not in wb.sheetnames]
            for name in missing:
                problems.add(name, None, None, f"thiếu sheet '{name}' trong tệp.")
            if missing:
                return None
            return {
                name: sheet_rows(wb[name], name, columns, problems, max_rows=max_rows)
                for name, columns in sheets.items()
            }
        finally:
            wb.close()
    except READ_ERRORS:
        problems.add(FILE_SHEET, None, None, UNREADABLE)
        return None


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
