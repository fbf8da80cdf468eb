"""Issuing a directive gives every recipient a task; its page shows progress and overdue."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from ntm.plans.models import Directive, RecipientGroup, Task
from ntm.plans.tests import factories as f

pytestmark = pytest.mark.django_db

ALL_GROUPS = (
    RecipientGroup.MEMBERS,
    RecipientGroup.ORGANISATIONS,
    RecipientGroup.HAMLET_HEADS,
    RecipientGroup.HAMLET,
)


def test_issue_creates_a_task_per_recipient(world: Any) -> None:
    org = f.mass_org(world)
    directive = f.directive(world, groups=ALL_GROUPS)
    items = {i.group: i for i in directive.items.all()}
    members = Task.objects.filter(directive_item=items[RecipientGroup.MEMBERS])
    assert {t.owner_person for t in members} == {m.person for m in world.members.values()}
    orgs = Task.objects.filter(directive_item=items[RecipientGroup.ORGANISATIONS])
    assert {t.owner_organisation for t in orgs} == {world.mttq, org}
    heads = Task.objects.filter(directive_item=items[RecipientGroup.HAMLET_HEADS])
    assert {(t.unit, t.owner_person) for t in heads} == {
        (world.hamlet, world.people["hamlet_head"]),
        (world.hamlet2, world.people["hamlet_head2"]),
    }
    one = Task.objects.get(directive_item=items[RecipientGroup.HAMLET])
    assert one.unit == world.hamlet and one.owner_person == world.people["hamlet_head"]
    assert directive.is_issued
    assert all(t.deadline == dt.date(2024, 6, 30) for t in Task.objects.all())


def test_issuing_twice_creates_the_tasks_once(client: Any, world: Any) -> None:
    directive = f.directive(world, issue=False)
    client.force_login(world.leader)
    url = reverse("plans:directive_issue", args=[directive.pk])
    assert client.post(url, {"version": directive.version}).status_code == 302
    assert client.post(url, {"version": directive.version}).status_code == 302
    assert Task.objects.filter(directive_item__directive=directive).count() == len(world.members)


def test_only_managers_issue(client: Any, world: Any) -> None:
    directive = f.directive(world, issue=False, groups=(RecipientGroup.HAMLET_HEADS,))
    client.force_login(world.member)
    assert client.post(reverse("plans:directive_issue", args=[directive.pk])).status_code == 403
    assert client.get(reverse("plans:item_create", args=[directive.pk])).status_code == 403
    assert client.get(reverse("plans:directive_edit", args=[directive.pk])).status_code == 403
    assert not Task.objects.exists()


def test_officer_drafts_and_issues_a_directive_from_the_screens(client: Any, world: Any) -> None:
    client.force_login(world.officer)
    page = client.get(reverse("plans:directive_create"))
    token = page.context["form"]["form_token"].value()
    data = {
        "subject": "đẩy nhanh tiến độ các tiêu chí",
        "symbol": "UBND-KT",
        "date": "2024-10-01",
        "signer": world.people["leader"].pk,
        "signer_title": "PHÓ CHỦ TỊCH",
        "form_token": token,
    }
    assert client.post(reverse("plans:directive_create"), data).status_code == 302
    assert client.post(reverse("plans:directive_create"), data).status_code == 302
    directive = Directive.objects.get()
    url = reverse("plans:item_create", args=[directive.pk])
    missing = client.post(url, {"group": "hamlet", "title": "Ấp", "text": "Nội dung"})
    assert "Hãy chọn ấp (sóc) nhận nội dung chỉ đạo này." in missing.content.decode()
    item = client.get(url).context["form"]["form_token"].value()
    client.post(
        url,
        {
            "group": "hamlet",
            "hamlet": world.hamlet2.pk,
            "title": "Sửa đường",
            "text": "Sửa đường sóc",
            "deadline": "2024-10-10",
            "form_token": item,
        },
    )
    client.post(
        reverse("plans:directive_issue", args=[directive.pk]), {"version": directive.version}
    )
    task = Task.objects.get()
    assert task.unit == world.hamlet2 and task.owner_person == world.people["hamlet_head2"]


def test_directive_page_shows_progress_and_overdue(client: Any, world: Any, today: Any) -> None:
    directive = f.directive(world, groups=(RecipientGroup.HAMLET_HEADS,))
    done = Task.objects.get(unit=world.hamlet)
    done.status = "hoan_thanh"
    done.save()
    client.force_login(world.leader)
    html = client.get(reverse("plans:directive_detail", args=[directive.pk])).content.decode()
    assert "1/2 nhiệm vụ hoàn thành" in html
    assert "Hoàn thành 1/2" in html and "1 quá hạn" in html  # Bưng Chàm, deadline 30/6
    assert "Điểu Văn Lâm" in html and "Nguyễn Văn Út" in html


def test_hamlet_head_sees_only_their_row(client: Any, world: Any, today: Any) -> None:
    directive = f.directive(world, groups=(RecipientGroup.HAMLET_HEADS,))
    client.force_login(world.hamlet_head)
    response = client.get(reverse("plans:directive_detail", args=[directive.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nguyễn Văn Út" in html and "Điểu Văn Lâm" not in html
    # Not addressed to them: a members-only directive stays invisible.
    other = f.directive(world, groups=(RecipientGroup.MEMBERS,))
    assert client.get(reverse("plans:directive_detail", args=[other.pk])).status_code == 404
    listing = client.get(reverse("plans:directive_list")).content.decode()
    assert listing.count("V/v tổ chức thực hiện") == 1


def test_organisation_updates_its_directive_task(client: Any, world: Any) -> None:
    directive = f.directive(world, groups=(RecipientGroup.ORGANISATIONS,))
    task = Task.objects.get(directive_item__directive=directive, owner_organisation=world.mttq)
    client.force_login(world.organisation)
    url = reverse("plans:task_progress", args=[task.pk])
    assert (
        client.post(
            url, {"status": "dang_thuc_hien", "progress": 40, "version": task.version}
        ).status_code
        == 302
    )
    task.refresh_from_db()
    assert task.progress == 40
    # A member does not own the organisation's task.
    client.force_login(world.member)
    assert (
        client.post(
            url, {"status": "hoan_thanh", "progress": 100, "version": task.version}
        ).status_code
        == 403
    )


def test_directive_docx_is_a_cong_van_with_its_items(client: Any, world: Any) -> None:
    import io
    import zipfile

    directive = f.directive(world, groups=ALL_GROUPS)
    client.force_login(world.officer)
    response = client.get(reverse("plans:directive_docx", args=[directive.pk]))
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        body = docx.read("word/document.xml").decode()
    assert "V/v" in body and "Nội dung chỉ đạo cho nhóm members." in body
    assert "Đinh Quốc Duy" in body
