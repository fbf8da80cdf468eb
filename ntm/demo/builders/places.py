"""Tân Lợi's world in 2024: its province, district, hamlets, and two neighbouring communes.

Only the commune (Tân Lợi, code 25378), the province (Bình Phước, region Đông Nam Bộ) and ấp An
Lợi come from the founding document and the official lists. Other hamlet and commune names are
illustrative and flagged so on every screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ntm.core.upsert import upsert
from ntm.geography.models import (
    AdministrativeUnit,
    CommuneGroup,
    CommuneGroupAssignment,
    Level,
    Region,
)

REFORM_DAY = dt.date(2025, 7, 1)
LAST_DAY_BEFORE_REFORM = dt.date(2025, 6, 30)


@dataclass
class Places:
    province: AdministrativeUnit
    new_province: AdministrativeUnit
    district: AdministrativeUnit
    commune: AdministrativeUnit
    hamlets: dict[str, AdministrativeUnit] = field(default_factory=dict)
    other_communes: list[AdministrativeUnit] = field(default_factory=list)

    @property
    def an_loi(self) -> AdministrativeUnit:
        return self.hamlets["An Lợi"]


# (kind, name, illustrative)
TAN_LOI_HAMLETS = [
    ("Ấp", "An Lợi", False),
    ("Ấp", "Tân Hòa", True),
    ("Ấp", "Thạch Màng", True),
    ("Ấp", "Cây Dầu", True),
    ("Sóc", "Bưng Chàm", True),
]
NEIGHBOURS = [
    ("Tân Lập", [("Ấp", "Suối Binh"), ("Ấp", "Bàu Ké")]),
    ("Thuận Phú", [("Ấp", "Phú Thịnh"), ("Sóc", "Bù Xăng")]),
]


def unit(
    *,
    level: Level,
    parent: AdministrativeUnit | None,
    kind_name: str,
    name: str,
    **extra: object,
) -> AdministrativeUnit:
    obj = AdministrativeUnit.objects.filter(parent=parent, kind_name=kind_name, name=name).first()
    if obj is None:
        obj = AdministrativeUnit(parent=parent, kind_name=kind_name, name=name, level=level)
    changed = obj.pk is None or obj.level_id != level.pk
    obj.level = level
    for key, value in extra.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    if changed:
        obj.save()
    return obj


def build_places() -> Places:
    levels = {lvl.code: lvl for lvl in Level.objects.all()}
    dnb = Region.objects.get(code="DNB")
    new_province = unit(
        level=levels["tinh"],
        parent=None,
        kind_name="Tỉnh",
        name="Đồng Nai",
        code="75",
        region=dnb,
        valid_from=REFORM_DAY,
        note="Tỉnh Đồng Nai mới, hợp nhất từ tỉnh Bình Phước và tỉnh Đồng Nai (cũ) từ 01/7/2025.",
    )
    province = unit(
        level=levels["tinh"],
        parent=None,
        kind_name="Tỉnh",
        name="Bình Phước",
        code="70",
        region=dnb,
        valid_to=LAST_DAY_BEFORE_REFORM,
        replaced_by=new_province,
        note="Từ 01/7/2025 hợp nhất vào tỉnh Đồng Nai. Dữ liệu minh họa sống ở năm 2024.",
    )
    district = unit(
        level=levels["huyen"],
        parent=province,
        kind_name="Huyện",
        name="Đồng Phú",
        valid_to=LAST_DAY_BEFORE_REFORM,
        note="Cấp huyện chấm dứt hoạt động từ 01/7/2025; các xã trực thuộc tỉnh.",
    )
    commune = unit(
        level=levels["xa"],
        parent=district,
        kind_name="Xã",
        name="Tân Lợi",
        code="25378",
        note="Mã 25378 giữ nguyên khi thuộc tỉnh Đồng Nai (danh mục 2025).",
    )
    places = Places(
        province=province, new_province=new_province, district=district, commune=commune
    )
    for kind, name, illustrative in TAN_LOI_HAMLETS:
        places.hamlets[name] = unit(
            level=levels["ap"],
            parent=commune,
            kind_name=kind,
            name=name,
            is_illustrative=illustrative,
            note="Khu dân cư nông thôn mới kiểu mẫu (Công văn chỉ đạo năm 2024)."
            if name == "An Lợi"
            else "",
        )
    for commune_name, hamlets in NEIGHBOURS:
        neighbour = unit(
            level=levels["xa"],
            parent=district,
            kind_name="Xã",
            name=commune_name,
            is_illustrative=True,
        )
        for kind, name in hamlets:
            unit(
                level=levels["ap"],
                parent=neighbour,
                kind_name=kind,
                name=name,
                is_illustrative=True,
            )
        places.other_communes.append(neighbour)
    group = CommuneGroup.objects.get(code="NHOM2")
    for commune_unit in [commune, *places.other_communes]:
        upsert(
            CommuneGroupAssignment,
            {"unit": commune_unit, "year": 2026},
            {"group": group, "basis": "Minh họa: nhóm xã chưa được xác định theo văn bản."},
        )
    return places
