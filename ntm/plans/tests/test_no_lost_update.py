"""Two sessions edit the same row: the second save is refused with what changed, nothing is
overwritten. Runs on SQLite and PostgreSQL (DATABASE_URL)."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ntm.plans.models import Obstacle, Plan, Task
from ntm.plans.tests import factories as f

pytestmark = pytest.mark.django_db

BUDGET = {
    n: 0
    for n in (
        "budget_central",
        "budget_province",
        "budget_commune",
        "budget_integrated",
        "budget_credit",
        "budget_enterprise",
        "budget_people",
    )
}


def _form_data(response: Any) -> dict[str, Any]:
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        else:
            data[name] = value
    return data


def test_two_sessions_edit_the_same_task(world: Any, sets: f.Sets) -> None:
    task = f.first_task(f.member_plan(world, sets))
    url = reverse("plans:task_edit", args=[task.pk])
    owner, officer = Client(), Client()
    owner.force_login(world.member)
    officer.force_login(world.officer)
    mine = _form_data(owner.get(url))
    theirs = _form_data(officer.get(url))

    theirs.update(title="Tổ chức hội thi văn nghệ cấp xã", progress=30)
    assert officer.post(url, theirs).status_code == 302

    mine.update(deadline="2024-12-31", progress=80)
    refused = owner.post(url, mine)
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "Người khác đã sửa bản ghi này" in html
    assert "Tổ chức hội thi văn nghệ cấp xã" in html  # what the other person saved
    assert "tên nhiệm vụ" in html.lower()
    task.refresh_from_db()
    assert task.title == "Tổ chức hội thi văn nghệ cấp xã"
    assert task.progress == 30 and task.deadline.isoformat() == "2024-09-30"
    assert task.version == 2


def test_two_sessions_update_progress(world: Any) -> None:
    task = f.first_task(f.hamlet_plan(world))
    url = reverse("plans:task_progress", args=[task.pk])
    head, officer = Client(), Client()
    head.force_login(world.hamlet_head)
    officer.force_login(world.officer)
    version = task.version
    assert (
        officer.post(
            url, {"status": "dang_thuc_hien", "progress": 50, "version": version}
        ).status_code
        == 302
    )
    refused = head.post(url, {"status": "hoan_thanh", "progress": 100, "version": version})
    assert refused.status_code == 409
    assert "Người khác đã sửa" in refused.content.decode()
    task.refresh_from_db()
    assert task.status == "dang_thuc_hien" and task.progress == 50


def test_two_sessions_edit_the_same_plan(world: Any, sets: f.Sets) -> None:
    plan = f.member_plan(world, sets)
    url = reverse("plans:plan_edit", args=[plan.pk])
    a, b = Client(), Client()
    a.force_login(world.member)
    b.force_login(world.leader)
    first, second = _form_data(a.get(url)), _form_data(b.get(url))
    first["objectives"] = "Mục tiêu A"
    second["objectives"] = "Mục tiêu B"
    assert a.post(url, first).status_code == 302
    refused = b.post(url, second)
    assert refused.status_code == 409 and "Mục tiêu A" in refused.content.decode()
    assert Plan.objects.get(pk=plan.pk).objectives == "Mục tiêu A"


def test_two_leaders_direct_the_same_difficulty(world: Any) -> None:
    from ntm.accounts.models import Role, RoleAssignment, User

    obstacle = f.obstacle(world)
    second_leader = User.objects.create_user(
        username="chu.tich", password="x", full_name="Chủ Tịch"
    )
    RoleAssignment.objects.create(user=second_leader, role=Role.LEADER, unit=world.commune)
    url = reverse("plans:obstacle_direct", args=[obstacle.pk])
    a, b = Client(), Client()
    a.force_login(world.leader)
    b.force_login(second_leader)
    form_a, form_b = _form_data(a.get(url)), _form_data(b.get(url))
    form_a.update(
        direction="Giao địa chính xử lý", assignee=world.people["member2"].pk, deadline="2024-10-20"
    )
    form_b.update(
        direction="Giao văn hóa xử lý", assignee=world.people["member"].pk, deadline="2024-10-30"
    )
    assert a.post(url, form_a).status_code == 302
    refused = b.post(url, form_b)
    assert refused.status_code == 409
    assert "Giao địa chính xử lý" in refused.content.decode()
    obstacle = Obstacle.objects.get(pk=obstacle.pk)
    assert (
        obstacle.direction == "Giao địa chính xử lý"
        and obstacle.assignee == world.people["member2"]
    )


def test_a_stale_task_edit_changes_nothing_in_history(world: Any, sets: f.Sets) -> None:
    task = f.first_task(f.member_plan(world, sets))
    before = task.history.count()
    client = Client()
    client.force_login(world.member)
    data = {
        "title": "Khác",
        "status": "chua_bat_dau",
        "progress": 0,
        "version": task.version + 5,
        **BUDGET,
    }
    assert client.post(reverse("plans:task_edit", args=[task.pk]), data).status_code == 409
    assert Task.objects.get(pk=task.pk).history.count() == before
