"""Checking a finished DOCX against the ND30 format, whoever composed it.

The layout engine's own tests check each element in detail; this module is the same rules as
one function any producer (plans, reports, a future module) can run on its output:
``problems(docx_bytes)`` returns the Vietnamese list of what breaks the format (empty = ok).
"""

from __future__ import annotations

import io
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


def problems(content: bytes) -> list[str]:
    doc = open_docx(io.BytesIO(content))
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
