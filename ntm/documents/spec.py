"""What a document says, independent of how it is laid out: the contract between the modules
that compose documents from their data (plans, reports, directives…) and the ND30 layout
engine that renders it to DOCX (``ntm.documents.layout.render_docx``).

Everything here is plain data; the layout engine decides sizes, fonts and rules per
Nghị định 30/2020/NĐ-CP.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "bullet", "numbered", "table", "page_break"]


@dataclass
class Block:
    """One piece of the body.

    - heading: a section title ("1. Đối với các thành viên BCĐ"); ``level`` 1 = I/II, 2 = 1./2.
    - paragraph: running text, justified, first-line indent.
    - bullet: "- …" item; numbered: "a) …" or "1. …" item (text carries its own number).
    - table: ``rows`` (first row = header when ``header`` is True), ``widths`` in cm optional.
    """

    kind: BlockKind
    text: str = ""
    level: int = 1
    rows: list[list[str]] = field(default_factory=list)
    header: bool = True
    widths: list[float] = field(default_factory=list)
    bold: bool = False
    italic: bool = False


@dataclass
class Signature:
    """Signature block, e.g. authority "KT. CHỦ TỊCH", title "PHÓ CHỦ TỊCH", name "Đinh Quốc Duy".

    Forms: "TM. ỦY BAN NHÂN DÂN" + "CHỦ TỊCH"; "KT. CHỦ TỊCH" + "PHÓ CHỦ TỊCH"; "Q. CHỦ TỊCH";
    "TL. …"; "TUQ. …"; or no authority line when the head signs in their own name.
    """

    title: str
    name: str
    authority: str = ""


@dataclass
class DocumentSpec:
    """A document in the government format (ND30 Phụ lục I)."""

    # Header, left column
    issuer_lines: list[str]  # ["ỦY BAN NHÂN DÂN", "XÃ TÂN LỢI"]; the last line is bold with a rule
    parent_body: str = ""  # cơ quan chủ quản (none for a UBND xã)
    # Số, ký hiệu: number None = not yet issued (drafts show a blank number)
    number: int | None = None
    symbol: str = ""  # "KH-UBND", "TB-BCĐ", "UBND-KT" (công văn)
    # Place and date line: date None = blank day/month left for the signer ("ngày   tháng 4 năm 2024")
    place: str = ""
    date: dt.date | None = None
    date_month: int | None = None  # month to print when the day is blank
    date_year: int | None = None
    # Title: a typed document has a type name and trích yếu; a công văn has "V/v …" instead
    type_name: str = ""  # "KẾ HOẠCH", "THÔNG BÁO", "BÁO CÁO", "QUYẾT ĐỊNH"; "" = công văn
    subject: str = ""  # trích yếu (without "V/v" — the engine adds it for a công văn)
    bases: list[str] = field(default_factory=list)  # căn cứ lines
    recipients: list[str] = field(default_factory=list)  # "Kính gửi:" list
    blocks: list[Block] = field(default_factory=list)
    signature: Signature | None = None
    distribution: list[str] = field(default_factory=list)  # "Nơi nhận:" entries
    draft: bool = True  # adds the "DỰ THẢO" marker
    urgency: str = ""  # "", "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"

    @property
    def is_official_letter(self) -> bool:
        """Công văn: no type name; the subject is printed as "V/v …" under the number."""
        return not self.type_name

    @property
    def number_text(self) -> str:
        """'Số: 25/KH-UBND'; a draft or unissued document leaves the number blank."""
        if self.number is None:
            return f"Số:        /{self.symbol}"
        return f"Số: {self.number:02d}/{self.symbol}"
