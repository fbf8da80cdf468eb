"""Assignments, plans and tasks: permissions, idempotent creation, printable notice, timeline."""

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.urls import reverse

from ntm.plans import queries, services
from ntm.plans.models import Assignment, Plan, Task
from ntm.plans.tests import factories as f

pytestmark = pytest.mark.django_db


def test_criteria_owned_by_lead_and_supporting(world: Any, sets: f.Sets) -> None:
    notice = services.ensure_notice(committee=world.committee, year=2024)
    services.assign(notice=notice, criterion=sets.criteria[1], lead=world.members["member"])
    services.assign(
        notice=notice,
        criterion=sets.criteria[2],
        lead=world.members["member2"],
        supporting=[world.members["member"]],
    )
    owned = set(queries.criteria_owned_by(world.member, 2024))
    assert owned == {sets.criteria[1], sets.criteria[2]}
    assert set(queries.criteria_owned_by(world.member, 2024, lead_only=True)) == {sets.criteria[1]}
    assert not queries.criteria_owned_by(world.member, 2025).exists()
    assert not queries.criteria_owned_by(world.hamlet_head, 2024).exists()
    # Outside the scope of the assignment's commune: nothing, even for the same person id.
    assert not queries.criteria_owned_by(world.outsider, 2024).exists()


def test_assignment_page_shows_unowned_criteria(client: Any, world: Any, sets: f.Sets) -> None:
    notice = services.ensure_notice(committee=world.committee, year=2024)
    services.assign(notice=notice, criterion=sets.criteria[1], lead=world.members["member"])
    client.force_login(world.officer)
    url = reverse("plans:assignments", args=[world.commune.pk, 2024])
    html = client.get(url).content.decode()
    # 4 commune + 2 hamlet criteria, one owned.
    assert "5 tiêu chí chưa có người phụ trách" in html
    assert html.count("Chưa có người phụ trách</span>") == 5
    assert "Nguyễn Thị Hạnh" in html


