"""Open every generated DOCX with python-docx and check it against ND30 Phụ lục I."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from docx import Document as open_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length

from ntm.documents import nd30
from ntm.documents.layout import render_docx, text_width_pt
from ntm.documents.spec import Block, DocumentSpec, Signature, spec_from_json, spec_to_json
from ntm.documents.tests.conftest import letter_spec, plan_spec

HEADER = {"issuer_lines": ["ỦY BAN NHÂN DÂN", "XÃ TÂN LỢI"], "place": "Tân Lợi"}

# The decree's ranges, written here independently of nd30.py.
DECREE = {
    "MARGIN_TOP_MM": (20, 25),
    "MARGIN_BOTTOM_MM": (20, 25),
    "MARGIN_LEFT_MM": (30, 35),
    "MARGIN_RIGHT_MM": (15, 20),
    "ISSUER_PT": (12, 13),
    "NATIONAL_TITLE_PT": (12, 13),
    "MOTTO_PT": (13, 14),
    "NUMBER_PT": (13, 13),
    "DATE_PT": (13, 14),
    "OFFICIAL_LETTER_SUBJECT_PT": (12, 13),
    "TYPE_NAME_PT": (13, 14),
    "SUBJECT_PT": (13, 14),
    "BODY_PT": (13, 14),
    "AUTHORITY_PT": (13, 14),
    "SIGNER_NAME_PT": (13, 14),
    "DISTRIBUTION_LABEL_PT": (12, 12),
    "DISTRIBUTION_PT": (11, 11),
    "PAGE_NUMBER_PT": (13, 14),
}


def _open(spec: DocumentSpec) -> Any:
    return open_docx(io.BytesIO(render_docx(spec)))


def _mm(length: Length | None) -> float:
    assert length is not None
    return length.mm


def _text(paragraph: Any) -> str:
    return "".join(run.text for run in paragraph.runs)


def _runs(paragraph: Any) -> list[Any]:
    return [run for run in paragraph.runs if run.text.strip()]


def _size(paragraph: Any) -> float:
    sizes = {run.font.size.pt for run in _runs(paragraph)}
    assert len(sizes) == 1, (_text(paragraph), sizes)
    return sizes.pop()


def _bold(paragraph: Any) -> bool:
    return all(run.font.bold for run in _runs(paragraph))


def _italic(paragraph: Any) -> bool:
    return all(run.font.italic for run in _runs(paragraph))


def _find(paragraphs: list[Any], text: str) -> Any:
    for paragraph in paragraphs:
        if text in _text(paragraph):
            return paragraph
    raise AssertionError(f"{text!r} not found in {[_text(p) for p in paragraphs]}")


def _all_paragraphs(doc: Any) -> list[Any]:
    found = list(doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                found.extend(cell.paragraphs)
    return found


def _rule_length(paragraph: Any, box_pt: float) -> float:
    ppr = paragraph._p.pPr
    borders = ppr.find(qn("w:pBdr"))
    assert borders is not None and borders.find(qn("w:top")) is not None
    fmt = paragraph.paragraph_format
    return box_pt - fmt.left_indent.pt - fmt.right_indent.pt


def _rule_after(cell: Any, paragraph: Any) -> Any:
    paragraphs = cell.paragraphs
    return paragraphs[[p._p for p in paragraphs].index(paragraph._p) + 1]


def _in(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] - 0.01 <= value <= bounds[1] + 0.01


def test_settings_are_within_the_decree() -> None:
    for name, bounds in DECREE.items():
        assert _in(getattr(nd30, name), bounds), name
    for name, bounds in nd30.RANGES.items():
        assert _in(getattr(nd30, name), bounds), name
    assert nd30.FONT == "Times New Roman"


def test_page_fonts_and_margins() -> None:
    doc = _open(plan_spec(**HEADER))
    section = doc.sections[0]
    assert abs(_mm(section.page_width) - 210) < 0.5 and abs(_mm(section.page_height) - 297) < 0.5
    assert _in(round(_mm(section.top_margin)), DECREE["MARGIN_TOP_MM"])
    assert _in(round(_mm(section.bottom_margin)), DECREE["MARGIN_BOTTOM_MM"])
    assert _in(round(_mm(section.left_margin)), DECREE["MARGIN_LEFT_MM"])
    assert _in(round(_mm(section.right_margin)), DECREE["MARGIN_RIGHT_MM"])
    for paragraph in _all_paragraphs(doc):
        for run in _runs(paragraph):
            assert run.font.name == "Times New Roman", run.text
            fonts = run._r.rPr.find(qn("w:rFonts"))
            assert fonts.get(qn("w:cs")) == "Times New Roman"
            assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_header_is_a_borderless_two_column_table() -> None:
    spec = plan_spec(**HEADER)
    doc = _open(spec)
    header = doc.tables[0]
    assert len(header.columns) == 2
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(edge.get(qn("w:val")) == "nil" for edge in borders)
    left, right = header.rows[0].cells
    issuer = [p for p in left.paragraphs if _text(p)]
    assert [_text(p) for p in issuer] == ["ỦY BAN NHÂN DÂN", "XÃ TÂN LỢI"]
    for paragraph in issuer:
        assert _bold(paragraph) and _in(_size(paragraph), DECREE["ISSUER_PT"])
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    rule = _rule_after(left, issuer[-1])
    longest = text_width_pt("ỦY BAN NHÂN DÂN", nd30.ISSUER_PT, bold=True)
    length = _rule_length(rule, left.width.pt)
    assert longest / 3 - 1 <= length <= longest / 2 + 1

    title = _find(right.paragraphs, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert _text(title) == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert _bold(title) and _in(_size(title), DECREE["NATIONAL_TITLE_PT"])
    motto = _find(right.paragraphs, "Độc lập")
    assert _text(motto) == "Độc lập - Tự do - Hạnh phúc"
    assert _bold(motto) and _in(_size(motto), DECREE["MOTTO_PT"])
    motto_rule = _rule_length(_rule_after(right, motto), right.width.pt)
    assert abs(motto_rule - text_width_pt(_text(motto), _size(motto), bold=True)) < 2
    # Title column wide enough for the national title on one line.
    assert text_width_pt(_text(title), _size(title), bold=True) < right.width.pt


def test_number_date_title_and_bases_of_a_typed_document() -> None:
    issued = plan_spec(**HEADER, number=25, symbol="KH-UBND", date=dt.date(2024, 4, 8), draft=False)
    doc = _open(issued)
    low_left, low_right = doc.tables[0].rows[1].cells
    number = _find(low_left.paragraphs, "Số:")
    assert _text(number) == "Số: 25/KH-UBND"
    assert _size(number) == 13 and not _bold(number)
    date = _find(low_right.paragraphs, "ngày")
    assert _text(date) == "Tân Lợi, ngày 08 tháng 4 năm 2024"
    assert _italic(date) and _in(_size(date), DECREE["DATE_PT"])
    type_name = _find(doc.paragraphs, "KẾ HOẠCH")
    assert _bold(type_name) and type_name.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert _in(_size(type_name), DECREE["TYPE_NAME_PT"])
    subject = _find(doc.paragraphs, "Triển khai thực hiện")
    assert _bold(subject) and _in(_size(subject), DECREE["SUBJECT_PT"])
    following = doc.paragraphs[[p._p for p in doc.paragraphs].index(subject._p) + 1]
    assert following._p.pPr.find(qn("w:pBdr")) is not None  # the short rule under trích yếu
    base = _find(doc.paragraphs, "Căn cứ Luật")
    assert _italic(base) and not _bold(base)
    assert not any("DỰ THẢO" in _text(p) for p in _all_paragraphs(doc))


def test_body_paragraphs() -> None:
    doc = _open(plan_spec(**HEADER))
    heading = _find(doc.paragraphs, "I. MỤC ĐÍCH")
    assert _bold(heading) and heading.paragraph_format.keep_with_next
    for text in ("Huy động sức mạnh", "- Giữ vững các tiêu chí"):
        paragraph = _find(doc.paragraphs, text)
        fmt = paragraph.paragraph_format
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert 1.0 - 0.01 <= fmt.first_line_indent.cm <= 1.27 + 0.01
        assert fmt.space_after.pt >= 6
        assert _in(_size(paragraph), DECREE["BODY_PT"])
        assert 1.0 <= fmt.line_spacing <= 1.5
    table = doc.tables[1]
    assert table.rows[0].cells[0].text == "Tiêu chí" and table.rows[1].cells[1].text == "Đạt"


@pytest.mark.parametrize(
    ("authority", "title"),
    [
        ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
        ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        ("Q. CHỦ TỊCH", ""),
        ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"),
        ("TUQ. CHỦ TỊCH", "CÔNG CHỨC VĂN PHÒNG - THỐNG KÊ"),
        ("", "CHỦ TỊCH"),
    ],
)
def test_signature_block_forms(authority: str, title: str) -> None:
    signature = Signature(title=title, name="Đinh Quốc Duy", authority=authority)
    doc = _open(letter_spec(**HEADER, signature=signature))
    table = doc.tables[-1]
    assert len(table.rows) == 1
    tr_pr = table.rows[0]._tr.trPr
    assert tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None
    left, right = table.rows[0].cells
    lines = [p for p in right.paragraphs if _text(p)]
    expected = [line for line in (authority, title, "Đinh Quốc Duy") if line]
    assert [_text(p) for p in lines] == expected
    for paragraph in lines:
        assert _bold(paragraph) and _in(_size(paragraph), DECREE["AUTHORITY_PT"])
    name = lines[-1]
    assert name.paragraph_format.space_before.mm >= 25  # room for signature and seal
    for paragraph in lines[:-1]:
        assert paragraph.paragraph_format.keep_with_next
    label = _find(left.paragraphs, "Nơi nhận:")
    assert _bold(label) and _italic(label) and _size(label) == 12
    entries = [p for p in left.paragraphs if _text(p).startswith("- ")]
    assert [_text(p) for p in entries] == ["- Như trên;", "- Lưu: VT."]
    assert all(_size(p) == 11 and not _bold(p) for p in entries)
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(edge.get(qn("w:val")) == "nil" for edge in borders)


def test_page_numbers_from_page_two_only() -> None:
    blocks = [Block(kind="paragraph", text="Nội dung dài. " * 40)] * 12
    doc = _open(plan_spec(**HEADER, blocks=blocks))
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert section._sectPr.find(qn("w:titlePg")) is not None
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert all(not p.text.strip() for p in first.paragraphs)
    assert "PAGE" not in first._element.xml
    header = section.header
    instr = [el.text for el in header._element.iter(qn("w:instrText"))]
    assert instr == [" PAGE "]
    paragraph = header.paragraphs[0]
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    sizes = {run.font.size.pt for run in paragraph.runs if run.font.size}
    assert sizes and all(_in(s, DECREE["PAGE_NUMBER_PT"]) for s in sizes)
    assert _mm(section.header_distance) < _mm(section.top_margin)


def test_draft_marker_number_and_blank_day() -> None:
    doc = _open(plan_spec(**HEADER, symbol="KH-UBND", draft=True, date_year=2024))
    low_left, low_right = doc.tables[0].rows[1].cells
    mark = _find(low_left.paragraphs, "DỰ THẢO")
    assert _bold(mark)
    borders = mark._p.pPr.find(qn("w:pBdr"))
    assert {child.tag.split("}")[1] for child in borders} == {"top", "left", "bottom", "right"}
    number = _find(low_left.paragraphs, "Số:")
    assert _text(number).startswith("Số:") and _text(number).endswith("/KH-UBND")
    assert "  " in _text(number)  # blank number
    date = _text(_find(low_right.paragraphs, "ngày"))
    assert date.startswith("Tân Lợi, ngày ") and date.endswith("tháng 4 năm 2024")
    assert "ngày  " in date


def test_official_letter_layout() -> None:
    spec = letter_spec(**HEADER, symbol="UBND-KT", number=7, date=dt.date(2024, 1, 5), draft=False)
    doc = _open(spec)
    low_left = doc.tables[0].rows[1].cells[0]
    number = _find(low_left.paragraphs, "Số:")
    assert _text(number) == "Số: 07/UBND-KT"
    subject = _find(low_left.paragraphs, "V/v ")
    assert _text(subject) == "V/v tổ chức thực hiện nông thôn mới nâng cao năm 2024"
    assert not _bold(subject) and _in(_size(subject), DECREE["OFFICIAL_LETTER_SUBJECT_PT"])
    date = _text(_find(doc.tables[0].rows[1].cells[1].paragraphs, "ngày"))
    assert date == "Tân Lợi, ngày 05 tháng 01 năm 2024"
    assert not any(_text(p) == "CÔNG VĂN" for p in doc.paragraphs)
    label = _find(doc.paragraphs, "Kính gửi:")
    assert _in(_size(label), (13, 14))
    assert [_text(p) for p in doc.paragraphs if _text(p).startswith("- ")] == [
        "- Thành viên BCĐ CCTMTQG;",
        "- Trưởng các ấp (sóc).",
    ]


def test_decision_layout_with_articles() -> None:
    spec = DocumentSpec(
        **HEADER,
        type_name="QUYẾT ĐỊNH",
        symbol="QĐ-UBND",
        subject="Về việc kiện toàn Ban Chỉ đạo",
        authority_title="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN LỢI",
        bases=["Căn cứ Luật Tổ chức chính quyền địa phương;", "Theo đề nghị của Văn phòng."],
        blocks=[
            Block(kind="article", text="Kiện toàn Ban Chỉ đạo."),
            Block(kind="article", title="Nhiệm vụ", text="Ban Chỉ đạo có nhiệm vụ…"),
            Block(kind="article", text="Quyết định này có hiệu lực kể từ ngày ký./."),
        ],
        signature=Signature(title="CHỦ TỊCH", name="Nguyễn Văn Hòa"),
        distribution=["Như Điều 3", "Lưu: VT"],
    )
    doc = _open(spec)
    authority = _find(doc.paragraphs, "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN LỢI")
    decides = _find(doc.paragraphs, "QUYẾT ĐỊNH:")
    order = [p._p for p in doc.paragraphs]
    assert order.index(authority._p) < order.index(decides._p)
    assert _bold(decides)
    for number in (1, 2, 3):
        article = _find(doc.paragraphs, f"Điều {number}. ")
        assert article.runs[0].text == f"Điều {number}. " and article.runs[0].font.bold
    assert _find(doc.paragraphs, "Ban Chỉ đạo có nhiệm vụ")


def test_spec_round_trips_through_json() -> None:
    spec = plan_spec(**HEADER, date=dt.date(2024, 4, 8), number=25, symbol="KH-UBND")
    assert spec_from_json(spec_to_json(spec)) == spec
