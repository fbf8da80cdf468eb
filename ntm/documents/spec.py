"""What a document says, independent of how it is laid out: the contract between the modules
that compose documents from their data (plans, reports, directives…) and the ND30 layout
engine that renders it to DOCX (``ntm.documents.layout.render_docx``).

Everything here is plain data; the layout engine decides sizes, fonts and rules per
Nghị định 30/2020/NĐ-CP.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

DECISION_TEMPLATES = ("1.2", "1.3")
ILLUSTRATIVE_MARK = "DỮ LIỆU MINH HỌA – KHÔNG PHẢI VĂN BẢN CHÍNH THỨC"

BlockKind = Literal["heading", "paragraph", "bullet", "numbered", "table", "page_break", "article"]


@dataclass
class Block:
    """One piece of the body.

    - heading: a section title ("1. Đối với các thành viên BCĐ"); ``level`` 1 = I/II, 2 = 1./2.
    - paragraph: running text, justified, first-line indent.
    - bullet: "- …" item; numbered: "a) …" or "1. …" item (text carries its own number).
    - table: ``rows`` (first row = header when ``header`` is True), ``widths`` in cm optional.
    - article: a quyết định's "Điều 1." (numbered by the engine in order); optional ``title``
      printed bold after the number, then ``text``.
    """

    kind: BlockKind
    text: str = ""
    level: int = 1
    rows: list[list[str]] = field(default_factory=list)
    header: bool = True
    widths: list[float] = field(default_factory=list)
    bold: bool = False
    italic: bool = False
    title: str = ""


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

    # Header, left column. ``issuer_lines`` is the issuing body (all lines bold, the short rule
    # under the last one); ``parent_body`` the cơ quan chủ quản above it (regular; lines split
    # by "\n"). ``ntm.documents.services.issuer_header(organisation)`` builds both from data.
    issuer_lines: list[str]  # ["ỦY BAN NHÂN DÂN", "XÃ TÂN LỢI"]; the last line is bold with a rule
    parent_body: str = ""  # cơ quan chủ quản (none for a UBND xã): "UBND XÃ TÂN LỢI" for the BCĐ
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
    # Quyết định (Mẫu 1.2/1.3): the authority that decides, printed bold above the căn cứ
    # ("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN LỢI"); the engine adds "QUYẾT ĐỊNH:" after them.
    authority_title: str = ""
    # Mẫu trình bày of Phụ lục I ("1.2"/"1.3" quyết định, "1.4", "1.5" công văn), from the type.
    template: str = ""
    # Demo data: a "DỮ LIỆU MINH HỌA" line in the page header, never in the official text.
    illustrative: bool = False

    @property
    def is_decision(self) -> bool:
        """Quyết định (Mẫu 1.2/1.3): căn cứ, "QUYẾT ĐỊNH:", Điều 1… Điều n."""
        if self.template:
            return self.template in DECISION_TEMPLATES
        return self.type_name.strip().upper() == "QUYẾT ĐỊNH"

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


def spec_to_json(spec: DocumentSpec) -> dict[str, Any]:
    """Plain JSON (dates as ISO strings) to store a spec and regenerate it later."""
    data = asdict(spec)
    data["date"] = spec.date.isoformat() if spec.date else None
    return data


def spec_from_json(data: dict[str, Any]) -> DocumentSpec:
    """The inverse of :func:`spec_to_json`; unknown keys (from a newer version) are ignored."""
    known = {f.name for f in fields(DocumentSpec)}
    values = {key: value for key, value in data.items() if key in known}
    block_fields = {f.name for f in fields(Block)}
    values["blocks"] = [
        Block(**{k: v for k, v in block.items() if k in block_fields})
        for block in data.get("blocks", [])
    ]
    if data.get("signature"):
        values["signature"] = Signature(**data["signature"])
    if data.get("date"):
        values["date"] = dt.date.fromisoformat(data["date"])
    values.setdefault("issuer_lines", [])
    return DocumentSpec(**values)
