"""The documents the plans app composes, as ``DocumentSpec`` (the documents app lays them out
per ND30): the assignment notice (a table), a plan (KẾ HOẠCH) and a directive (công văn)."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpResponse

from ntm.accounts.models import Organisation, OrganisationKind
from ntm.core.numbers import format_money
from ntm.documents.layout import render_docx
from ntm.documents.services import issuer_header
from ntm.documents.spec import Block, DocumentSpec, Signature
from ntm.geography.models import AdministrativeUnit
from ntm.plans.models import Directive, Plan, Task

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _header(
    commune: AdministrativeUnit, kind: str = OrganisationKind.PEOPLES_COMMITTEE
) -> dict[str, Any]:
    """Issuer lines, parent body and place as the documents register prints the organisation."""
    organisation = Organisation.objects.filter(unit=commune, kind=kind).order_by("pk").first()
    if organisation is None:
        return {
            "issuer_lines": ["ỦY BAN NHÂN DÂN", commune.display_name.upper()],
            "place": commune.name,
        }
    header = issuer_header(organisation)
    return {
        "issuer_lines": header.issuer_lines,
        "parent_body": header.parent_body,
        "place": header.place,
    }


def _lines(text: str) -> list[str]:
    return [line.strip().lstrip("-").strip() for line in text.splitlines() if line.strip()]


ILLUSTRATIVE_LABEL = re.compile(r"\s*\(minh họa\)", re.IGNORECASE)


def _official(text: str) -> str:
    """Demo names lose their "(minh họa)" label inside an official text: the document carries
    the "DỮ LIỆU MINH HỌA" header line instead."""
    return ILLUSTRATIVE_LABEL.sub("", text).strip()


def _illustrative(*texts: str) -> bool:
    return any(ILLUSTRATIVE_LABEL.search(text) for text in texts)


def _commune_words(commune: AdministrativeUnit) -> str:
    """'xã Tân Lợi' inside a sentence: the kind in lower case, the name as written."""
    return f"{commune.kind_name.lower()} {commune.name}"


def _in_sentence(label: str) -> str:
    """'Trưởng các ấp' → 'trưởng các ấp'; an abbreviation keeps its case ('UBMTTQ')."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _without_type_name(subject: str, type_name: str) -> str:
    """A trích yếu never repeats its type name ("Kế hoạch thực hiện…" under KẾ HOẠCH)."""
    text = subject.strip()
    if text.lower().startswith(type_name.lower() + " "):
        text = text[len(type_name) + 1 :].strip()
        text = text[:1].upper() + text[1:]
    return text


def assignment_rows(
    context: dict[str, Any], sections: list[dict[str, Any]] | None = None
) -> list[list[str]]:
    rows = [["TT", "Tiêu chí", "Thành viên phụ trách", "Thành viên phối hợp"]]
    order = 0
    for section in context["sections"] if sections is None else sections:
        for criterion, assignment in section["rows"]:
            order += 1
            lead = (
                f"{assignment.lead.person.full_name}"
                + (
                    f" ({assignment.lead.person.position})"
                    if assignment.lead.person.position_id
                    else ""
                )
                if assignment
                else "Chưa phân công"
            )
            support = (
                ", ".join(m.person.full_name for m in assignment.supporting.all())
                if assignment
                else ""
            )
            rows.append(
                [
                    str(order),
                    _official(f"{criterion.number}. {criterion.name}"),
                    _official(lead),
                    _official(support),
                ]
            )
    return rows


def assignment_notice_spec(context: dict[str, Any]) -> DocumentSpec:
    """Thông báo phân công nhiệm vụ thành viên Ban Chỉ đạo, with the assignment table."""
    commune = context["commune"]
    notice = context["notice"]
    year = context["year"]
    blocks = [
        Block(
            "paragraph",
            f"Ban Chỉ đạo các Chương trình mục tiêu quốc gia {_commune_words(commune)} "
            f"thông báo phân công nhiệm vụ thành viên Ban Chỉ đạo phụ trách các tiêu chí "
            f"năm {year} như sau:",
        )
    ]
    illustrative = False
    sections = list(context["sections"])
    for number, section in enumerate(sections, start=1):
        # Each set: its heading, then its own table (never one table mixing the sets).
        name = str(section["set"])
        illustrative = illustrative or _illustrative(name)
        if len(sections) > 1:
            blocks.append(Block("heading", f"{number}. {_official(name)}", level=2))
        blocks.append(
            Block(
                "table",
                rows=assignment_rows(context, [section]),
                widths=[1.0, 6.0, 5.0, 4.5],
            )
        )
    blocks.append(
        Block(
            "paragraph",
            "Thành viên được phân công chủ động xây dựng kế hoạch thực hiện tiêu chí, "
            "hướng dẫn các ấp (sóc) và báo cáo định kỳ theo quy định.",
        )
    )
    signature = None
    if notice and notice.signer_id:
        signature = Signature(
            title=notice.signer_title or "TRƯỞNG BAN",
            name=notice.signer.full_name,
            authority=notice.signer_authority,
        )
    return DocumentSpec(
        **_header(commune, OrganisationKind.STEERING_COMMITTEE),
        number=notice.number if notice else None,
        symbol=notice.symbol if notice else "TB-BCĐ",
        date=notice.date if notice else None,
        date_year=year,
        type_name="THÔNG BÁO",
        # The registered trích yếu as it stands in the book (nothing appended).
        subject=notice.subject
        if notice
        else f"Phân công nhiệm vụ thành viên Ban Chỉ đạo năm {year}",
        blocks=blocks,
        signature=signature,
        distribution=["Thành viên Ban Chỉ đạo", "Lưu: VT"],
        draft=not (notice and notice.number),
        illustrative=illustrative,
    )


