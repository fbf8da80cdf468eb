"""The ND30 layout engine: a :class:`DocumentSpec` in, a DOCX (bytes) out.

Phụ lục I of Nghị định 30/2020/NĐ-CP, on python-docx. Every number comes from
:mod:`ntm.documents.nd30`. Templates: Mẫu 1.4 (a document with a type name), 1.5 (công văn),
1.2/1.3 (quyết định: căn cứ, "QUYẾT ĐỊNH:", Điều 1., Điều 2. …).
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ntm.documents import nd30
from ntm.documents.rules import date_line, punctuated
from ntm.documents.spec import ILLUSTRATIVE_MARK, Block, DocumentSpec

CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT

# --- measuring text (for the rules' lengths) ------------------------------------------------


@functools.lru_cache(maxsize=16)
def _font(bold: bool, italic: bool, size: float) -> Any:
    from PIL import ImageFont

    path = nd30.MEASURE_FONTS[(bold, italic)]
    if not Path(path).exists():
        return None
    # 1 pixel per point: measured widths are in points.
    return ImageFont.truetype(path, size=round(size * 10))


def text_width_pt(text: str, size: float, *, bold: bool = False, italic: bool = False) -> float:
    """Width of ``text`` in points in Times New Roman (measured with Liberation Serif)."""
    font = _font(bold, italic, size)
    if font is None:  # no font file: an average Times glyph is about half an em
        return len(text) * size * (0.55 if bold else 0.5)
    return float(font.getlength(text)) / 10


# --- small XML helpers -------------------------------------------------------------------------


def _set_run_font(run: Any, size: float, *, bold: bool = False, italic: bool = False) -> None:
    run.font.name = nd30.FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), nd30.FONT)


def _text(
    paragraph: Paragraph, text: str, size: float, *, bold: bool = False, italic: bool = False
) -> Any:
    run = paragraph.add_run(text)
    _set_run_font(run, size, bold=bold, italic=italic)
    return run


def _format(
    paragraph: Paragraph,
    *,
    align: Any = None,
    before: float = 0,
    after: float = 0,
    first_line: float | None = None,
    left: float | None = None,
    right: float | None = None,
    keep_next: bool = False,
    mark_size: float | None = None,
) -> Paragraph:
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = nd30.LINE_SPACING
    if first_line is not None:
        fmt.first_line_indent = Cm(first_line)
    if left is not None:
        fmt.left_indent = Pt(left)
    if right is not None:
        fmt.right_indent = Pt(right)
    if keep_next:
        fmt.keep_with_next = True
    if mark_size is not None:  # size of the paragraph mark, so empty lines match their text
        ppr = paragraph._p.get_or_add_pPr()
        rpr = OxmlElement("w:rPr")
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), str(int(mark_size * 2)))
        rpr.append(size)
        ppr.append(rpr)
    return paragraph


def _border(paragraph: Paragraph, sides: tuple[str, ...], space: int = 1) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in sides:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(nd30.RULE_WIDTH_EIGHTHS))
        edge.set(qn("w:space"), str(space))
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    # pBdr must come before spacing/ind/jc in the schema order.
    anchor = None
    for tag in ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr"):
        anchor = ppr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)


def _rule(container: Any, length_pt: float, width_pt: float, *, keep_next: bool = True) -> None:
    """A centred horizontal rule ``length_pt`` long inside a box ``width_pt`` wide: an empty
    one-point paragraph with a top border, its indents leaving exactly the rule's length."""
    side = max(0.0, (width_pt - length_pt) / 2)
    paragraph = container.add_paragraph()
    _format(
        paragraph, align=CENTER, before=2, left=side, right=side, keep_next=keep_next, mark_size=1
    )
    paragraph.paragraph_format.line_spacing = Pt(1)
    _border(paragraph, ("top",), space=0)


