"""Works with mixed funding in An Lợi and Tân Lợi, the contributions ledger (land and labour
for the An Lợi hamlet road — SCENARIO step 7), a campaign, and outreach by UBMTTQ and four
mass organisations. Every resident named here is fictional; phone numbers are fictional too.
Idempotent: rows are found by natural keys (work name + unit, receipt or contributor + date,
organisation + date + topic).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from ntm.core.upsert import upsert
from ntm.criteria.models import Criterion
from ntm.demo.builders import DemoWorld
from ntm.mobilisation.models import (
    Campaign,
    Contribution,
    ContributionKind,
    ContributorKind,
    Funding,
    OutreachActivity,
    ProgressStep,
    StepPhoto,
    Work,
    WorkStatus,
)
from ntm.mobilisation.services import load_funding_sources, source
from ntm.mobilisation.uploads import store_photo

NANG_CAO = "XA_NTM_NANG_CAO_2021_2025"
CAMPAIGN = "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh"
ROAD = "Đường bê tông tổ 3 ấp An Lợi"

# name, hamlet (None: commune), criterion number, status, start, end, investor,
# [(source code, planned, realised)]
WORKS: list[tuple[Any, ...]] = [
    (
        ROAD,
        "An Lợi",
        2,
        WorkStatus.IN_PROGRESS,
        dt.date(2024, 5, 6),
        dt.date(2024, 11, 30),
        "UBND xã Tân Lợi",
        [
            ("ngan-sach-tinh", 450_000_000, 300_000_000),
            ("ngan-sach-xa", 150_000_000, 100_000_000),
            ("dan-dong-gop", 120_000_000, 85_000_000),
        ],
    ),
    (
        "Mô hình thu gom, phân loại rác thải tại nguồn ấp An Lợi",
        "An Lợi",
        17,
        WorkStatus.IN_PROGRESS,
        dt.date(2024, 7, 1),
        dt.date(2024, 12, 15),
        "UBND xã Tân Lợi",
        [
            ("ngan-sach-xa", 60_000_000, 35_000_000),
            ("long-ghep", 40_000_000, 40_000_000),
            ("dan-dong-gop", 25_000_000, 18_500_000),
        ],
    ),
    (
        "Nâng cấp Trung tâm Văn hóa – Thể thao xã Tân Lợi",
        None,
        6,
        WorkStatus.DONE,
        dt.date(2024, 2, 20),
        dt.date(2024, 8, 30),
        "UBND xã Tân Lợi",
        [
            ("ngan-sach-trung-uong", 1_200_000_000, 1_200_000_000),
            ("ngan-sach-tinh", 500_000_000, 500_000_000),
            ("long-ghep", 300_000_000, 250_000_000),
            ("doanh-nghiep", 100_000_000, 100_000_000),
        ],
    ),
    (
        "Đường sỏi đỏ liên sóc Bưng Chàm",
        "Bưng Chàm",
        2,
        WorkStatus.STOPPED,
        dt.date(2024, 6, 10),
        dt.date(2024, 10, 31),
        "UBND xã Tân Lợi",
        [
            ("ngan-sach-tinh", 380_000_000, 120_000_000),
            ("tin-dung", 80_000_000, 0),
            ("dan-dong-gop", 40_000_000, 22_000_000),
        ],
    ),
]

# Contributions: key, hamlet, work (name or None), campaign?, kind, source, date, contributor
# kind, name, phone, amount, quantity, description, receipt, consent date (None: no consent)
CONTRIBUTIONS: list[tuple[Any, ...]] = [
    (
        "An Lợi",
        ROAD,
        True,
        ContributionKind.LAND,
        "dan-dong-gop",
        dt.date(2024, 4, 22),
        ContributorKind.HOUSEHOLD,
        "Hộ ông Lâm Văn Được",
        "0900 555 101",
        0,
        Decimal("70"),
        "Hiến 70 m² mở rộng mặt đường đầu tổ 3",
        "HD-2024-01",
        dt.date(2024, 4, 22),
    ),
    (
        "An Lợi",
        ROAD,
        True,
        ContributionKind.LAND,
        "dan-dong-gop",
        dt.date(2024, 4, 25),
        ContributorKind.HOUSEHOLD,
        "Hộ bà Trịnh Thị Sen",
        "0900 555 102",
        0,
        Decimal("50"),
        "Hiến 50 m² đoạn cuối tổ 3",
        "HD-2024-02",
        None,
    ),
    (
        "An Lợi",
        ROAD,
        True,
        ContributionKind.LABOUR,
        "dan-dong-gop",
        dt.date(2024, 6, 15),
        ContributorKind.HOUSEHOLD,
        "Hộ ông Quách Văn Nhân",
        "",
        0,
        Decimal("25"),
        "Đổ bê tông, san lấp lề đường",
        "",
        dt.date(2024, 6, 15),
    ),
    (
        "An Lợi",
        ROAD,
        True,
        ContributionKind.LABOUR,
        "dan-dong-gop",
        dt.date(2024, 6, 16),
        ContributorKind.HOUSEHOLD,
        "Hộ bà Kha Thị Mận",
        "0900 555 104",
        0,
        Decimal("20"),
        "Dọn mặt bằng, phát quang",
        "",
        None,
    ),
    (
        "An Lợi",
        ROAD,
        True,
        ContributionKind.LABOUR,
        "dan-dong-gop",
        dt.date(2024, 6, 16),
        ContributorKind.ORGANISATION,
        "Chi đoàn thanh niên ấp An Lợi",
        "",
        0,
        Decimal("15"),
        "Ra quân ngày chủ nhật xanh",
        "",
        dt.date(2024, 6, 16),
    ),
    (
        "An Lợi",
        ROAD,
        True,
        ContributionKind.MONEY,
        "dan-dong-gop",
        dt.date(2024, 5, 10),
        ContributorKind.HOUSEHOLD,
        "Hộ ông Lâm Văn Được",
        "0900 555 101",
        5_000_000,
        None,
        "",
        "PT-2024-001",
        dt.date(2024, 4, 22),
    ),
    (
        "An Lợi",
        ROAD,
        True,
        ContributionKind.MONEY,
        "dan-dong-gop",
        dt.date(2024, 5, 12),
        ContributorKind.HOUSEHOLD,
        "Hộ ông Tô Văn Hiếu",
        "0900 555 105",
        3_000_000,
        None,
        "",
        "PT-2024-002",
        None,
    ),
    (
        "An Lợi",
        ROAD,
        True,
        ContributionKind.MONEY,
        "dan-dong-gop",
        dt.date(2024, 5, 12),
        ContributorKind.HOUSEHOLD,
        "Hộ bà Huỳnh Thị Lài",
        "",
        1_250_000,
        None,
        "",
        "PT-2024-003",
        dt.date(2024, 5, 12),
    ),
    (
        "An Lợi",
        None,
        True,
        ContributionKind.MATERIALS,
        "doanh-nghiep",
        dt.date(2024, 7, 5),
        ContributorKind.BUSINESS,
        "Cửa hàng vật liệu xây dựng Phát Đạt (minh họa)",
        "0900 555 106",
        8_000_000,
        Decimal("200"),
        "200 bao xi măng cho đường tổ 3",
        "BN-2024-011",
        dt.date(2024, 7, 5),
    ),
    (
        "Bưng Chàm",
        "Đường sỏi đỏ liên sóc Bưng Chàm",
        False,
        ContributionKind.LABOUR,
        "dan-dong-gop",
        dt.date(2024, 7, 20),
        ContributorKind.HOUSEHOLD,
        "Hộ ông Điểu Văn Bảy",
        "0900 555 107",
        0,
        Decimal("12"),
        "San gạt mặt đường",
        "",
        None,
    ),
    (
        "Bưng Chàm",
        "Đường sỏi đỏ liên sóc Bưng Chàm",
        False,
        ContributionKind.MONEY,
        "dan-dong-gop",
        dt.date(2024, 7, 21),
        ContributorKind.HOUSEHOLD,
        "Hộ bà Thị Nhung",
        "",
        2_000_000,
        None,
        "",
        "PT-2024-014",
        None,
    ),
    (
        None,
        "Nâng cấp Trung tâm Văn hóa – Thể thao xã Tân Lợi",
        True,
        ContributionKind.MONEY,
        "doanh-nghiep",
        dt.date(2024, 3, 18),
        ContributorKind.BUSINESS,
        "Công ty TNHH Nông sản Đồng Phú (minh họa)",
        "0900 555 108",
        100_000_000,
        None,
        "",
        "PT-2024-020",
        dt.date(2024, 3, 18),
    ),
]

# organisation key, hamlet (None: commune), date, topic, criteria numbers, participants, note
OUTREACH: list[tuple[Any, ...]] = [
    (
        "hoiphunu",
        "An Lợi",
        dt.date(2024, 6, 8),
        "Phân loại rác thải sinh hoạt tại nguồn",
        [17],
        42,
        "Hướng dẫn hội viên phân loại rác hữu cơ, tái chế; đăng ký 35 hộ làm hố ủ phân.",
    ),
    (
        "hoinongdan",
        "Tân Hòa",
        dt.date(2024, 5, 20),
        "Liên kết sản xuất, tiêu thụ hạt điều theo chuỗi",
        [13],
        36,
        "",
    ),
    (
        "doanthanhnien",
        "An Lợi",
        dt.date(2024, 6, 16),
        "Ngày chủ nhật xanh: làm đường hoa, phát quang tổ 3",
        [17, 2],
        28,
        "",
    ),
    (
        "hoiccb",
        "Bưng Chàm",
        dt.date(2024, 8, 3),
        "Giữ gìn an ninh trật tự, vận động hiến đất làm đường",
        [19, 2],
        31,
        "",
    ),
    (
        "mttq",
        None,
        dt.date(2024, 4, 15),
        "Phát động phong trào " + CAMPAIGN,
        [],
        120,
        "Hội nghị phát động toàn xã; các ấp ký giao ước thi đua.",
    ),
]


def _criterion(number: int) -> Criterion | None:
    return Criterion.objects.filter(criteria_set__code=NANG_CAO, number=number).first()


def _demo_photo(text: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (480, 320), (214, 222, 210))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 220, 480, 320), fill=(150, 150, 150))
    draw.text((16, 16), text, fill=(20, 60, 30))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=70)
    return SimpleUploadedFile("anh-minh-hoa.jpg", buffer.getvalue(), content_type="image/jpeg")


def build(world: DemoWorld) -> None:
    load_funding_sources()
    places, directory = world.places, world.directory
    officer = directory.users.get("canbontm")
    works: dict[str, Work] = {}
    for name, hamlet, number, status, start, end, investor, lines in WORKS:
        unit = places.hamlets[hamlet] if hamlet else places.commune
        work, _ = upsert(
            Work,
            {"unit": unit, "name": name},
            {
                "criterion": _criterion(number),
                "status": status,
                "start_date": start,
                "end_date": end,
                "investor": investor,
                "is_public": True,
            },
        )
        if work.created_by_id is None and officer is not None:
            Work.objects.filter(pk=work.pk).update(created_by=officer)
        works[name] = work
        for code, planned, realised in lines:
            upsert(
                Funding,
                {"work": work, "source": source(code)},
                {"planned": planned, "realised": realised},
            )
    road = works[ROAD]
    steps = [
        (dt.date(2024, 5, 6), "Khởi công, san lấp mặt bằng", 10),
        (dt.date(2024, 7, 15), "Đổ bê tông 450 m đầu tuyến", 55),
        (dt.date(2024, 9, 30), "Đổ bê tông 300 m tiếp theo", 80),
    ]
    for date, title, percent in steps:
        step, _ = upsert(
            ProgressStep, {"work": road, "date": date, "title": title}, {"percent": percent}
        )
        if not StepPhoto.objects.filter(step=step).exists():
            store_photo(
                StepPhoto(step=step),
                _demo_photo(f"{title} ({date:%d/%m/%Y})"),
                caption=f"Ảnh minh họa: {title.lower()}",
                is_public=True,
                user=None,
            )

    campaign, _ = upsert(
        Campaign,
        {"unit": places.commune, "name": CAMPAIGN},
        {
            "organiser": directory.mttq,
            "start_date": dt.date(2024, 4, 15),
            "end_date": dt.date(2024, 12, 31),
            "description": "Cuộc vận động do Ủy ban MTTQ xã chủ trì, các đoàn thể và ấp cùng thực hiện.",
        },
    )

    for row in CONTRIBUTIONS:
        (
            hamlet,
            work_name,
            in_campaign,
            kind,
            source_code,
            date,
            who_kind,
            who,
            phone,
            amount,
            quantity,
            description,
            receipt,
            consent,
        ) = row
        target: Work | None = works.get(work_name) if work_name else None
        unit = target.unit if target else (places.hamlets[hamlet] if hamlet else places.commune)
        upsert(
            Contribution,
            {"unit": unit, "contributor_name": who, "kind": kind, "date": date},
            {
                "work": target,
                "campaign": campaign if in_campaign else None,
                "source": source(source_code),
                "contributor_kind": who_kind,
                "contributor_phone": phone,
                "amount": amount,
                "quantity": quantity,
                "description": description,
                "receipt_number": receipt,
                "name_consent": consent is not None,
                "consent_date": consent,
                "recorded_by": directory.users.get("truongap.anloi")
                if hamlet == "An Lợi"
                else officer,
            },
        )

    for org_key, hamlet, date, topic, numbers, participants, note in OUTREACH:
        organisation = directory.organisations[org_key]
        unit = places.hamlets[hamlet] if hamlet else places.commune
        activity, _ = upsert(
            OutreachActivity,
            {"organisation": organisation, "date": date, "topic": topic},
            {"unit": unit, "campaign": campaign, "participants": participants, "note": note},
        )
        wanted = {c.pk for c in (_criterion(n) for n in numbers) if c is not None}
        if set(activity.criteria.values_list("pk", flat=True)) != wanted:
            activity.criteria.set(wanted)
    world.extra["mobilisation"] = {"works": works, "campaign": campaign, "road": road}