def plan_spec(plan: Plan, tasks: list[Task]) -> DocumentSpec:
    """KẾ HOẠCH: objectives, then the task table (owner, time, budget)."""
    commune = plan.unit if plan.unit.is_commune else plan.unit.parent or plan.unit
    blocks = [Block("heading", "I. MỤC TIÊU", level=1)]
    blocks += [Block("paragraph", line) for line in _lines(plan.objectives)] or [
        Block("paragraph", "(Chưa ghi mục tiêu.)", italic=True)
    ]
    blocks.append(Block("heading", "II. NHIỆM VỤ, GIẢI PHÁP", level=1))
    rows = [["TT", "Nhiệm vụ", "Người thực hiện", "Thời gian", "Kinh phí dự kiến"]]
    for index, task in enumerate(tasks, start=1):
        period = " – ".join(d.strftime("%d/%m/%Y") for d in (task.start, task.deadline) if d)
        rows.append(
            [
                str(index),
                task.title,
                task.owner_label,
                period,
                format_money(task.budget_total) if task.budget_total else "",
            ]
        )
    blocks.append(Block("table", rows=rows, widths=[1.0, 6.0, 3.5, 3.0, 3.0]))
    blocks.append(Block("heading", "III. TỔ CHỨC THỰC HIỆN", level=1))
    blocks.append(
        Block(
            "paragraph",
            f"{plan.owner.full_name} chủ trì tổ chức thực hiện, báo cáo tiến độ định kỳ "
            "về Ban Chỉ đạo xã.",
        )
    )
    return DocumentSpec(
        **_header(commune),
        symbol="KH-UBND",
        date_year=plan.year,
        type_name="KẾ HOẠCH",
        subject=_without_type_name(plan.title, "Kế hoạch"),
        blocks=blocks,
        signature=Signature(title="NGƯỜI LẬP KẾ HOẠCH", name=plan.owner.full_name),
        distribution=["Ban Chỉ đạo xã (b/c)", "Lưu: VT"],
        draft=True,
    )


def _distribution(entries: list[str], *, has_recipients: bool) -> list[str]:
    """Nơi nhận per ND30: "Như trên" first when there is a Kính gửi, "Lưu: VT" last."""
    entries = [re.sub(r"^Lưu\s*:?\s*VT", "Lưu: VT", e.strip(" ;.")) for e in entries]
    if has_recipients and not any(e.lower().startswith("như trên") for e in entries):
        entries.insert(0, "Như trên")
    if not any(e.startswith("Lưu: VT") for e in entries):
        entries.append("Lưu: VT")
    return entries


def directive_spec(directive: Directive) -> DocumentSpec:
    """The công văn: Kính gửi, preamble, the items grouped by recipient, closing, signature."""
    commune = directive.unit
    recipients = bool(_lines(directive.recipients_text))
    blocks = [Block("paragraph", line) for line in _lines(directive.preamble)]
    heading = None
    number = 0
    for item in directive.items.select_related("hamlet"):
        label = item.recipient_label
        if item.group == "hamlet":
            label = "Trưởng các ấp (sóc)"
        if label != heading:
            number += 1
            heading = label
            blocks.append(Block("heading", f"{number}. Đối với {_in_sentence(label)}", level=2))
        blocks.append(Block("bullet", item.text))
    blocks += [Block("paragraph", line) for line in _lines(directive.closing)]
    return DocumentSpec(
        **_header(commune),
        number=directive.number,
        symbol=directive.symbol,
        date=directive.date,
        date_year=directive.date.year if directive.date else None,
        subject=directive.subject,
        recipients=_lines(directive.recipients_text),
        blocks=blocks,
        signature=Signature(
            title=directive.signer_title or "CHỦ TỊCH",
            name=directive.signer.full_name,
            authority=directive.signer_authority,
        ),
        distribution=_distribution(_lines(directive.distribution), has_recipients=recipients),
        # Without a number and a day it is not issued, whatever the status says: DỰ THẢO.
        draft=not (directive.is_issued and directive.number and directive.date),
    )


def docx_response(spec: DocumentSpec, filename: str) -> HttpResponse:
    """The spec laid out by the documents app's ND30 engine, as a download."""
    response = HttpResponse(render_docx(spec), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
