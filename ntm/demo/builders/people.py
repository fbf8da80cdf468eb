"""Tân Lợi's people: UBND, the steering committee by sector, UBMTTQ and the mass
organisations, a head for every hamlet, the upper-level offices, and one login per role.

Đinh Quốc Duy (Phó Chủ tịch UBND xã, signer of the founding dispatch) is the only real name;
everyone else is fictional and flagged ``is_fictional``. Phone numbers are fictional too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ntm.accounts.models import (
    CommitteeMember,
    CommitteeRole,
    Organisation,
    OrganisationKind,
    Person,
    Position,
    Role,
    RoleAssignment,
    SteeringCommittee,
    User,
)
from ntm.demo.builders.places import Places
from ntm.geography.models import AdministrativeUnit

DEMO_PASSWORD = "tanloi2024"  # noqa: S105 — printed on purpose: demo logins only


@dataclass
class Directory:
    ubnd: Organisation
    bcd: Organisation
    committee: SteeringCommittee
    mttq: Organisation
    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    members: dict[str, CommitteeMember] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


def organisation(unit: AdministrativeUnit, kind: str, name: str, **extra: object) -> Organisation:
    obj, _ = Organisation.objects.get_or_create(
        unit=unit, name=name, defaults={"kind": kind, **extra}
    )
    return obj


def position(name: str, order: int) -> Position:
    obj, _ = Position.objects.get_or_create(name=name, defaults={"order": order})
    return obj


def person(
    key: str,
    directory: Directory,
    *,
    full_name: str,
    unit: AdministrativeUnit,
    org: Organisation | None,
    title: str,
    order: int,
    phone: str,
    fictional: bool = True,
) -> Person:
    obj = Person.objects.filter(full_name=full_name, unit=unit).first()
    if obj is None:
        obj = Person.objects.create(
            full_name=full_name,
            unit=unit,
            organisation=org,
            position=position(title, order),
            phone=phone,
            is_fictional=fictional,
        )
    directory.people[key] = obj
    return obj


# key, name, position, organisation key, committee role, sector, fictional
COMMUNE_PEOPLE = [
    (
        "chutich",
        "Nguyễn Văn Hòa",
        "Chủ tịch UBND xã",
        "ubnd",
        CommitteeRole.HEAD,
        "Chỉ đạo chung",
        True,
    ),
    (
        "duy",
        "Đinh Quốc Duy",
        "Phó Chủ tịch UBND xã",
        "ubnd",
        CommitteeRole.DEPUTY,
        "Kinh tế, nông thôn mới (ký công văn chỉ đạo năm 2024)",
        False,
    ),
    (
        "canbontm",
        "Trần Thị Mai",
        "Công chức Nông nghiệp - Thường trực NTM",
        "ubnd",
        CommitteeRole.STANDING,
        "Thường trực nông thôn mới; tổng hợp, báo cáo",
        True,
    ),
    (
        "nongnghiep",
        "Phạm Văn Lợi",
        "Công chức Nông nghiệp - Khuyến nông",
        "ubnd",
        CommitteeRole.MEMBER,
        "Nông nghiệp: thủy lợi, thu nhập, tổ chức sản xuất",
        True,
    ),
    (
        "diachinh",
        "Lê Văn Tâm",
        "Công chức Địa chính - Xây dựng",
        "ubnd",
        CommitteeRole.MEMBER,
        "Địa chính - Xây dựng: quy hoạch, giao thông, nhà ở, điện",
        True,
    ),
    (
        "vanhoa",
        "Nguyễn Thị Hạnh",
        "Công chức Văn hóa - Xã hội",
        "ubnd",
        CommitteeRole.MEMBER,
        "Văn hóa - Xã hội: văn hóa, giáo dục, thông tin, nghèo đa chiều, lao động",
        True,
    ),
    (
        "moitruong",
        "Bùi Văn Đức",
        "Công chức Địa chính - Môi trường",
        "ubnd",
        CommitteeRole.MEMBER,
        "Môi trường, chất lượng môi trường sống",
        True,
    ),
    (
        "tuphap",
        "Đỗ Minh Khoa",
        "Công chức Tư pháp - Hộ tịch",
        "ubnd",
        CommitteeRole.MEMBER,
        "Tư pháp: tiếp cận pháp luật, hành chính công",
        True,
    ),
    ("yte", "Võ Thị Lan", "Trạm trưởng Trạm Y tế xã", "ubnd", CommitteeRole.MEMBER, "Y tế", True),
    (
        "congan",
        "Trương Văn Bình",
        "Trưởng Công an xã",
        "ubnd",
        CommitteeRole.MEMBER,
        "An ninh trật tự",
        True,
    ),
    (
        "quansu",
        "Lý Văn Sơn",
        "Chỉ huy trưởng Ban Chỉ huy Quân sự xã",
        "ubnd",
        CommitteeRole.MEMBER,
        "Quốc phòng",
        True,
    ),
    (
        "taichinh",
        "Huỳnh Thị Thu",
        "Công chức Tài chính - Kế toán",
        "ubnd",
        CommitteeRole.MEMBER,
        "Tài chính, nguồn vốn",
        True,
    ),
    (
        "mttq",
        "Mai Thị Ngọc",
        "Chủ tịch Ủy ban MTTQ Việt Nam xã",
        "mttq",
        CommitteeRole.MEMBER,
        "Vận động, giám sát cộng đồng, lấy ý kiến sự hài lòng",
        True,
    ),
    (
        "phunu",
        "Đặng Thị Thảo",
        "Chủ tịch Hội Liên hiệp Phụ nữ xã",
        "hoiphunu",
        CommitteeRole.MEMBER,
        "Vận động phụ nữ; vệ sinh môi trường hộ gia đình",
        True,
    ),
    (
        "nongdan",
        "Hồ Văn Phúc",
        "Chủ tịch Hội Nông dân xã",
        "hoinongdan",
        CommitteeRole.MEMBER,
        "Vận động nông dân; tổ chức sản xuất",
        True,
    ),
    (
        "doanthanhnien",
        "Phan Minh Trí",
        "Bí thư Đoàn Thanh niên xã",
        "doanthanhnien",
        CommitteeRole.MEMBER,
        "Thanh niên tình nguyện; chuyển đổi số",
        True,
    ),
    (
        "cuuchienbinh",
        "Dương Văn Hùng",
        "Chủ tịch Hội Cựu chiến binh xã",
        "hoiccb",
        CommitteeRole.MEMBER,
        "Vận động hội viên",
        True,
    ),
]
HAMLET_HEADS = {
    "An Lợi": ("truongap.anloi", "Nguyễn Văn Út"),
    "Tân Hòa": ("truongap.tanhoa", "Lê Thị Bé"),
    "Thạch Màng": ("truongap.thachmang", "Trần Văn Nghĩa"),
    "Cây Dầu": ("truongap.caydau", "Phạm Thị Hoa"),
    "Bưng Chàm": ("truongsoc.bungcham", "Điểu Văn Lâm"),
}
# username, person key, role, where, organisation key
LOGINS = [
    ("chutich", "chutich", Role.LEADER, "commune", "ubnd"),
    ("phochutich", "duy", Role.LEADER, "commune", "ubnd"),
    ("canbontm", "canbontm", Role.OFFICER, "commune", "ubnd"),
    ("vanhoa", "vanhoa", Role.MEMBER, "commune", "ubnd"),
    ("diachinh", "diachinh", Role.MEMBER, "commune", "ubnd"),
    ("nongnghiep", "nongnghiep", Role.MEMBER, "commune", "ubnd"),
    ("mttq", "mttq", Role.ORGANISATION, "commune", "mttq"),
    ("phunu", "phunu", Role.ORGANISATION, "commune", "hoiphunu"),
    ("truongap.anloi", "truongap.anloi", Role.HAMLET_HEAD, "An Lợi", None),
    ("truongsoc.bungcham", "truongsoc.bungcham", Role.HAMLET_HEAD, "Bưng Chàm", None),
    ("vpdp.huyen", "vpdp.huyen", Role.UPPER_VIEWER, "district", None),
    ("vpdp.tinh", "vpdp.tinh", Role.UPPER_VIEWER, "province", None),
    ("quantri", "quantri", Role.ADMIN, "commune", "ubnd"),
    ("vpdp.tinh", "vpdp.tinh", Role.PROVINCE_ADMIN, "province", None),
    ("canbontm", "canbontm", Role.COMMUNE_ADMIN, "commune", "ubnd"),
]


def build_directory(places: Places) -> Directory:
    commune = places.commune
    ubnd = organisation(
        commune,
        OrganisationKind.PEOPLES_COMMITTEE,
        "Ủy ban nhân dân xã Tân Lợi",
        short_name="UBND xã",
        abbreviation="UBND",
        order=1,
    )
    bcd = organisation(
        commune,
        OrganisationKind.STEERING_COMMITTEE,
        "Ban Chỉ đạo các Chương trình mục tiêu quốc gia xã Tân Lợi",
        short_name="BCĐ các CTMTQG",
        abbreviation="BCĐ",
        order=2,
    )
    mttq = organisation(
        commune,
        OrganisationKind.FATHERLAND_FRONT,
        "Ủy ban Mặt trận Tổ quốc Việt Nam xã Tân Lợi",
        short_name="UBMTTQVN xã",
        abbreviation="MTTQ",
        order=3,
    )
    committee, _ = SteeringCommittee.objects.get_or_create(
        organisation=bcd, defaults={"unit": commune, "name": bcd.name}
    )
    directory = Directory(ubnd=ubnd, bcd=bcd, committee=committee, mttq=mttq)
    directory.organisations.update({"ubnd": ubnd, "bcd": bcd, "mttq": mttq})
    for key, name, short in [
        ("hoiphunu", "Hội Liên hiệp Phụ nữ xã Tân Lợi", "Hội LHPN xã"),
        ("hoinongdan", "Hội Nông dân xã Tân Lợi", "Hội Nông dân xã"),
        ("doanthanhnien", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Tân Lợi", "Đoàn TN xã"),
        ("hoiccb", "Hội Cựu chiến binh xã Tân Lợi", "Hội CCB xã"),
    ]:
        directory.organisations[key] = organisation(
            commune, OrganisationKind.MASS_ORGANISATION, name, short_name=short, order=10
        )
    directory.organisations["giamsat"] = organisation(
        commune,
        OrganisationKind.OVERSIGHT_BOARD,
        "Ban giám sát đầu tư của cộng đồng xã Tân Lợi",
        short_name="Ban GSĐTCCĐ",
        order=20,
    )
    for order, (key, name, title, org_key, seat, sector, fictional) in enumerate(
        COMMUNE_PEOPLE, start=1
    ):
        who = person(
            key,
            directory,
            full_name=name,
            unit=commune,
            org=directory.organisations[org_key],
            title=title,
            order=order,
            phone=f"0900 100 {200 + order:03d}",
            fictional=fictional,
        )
        member, _ = CommitteeMember.objects.get_or_create(
            committee=committee,
            person=who,
            defaults={"role": seat, "sector": sector, "order": order},
        )
        directory.members[key] = member
    for index, (hamlet_name, (key, name)) in enumerate(HAMLET_HEADS.items(), start=1):
        hamlet = places.hamlets[hamlet_name]
        person(
            key,
            directory,
            full_name=name,
            unit=hamlet,
            org=None,
            title=f"Trưởng {hamlet.kind_name.lower()}",
            order=50,
            phone=f"0900 200 {300 + index:03d}",
        )
    district_office = organisation(
        places.district,
        OrganisationKind.COORDINATION_OFFICE,
        "Văn phòng Điều phối nông thôn mới huyện Đồng Phú",
        short_name="Văn phòng NTM huyện",
    )
    province_office = organisation(
        places.province,
        OrganisationKind.COORDINATION_OFFICE,
        "Văn phòng Điều phối nông thôn mới tỉnh Bình Phước",
        short_name="VPĐP NTM tỉnh",
    )
    directory.organisations.update({"vpdp_huyen": district_office, "vpdp_tinh": province_office})
    person(
        "vpdp.huyen",
        directory,
        full_name="Cao Thị Yến",
        unit=places.district,
        org=district_office,
        title="Chuyên viên Văn phòng Điều phối NTM huyện",
        order=60,
        phone="0900 300 401",
    )
    person(
        "vpdp.tinh",
        directory,
        full_name="Tạ Quang Vinh",
        unit=places.province,
        org=province_office,
        title="Chuyên viên Văn phòng Điều phối NTM tỉnh",
        order=60,
        phone="0900 300 402",
    )
    person(
        "quantri",
        directory,
        full_name="Quản trị hệ thống",
        unit=commune,
        org=ubnd,
        title="Quản trị hệ thống",
        order=99,
        phone="",
    )
    _build_logins(places, directory)
    return directory


def _build_logins(places: Places, directory: Directory) -> None:
    where = {
        "commune": places.commune,
        "district": places.district,
        "province": places.province,
        **places.hamlets,
    }
    for username, person_key, role, place, org_key in LOGINS:
        who = directory.people[person_key]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=who.full_name, person=who)
            user.set_password(DEMO_PASSWORD)
            if role == Role.ADMIN:
                user.is_staff = True
                user.is_superuser = True
            user.save()
        RoleAssignment.objects.get_or_create(
            user=user,
            role=role,
            unit=where[place],
            defaults={"organisation": directory.organisations.get(org_key) if org_key else None},
        )
        directory.users[username] = user
