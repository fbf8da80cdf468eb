"""Checking a finished DOCX against the ND30 format, whoever composed it.

The layout engine's own tests check each element in detail; this module is the same rules as
one function any producer (plans, reports, a future module) can run on its output:
``problems(docx_bytes)`` returns the Vietnamese list of what breaks the format (empty = ok).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.shared import Length

from ntm.documents import nd30

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


def _mm(length: Length | None) -> float:
    return 0.0 if length is None else length.mm


def _within(value: float, name: str) -> bool:
    low, high = nd30.RANGES[name]
    return low - 0.5 <= value <= high + 0.5


def problems(
    content: bytes, *, proper_names: Sequence[str] = (), decision: bool | None = None
) -> list[str]:
    """What breaks ND30 in the DOCX ``content``: layout, then wording (:func:`text_problems`).

    ``proper_names`` are names that must keep their written case ("Tân Lợi"); ``decision``
    says whether the document is a quyết định (None: read from its type name)."""
    doc = open_docx(io.BytesIO(content))
    found = _layout_problems(doc)
    found.extend(text_problems(parts_of(doc), proper_names=proper_names, decision=decision))
    return found


def _layout_problems(doc: Any) -> list[str]:
    found: list[str] = []
    section = doc.sections[0]
    if abs(_mm(section.page_width) - 210) > 0.5 or abs(_mm(section.page_height) - 297) > 0.5:
        found.append("Khổ giấy không phải A4 dọc.")
    for name, value in [
        ("MARGIN_TOP_MM", _mm(section.top_margin)),
        ("MARGIN_BOTTOM_MM", _mm(section.bottom_margin)),
        ("MARGIN_LEFT_MM", _mm(section.left_margin)),
        ("MARGIN_RIGHT_MM", _mm(section.right_margin)),
    ]:
        if not _within(value, name):
            found.append(f"Lề {name} = {value:.1f} mm nằm ngoài khoảng quy định.")
    fonts = {
        run.font.name
        for paragraph in _paragraphs(doc)
        for run in paragraph.runs
        if run.text.strip() and run.font.name
    }
    if fonts - {nd30.FONT}:
        found.append(f"Có phông chữ khác {nd30.FONT}: {', '.join(sorted(fonts - {nd30.FONT}))}.")
    if not doc.tables:
        found.append("Thiếu bảng phần đầu (cơ quan ban hành, Quốc hiệu, Tiêu ngữ).")
    else:
        header = doc.tables[0]
        texts = [p for cell in header._cells for p in cell.paragraphs]
        quoc_hieu = [p for p in texts if p.text.strip() == QUOC_HIEU]
        tieu_ngu = [p for p in texts if p.text.strip() == TIEU_NGU]
        if not quoc_hieu or not all(r.bold for r in quoc_hieu[0].runs if r.text.strip()):
            found.append("Thiếu Quốc hiệu in hoa, đậm.")
        if not tieu_ngu or not all(r.bold for r in tieu_ngu[0].runs if r.text.strip()):
            found.append("Thiếu Tiêu ngữ in đậm.")
    if section._sectPr.find(qn("w:titlePg")) is None:
        found.append("Trang 1 không được tách phần đầu trang (số trang phải bắt đầu từ trang 2).")
    elif "PAGE" in section.first_page_header._element.xml:
        found.append("Trang 1 có số trang.")
    signature = doc.tables[-1] if len(doc.tables) > 1 else None
    if signature is None or "Nơi nhận" not in signature._tbl.xml:
        found.append("Thiếu khối chữ ký và “Nơi nhận:”.")
    elif any(
        tr.find(qn("w:trPr")) is None or tr.find(qn("w:trPr")).find(qn("w:cantSplit")) is None
        for tr in signature._tbl.findall(qn("w:tr"))
    ):
        found.append("Khối chữ ký có thể bị tách sang trang sau.")
    return found


def _paragraphs(doc: Any) -> list[Any]:
    paragraphs = list(doc.paragraphs)
    for table in doc.tables:
        for cell in table._cells:
            paragraphs.extend(cell.paragraphs)
    return paragraphs


# --- wording ------------------------------------------------------------------------------------

SIGNING_FORMS = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
ILLUSTRATIVE = re.compile(r"minh\s+họa", re.IGNORECASE)
# The only place the word may stand in an official text: an unverified threshold is labelled
# "ngưỡng minh họa" (never presented as a legal value).
ILLUSTRATIVE_ALLOWED = re.compile(
    r"ngưỡng\s+minh\s+họa(\s*[–-]\s*chưa có văn bản)?(\s*\(minh\s+họa\))?", re.IGNORECASE
)
DOUBLE_SUBJECT = re.compile(r"\b(về việc|v/v)\s*:?\s*(về việc|v/v)\b", re.IGNORECASE)
SHORT_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})\b")
ARCHIVE_WITHOUT_COLON = re.compile(r"^[-–\s]*Lưu\s*[:]?\s*VT", re.IGNORECASE)
ARTICLE = re.compile(r"^Điều\s+\d+\s*\.")
EXECUTION = "chịu trách nhiệm thi hành"
BLANK_NUMBER = re.compile(r"Số:\s*/")
BLANK_DATE = re.compile(r"ngày\s+tháng")


@dataclass
class Parts:
    """The texts of a finished document, by where they stand on the page."""

    header: list[str]
    title: list[str]  # type name and trích yếu (top-level paragraphs before the body)
    body: list[str]  # every other paragraph and body-table cell
    distribution: list[str]
    signature: list[str]
    draft: bool


def parts_of(doc: Any) -> Parts:
    tables = list(doc.tables)
    header_all = (
        [p.text.strip() for cell in tables[0]._cells for p in cell.paragraphs] if tables else []
    )
    signature_table = tables[-1] if len(tables) > 1 else None
    distribution: list[str] = []
    signature: list[str] = []
    if signature_table is not None:
        cells = signature_table.rows[0].cells
        distribution = [p.text.strip() for p in cells[0].paragraphs if p.text.strip()]
        signature = [p.text.strip() for p in cells[-1].paragraphs if p.text.strip()]
    paragraphs = [p.text.strip() for p in doc.paragraphs if p.text.strip()]
    title: list[str] = []
    if paragraphs and paragraphs[0].isupper():
        title = paragraphs[:2]
    body = paragraphs[len(title) :]
    for table in tables[1:-1]:
        body.extend(p.text.strip() for cell in table._cells for p in cell.paragraphs)
    return Parts(
        header=header_all,
        title=title,
        body=[text for text in body if text],
        distribution=distribution,
        signature=signature,
        draft=nd30.DRAFT_MARK in header_all,
    )


def text_problems(
    parts: Parts, *, proper_names: Sequence[str] = (), decision: bool | None = None
) -> list[str]:
    """The wording rules of ND30 a văn thư checks before a document is numbered and sent."""
    found: list[str] = []
    official = [*parts.title, *parts.body, *parts.distribution, *parts.signature]
    everything = [*parts.header, *official]
    header_text = " ".join(parts.header)
    if decision is None:
        decision = any(t.strip() == "QUYẾT ĐỊNH" for t in parts.title)
    # Number and date: an issued document has both; a draft carries the DỰ THẢO mark.
    if not parts.draft:
        if BLANK_NUMBER.search(header_text):
            found.append("Văn bản không ghi “DỰ THẢO” nhưng chưa có số: chỉ in khi đã cấp số.")
        if BLANK_DATE.search(header_text):
            found.append("Văn bản không ghi “DỰ THẢO” nhưng ngày ban hành còn để trống.")
    # Trích yếu.
    if len(parts.title) == 2:
        type_name, subject = parts.title
        if subject.lower().startswith(type_name.lower()):
            found.append(
                f"Trích yếu “{_cut(subject)}” lặp lại tên loại “{type_name}”: bỏ tên loại "
                "khỏi trích yếu."
            )
    for text in everything:
        if DOUBLE_SUBJECT.search(text):
            found.append(f"Lặp chữ “về việc”: “{_cut(text)}”.")
    # Illustrative data never inside the official text.
    for text in official:
        if ILLUSTRATIVE.search(ILLUSTRATIVE_ALLOWED.sub("", text)):
            found.append(
                f"Chữ “minh họa” nằm trong nội dung văn bản: “{_cut(text)}”. Dữ liệu minh "
                "họa chỉ được đánh dấu ở đầu trang, không in trong văn bản."
            )
    # Dates written short keep two-digit days and months.
    for text in official:
        for match in SHORT_DATE.finditer(text):
            day, month, year = match.groups()
            # ND30: days 1–9 and months 1–2 take a leading zero (08/4/2024 is right).
            if len(day) < 2 or (int(month) <= 2 and len(month) < 2):
                found.append(
                    f"Ngày “{match.group(0)}” phải viết đủ hai chữ số: "
                    f"“{int(day):02d}/{int(month):02d}/{year}”."
                )
    # Proper names and abbreviations in their written case.
    for text in official:
        for name in proper_names:
            for match in re.finditer(re.escape(name), text, re.IGNORECASE):
                if match.group(0) != name and match.group(0) != name.upper():
                    found.append(
                        f"Tên riêng viết sai hoa thường: “{match.group(0)}” (đúng: “{name}”)."
                    )
        for word in re.findall(r"\w+", text):
            if len(word) >= 3 and word[0].islower() and word[1:].isupper():
                found.append(f"Chữ viết tắt sai hoa thường: “{word}”.")
    # Nơi nhận: "- Lưu: VT, …" last.
    if parts.distribution:
        archive = [t for t in parts.distribution if ARCHIVE_WITHOUT_COLON.match(t)]
        if not archive:
            found.append("“Nơi nhận” thiếu dòng “- Lưu: VT, …”.")
        for text in archive:
            if not re.match(r"^[-–]\s*Lưu:\s*VT", text):
                found.append(f"Dòng lưu phải ghi “- Lưu: VT, …”, không ghi “{text}”.")
    # Decision structure only in a decision.
    articles = [t for t in parts.body if ARTICLE.match(t)]
    if decision:
        if not articles:
            found.append("Quyết định thiếu các điều (Điều 1., Điều 2., …).")
        elif EXECUTION not in articles[-1]:
            found.append(
                f"Điều cuối của quyết định phải ghi những ai “{EXECUTION} Quyết định này”."
            )
    else:
        if articles:
            found.append(
                f"Văn bản không phải quyết định nhưng có điều khoản “{_cut(articles[0])}”."
            )
        for text in [*parts.body, *parts.distribution]:
            if re.search(r"Như\s+Điều\s+\d", text) or EXECUTION in text:
                found.append(f"“{_cut(text)}” chỉ dùng trong quyết định.")
    # Signing forms (ND30 Điều 13).
    found.extend(_signature_problems(parts.signature, header_text, decision=decision))
    return found


def _signature_problems(lines: list[str], header_text: str, *, decision: bool) -> list[str]:
    if len(lines) < 2:
        return ["Thiếu chức vụ hoặc họ tên người ký."] if lines else []
    found: list[str] = []
    *titles, _name = lines
    first = titles[0]
    form = first.split(" ", 1)[0] if first.split(" ", 1)[0] in SIGNING_FORMS else ""
    title = titles[-1] if form else first
    if title.startswith("NGƯỜI "):
        found.append(
            f"“{title}” không phải thể thức ký của văn bản hành chính: ghi quyền hạn "
            "(TM., KT., Q., TL., TUQ.) và chức vụ người ký."
        )
    if "ỦY BAN NHÂN DÂN" in title and "CHỦ TỊCH" in title:
        found.append(
            f"Chức vụ người ký “{title}” không ghi kèm tên cơ quan: ghi “CHỦ TỊCH” và quyền "
            "hạn ký “TM. ỦY BAN NHÂN DÂN” hoặc “KT. CHỦ TỊCH”."
        )
    if title.startswith("PHÓ ") and form != "KT.":
        found.append(f"Cấp phó ký thay cấp trưởng: ghi “KT.” trước chức vụ (“{title}”).")
    if (
        not form
        and title == "CHỦ TỊCH"
        and "ỦY BAN NHÂN DÂN" in header_text
        and not decision  # a quyết định of the Chủ tịch is signed in the Chủ tịch's own name
    ):
        found.append("Chủ tịch ký văn bản của Ủy ban nhân dân: ghi “TM. ỦY BAN NHÂN DÂN”.")
    return found


def _cut(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
