"""The shared test world: a province, two communes, hamlets, and a user in every role.

Commune A (Tân Lợi) has hamlets A1 (An Lợi) and A2 (Bưng Chàm); commune B (Tân Lập) has B1.
``outsider`` is an officer of commune B; ``outsider_head`` heads B1. Every scope test asks
"does an A person see B's things?" and "does a hamlet head see the neighbouring hamlet?".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ntm.accounts.models import (
    CommitteeMember,
    CommitteeRole,
    Organisation,
    OrganisationKind,
    Person,
    Role,
    RoleAssignment,
    SteeringCommittee,
    User,
)
from ntm.geography.models import AdministrativeUnit, Level, Region
from ntm.geography.services import load_reference

PASSWORD = "mat-khau-thu-nghiem"


@dataclass
class World:
    province: AdministrativeUnit
    commune: AdministrativeUnit
    hamlet: AdministrativeUnit
    hamlet2: AdministrativeUnit
    other_commune: AdministrativeUnit
    other_hamlet: AdministrativeUnit
    ubnd: Organisation
    bcd: Organisation
    mttq: Organisation
    committee: SteeringCommittee
    users: dict[str, User] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    members: dict[str, CommitteeMember] = field(default_factory=dict)

    def __getattr__(self, name: str) -> User:
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


def build_world() -> World:
    load_reference()
    levels = {lvl.code: lvl for lvl in Level.objects.all()}
    dnb = Region.objects.get(code="DNB")
    province = AdministrativeUnit.objects.create(
        level=levels["tinh"], kind_name="Tỉnh", name="Bình Phước", code="70", region=dnb
    )
    commune = AdministrativeUnit.objects.create(
        level=levels["xa"], parent=province, kind_name="Xã", name="Tân Lợi", code="25378"
    )
    hamlet = AdministrativeUnit.objects.create(
        level=levels["ap"], parent=commune, kind_name="Ấp", name="An Lợi"
    )
    hamlet2 = AdministrativeUnit.objects.create(
        level=levels["ap"], parent=commune, kind_name="Sóc", name="Bưng Chàm"
    )
    other = AdministrativeUnit.objects.create(
        level=levels["xa"], parent=province, kind_name="Xã", name="Tân Lập"
    )
    other_hamlet = AdministrativeUnit.objects.create(
        level=levels["ap"], parent=other, kind_name="Ấp", name="Suối Binh"
    )
    ubnd = Organisation.objects.create(
        unit=commune,
        kind=OrganisationKind.PEOPLES_COMMITTEE,
        name="Ủy ban nhân dân xã Tân Lợi",
        abbreviation="UBND",
    )
    bcd = Organisation.objects.create(
        unit=commune,
        kind=OrganisationKind.STEERING_COMMITTEE,
        name="Ban Chỉ đạo các Chương trình mục tiêu quốc gia xã Tân Lợi",
        abbreviation="BCĐ",
    )
    mttq = Organisation.objects.create(
        unit=commune,
        kind=OrganisationKind.FATHERLAND_FRONT,
        name="Ủy ban Mặt trận Tổ quốc Việt Nam xã Tân Lợi",
        abbreviation="MTTQ",
    )
    other_ubnd = Organisation.objects.create(
        unit=other, kind=OrganisationKind.PEOPLES_COMMITTEE, name="Ủy ban nhân dân xã Tân Lập"
    )
    committee = SteeringCommittee.objects.create(unit=commune, organisation=bcd, name=bcd.name)
    world = World(
        province=province,
        commune=commune,
        hamlet=hamlet,
        hamlet2=hamlet2,
        other_commune=other,
        other_hamlet=other_hamlet,
        ubnd=ubnd,
        bcd=bcd,
        mttq=mttq,
        committee=committee,
    )
    accounts = [
        # key, full name, role, unit, organisation, committee seat
        ("admin", "Quản Trị Viên", Role.ADMIN, commune, ubnd, None),
        ("leader", "Đinh Quốc Duy", Role.LEADER, commune, ubnd, CommitteeRole.DEPUTY),
        ("officer", "Trần Thị Mai", Role.OFFICER, commune, ubnd, CommitteeRole.STANDING),
        ("member", "Nguyễn Thị Hạnh", Role.MEMBER, commune, ubnd, CommitteeRole.MEMBER),
        ("member2", "Lê Văn Tâm", Role.MEMBER, commune, ubnd, CommitteeRole.MEMBER),
        ("organisation", "Mai Thị Ngọc", Role.ORGANISATION, commune, mttq, CommitteeRole.MEMBER),
        ("hamlet_head", "Nguyễn Văn Út", Role.HAMLET_HEAD, hamlet, None, None),
        ("hamlet_head2", "Điểu Văn Lâm", Role.HAMLET_HEAD, hamlet2, None, None),
        ("upper", "Tạ Quang Vinh", Role.UPPER_VIEWER, province, None, None),
        ("outsider", "Phạm Văn Ngoài", Role.OFFICER, other, other_ubnd, None),
        ("outsider_head", "Lý Thị Khác", Role.HAMLET_HEAD, other_hamlet, None, None),
    ]
    for order, (key, name, role, unit, org, seat) in enumerate(accounts, start=1):
        person = Person.objects.create(
            full_name=name, unit=unit, organisation=org, phone=f"0911 000 {order:03d}"
        )
        user = User.objects.create_user(
            username=key.replace("_", "."), password=PASSWORD, full_name=name, person=person
        )
        RoleAssignment.objects.create(user=user, role=role, unit=unit, organisation=org)
        world.users[key] = user
        world.people[key] = person
        if seat:
            world.members[key] = CommitteeMember.objects.create(
                committee=committee,
                person=person,
                role=seat,
                order=order,
                sector=f"Lĩnh vực của {name}",
            )
    return world
