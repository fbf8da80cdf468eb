"""The compiled commune report as an ND30 DOCX (through the documents engine) and as XLSX."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ntm.core.numbers import format_money, format_number
from ntm.core.xlsx import append_row, workbook_bytes
from ntm.documents.layout import render_docx
from ntm.documents.spec import Block, DocumentSpec, Signature
from ntm.reports.compile import CompiledReport
from ntm.reports.models import CommuneReport

PROGRAMME = "Chương trình mục tiêu quốc gia xây dựng nông thôn mới"


def _subject(compiled: CompiledReport) -> str:
    tier = ""
    if compiled.criteria_set is not None and "nâng cao" in compiled.criteria_set.name.lower():
        tier = " nâng cao"
    period = compiled.cycle.period.label
    period = period[0].lower() + period[1:]
    return (
        f"Kết quả thực hiện {PROGRAMME}{tier} {period} trên địa bàn xã {compiled.cycle.unit.name}"
    )


def _narrative(text: str, fallback: str) -> list[Block]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return [Block("paragraph", fallback, italic=True)]
    return [
        Block("bullet", line[1:].strip()) if line.startswith("-") else Block("paragraph", line)
        for line in lines
    ]


def build_spec(
    compiled: CompiledReport,
    report: CommuneReport,
    *,
    issuer_lines: list[str],
    signature: Signature | None,
    distribution: list[str],
    number: int | None = None,
) -> DocumentSpec:
    cycle = compiled.cycle
    blocks: list[Block] = [
        Block("heading", "I. KẾT QUẢ THỰC HIỆN", level=1),
        *_narrative(report.results, "(Chưa nhập phần đánh giá kết quả.)"),
        Block("heading", "1. Kết quả thực hiện các tiêu chí", level=2),
        Block(
            "paragraph",
            f"Tự đánh giá: {compiled.summary}"
            + (f" theo {compiled.criteria_set.name}." if compiled.criteria_set else "."),
        ),
        Block("paragraph", f"Cách tính: {compiled.definition}"),
    ]
    rows = [["TT", "Tiêu chí, chỉ tiêu", "Yêu cầu", "Kết quả", "Tự đánh giá"]]
    for criterion in compiled.criteria:
        rows.append([str(criterion.number), criterion.name, "", "", criterion.status_label])
        for indicator in criterion.indicators:
            rows.append(
                [
                    indicator.code,
                    indicator.name,
                    indicator.requirement,
                    indicator.result,
                    indicator.status_label,
                ]
            )
    if len(rows) > 1:
        blocks.append(Block("table", rows=rows, widths=[1.2, 6.0, 3.2, 2.6, 2.6]))
    blocks.append(Block("heading", f"2. Kết quả ở các ấp ({cycle.period.label})", level=2))
    hamlet_rows = [
        [
            "Ấp",
            "Tiêu chí đăng ký đạt trong năm",
            "Tiêu chí đạt/tổng số",
            "Trong đó chưa bền vững",
            "Báo cáo của ấp",
        ]
    ]
    for hamlet in compiled.hamlets:
        hamlet_rows.append(
            [
                hamlet.name,
                format_number(hamlet.registered),
                f"{format_number(hamlet.met)}/{format_number(hamlet.evaluated)}",
                format_number(hamlet.not_sustainable),
                hamlet.submission_status,
            ]
        )
    blocks.append(Block("table", rows=hamlet_rows, widths=[4.0, 3.2, 2.4, 3.0, 3.0]))
    blocks.append(Block("heading", "3. Huy động nguồn lực", level=2))
    funding_rows = [["Nguồn vốn", "Kế hoạch (đồng)", "Đã thực hiện (đồng)", "Còn lại (đồng)"]]
    for line in compiled.funding.lines:
        funding_rows.append(
            [
                line.name,
                format_number(line.planned),
                format_number(line.realised),
                format_number(line.remaining),
            ]
        )
    funding_rows.append(
        [
            "Tổng cộng",
            format_number(compiled.funding.planned),
            format_number(compiled.funding.realised),
            format_number(compiled.funding.remaining),
        ]
    )
    blocks.append(Block("table", rows=funding_rows, widths=[5.0, 3.6, 3.6, 3.4]))
    contributions = compiled.contributions
    blocks.append(
        Block(
            "paragraph",
            f"Nhân dân đóng góp: {format_money(contributions.money)}, "
            f"{format_number(contributions.labour_days)} ngày công, "
            f"hiến {format_number(contributions.land_m2)} m² đất.",
        )
    )
    blocks.append(Block("heading", "4. Công tác tuyên truyền, vận động", level=2))
    outreach_rows = [["Tổ chức", "Số buổi", "Số người tham dự"]]
    for item in compiled.outreach:
        outreach_rows.append(
            [item.name, format_number(item.activities), format_number(item.participants)]
        )
    blocks.append(Block("table", rows=outreach_rows, widths=[8.0, 3.0, 4.0]))
    blocks += [
        Block("heading", "II. TỒN TẠI, HẠN CHẾ", level=1),
        *_narrative(report.shortcomings, "(Chưa nhập.)"),
        Block("heading", "III. KHÓ KHĂN, VƯỚNG MẮC", level=1),
        *_narrative(report.difficulties, "(Không có.)"),
        Block("heading", "IV. ĐỀ XUẤT, KIẾN NGHỊ", level=1),
        *_narrative(report.proposals, "(Không có.)"),
        Block("heading", "V. NHIỆM VỤ TRỌNG TÂM KỲ TỚI", level=1),
        *_narrative(report.next_tasks, "(Chưa nhập.)"),
    ]
    return DocumentSpec(
        issuer_lines=issuer_lines,
        number=number,
        symbol="BC-UBND",
        place=cycle.unit.place_name(),
        date=None,
        date_month=cycle.deadline.month,
        date_year=cycle.deadline.year,
        type_name="BÁO CÁO",
        subject=_subject(compiled),
        blocks=blocks,
        signature=signature,
        distribution=distribution,
        draft=number is None,
    )


def docx_bytes(spec: DocumentSpec) -> bytes:
    return render_docx(spec)


HEADER_FILL = PatternFill("solid", fgColor="DDE6EE")


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list[object]]) -> None:
    sheet = workbook.create_sheet(title)
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        append_row(sheet, row)
    for index, _ in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 18 if index > 2 else 40
    sheet.freeze_panes = "A2"


def xlsx_bytes(compiled: CompiledReport) -> bytes:
    """The report's tables, numbers as numbers (not text), one sheet each."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    result = compiled.result
    _sheet(
        workbook,
        "Tổng hợp",
        ["Nội dung", "Giá trị"],
        [
            ["Kỳ báo cáo", compiled.cycle.period.label],
            ["Bộ tiêu chí", compiled.criteria_set.name if compiled.criteria_set else ""],
            ["Tự đánh giá", compiled.summary],
            ["Số tiêu chí đạt", result.met if result else None],
            ["Tổng số tiêu chí", result.total if result else None],
            ["Trong đó đạt nhưng chưa bền vững", result.not_sustainable if result else None],
            ["Đạt theo ngưỡng minh họa", result.illustrative if result else None],
            ["Cách tính", compiled.definition],
        ],
    )
    criteria_rows: list[list[object]] = []
    for criterion in compiled.criteria:
        criteria_rows.append(
            [
                str(criterion.number),
                criterion.name,
                "",
                "",
                criterion.status_label,
                criterion.last_year_label,
            ]
        )
        for indicator in criterion.indicators:
            criteria_rows.append(
                [
                    indicator.code,
                    indicator.name,
                    indicator.requirement,
                    indicator.result,
                    indicator.status_label,
                    "",
                ]
            )
    _sheet(
        workbook,
        "Tiêu chí",
        ["TT", "Tiêu chí, chỉ tiêu", "Yêu cầu", "Kết quả", "Tự đánh giá", "Cùng kỳ năm trước"],
        criteria_rows,
    )
    _sheet(
        workbook,
        "Ấp",
        [
            "Ấp",
            "Tiêu chí đăng ký đạt trong năm",
            "Tiêu chí đạt",
            "Tổng số tiêu chí",
            "Chưa bền vững",
            "Báo cáo của ấp",
        ],
        [
            [h.name, h.registered, h.met, h.evaluated, h.not_sustainable, h.submission_status]
            for h in compiled.hamlets
        ],
    )
    funding = [
        [line.name, line.planned, line.realised, line.remaining] for line in compiled.funding.lines
    ]
    funding.append(
        [
            "Tổng cộng",
            compiled.funding.planned,
            compiled.funding.realised,
            compiled.funding.remaining,
        ]
    )
    _sheet(
        workbook,
        "Nguồn vốn",
        ["Nguồn vốn", "Kế hoạch (đồng)", "Đã thực hiện (đồng)", "Còn lại (đồng)"],
        funding,
    )
    contributions = compiled.contributions
    _sheet(
        workbook,
        "Nhân dân đóng góp",
        ["Loại đóng góp", "Số tiền (đồng)", "Số lượng", "Số lượt"],
        [[k.label, k.amount, float(k.quantity), k.count] for k in contributions.by_kind],
    )
    _sheet(
        workbook,
        "Tuyên truyền",
        ["Tổ chức", "Số buổi", "Số người tham dự"],
        [[o.name, o.activities, o.participants] for o in compiled.outreach],
    )
    return workbook_bytes(workbook)
