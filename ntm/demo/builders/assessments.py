"""Tân Lợi 2024 against the nâng cao set, An Lợi against an ILLUSTRATIVE hamlet set.

The official sets have almost no machine-readable indicators (see the criteria NOTES), and the
Bình Phước hamlet set has none. So, for every criterion the demo needs, this step adds
indicators and targets flagged ``is_illustrative`` (note "Ngưỡng minh họa – chưa có văn
bản"), never verified; and an illustrative hamlet set "(minh họa)". Screens label them.

The values give a believable mix: met, unmet, met but not sustainable (by margin, by
regression, flagged by the responsible member), no threshold (delegated to the province /
not verified) and no data. Idempotent: rows are upserted on their natural keys.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from ntm.assessments import services
from ntm.assessments.models import (
    CriterionRegistration,
    Evidence,
    IndicatorValue,
    SetRegistration,
    SustainabilityFlag,
    ValueStatus,
)
from ntm.core.upsert import upsert
from ntm.criteria.models import (
    CriteriaSet,
    Criterion,
    Indicator,
    SetLevel,
    Target,
    TargetKeys,
)
from ntm.criteria.periods import ensure_period
from ntm.demo.builders import DemoWorld

NANG_CAO = "XA_NTM_NANG_CAO_2021_2025"
HAMLET_SET = "KDC_KIEU_MAU_MINH_HOA"
NOTE = "Ngưỡng minh họa – chưa có văn bản"
YEAR = 2024
HOUSEHOLDS = 2400

# criterion number → (code, name, kind, comparison, unit, threshold, key, year)
NANG_CAO_INDICATORS: dict[int, list[tuple[Any, ...]]] = {
    2: [
        (
            "MH2.1",
            "Tỷ lệ đường xã, liên xã được nhựa hóa hoặc bê tông hóa",
            "ratio",
            ">=",
            "%",
            "100",
            "DNB",
            None,
        )
    ],
    3: [
        (
            "MH3.1",
            "Tỷ lệ diện tích đất sản xuất nông nghiệp được tưới, tiêu nước chủ động",
            "ratio",
            ">=",
            "%",
            "85",
            "chung",
            None,
        )
    ],
    4: [
        (
            "MH4.1",
            "Hệ thống điện đạt chuẩn, hộ sử dụng điện thường xuyên, an toàn",
            "boolean",
            ">=",
            "",
            "1",
            "chung",
            None,
        )
    ],
    5: [
        (
            "MH5.1",
            "Trường học các cấp đạt chuẩn cơ sở vật chất mức độ 2",
            "boolean",
            ">=",
            "",
            "1",
            "chung",
            None,
        )
    ],
    6: [("MH6.1", "Tỷ lệ ấp đạt chuẩn văn hóa", "ratio", ">=", "%", "70", "chung", None)],
    7: [
        (
            "MH7.1",
            "Có chợ hoặc cửa hàng tiện lợi đạt chuẩn",
            "boolean",
            ">=",
            "",
            "1",
            "chung",
            None,
        )
    ],
    8: [
        ("MH8.1", "Tỷ lệ hộ có thuê bao internet băng rộng", "ratio", ">=", "%", "60", "DNB", None)
    ],
    9: [("MH9.1", "Tỷ lệ nhà ở kiên cố, bán kiên cố", "ratio", ">=", "%", "95", "DNB", 2024)],
    11: [("MH11.1", "Tỷ lệ hộ nghèo đa chiều", "number", "<=", "%", "1.5", "chung", None)],
    12: [
        ("MH12.1", "Tỷ lệ lao động có việc làm qua đào tạo", "ratio", ">=", "%", "70", "DNB", None)
    ],
    13: [
        (
            "MH13.1",
            "Có hợp tác xã hoạt động hiệu quả, có liên kết sản xuất",
            "boolean",
            ">=",
            "",
            "1",
            "chung",
            None,
        )
    ],
    14: [
        ("MH14.1", "Tỷ lệ người dân tham gia bảo hiểm y tế", "ratio", ">=", "%", "95", "DNB", None)
    ],
    15: [
        (
            "MH15.1",
            "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn",
            "ratio",
            ">=",
            "%",
            "98",
            "chung",
            None,
        )
    ],
    16: [("MH16.1", "Đạt chuẩn tiếp cận pháp luật", "boolean", ">=", "", "1", "chung", None)],
    17: [
        (
            "MH17.1",
            "Tỷ lệ hộ phân loại chất thải rắn sinh hoạt tại nguồn",
            "ratio",
            ">=",
            "%",
            "50",
            "DNB",
            None,
        )
    ],
    18: [
        (
            "MH18.1",
            "Tỷ lệ hộ sử dụng nước sạch từ hệ thống cấp nước tập trung",
            "ratio",
            ">=",
            "%",
            "55",
            "chung",
            None,
        ),
        (
            "MH18.2",
            "Cơ sở sản xuất, kinh doanh thực phẩm tuân thủ quy định an toàn thực phẩm",
            "boolean",
            ">=",
            "",
            "1",
            "chung",
            None,
        ),
    ],
    19: [("MH19.1", "Đạt chuẩn quốc phòng và an ninh", "boolean", ">=", "", "1", "chung", None)],
}

# (code, period kind, value, status): ratio values are (numerator, denominator).
NANG_CAO_VALUES: list[tuple[str, str, Any, str]] = [
    ("1.1", "nam", True, "approved"),
    ("1.2", "nam", True, "approved"),
    ("1.3", "nam", True, "approved"),
    ("MH2.1", "nam", (Decimal("12.4"), Decimal("12.4")), "approved"),
    ("MH3.1", "nam", (1840, 2050), "approved"),
    ("MH4.1", "nam", True, "approved"),
    ("MH5.1", "nam", True, "approved"),
    ("MH6.1", "nam", (4, 5), "approved"),
    ("MH8.1", "nam", (1650, HOUSEHOLDS), "submitted"),
    ("MH9.1", "6thang", (1968, HOUSEHOLDS), "approved"),
    ("MH9.1", "nam", (1980, HOUSEHOLDS), "approved"),
    ("10", "nam", Decimal("62.5"), "submitted"),
    ("MH11.1", "nam", Decimal("1.1"), "approved"),
    ("MH12.1", "6thang", (1740, 2100), "approved"),
    ("MH12.1", "9thang", (1722, 2100), "approved"),
    ("MH12.1", "nam", (1680, 2100), "submitted"),
    ("MH13.1", "nam", True, "approved"),
    ("MH14.1", "nam", (7370, 7700), "approved"),
    ("MH15.1", "nam", (1204, 1204), "approved"),
    ("MH16.1", "nam", True, "approved"),
    ("MH17.1", "6thang", (720, HOUSEHOLDS), "approved"),
    ("MH17.1", "9thang", (840, HOUSEHOLDS), "approved"),
    ("MH17.1", "nam", (912, HOUSEHOLDS), "draft"),
    ("MH18.1", "nam", (1490, HOUSEHOLDS), "approved"),
    ("MH19.1", "nam", True, "approved"),
]

# The illustrative hamlet set: (number, criterion, sector, code, indicator, kind, cmp, unit, threshold)
HAMLET_CRITERIA: list[tuple[Any, ...]] = [
    (
        1,
        "Quy hoạch và cảnh quan khu dân cư",
        "Địa chính - Xây dựng",
        "1.1",
        "Có quy hoạch, chỉnh trang khu dân cư, hàng rào xanh",
        "boolean",
        ">=",
        "",
        "1",
    ),
    (
        2,
        "Giao thông",
        "Địa chính - Xây dựng",
        "2.1",
        "Tỷ lệ đường ấp, ngõ xóm được cứng hóa, sạch, có cây xanh",
        "ratio",
        ">=",
        "%",
        "80",
    ),
    (
        3,
        "Điện và chiếu sáng",
        "Địa chính - Xây dựng",
        "3.1",
        "Tỷ lệ tuyến đường ấp có đèn chiếu sáng",
        "ratio",
        ">=",
        "%",
        "70",
    ),
    (
        4,
        "Nhà ở dân cư",
        "Địa chính - Xây dựng",
        "4.1",
        "Tỷ lệ nhà ở đạt chuẩn",
        "ratio",
        ">=",
        "%",
        "90",
    ),
    (
        5,
        "Thu nhập",
        "Nông nghiệp",
        "5.1",
        "Thu nhập bình quân đầu người",
        "number",
        ">=",
        "triệu đồng/người/năm",
        "70",
    ),
    (
        6,
        "Văn hóa",
        "Văn hóa - Xã hội",
        "6.1",
        "Tỷ lệ hộ đạt danh hiệu Gia đình văn hóa",
        "ratio",
        ">=",
        "%",
        "90",
    ),
    (
        7,
        "Môi trường",
        "Môi trường",
        "7.1",
        "Tỷ lệ hộ phân loại rác tại nguồn",
        "ratio",
        ">=",
        "%",
        "70",
    ),
    (
        8,
        "An ninh, trật tự",
        "Công an xã",
        "8.1",
        "Không có tội phạm nghiêm trọng, tệ nạn xã hội phát sinh",
        "boolean",
        ">=",
        "",
        "1",
    ),
    (
        9,
        "Đồng thuận của người dân",
        "UBMTTQ xã",
        "9.1",
        "Tỷ lệ hộ hài lòng với kết quả xây dựng khu dân cư kiểu mẫu",
        "ratio",
        ">=",
        "%",
        "85",
    ),
]
AN_LOI_VALUES: list[tuple[str, str, Any, str]] = [
    ("1.1", "nam", True, "approved"),
    ("2.1", "nam", (Decimal("4.6"), Decimal("5.2")), "approved"),
    ("3.1", "nam", (Decimal("3.0"), Decimal("5.2")), "submitted"),
    ("4.1", "nam", (412, 450), "approved"),
    ("5.1", "nam", Decimal("74"), "approved"),
    ("6.1", "nam", (430, 450), "approved"),
    ("7.1", "6thang", (270, 450), "approved"),
    ("8.1", "nam", True, "approved"),
    ("9.1", "9thang", (432, 450), "approved"),
    ("9.1", "nam", (419, 450), "submitted"),
]
BUNG_CHAM_VALUES: list[tuple[str, str, Any, str]] = [
    ("1.1", "nam", True, "approved"),
    ("2.1", "nam", (Decimal("2.1"), Decimal("4.0")), "approved"),
    ("7.1", "nam", (150, 210), "submitted"),
    ("8.1", "nam", True, "approved"),
]
# (criterion number, target year, intent, solution)
AN_LOI_ROADMAP = [
    (1, 2024, "consolidate", "Duy trì hàng rào xanh, vệ sinh đường ấp hằng tuần"),
    (2, 2024, "consolidate", "Vận động hiến đất mở rộng 2 tuyến ngõ"),
    (3, 2025, "reach", "Lắp 40 bóng đèn năng lượng mặt trời tuyến ấp"),
    (4, 2024, "consolidate", "Hỗ trợ sửa chữa 8 nhà xuống cấp"),
    (5, 2024, "consolidate", "Phát triển mô hình trồng cây ăn trái"),
    (6, 2024, "consolidate", "Sửa chữa nhà văn hóa ấp, duy trì sinh hoạt"),
    (7, 2024, "reach", "Cấp thùng phân loại rác, tuyên truyền đến từng hộ"),
    (8, 2024, "consolidate", "Duy trì tổ tự quản an ninh"),
    (9, 2025, "consolidate", "Lấy ý kiến người dân định kỳ"),
]


def _illustrative_indicator(criterion: Criterion, spec: tuple[Any, ...], order: int) -> Indicator:
    code, name, kind, comparison, unit, threshold, key, year = spec
    indicator, _ = upsert(
        Indicator,
        {"criterion": criterion, "code": code},
        {
            "name": name,
            "kind": kind,
            "comparison": comparison,
            "unit_label": unit,
            "is_illustrative": True,
            "note": NOTE,
            "order": order,
        },
    )
    upsert(
        Target,
        {"indicator": indicator, "key": key, "year": year},
        {
            "value": Decimal(threshold),
            "legal_text": NOTE,
            "verified": False,
            "is_illustrative": True,
            "note": NOTE,
        },
    )
    return indicator


def _nang_cao_set() -> CriteriaSet:
    found = CriteriaSet.objects.filter(code=NANG_CAO).first()
    if found is None:  # the criteria step has not run (or was reordered): load the shipped sets
        from ntm.criteria.loader import load_shipped_sets

        load_shipped_sets()
        found = CriteriaSet.objects.get(code=NANG_CAO)
    return found


def _hamlet_set(world: DemoWorld) -> CriteriaSet:
    cset, _ = upsert(
        CriteriaSet,
        {"code": HAMLET_SET},
        {
            "name": "Bộ tiêu chí khu dân cư nông thôn mới kiểu mẫu (minh họa)",
            "short_name": "Khu dân cư kiểu mẫu (minh họa)",
            "level": SetLevel.HAMLET,
            "period": "2021-2025",
            "is_provincial": True,
            "province": world.places.province,
            "target_keys": TargetKeys.NONE,
            "status_note": "Minh họa: bộ tiêu chí ấp của tỉnh chưa tìm được văn bản; tiêu chí, "
            "chỉ tiêu và ngưỡng ở đây do dữ liệu minh họa đặt ra, không phải chính thức.",
            "order": 900,
        },
    )
    for number, name, sector, code, ind_name, kind, cmp, unit, threshold in HAMLET_CRITERIA:
        criterion, _ = upsert(
            Criterion,
            {"criteria_set": cset, "number": number},
            {"name": name, "sector": sector, "note": "Tiêu chí minh họa – chưa có văn bản."},
        )
        _illustrative_indicator(
            criterion, (code, ind_name, kind, cmp, unit, threshold, "chung", None), 1
        )
    return cset


def _stamp(day: int) -> dt.datetime:
    return dt.datetime(YEAR, 10, day, 9, 0, tzinfo=timezone.get_current_timezone())


def _put_values(
    unit: Any,
    cset: CriteriaSet,
    rows: list[tuple[str, str, Any, str]],
    entered_by: Any,
    approver: Any,
) -> dict[str, IndicatorValue]:
    indicators = {i.code: i for i in Indicator.objects.filter(criterion__criteria_set=cset)}
    saved: dict[str, IndicatorValue] = {}
    for code, kind_code, raw, status in rows:
        indicator = indicators[code]
        fields: dict[str, Any] = {
            "number": None,
            "numerator": None,
            "denominator": None,
            "boolean": None,
        }
        if isinstance(raw, tuple):
            fields["numerator"], fields["denominator"] = Decimal(raw[0]), Decimal(raw[1])
        elif isinstance(raw, bool):
            fields["boolean"] = raw
        else:
            fields["number"] = Decimal(raw)
        period = ensure_period(kind_code, YEAR)
        submitted = status in {ValueStatus.SUBMITTED, ValueStatus.APPROVED}
        approved = status == ValueStatus.APPROVED
        fields.update(
            status=status,
            entered_by=entered_by,
            submitted_at=_stamp(8) if submitted else None,
            approved_by=approver if approved else None,
            approved_at=_stamp(10) if approved else None,
        )
        value, _ = upsert(
            IndicatorValue, {"unit": unit, "indicator": indicator, "period": period}, fields
        )
        saved[f"{code}@{kind_code}"] = value
    return saved


def _photo(text: str, colour: tuple[int, int, int]) -> bytes:
    image = Image.new("RGB", (480, 320), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 200, 460, 300), fill=(90, 90, 90))
    draw.text((24, 24), text, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _pdf(text: str) -> bytes:
    image = Image.new("RGB", (595, 842), "white")
    ImageDraw.Draw(image).text((60, 60), text, fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PDF", resolution=72)
    return out.getvalue()


def _evidence(user: Any, value: IndicatorValue, name: str, data: bytes, caption: str) -> None:
    if Evidence.objects.filter(value=value, caption=caption).exists():
        return
    services.add_evidence(
        user=user, value=value, upload=SimpleUploadedFile(name, data), caption=caption
    )


def build(world: DemoWorld) -> None:
    places, users = world.places, world.directory.users
    officer, head = users["canbontm"], users["truongap.anloi"]
    leader = users["phochutich"]
    nang_cao = _nang_cao_set()
    for number, specs in NANG_CAO_INDICATORS.items():
        criterion = Criterion.objects.get(criteria_set=nang_cao, number=number)
        for order, spec in enumerate(specs, start=100):
            _illustrative_indicator(criterion, spec, order)
    hamlet_set = _hamlet_set(world)

    SetRegistration.objects.get_or_create(
        unit=places.commune,
        criteria_set=nang_cao,
        year=YEAR,
        defaults={
            "note": "Kế hoạch 25/KH-UBND ngày 08/4/2024: phấn đấu đạt chuẩn xã NTM nâng cao."
        },
    )
    for hamlet in places.hamlets.values():
        SetRegistration.objects.get_or_create(
            unit=hamlet,
            criteria_set=hamlet_set,
            year=YEAR,
            defaults={"note": "Đăng ký khu dân cư kiểu mẫu (minh họa)."},
        )
    an_loi, bung_cham = places.an_loi, places.hamlets["Bưng Chàm"]
    commune_values = _put_values(places.commune, nang_cao, NANG_CAO_VALUES, officer, leader)
    an_loi_values = _put_values(an_loi, hamlet_set, AN_LOI_VALUES, head, officer)
    _put_values(bung_cham, hamlet_set, BUNG_CHAM_VALUES, users["truongsoc.bungcham"], officer)

    criteria = {c.number: c for c in Criterion.objects.filter(criteria_set=hamlet_set)}
    for number, year, intent, solution in AN_LOI_ROADMAP:
        upsert(
            CriterionRegistration,
            {"unit": an_loi, "criterion": criteria[number]},
            {"target_year": year, "intent": intent, "solution": solution, "registered_by": head},
        )

    year_period = ensure_period("nam", YEAR)
    culture = users["vanhoa"]
    for unit, criterion, reason in [
        (
            places.commune,
            Criterion.objects.get(criteria_set=nang_cao, number=6),
            "Nhà văn hóa ấp Cây Dầu xuống cấp, hoạt động văn hóa, thể thao chưa thường xuyên.",
        ),
        (
            an_loi,
            criteria[6],
            "Nhà văn hóa ấp dột mái; sinh hoạt câu lạc bộ chưa đều, cần củng cố trước khi xét công nhận.",
        ),
    ]:
        SustainabilityFlag.objects.get_or_create(
            unit=unit,
            criterion=criterion,
            period=year_period,
            reason=reason,
            defaults={"flagged_by": culture},
        )

    _evidence(
        head,
        an_loi_values["2.1@nam"],
        "duong-ap.jpg",
        _photo("Duong ap An Loi - be tong hoa 2024 (anh minh hoa)", (70, 120, 80)),
        "Ảnh tuyến đường ấp đã bê tông hóa (ảnh minh họa)",
    )
    _evidence(
        head,
        an_loi_values["6.1@nam"],
        "nha-van-hoa.jpg",
        _photo("Nha van hoa ap An Loi (anh minh hoa)", (140, 90, 60)),
        "Ảnh nhà văn hóa ấp (ảnh minh họa)",
    )
    _evidence(
        officer,
        commune_values["MH9.1@nam"],
        "bien-ban-ra-soat-nha-o.pdf",
        _pdf("Bien ban ra soat nha o dan cu xa Tan Loi 2024 (tai lieu minh hoa)"),
        "Biên bản rà soát nhà ở dân cư (tài liệu minh họa)",
    )
    _evidence(
        officer,
        commune_values["MH2.1@nam"],
        "duong-xa.jpg",
        _photo("Duong xa Tan Loi (anh minh hoa)", (60, 90, 140)),
        "Ảnh tuyến đường xã (ảnh minh họa)",
    )

    for cset in (nang_cao, hamlet_set):
        for criterion in Criterion.objects.filter(criteria_set=cset):
            services.recompute_for_criterion(criterion)
    world.extra["assessments"] = {"nang_cao": nang_cao, "hamlet_set": hamlet_set}
