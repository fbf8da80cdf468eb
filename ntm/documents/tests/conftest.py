"""Fixtures of the documents tests: types, books and ready-made specs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ntm.documents.spec import Block, DocumentSpec, Signature

YEAR = 2024


@pytest.fixture
def types(db: Any) -> None:
    from ntm.documents.services import load_document_types

    load_document_types()


@pytest.fixture
def ubnd_book(world: Any, types: None) -> Any:
    from ntm.documents.services import open_number_book

    return open_number_book(organisation=world.ubnd, year=YEAR, name="Sổ văn bản đi UBND xã")


@pytest.fixture
def bcd_book(world: Any, types: None) -> Any:
    from ntm.documents.services import open_number_book

    return open_number_book(organisation=world.bcd, year=YEAR, name="Sổ văn bản đi BCĐ")


def plan_spec(**extra: Any) -> DocumentSpec:
    values: dict[str, Any] = {
        "issuer_lines": [],
        "type_name": "KẾ HOẠCH",
        "subject": "Triển khai thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới "
        "nâng cao năm 2024 trên địa bàn xã",
        "date_month": 4,
        "bases": [
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            "Căn cứ Quyết định số 263/QĐ-TTg ngày 22 tháng 02 năm 2022 của Thủ tướng Chính phủ.",
        ],
        "blocks": [
            Block(kind="heading", level=1, text="I. MỤC ĐÍCH, YÊU CẦU"),
            Block(kind="paragraph", text="Huy động sức mạnh của cả hệ thống chính trị. " * 6),
            Block(kind="bullet", text="Giữ vững các tiêu chí đã đạt."),
            Block(kind="heading", level=2, text="1. Nhiệm vụ"),
            Block(kind="table", rows=[["Tiêu chí", "Chỉ tiêu"], ["Giao thông", "Đạt"]]),
        ],
        "signature": Signature(
            title="CHỦ TỊCH", name="Nguyễn Văn Hòa", authority="TM. ỦY BAN NHÂN DÂN"
        ),
        "distribution": ["Văn phòng NTM huyện (b/c)", "Thành viên BCĐ xã", "Lưu: VT"],
    }
    values.update(extra)
    return DocumentSpec(**values)


def letter_spec(**extra: Any) -> DocumentSpec:
    values: dict[str, Any] = {
        "issuer_lines": [],
        "subject": "tổ chức thực hiện nông thôn mới nâng cao năm 2024",
        "recipients": ["Thành viên BCĐ CCTMTQG", "Trưởng các ấp (sóc)"],
        "blocks": [Block(kind="paragraph", text="Đề nghị các đơn vị thực hiện./.")],
        "signature": Signature(
            title="PHÓ CHỦ TỊCH", name="Đinh Quốc Duy", authority="KT. CHỦ TỊCH"
        ),
        "distribution": ["Như trên", "Lưu: VT"],
    }
    values.update(extra)
    return DocumentSpec(**values)


ISSUE_DAY = dt.date(2024, 4, 8)
