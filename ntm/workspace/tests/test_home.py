"""'Việc của tôi' and the member scorecard: the right things, in a constant number of queries."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ntm.assessments.models import CriterionResult, Evidence, IndicatorValue, Status
from ntm.criteria.periods import year_period
from ntm.plans import services
from ntm.plans.models import RecipientGroup, Task
from ntm.plans.tests import factories as f

pytestmark = pytest.mark.django_db


def _grow(world: Any, sets: f.Sets, n: int) -> None:
    """n more of everything the home page and the scorecard read."""
    notice = services.ensure_notice(committee=world.committee, year=2024)
    period = year_period(2024)
    for i in range(n):
        _extra, criteria = f.make_set(
            f"THEM{i}_{Task.objects.count()}", "commune", ["Thêm A", "Thêm B"]
        )
        for number, criterion in criteria.items():
            lead = world.members["member"] if number == 1 else world.members["member2"]
            services.assign(
                notice=notice, criterion=criterion, lead=lead, supporting=[world.members["officer"]]
            )
            CriterionResult.objects.create(
                unit=world.commune,
                criterion=criterion,
                period=period,
                status=Status.MET,
                explanation="",
            )
            for indicator in criterion.indicators.all():
                IndicatorValue.objects.create(
                    unit=world.commune, indicator=indicator, period=period
                )
                IndicatorValue.objects.create(unit=world.hamlet, indicator=indicator, period=period)
        plan = services.create_plan(
            unit=world.commune,
            year=2024,
            criterion=criteria[1],
            owner=world.people["member"],
            title=f"KH {i}",
        )
        for day in (1, 20):
            services.create_task(
                plan=plan,
                data={
                    "title": f"Việc {i}-{day}",
                    "owner_person": world.people["member"],
                    "deadline": dt.date(2024, 10, day),
                },
            )
        hamlet = services.create_plan(
            unit=world.hamlet,
            year=2025 + Task.objects.count(),
            criterion=None,
            owner=world.people["hamlet_head"],
            title=f"Ấp {i}",
        )
        services.create_task(
            plan=hamlet, data={"title": f"Ấp việc {i}", "deadline": dt.date(2024, 10, 1)}
        )
        f.directive(
            world,
            groups=(RecipientGroup.MEMBERS, RecipientGroup.HAMLET, RecipientGroup.ORGANISATIONS),
        )
        o = f.obstacle(world)
        services.direct_obstacle(
            obstacle=o,
            version=o.version,
            direction="Xử lý",
            assignee=world.people["member"],
            deadline=dt.date(2024, 10, 1),
            user=world.leader,
        )
        f.obstacle(world, unit=world.commune, user=world.member)


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["member", "hamlet_head", "leader", "organisation"])
def test_home_query_count_is_constant(
    client: Any, world: Any, sets: f.Sets, today: Any, who: str
) -> None:
    _grow(world, sets, 1)
    client.force_login(world.users[who])
    url = reverse("home")
    _queries(client, url)  # warm caches (periods, content types)
    first = _queries(client, url)
    _grow(world, sets, 10)
    assert _queries(client, url) == first


def test_scorecard_query_count_is_constant(
    client: Any, world: Any, sets: f.Sets, today: Any
) -> None:
    _grow(world, sets, 1)
    client.force_login(world.leader)
    url = reverse("workspace:scorecard", args=[world.committee.pk]) + "?nam=2024"
    _queries(client, url)
    first = _queries(client, url)
    _grow(world, sets, 10)
    assert _queries(client, url) == first


def test_home_of_a_member(client: Any, world: Any, sets: f.Sets, today: Any) -> None:
    plan = f.member_plan(world, sets)  # criterion 4 led by member; tasks due 30/9 and 1/12
    period = year_period(2024)
    CriterionResult.objects.create(
        unit=world.commune,
        criterion=sets.criteria[4],
        period=period,
        status=Status.NOT_SUSTAINABLE,
        explanation="",
    )
    indicator = sets.criteria[4].indicators.get()
    value = IndicatorValue.objects.create(unit=world.commune, indicator=indicator, period=period)
    other = IndicatorValue.objects.create(
        unit=world.commune, indicator=sets.criteria[1].indicators.get(), period=period
    )
    f.directive(world, groups=(RecipientGroup.MEMBERS,))
    client.force_login(world.member)
    html = client.get(reverse("home")).content.decode()
    assert "Xin chào, Nguyễn Thị Hạnh" in html
    assert "4. Văn hóa" in html and "Đạt nhưng chưa bền vững" in html
    assert "Tổ chức hội thi" in html and "Quá hạn" in html
    assert "Sửa nhà văn hóa" not in html  # due 1/12: not within 30 days
    assert "4.1. Chỉ tiêu 4.1" in html and "1.1. Chỉ tiêu 1.1" not in html  # not their criterion
    assert "Nội dung chỉ đạo gửi đến tôi" in html and "Nhiệm vụ nhóm members" in html
    Evidence.objects.create(value=value, link="https://example.org/anh.jpg")
    html = client.get(reverse("home")).content.decode()
    assert "4.1. Chỉ tiêu 4.1" not in html
    assert other.pk and plan.pk


def test_home_of_a_hamlet_head(client: Any, world: Any, sets: f.Sets, today: Any) -> None:
    f.hamlet_plan(world)  # a task due 1/10: overdue on 15/10
    f.directive(world, groups=(RecipientGroup.HAMLET,))
    client.force_login(world.hamlet_head)
    html = client.get(reverse("home")).content.decode()
    assert "Trồng hàng rào xanh" in html and "Quá hạn" in html
    assert "Nhiệm vụ nhóm hamlet" in html
    client.force_login(world.hamlet_head2)
    html = client.get(reverse("home")).content.decode()
    assert "Trồng hàng rào xanh" not in html and "Nhiệm vụ nhóm hamlet" not in html