def _table(
    container: Any, widths_pt: list[float], *, borders: bool = False, cell_margin_pt: float = 0
) -> Table:
    table = container.add_table(rows=1, cols=len(widths_pt))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    edges = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single" if borders else "nil")
        if borders:
            edge.set(qn("w:sz"), "4")
            edge.set(qn("w:color"), "000000")
        edges.append(edge)
    tbl_pr.append(edges)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(int(cell_margin_pt * 20)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tbl_pr.append(margins)
    for index, width in enumerate(widths_pt):
        table.columns[index].width = Pt(width)
        for cell in table.columns[index].cells:
            cell.width = Pt(width)
    return table


def _first_paragraph(cell: _Cell) -> Paragraph:
    """A new cell holds one empty paragraph; use it for the first line."""
    return cell.paragraphs[0]


def _cell_paragraph(cell: _Cell, used: list[bool]) -> Paragraph:
    if not used[0]:
        used[0] = True
        return _first_paragraph(cell)
    return cell.add_paragraph()


def _cant_split(table: Table) -> None:
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        cant = OxmlElement("w:cantSplit")
        tr_pr.append(cant)


def _page_field(paragraph: Paragraph, size: float) -> None:
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2")):
        run = paragraph.add_run()
        _set_run_font(run, size)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text or ""
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    run._r.append(char)


# --- the document ---------------------------------------------------------------------------


class _Layout:
    def __init__(self, spec: DocumentSpec) -> None:
        self.spec = spec
        self.doc = new_docx()
        self.text_width = (
            (nd30.PAGE_WIDTH_MM - nd30.MARGIN_LEFT_MM - nd30.MARGIN_RIGHT_MM) / 25.4 * 72
        )
        self._page()
        self._styles()

    def _page(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Mm(nd30.PAGE_WIDTH_MM)
        section.page_height = Mm(nd30.PAGE_HEIGHT_MM)
        section.top_margin = Mm(nd30.MARGIN_TOP_MM)
        section.bottom_margin = Mm(nd30.MARGIN_BOTTOM_MM)
        section.left_margin = Mm(nd30.MARGIN_LEFT_MM)
        section.right_margin = Mm(nd30.MARGIN_RIGHT_MM)
        section.header_distance = Mm(nd30.HEADER_DISTANCE_MM)
        section.footer_distance = Mm(nd30.FOOTER_DISTANCE_MM)
        # Page numbers from page 2: a different (empty) first-page header.
        section.different_first_page_header_footer = True
        first = section.first_page_header
        first.is_linked_to_previous = False
        for paragraph in first.paragraphs:
            paragraph.text = ""
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        _format(paragraph, align=CENTER)
        _page_field(paragraph, nd30.PAGE_NUMBER_PT)
        if self.spec.illustrative:
            # Demo documents say so on every page, in the header, never inside the text.
            for part in (first, header):
                mark = _format(part.add_paragraph(), align=CENTER)
                _text(mark, ILLUSTRATIVE_MARK, nd30.ILLUSTRATIVE_MARK_PT, bold=True)

    def _styles(self) -> None:
        normal = self.doc.styles["Normal"]
        normal.font.name = nd30.FONT
        normal.font.size = Pt(nd30.BODY_PT)
        rpr = normal.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), nd30.FONT)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), nd30.LANGUAGE)
        rpr.append(lang)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.line_spacing = nd30.LINE_SPACING
        props = self.doc.core_properties
        props.title = self.spec.subject[:250]
        props.author = "ntm"
        props.language = nd30.LANGUAGE

    # Header: two columns, two rows (body | national title; Số | place and date).
    def header(self) -> None:
        spec = self.spec
        left_w = self.text_width * nd30.HEADER_LEFT_SHARE
        right_w = self.text_width - left_w
        table = _table(self.doc, [left_w, right_w])
        table.add_row()
        top_left, top_right = table.rows[0].cells
        low_left, low_right = table.rows[1].cells

        used = [False]
        for line in [ln for ln in spec.parent_body.split("\n") if ln.strip()]:
            p = _format(_cell_paragraph(top_left, used), align=CENTER)
            _text(p, line.strip().upper(), nd30.PARENT_BODY_PT)
        for line in spec.issuer_lines:
            p = _format(_cell_paragraph(top_left, used), align=CENTER)
            _text(p, line.upper(), nd30.ISSUER_PT, bold=True)
        longest = max(
            (text_width_pt(ln.upper(), nd30.ISSUER_PT, bold=True) for ln in spec.issuer_lines),
            default=0.0,
        )
        if longest:
            _rule(top_left, min(longest, left_w) * nd30.ISSUER_RULE_SHARE, left_w)

        p = _format(_first_paragraph(top_right), align=CENTER)
        _text(p, nd30.NATIONAL_TITLE, nd30.NATIONAL_TITLE_PT, bold=True)
        p = _format(top_right.add_paragraph(), align=CENTER)
        _text(p, nd30.MOTTO, nd30.MOTTO_PT, bold=True)
        _rule(top_right, text_width_pt(nd30.MOTTO, nd30.MOTTO_PT, bold=True), right_w)

        p = _format(_first_paragraph(low_left), align=CENTER, before=6)
        _text(p, spec.number_text, nd30.NUMBER_PT)
        if spec.is_official_letter and spec.subject:
            p = _format(low_left.add_paragraph(), align=CENTER, before=3)
            _text(p, nd30.OFFICIAL_LETTER_PREFIX + spec.subject, nd30.OFFICIAL_LETTER_SUBJECT_PT)
        if spec.urgency:
            p = _format(low_left.add_paragraph(), align=CENTER, before=6)
            _text(p, spec.urgency.upper(), nd30.URGENCY_PT, bold=True)
        if spec.draft:
            mark_w = text_width_pt(nd30.DRAFT_MARK, nd30.DRAFT_MARK_PT, bold=True) + 12
            side = max(0.0, (left_w - mark_w) / 2)
            p = _format(low_left.add_paragraph(), align=CENTER, before=8, left=side, right=side)
            _border(p, ("top", "left", "bottom", "right"), space=2)
            _text(p, nd30.DRAFT_MARK, nd30.DRAFT_MARK_PT, bold=True)

        p = _format(_first_paragraph(low_right), align=CENTER, before=6)
        line = date_line(spec.place, spec.date, spec.date_month, spec.date_year)
        _text(p, line, nd30.DATE_PT, italic=True)

    def title(self) -> None:
        spec = self.spec
        if spec.is_official_letter:
            return
        p = _format(
            self.doc.add_paragraph(),
            align=CENTER,
            before=nd30.TITLE_SPACE_BEFORE_PT,
            keep_next=True,
        )
        _text(p, spec.type_name.upper(), nd30.TYPE_NAME_PT, bold=True)
        if spec.subject:
            p = _format(self.doc.add_paragraph(), align=CENTER, keep_next=True)
            _text(p, spec.subject, nd30.SUBJECT_PT, bold=True)
            width = min(text_width_pt(spec.subject, nd30.SUBJECT_PT, bold=True), self.text_width)
            _rule(self.doc, width * nd30.SUBJECT_RULE_SHARE, self.text_width)

    def opening(self) -> None:
        spec = self.spec
        if spec.authority_title:
            p = _format(self.doc.add_paragraph(), align=CENTER, before=nd30.SPACE_AFTER_PT)
            _text(p, spec.authority_title.upper(), nd30.AUTHORITY_TITLE_PT, bold=True)
        first = True
        for base in spec.bases:
            p = _format(
                self.doc.add_paragraph(),
                align=JUSTIFY,
                first_line=nd30.FIRST_LINE_INDENT_CM,
                before=nd30.SPACE_AFTER_PT if first else 0,
                after=nd30.SPACE_AFTER_PT,
            )
            _text(p, base, nd30.BASES_PT, italic=True)
            first = False
        if spec.is_decision:
            p = _format(
                self.doc.add_paragraph(),
                align=CENTER,
                before=nd30.SPACE_AFTER_PT,
                after=nd30.SPACE_AFTER_PT,
            )
            _text(p, nd30.DECISION_WORD, nd30.TYPE_NAME_PT, bold=True)
        if spec.recipients:
            self.recipients()

    def recipients(self) -> None:
        spec = self.spec
        label_indent = Cm(nd30.RECIPIENTS_LABEL_INDENT_CM).pt
        list_indent = Cm(nd30.RECIPIENTS_LIST_INDENT_CM).pt
        if len(spec.recipients) == 1:
            p = _format(self.doc.add_paragraph(), left=label_indent, before=12, after=12)
            _text(p, f"{nd30.RECIPIENTS_LABEL} ", nd30.RECIPIENTS_PT)
            only = punctuated(spec.recipients)[0][2:]
            _text(p, only, nd30.RECIPIENTS_PT)
            return
        p = _format(self.doc.add_paragraph(), left=label_indent, before=12, keep_next=True)
        _text(p, nd30.RECIPIENTS_LABEL, nd30.RECIPIENTS_PT)
        items = punctuated(spec.recipients)
        for index, item in enumerate(items):
            last = index == len(items) - 1
            p = _format(
                self.doc.add_paragraph(), left=list_indent, after=12 if last else 0, keep_next=True
            )
            _text(p, item, nd30.RECIPIENTS_PT)

    def body(self) -> None:
        article = 0
        last: Paragraph | None = None
        for block in self.spec.blocks:
            if block.kind == "page_break":
                self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                continue
            if block.kind == "table":
                self._body_table(block)
                continue
            p = _format(
                self.doc.add_paragraph(),
                align=JUSTIFY,
                first_line=nd30.FIRST_LINE_INDENT_CM,
                after=nd30.SPACE_AFTER_PT,
                keep_next=block.kind == "heading",
            )
            if block.kind == "heading":
                _text(p, block.text, nd30.BODY_PT, bold=True, italic=block.level >= 3)
            elif block.kind == "bullet":
                text = block.text if block.text.startswith(("-", "+", "•")) else f"- {block.text}"
                _text(p, text, nd30.BODY_PT, bold=block.bold, italic=block.italic)
            elif block.kind == "article":
                article += 1
                _text(p, f"Điều {article}. ", nd30.BODY_PT, bold=True)
                if block.title:
                    _text(p, block.title, nd30.BODY_PT, bold=True)
                    if block.text:
                        p = _format(
                            self.doc.add_paragraph(),
                            align=JUSTIFY,
                            first_line=nd30.FIRST_LINE_INDENT_CM,
                            after=nd30.SPACE_AFTER_PT,
                        )
                if block.text:
                    _text(p, block.text, nd30.BODY_PT)
            else:
                _text(p, block.text, nd30.BODY_PT, bold=block.bold, italic=block.italic)
            last = p
        if last is not None:
            last.paragraph_format.keep_with_next = True

    def _body_table(self, block: Block) -> None:
        if not block.rows:
            return
        columns = max(len(row) for row in block.rows)
        if block.widths and len(block.widths) == columns:
            widths = [Cm(w).pt for w in block.widths]
        else:
            widths = [self.text_width / columns] * columns
        table = _table(self.doc, widths, borders=True, cell_margin_pt=4)
        for _ in range(len(block.rows) - 1):
            table.add_row()
        for r, row in enumerate(block.rows):
            is_header = block.header and r == 0
            for c in range(columns):
                cell = table.rows[r].cells[c]
                cell.width = Pt(widths[c])
                p = _format(_first_paragraph(cell), align=CENTER if is_header else LEFT)
                _text(p, row[c] if c < len(row) else "", nd30.TABLE_PT, bold=is_header)
        self.doc.add_paragraph()

    def signature(self) -> None:
        spec = self.spec
        if spec.signature is None and not spec.distribution:
            return
        left_w = self.text_width * nd30.SIGNATURE_LEFT_SHARE
        right_w = self.text_width - left_w
        table = _table(self.doc, [left_w, right_w])
        _cant_split(table)
        left, right = table.rows[0].cells
        if spec.distribution:
            p = _format(_first_paragraph(left), align=LEFT, before=nd30.SIGNATURE_SPACE_BEFORE_PT)
            p.paragraph_format.keep_with_next = True
            _text(p, nd30.DISTRIBUTION_LABEL, nd30.DISTRIBUTION_LABEL_PT, bold=True, italic=True)
            for item in punctuated(spec.distribution):
                p = _format(left.add_paragraph(), align=LEFT, keep_next=True)
                _text(p, item, nd30.DISTRIBUTION_PT)
        signature = spec.signature
        if signature is not None:
            used = [False]
            if signature.authority:
                p = _format(
                    _cell_paragraph(right, used),
                    align=CENTER,
                    before=nd30.SIGNATURE_SPACE_BEFORE_PT,
                    keep_next=True,
                )
                _text(p, signature.authority.upper(), nd30.AUTHORITY_PT, bold=True)
            if signature.title:
                p = _format(
                    _cell_paragraph(right, used),
                    align=CENTER,
                    before=0 if signature.authority else nd30.SIGNATURE_SPACE_BEFORE_PT,
                    keep_next=True,
                )
                _text(p, signature.title.upper(), nd30.SIGNER_TITLE_PT, bold=True)
            p = _format(
                _cell_paragraph(right, used),
                align=CENTER,
                before=Mm(nd30.SIGNATURE_GAP_MM).pt,
            )
            _text(p, signature.name, nd30.SIGNER_NAME_PT, bold=True)

    def render(self) -> bytes:
        self.header()
        self.title()
        self.opening()
        self.body()
        self.signature()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def render_docx(spec: DocumentSpec) -> bytes:
    """The document laid out per ND30 Phụ lục I, as the bytes of a .docx file."""
    return _Layout(spec).render()
