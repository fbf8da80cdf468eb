"""Small criteria sets and plan objects built on the shared test world (used by the tests
and by url_cases)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ntm.accounts.models import Organisation, OrganisationKind
from ntm.criteria.models import CriteriaSet, Criterion, Indicator, IndicatorKind, SetLevel
from ntm.plans import services
from ntm.plans.models import Directive, Obstacle, Plan, RecipientGroup, Task


@dataclass
class Sets:
    commune_set: CriteriaSet
    hamlet_set: CriteriaSet
    criteria: dict[int, Criterion] = field(default_factory=dict)
    hamlet_criteria: dict[int, Criterion] = field(default_factory=dict)


def make_set(code: str, level: str, names: list[str]) -> tuple[CriteriaSet, dict[int, Criterion]]:
    criteria_set = CriteriaSet.objects.create(
        code=code, name=f"Bộ tiêu chí {code}", level=level, period="2021-2025"
    )
    criteria = {}
    for number, name in enumerate(names, start=1):
        criterion = Criterion.objects.create(criteria_set=criteria_set, number=number, name=name)
        Indicator.objects.create(
            criterion=criterion,
            code=f"{number}.1",
            name=f"Chỉ tiêu {number}.1",
            kind=IndicatorKind.BOOLEAN,
        )
        criteria[number] = criterion
    return criteria_set, criteria


def build_sets() -> Sets:
    commune_set, criteria = make_set(
        "XA_THU", SetLevel.COMMUNE, ["Quy hoạch", "Giao thông", "Thủy lợi", "Văn hóa"]
    )
    hamlet_set, hamlet_criteria = make_set("AP_THU", SetLevel.HAMLET, ["Đường ngõ xóm", "Vườn mẫu"])
    return Sets(commune_set, hamlet_set, criteria, hamlet_criteria)


def member_plan(world: Any, sets: Sets, year: int = 2024) -> Plan:
    """Criterion 4 (Văn hóa) led by ``member``; a plan it owns with two tasks."""
    notice = services.ensure_notice(committee=world.committee, year=year)
    services.assign(notice=notice, criterion=sets.criteria[4], lead=world.members["member"])
    plan = services.create_plan(
        unit=world.commune,
        year=year,
        criterion=sets.criteria[4],
        owner=world.people["member"],
        title="Kế hoạch tiêu chí Văn hóa",
    )
    for title, deadline in [
        ("Tổ chức hội thi", dt.date(2024, 9, 30)),
        ("Sửa nhà văn hóa", dt.date(2024, 12, 1)),
    ]:
        services.create_task(
            plan=plan,
            data={
                "title": title,
                "owner_person": world.people["member"],
                "start": dt.date(2024, 5, 1),
                "deadline": deadline,
            },
        )
    return plan


def hamlet_plan(world: Any, year: int = 2024) -> Plan:
    plan = services.create_plan(
        unit=world.hamlet,
        year=year,
        criterion=None,
        owner=world.people["hamlet_head"],
        title="Kế hoạch ấp An Lợi",
    )
    services.create_task(
        plan=plan,
        data={
            "title": "Trồng hàng rào xanh",
            "owner_person": world.people["hamlet_head"],
            "deadline": dt.date(2024, 10, 1),
        },
    )
    return plan


def directive(
    world: Any, *, issue: bool = True, groups: tuple[str, ...] = ("members",)
) -> Directive:
    found = Directive.objects.create(
        unit=world.commune,
        issuer=world.ubnd,
        subject="tổ chức thực hiện Chương trình năm 2024",
        date=dt.date(2024, 4, 10),
        signer=world.people["leader"],
        signer_authority="KT. CHỦ TỊCH",
        signer_title="PHÓ CHỦ TỊCH",
    )
    for order, group in enumerate(groups, start=1):
        services.add_directive_item(
            directive=found,
            data={
                "group": group,
                "hamlet": world.hamlet if group == RecipientGroup.HAMLET else None,
                "title": f"Nhiệm vụ nhóm {group}",
                "text": f"Nội dung chỉ đạo cho nhóm {group}.",
                "deadline": dt.date(2024, 6, 30),
            },
        )
        assert order
    if issue:
        services.issue_directive(directive=found, user=world.leader, version=found.version)
        found.refresh_from_db()
    return found


def obstacle(world: Any, unit: Any = None, user: Any = None) -> Obstacle:
    return services.raise_obstacle(
        unit=unit or world.hamlet,
        title="Nhà thầu làm đường đã ngừng thi công",
        user=user or world.hamlet_head,
    )


def mass_org(world: Any) -> Organisation:
    return Organisation.objects.create(
        unit=world.commune, kind=OrganisationKind.MASS_ORGANISATION, name="Hội Nông dân xã Tân Lợi"
    )


def first_task(plan: Plan) -> Task:
    return plan.tasks.order_by("pk").first()  # type: ignore[return-value]
