"""Active content in uploaded PDFs: a PDF is data, never a program.

A PDF may carry JavaScript (``/JS``, ``/S /JavaScript``, the ``/JavaScript`` name tree), an
action run when the file opens (``/OpenAction``) or when a page or field is touched (``/AA``),
a command to start another program (``/Launch``), attached files (``/EmbeddedFile``), an XFA
form (a second, scriptable document) or media that runs code (``/RichMedia``). None of it has a
place in evidence or in a signed document, so :func:`check_pdf` refuses such a file with a
Vietnamese message telling the user how to get a clean one ("In ra PDF" / "Microsoft Print to
PDF" drops all of it).

The file is parsed with pyHanko's PDF reader (a maintained parser that also reads object
streams and cross-reference streams), and every object reachable from the trailer is visited,
so hiding the action in a compressed object stream or a name tree does not help. Encrypted
PDFs (their content cannot be inspected) and files the parser cannot read are refused too.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import ValidationError

# Keys whose presence anywhere in the document is active content.
ACTIVE_KEYS = {
    "/JS": "mã JavaScript",
    "/JavaScript": "mã JavaScript",
    "/AA": "hành động tự chạy (AA)",
    "/Launch": "lệnh mở chương trình khác (Launch)",
    "/EmbeddedFile": "tệp đính kèm bên trong (EmbeddedFile)",
    "/EmbeddedFiles": "tệp đính kèm bên trong (EmbeddedFile)",
    "/XFA": "biểu mẫu XFA",
    "/RichMedia": "nội dung đa phương tiện chạy được (RichMedia)",
}
# Action types (``/S``) that are active content wherever they appear.
ACTIVE_ACTIONS = {
    "/JavaScript": "mã JavaScript",
    "/Launch": "lệnh mở chương trình khác (Launch)",
    "/ImportData": "lệnh nhập dữ liệu (ImportData)",
    "/SubmitForm": "lệnh gửi dữ liệu ra ngoài (SubmitForm)",
    "/GoToE": "lệnh mở tệp đính kèm (GoToE)",
    "/RichMediaExecute": "nội dung đa phương tiện chạy được (RichMedia)",
}
# More objects than any honest evidence file has; beyond it the file is refused, not walked.
MAX_OBJECTS = 200_000

CLEAN_HINT = (
    " Hãy mở tệp và chọn In → «Microsoft Print to PDF» (hoặc «Lưu thành PDF») để có bản PDF "
    "sạch, rồi tải lên lại."
)
ENCRYPTED_PDF = (
    "Tệp PDF được đặt mật khẩu hoặc mã hoá nên không kiểm tra được nội dung, không được nhận. "
    "Hãy bỏ mật khẩu rồi tải lên lại."
)
BROKEN_PDF = "Tệp PDF bị hỏng hoặc không trọn vẹn (tải lên bị ngắt?), không mở được."


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def active_content(data: bytes) -> list[str]:
    """What active content the PDF carries (Vietnamese descriptions), empty if none.

    Raises ValidationError for encrypted or unreadable files."""
    from pyhanko.pdf_utils import generic, misc
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            raise _refuse(ENCRYPTED_PDF, "pdf_encrypted")
        roots: list[Any] = [reader.trailer_view]
    except ValidationError:
        raise
    except (misc.PdfError, ValueError, KeyError, TypeError, IndexError, OSError) as exc:
        raise _refuse(BROKEN_PDF, "pdf_broken") from exc

    found: dict[str, None] = {}
    seen: set[tuple[int, int]] = set()
    stack = roots
    visited = 0
    try:
        while stack:
            item = stack.pop()
            if isinstance(item, generic.IndirectObject):
                key = (item.idnum, item.generation)
                if key in seen:
                    continue
                seen.add(key)
                item = item.get_object()
            visited += 1
            if visited > MAX_OBJECTS:
                raise _refuse(
                    "Tệp PDF có cấu trúc phức tạp bất thường (nghi tệp độc hại), không được nhận.",
                    "pdf_complex",
                )
            if isinstance(item, generic.DictionaryObject):
                for name, child in item.items():
                    if name in ACTIVE_KEYS:
                        found[ACTIVE_KEYS[name]] = None
                    if name == "/OpenAction" and _is_active_open_action(child):
                        found["hành động tự chạy khi mở tệp (OpenAction)"] = None
                    if name == "/S" and str(child) in ACTIVE_ACTIONS:
                        found[ACTIVE_ACTIONS[str(child)]] = None
                    if name == "/Type" and str(child) == "/EmbeddedFile":
                        found[ACTIVE_KEYS["/EmbeddedFile"]] = None
                    stack.append(child)
            elif isinstance(item, generic.ArrayObject):
                stack.extend(item)
    except ValidationError:
        raise
    except (misc.PdfError, ValueError, KeyError, TypeError, IndexError, OSError) as exc:
        raise _refuse(BROKEN_PDF, "pdf_broken") from exc
    return list(found)


def _is_active_open_action(value: Any) -> bool:
    """``/OpenAction [page /Fit]`` only opens at a page (Word writes it); a dictionary is an
    action, and any action other than a plain GoTo is active content."""
    from pyhanko.pdf_utils import generic

    if isinstance(value, generic.IndirectObject):
        value = value.get_object()
    if isinstance(value, generic.ArrayObject):
        return False
    if isinstance(value, generic.DictionaryObject):
        return str(value.get("/S", "")) != "/GoTo" or "/Next" in value
    return True


def check_pdf(data: bytes) -> None:
    """Refuse (Vietnamese ValidationError) a PDF with active content, encrypted or broken."""
    found = active_content(data)
    if found:
        raise _refuse(
            "Tệp PDF chứa nội dung có thể tự chạy (" + ", ".join(found) + "), không được nhận "
            "vì lý do an toàn." + CLEAN_HINT,
            "pdf_active",
        )
