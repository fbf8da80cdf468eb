"""Pure rules of official documents: symbols, date lines, list punctuation, the body syntax."""

from __future__ import annotations

import datetime as dt
import re

from ntm.core.numbers import long_date
from ntm.documents.spec import Block

# Signature authority forms (ND30 Điều 13): on behalf of a collective, deputy, acting, by order,
# by authorisation. "" = the head signs in their own name.
SIGNATURE_FORMS = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
BLANK_DAY = "      "  # room for the signer's hand: "ngày      tháng 4 năm 2024"


def symbol_for(*, type_abbreviation: str, issuer: str, drafting_unit: str = "") -> str:
    """The ký hiệu after the slash.

    A typed document: "<type>-<issuer>" (KH-UBND, TB-BCĐ). A công văn has no type:
    "<issuer>-<drafting unit>" (UBND-KT), or just the issuer when no drafting unit is named.
    """
    if type_abbreviation:
        return f"{type_abbreviation}-{issuer}" if issuer else type_abbreviation
    return f"{issuer}-{drafting_unit}" if drafting_unit else issuer


def number_and_symbol(number: int | None, symbol: str) -> str:
    """'25/KH-UBND'; numbers below 10 get a leading zero ('01/TB-BCĐ'); blank when unissued."""
    if number is None:
        return f"{BLANK_DAY}/{symbol}"
    return f"{number:02d}/{symbol}"


def month_text(month: int) -> str:
    return f"{month:02d}" if month <= 2 else str(month)


def date_line(
    place: str, date: dt.date | None, month: int | None = None, year: int | None = None
) -> str:
    """'Tân Lợi, ngày 08 tháng 4 năm 2024'; a blank day (and month) is left for the signer."""
    if date is not None:
        return long_date(date, place)
    month_part = month_text(month) if month else BLANK_DAY
    year_part = str(year) if year else BLANK_DAY
    text = f"ngày{BLANK_DAY}tháng {month_part} năm {year_part}"
    return f"{place}, {text}" if place else text


_END = re.compile(r"[\s;,.:]+$")


def punctuated(items: list[str], *, last: str = ".") -> list[str]:
    """Dash list lines: '- A;', '- B;', '- C.' (what Kính gửi and Nơi nhận look like)."""
    clean = [_END.sub("", item.strip().lstrip("-–•+ ").strip()) for item in items]
    clean = [item for item in clean if item]
    out = [f"- {item};" for item in clean]
    if out:
        out[-1] = f"- {clean[-1]}{last}"
    return out


def signature_form(authority: str) -> str:
    """'KT. CHỦ TỊCH' → 'KT.'; '' when the head signs in their own name."""
    head = authority.strip().split(" ", 1)[0].upper() if authority.strip() else ""
    return head if head in SIGNATURE_FORMS else ""


def authority_error(authority: str) -> str:
    """A Vietnamese message when the authority line does not use one of the ND30 forms."""
    if not authority.strip():
        return ""
    if signature_form(authority):
        return ""
    forms = ", ".join(SIGNATURE_FORMS)
    return f"Quyền hạn ký phải bắt đầu bằng một trong các chữ: {forms} (ví dụ: KT. CHỦ TỊCH)."


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


_ARTICLE = re.compile(r"^Điều\s+\d+\s*\.\s*", re.IGNORECASE)


def parse_body(text: str) -> list[Block]:
    """The form's body syntax: '# ' heading, '## ' sub-heading, '- ' bullet, 'Điều 1. ' article,
    '| a | b |' table rows, anything else a paragraph. One line is one block."""
    blocks: list[Block] = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("## "):
            blocks.append(Block(kind="heading", text=line[3:].strip(), level=2))
        elif line.startswith("# "):
            blocks.append(Block(kind="heading", text=line[2:].strip(), level=1))
        elif line.startswith(("- ", "+ ")):
            blocks.append(Block(kind="bullet", text=line[2:].strip()))
        elif _ARTICLE.match(line):
            blocks.append(Block(kind="article", text=_ARTICLE.sub("", line)))
        elif line.startswith("|") and line.endswith("|"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if blocks and blocks[-1].kind == "table":
                blocks[-1].rows.append(cells)
            else:
                blocks.append(Block(kind="table", rows=[cells]))
        else:
            blocks.append(Block(kind="paragraph", text=line))
    return blocks


def body_text(blocks: list[Block]) -> str:
    """The inverse of :func:`parse_body`, to edit a stored draft in the form."""
    out: list[str] = []
    article = 0
    for block in blocks:
        if block.kind == "heading":
            out.append(("## " if block.level >= 2 else "# ") + block.text)
        elif block.kind == "bullet":
            out.append("- " + block.text.lstrip("-+ ").strip())
        elif block.kind == "article":
            article += 1
            title = f"{block.title}. " if block.title else ""
            out.append(f"Điều {article}. {title}{block.text}".strip())
        elif block.kind == "table":
            out.extend("| " + " | ".join(row) + " |" for row in block.rows)
        elif block.kind == "page_break":
            continue
        else:
            out.append(block.text)
    return "\n".join(out)


def issuer_place(unit_name: str, kind_name: str) -> str:
    """The place in the date line: the unit's name without 'xã', unless named by a number."""
    return f"{kind_name} {unit_name}" if unit_name.strip().isdigit() else unit_name
