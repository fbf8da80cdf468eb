"""Tân Lợi's 2024 documents: the number books, Kế hoạch 25/KH-UBND, Thông báo 01/TB-BCĐ and the
founding dispatch (công văn "V/v tổ chức thực hiện Chương trình mục tiêu quốc gia xây dựng nông
thôn mới nâng cao năm 2024 trên địa bàn"), rebuilt from data.

What the seed gives: KH 25 and TB 01 were issued on 8 April 2024 (numbers, dates and subjects
are quoted in the dispatch; their bodies and signers are not, so the register holds the entry
without inventing a text). The dispatch's own number and day are blank in the seed ("Số :
/UBND-KT", "ngày tháng năm 2024"): ntm keeps it as a dự thảo with a blank number and day rather
than inventing a number. The UBND's 2024 book starts at 25 ("số bắt đầu"): the 24 earlier
numbers were given on paper before the book came into ntm; no fake entries fill them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ntm.core.upsert import upsert
from ntm.documents.lifecycle import register_paper
from ntm.documents.models import Direction, Document, DocumentStatus, DraftingUnit, IssuerProfile
from ntm.documents.services import (
    create_draft,
    document_type,
    load_document_types,
    open_number_book,
    set_start_number,
)
from ntm.documents.spec import Block, DocumentSpec, Signature

YEAR = 2024
PLAN_DAY = dt.date(2024, 4, 8)
PLAN_NUMBER = 25
DISPATCH_SUBJECT = (
    "tổ chức thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới nâng cao năm "
    "2024 trên địa bàn"
)
PLAN_SUBJECT = (
    "Triển khai thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới nâng cao năm "
    "2024 trên địa bàn xã"
)
NOTICE_SUBJECT = (
    "Phân công nhiệm vụ thành viên Ban Chỉ đạo các Chương trình mục tiêu quốc gia trên địa "
    "bàn xã Tân Lợi"
)
NOT_IN_SEED = (
    "Nội dung và người ký chưa nhập vào ntm: số, ngày và trích yếu lấy theo công văn chỉ đạo "
    "năm 2024 của UBND xã."
)


def _reference(document: Document) -> str:
    assert document.date is not None
    return f"{document.doc_type.name} số {document.number_text} ngày {document.date:%d/%m/%Y}"


def _issued_entry(
    *, book: Any, number: int, organisation: Any, code: str, subject: str, user: Any
) -> Document:
    existing = Document.objects.filter(book=book, year=YEAR, number=number).first()
    if existing is not None:
        return existing
    # Issued on paper before ntm: a register entry without a text (its download says the scan
    # is missing rather than giving an empty DOCX).
    issued = register_paper(
        organisation=organisation,
        doc_type=document_type(code),
        date=PLAN_DAY,
        subject=subject,
        signer_name="",
        signer_title="",
        distribution=[],
        scan=None,
        scan_name="",
        user=user,
        note=NOT_IN_SEED,
    )
    if issued.number != number:
        raise RuntimeError(
            f"Sổ {book} đã cấp số khác trước bước dựng văn bản: được {issued.number}, cần {number}."
        )
    return issued


def dispatch_spec(world: Any, plan: Document, notice: Document) -> DocumentSpec:
    """The founding dispatch, section by section as in the seed, its references from data."""
    directory = world.directory
    duy = directory.people["duy"]
    an_loi = world.places.an_loi
    district_office = directory.organisations["vpdp_huyen"]
    return DocumentSpec(
        issuer_lines=[],
        subject=DISPATCH_SUBJECT,
        date_year=YEAR,
        recipients=[
            "Thành viên BCĐ CCTMTQG",
            "UBMTTQVN, các tổ chức chính trị - xã hội",
            "Trưởng các ấp (sóc)",
        ],
        blocks=[
            Block(
                kind="paragraph",
                text=f"Thực hiện {_reference(plan)} của UBND xã về việc triển khai thực hiện "
                "Chương trình mục tiêu quốc gia xây dựng nông thôn mới nâng cao năm 2024 trên "
                "địa bàn xã,",
            ),
            Block(
                kind="paragraph",
                text="Để sớm hoàn thành các chỉ tiêu, nhiệm vụ về xây dựng nông thôn mới nâng cao "
                "năm 2024 trên địa bàn xã, Chủ tịch UBND xã yêu cầu các thành viên BCĐ CCTMTQG, "
                "UBMTTQVN, các tổ chức chính trị - xã hội và trưởng các ấp (sóc) khẩn trương tổ "
                "chức thực hiện tốt các nhiệm vụ sau:",
            ),
            Block(kind="heading", level=2, text="1. Đối với các thành viên BCĐ CCTMTQG"),
            Block(
                kind="bullet",
                text=f"Thực hiện tốt nhiệm vụ được giao tại {_reference(notice)} của BCĐ thông "
                "báo phân công nhiệm vụ thành viên Ban chỉ đạo các Chương trình mục tiêu quốc "
                "gia trên địa bàn xã Tân Lợi.",
            ),
            Block(
                kind="bullet",
                text="Chủ động xây dựng kế hoạch thực hiện cụ thể tiêu chí riêng do ngành mình phụ "
                "trách để tổ chức và triển khai thực hiện đảm bảo đạt hiệu quả cao nhất.",
            ),
            Block(
                kind="bullet",
                text="Căn cứ chức năng, nhiệm vụ chủ động tổ chức thực hiện các lĩnh vực, tiêu chí "
                "do công chức phụ trách.",
            ),
            Block(
                kind="bullet",
                text="Tổ chức triển khai, giám sát, đánh giá, rút kinh nghiệm, kịp thời đề xuất "
                "những khó khăn, vướng mắc trong quá trình triển khai thực hiện; thực hiện chế độ "
                "báo cáo định kỳ (quý, 6 tháng, 9 tháng, năm) và đột xuất theo đúng quy định.",
            ),
            Block(
                kind="heading",
                level=2,
                text="2. UBMTTQVN xã, các tổ chức chính trị - xã hội xã",
            ),
            Block(
                kind="bullet",
                text="Chủ trì, phối hợp với các thành viên ban chỉ đạo tổ chức, thực hiện công tác "
                "vận động các nội dung liên quan đến Chương trình MTQGXDNTM.",
            ),
            Block(
                kind="bullet",
                text="Đẩy mạnh công tác tuyên truyền đến hội viên, đoàn viên, nhân dân trên địa "
                "bàn.",
            ),
            Block(kind="heading", level=2, text="3. Trưởng các ấp (sóc)"),
            Block(
                kind="bullet",
                text="Xác định rõ vai trò lãnh đạo, chỉ đạo, tổ chức thực hiện trong xây dựng "
                "nông thôn mới nâng cao. Vận động mọi nguồn lực để thực hiện các tiêu chí có khả "
                "năng đạt trong năm, củng cố các tiêu chí đã hoàn thành, từng bước triển khai các "
                "tiêu chí còn lại. Chủ động xây dựng các giải pháp và lộ trình để thực hiện đạt "
                "các tiêu chí đã đăng ký bằng kế hoạch cụ thể.",
            ),
            Block(
                kind="bullet",
                text="Đẩy mạnh công tác tuyên truyền, vận động người dân chủ động đóng góp tham "
                "gia xây dựng nông thôn mới theo phương châm dân biết, dân bàn, dân làm, dân "
                "kiểm tra.",
            ),
            Block(
                kind="bullet",
                text=f"Đối với ấp {an_loi.name} khu dân cư nông thôn kiểu mẫu phải huy động mọi "
                "nguồn lực thực hiện các tiêu chí chưa đạt và củng cố các tiêu chí đã đạt nhưng "
                "chưa bền vững; phối hợp chặt chẽ với các thành viên BCĐ được giao phụ trách tiêu "
                "chí để được hướng dẫn rà soát, hoàn thiện các tiêu chí.",
            ),
            Block(
                kind="paragraph",
                text="Yêu cầu các thành viên BCĐ, đơn vị có liên quan nghiêm túc phối hợp triển "
                "khai thực hiện. Trong quá trình thực hiện nếu có khó khăn, vướng mắc phải kịp "
                "thời báo cáo về UBND xã để xem xét, giải quyết./.",
            ),
        ],
        signature=Signature(authority="KT. CHỦ TỊCH", title="PHÓ CHỦ TỊCH", name=duy.full_name),
        distribution=[
            "Như trên",
            f"{district_office.short_name} (b/c)",
            "Đảng ủy, HĐND xã (b/c)",
            "CT, các Phó CT UBND xã",
            "Thành viên BCĐ xã",
            "Lưu: VT",
        ],
    )


def build(world: Any) -> None:
    load_document_types()
    directory = world.directory
    ubnd, bcd = directory.ubnd, directory.bcd
    officer = directory.users.get("canbontm")
    for abbreviation, name in (("KT", "Bộ phận Kinh tế"), ("VP", "Văn phòng HĐND và UBND")):
        DraftingUnit.objects.get_or_create(
            organisation=ubnd, abbreviation=abbreviation, defaults={"name": name}
        )
    upsert(
        IssuerProfile,
        {"organisation": bcd},
        {"parent_body": "UBND XÃ TÂN LỢI", "issuer_lines": "BAN CHỈ ĐẠO CÁC CTMTQG", "place": ""},
    )
    ubnd_book = open_number_book(
        organisation=ubnd,
        year=YEAR,
        name="Sổ văn bản đi UBND xã",
        note="Đưa vào ntm từ tháng 4/2024; các số 01–24 đã cấp trên sổ giấy.",
    )
    if ubnd_book.start_number != PLAN_NUMBER and not ubnd_book.documents.exists():
        ubnd_book = set_start_number(
            book=ubnd_book,
            start_number=PLAN_NUMBER,
            reason="Sổ đưa vào ntm giữa năm: tiếp theo số 24 đã cấp trên sổ giấy.",
        )
    bcd_book = open_number_book(
        organisation=bcd, year=YEAR, name="Sổ văn bản đi Ban Chỉ đạo (hệ thống số riêng)"
    )
    open_number_book(
        organisation=ubnd, year=YEAR, name="Sổ văn bản đến UBND xã", direction=Direction.INCOMING
    )
    plan = _issued_entry(
        book=ubnd_book,
        number=PLAN_NUMBER,
        organisation=ubnd,
        code="ke-hoach",
        subject=PLAN_SUBJECT,
        user=officer,
    )
    notice = _issued_entry(
        book=bcd_book,
        number=1,
        organisation=bcd,
        code="thong-bao",
        subject=NOTICE_SUBJECT,
        user=officer,
    )
    dispatch = Document.objects.filter(
        organisation=ubnd, doc_type__code="cong-van", subject=DISPATCH_SUBJECT
    ).first()
    if dispatch is None:
        dispatch = create_draft(
            organisation=ubnd,
            doc_type=document_type("cong-van"),
            drafting_unit=DraftingUnit.objects.get(organisation=ubnd, abbreviation="KT"),
            spec=dispatch_spec(world, plan, notice),
            created_by=officer,
            links=[plan, notice],
        )
    assert dispatch.status == DocumentStatus.DRAFT or dispatch.number is not None
    world.extra["documents"] = {"plan": plan, "notice": notice, "dispatch": dispatch}