def test_officer_assigns_a_criterion_member_may_not(client: Any, world: Any, sets: f.Sets) -> None:
    url = reverse("plans:assignment_edit", args=[world.commune.pk, 2024, sets.criteria[3].pk])
    client.force_login(world.member)
    assert client.get(url).status_code == 403
    assert client.post(url, {"lead": world.members["member"].pk}).status_code == 403
    client.force_login(world.officer)
    response = client.post(
        url, {"lead": world.members["member2"].pk, "supporting": [world.members["member"].pk]}
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get(criterion=sets.criteria[3])
    assert assignment.lead == world.members["member2"]
    assert list(assignment.supporting.all()) == [world.members["member"]]
    assert assignment.notice.year == 2024


def test_notice_prints_as_a_table_and_a_docx(client: Any, world: Any, sets: f.Sets) -> None:
    notice = services.ensure_notice(committee=world.committee, year=2024)
    notice.number, notice.date = 1, dt.date(2024, 4, 8)
    notice.save()
    services.assign(notice=notice, criterion=sets.criteria[4], lead=world.members["member"])
    client.force_login(world.member)
    html = client.get(reverse("plans:assignments_print", args=[world.commune.pk, 2024])).content
    text = html.decode()
    assert "THÔNG BÁO" in text and "Số: 01/TB-BCĐ" in text
    assert "4. Văn hóa" in text and "Nguyễn Thị Hạnh" in text
    response = client.get(reverse("plans:assignments_docx", args=[world.commune.pk, 2024]))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        body = docx.read("word/document.xml").decode()
    assert "Nguyễn Thị Hạnh" in body and "Văn hóa" in body


def test_plan_permissions(client: Any, world: Any, sets: f.Sets) -> None:
    plan = f.member_plan(world, sets)
    task = f.first_task(plan)
    edit = reverse("plans:task_edit", args=[task.pk])
    add = reverse("plans:task_create", args=[plan.pk])
    # member2 sees the commune's plan (scope) but may not change it: 403.
    client.force_login(world.member2)
    assert client.get(reverse("plans:plan_detail", args=[plan.pk])).status_code == 200
    for url in (edit, add, reverse("plans:plan_edit", args=[plan.pk])):
        assert client.get(url).status_code == 403
    assert client.post(reverse("plans:task_progress", args=[task.pk]), {}).status_code == 403
    # A hamlet head does not even see a commune plan.
    client.force_login(world.hamlet_head)
    assert client.get(edit).status_code == 404
    # The owner and the officer may.
    for user in (world.member, world.officer):
        client.force_login(user)
        assert client.get(edit).status_code == 200
        assert client.get(add).status_code == 200


def test_task_assigned_to_a_member_in_someone_elses_plan(
    client: Any, world: Any, sets: f.Sets
) -> None:
    plan = f.member_plan(world, sets)
    task = f.first_task(plan)
    task.owner_person = world.people["member2"]
    task.save()
    client.force_login(world.member2)
    assert client.get(reverse("plans:task_edit", args=[task.pk])).status_code == 200
    other = plan.tasks.exclude(pk=task.pk).first()
    assert client.get(reverse("plans:task_edit", args=[other.pk])).status_code == 403


def test_hamlet_head_changes_only_their_hamlet_plan(client: Any, world: Any) -> None:
    plan = f.hamlet_plan(world)
    client.force_login(world.hamlet_head)
    assert client.get(reverse("plans:task_create", args=[plan.pk])).status_code == 200
    client.force_login(world.hamlet_head2)
    assert client.get(reverse("plans:task_create", args=[plan.pk])).status_code == 404
    # A member sees the hamlet's plan (commune scope) but it is not theirs.
    client.force_login(world.member)
    assert client.get(reverse("plans:task_create", args=[plan.pk])).status_code == 403


def test_hamlet_head_creates_the_hamlet_plan_once(client: Any, world: Any) -> None:
    client.force_login(world.hamlet_head)
    url = reverse("plans:plan_create") + f"?don_vi={world.hamlet.pk}&nam=2024"
    page = client.get(url)
    assert page.status_code == 200
    token = page.context["form"]["form_token"].value()
    data = {
        "title": "Kế hoạch ấp An Lợi 2024",
        "owner": world.people["hamlet_head"].pk,
        "objectives": "Đạt khu dân cư kiểu mẫu",
        "form_token": token,
    }
    first = client.post(url, data)
    second = client.post(url, data)  # the double click
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Plan.objects.filter(unit=world.hamlet).count() == 1
    # The neighbouring hamlet's head cannot plan for An Lợi.
    client.force_login(world.hamlet_head2)
    assert client.get(url).status_code == 404


def test_double_submitted_task_creates_one(client: Any, world: Any, sets: f.Sets) -> None:
    plan = f.member_plan(world, sets)
    client.force_login(world.member)
    url = reverse("plans:task_create", args=[plan.pk])
    token = client.get(url).context["form"]["form_token"].value()
    data = {
        "title": "Mua sắm trang thiết bị nhà văn hóa",
        "owner_person": world.people["member"].pk,
        "deadline": "2024-11-30",
        "status": "chua_bat_dau",
        "progress": 0,
        "budget_central": 0,
        "budget_province": 0,
        "budget_commune": 50000000,
        "budget_integrated": 0,
        "budget_credit": 0,
        "budget_enterprise": 0,
        "budget_people": 5000000,
        "indicators": [sets.criteria[4].indicators.first().pk],
        "form_token": token,
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    tasks = Task.objects.filter(title="Mua sắm trang thiết bị nhà văn hóa")
    assert tasks.count() == 1
    task = tasks.get()
    assert task.budget_total == 55_000_000
    assert list(task.indicators.values_list("code", flat=True)) == ["4.1"]
    detail = client.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    assert "55.000.000 đồng" in detail


def test_task_form_refuses_bad_progress_and_dates(client: Any, world: Any, sets: f.Sets) -> None:
    plan = f.member_plan(world, sets)
    client.force_login(world.member)
    url = reverse("plans:task_create", args=[plan.pk])
    response = client.post(
        url,
        {
            "title": "X",
            "status": "chua_bat_dau",
            "progress": 150,
            "start": "2024-05-01",
            "deadline": "2024-04-01",
            **{
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
            },
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tiến độ phải từ 0 đến 100%." in html
    assert "Hạn hoàn thành không được trước ngày bắt đầu." in html


def test_timeline_is_server_side_svg_without_inline_style(
    client: Any, world: Any, sets: f.Sets, today: Any
) -> None:
    plan = f.member_plan(world, sets)
    client.force_login(world.member)
    html = client.get(reverse("plans:plan_timeline", args=[plan.pk])).content.decode()
    assert "<svg" in html and html.count("<rect") == 4  # two tasks: background + progress
    assert "style=" not in html and "<script" not in html.split("</head>")[1]
    assert "Tổ chức hội thi" in html
    assert 'fill="#a3161c"' in html  # "Tổ chức hội thi" (30/9) is overdue on 15/10


def test_done_sets_progress_and_completion_date(world: Any, sets: f.Sets, today: Any) -> None:
    task = f.first_task(f.member_plan(world, sets))
    task.status = "hoan_thanh"
    task.save()
    assert task.progress == 100 and task.completed_on == today
    assert not task.is_overdue


def test_plan_docx(client: Any, world: Any, sets: f.Sets) -> None:
    plan = f.member_plan(world, sets)
    client.force_login(world.officer)
    response = client.get(reverse("plans:plan_docx", args=[plan.pk]))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        body = docx.read("word/document.xml").decode()
    assert "KẾ HOẠCH" in body and "Tổ chức hội thi" in body


def test_roadmap_lists_registered_criteria_by_year(client: Any, world: Any, sets: f.Sets) -> None:
    from ntm.assessments.models import CriterionRegistration

    CriterionRegistration.objects.create(
        unit=world.hamlet, criterion=sets.hamlet_criteria[1], target_year=2024
    )
    CriterionRegistration.objects.create(
        unit=world.hamlet, criterion=sets.hamlet_criteria[2], target_year=2025, intent="reach"
    )
    client.force_login(world.hamlet_head)
    html = client.get(reverse("plans:roadmap", args=[world.hamlet.pk])).content.decode()
    assert html.index("Năm 2024") < html.index("1. Đường ngõ xóm") < html.index("Năm 2025")
    assert html.index("Năm 2025") < html.index("2. Vườn mẫu")
