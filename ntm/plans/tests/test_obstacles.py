"""Difficulties: raised by anyone with a role, directed by the leadership, overdue, history."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from ntm.core import clock
from ntm.plans.models import Obstacle
from ntm.plans.tests import factories as f

pytestmark = pytest.mark.django_db


def _raise(client: Any, world: Any) -> Obstacle:
    client.force_login(world.hamlet_head2)
    page = client.get(reverse("plans:obstacle_create"))
    assert page.status_code == 200
    token = page.context["form"]["form_token"].value()
    data = {
        "unit": world.hamlet2.pk,
        "title": "Nhà thầu làm đường đã ngừng thi công",
        "description": "Đường sóc làm được 40% thì dừng.",
        "form_token": token,
    }
    assert client.post(reverse("plans:obstacle_create"), data).status_code == 302
    assert client.post(reverse("plans:obstacle_create"), data).status_code == 302  # twice
    return Obstacle.objects.get()


def test_full_life_of_a_difficulty(client: Any, world: Any) -> None:
    with clock.pinned(dt.date(2024, 10, 2)):
        obstacle = _raise(client, world)
        assert obstacle.state == "open" and obstacle.raised_by == world.hamlet_head2
        # It is in the leader's queue and on the leader's home.
        client.force_login(world.leader)
        assert "Nhà thầu làm đường" in client.get(reverse("plans:obstacle_list")).content.decode()
        home = client.get(reverse("home")).content.decode()
        assert "Chờ lãnh đạo chỉ đạo" in home and "Nhà thầu làm đường" in home
        # A member may not direct.
        client.force_login(world.member)
        direct = reverse("plans:obstacle_direct", args=[obstacle.pk])
        assert client.get(direct).status_code == 403
        client.force_login(world.leader)
        response = client.post(
            direct,
            {
                "direction": "Giao địa chính làm việc với nhà thầu trong 10 ngày.",
                "assignee": world.people["member2"].pk,
                "deadline": "2024-10-12",
                "version": obstacle.version,
            },
        )
        assert response.status_code == 302
    obstacle.refresh_from_db()
    assert obstacle.state == "directed" and obstacle.directed_by == world.leader
    assert obstacle.directed_on == dt.date(2024, 10, 2)
    with clock.pinned(dt.date(2024, 10, 12)):
        assert not obstacle.is_overdue
        client.force_login(world.hamlet_head2)
        home = client.get(reverse("home")).content.decode()
        assert "Giao địa chính làm việc với nhà thầu" in home
        # The assignee sees it as theirs.
        client.force_login(world.member2)
        assert "Được giao xử lý" in client.get(reverse("home")).content.decode()
    with clock.pinned(dt.date(2024, 10, 13)):
        assert obstacle.is_overdue
        client.force_login(world.leader)
        queue = client.get(reverse("plans:obstacle_list") + "?loc=qua-han").content.decode()
        assert "Quá hạn xử lý" in queue and "Nhà thầu làm đường" in queue
        # The raiser cannot resolve; the assignee can.
        client.force_login(world.hamlet_head2)
        resolve = reverse("plans:obstacle_resolve", args=[obstacle.pk])
        assert client.post(resolve, {"version": obstacle.version}).status_code == 403
        client.force_login(world.member2)
        client.post(resolve, {"version": obstacle.version, "note": "Nhà thầu đã thi công lại."})
    obstacle.refresh_from_db()
    assert obstacle.state == "resolved" and obstacle.resolution == "Nhà thầu đã thi công lại."
    assert not obstacle.is_overdue
    # The raiser closes it, then reopens it; every step is in the history.
    client.force_login(world.hamlet_head2)
    client.post(reverse("plans:obstacle_close", args=[obstacle.pk]), {"version": obstacle.version})
    obstacle.refresh_from_db()
    assert obstacle.state == "closed"
    client.post(reverse("plans:obstacle_reopen", args=[obstacle.pk]), {"version": obstacle.version})
    obstacle.refresh_from_db()
    assert obstacle.state == "open"
    history = client.get(reverse("plans:obstacle_history", args=[obstacle.pk])).content.decode()
    for text in ("Tạo mới", "Đã có ý kiến chỉ đạo", "Đã giải quyết", "Đã đóng", "Chờ chỉ đạo"):
        assert text in history


def test_upper_viewer_cannot_raise_and_outsider_cannot_see(client: Any, world: Any) -> None:
    client.force_login(world.upper)
    assert client.get(reverse("plans:obstacle_create")).status_code == 403
    obstacle = f.obstacle(world)
    client.force_login(world.outsider)
    assert client.get(reverse("plans:obstacle_detail", args=[obstacle.pk])).status_code == 404


def test_a_stale_transition_is_refused(client: Any, world: Any) -> None:
    obstacle = f.obstacle(world)
    client.force_login(world.leader)
    url = reverse("plans:obstacle_close", args=[obstacle.pk])
    response = client.post(url, {"version": obstacle.version + 1}, follow=True)
    assert "Người khác đã sửa" in response.content.decode()
    obstacle.refresh_from_db()
    assert obstacle.state == "open"


def test_only_the_raiser_or_managers_edit(client: Any, world: Any) -> None:
    obstacle = f.obstacle(world)
    client.force_login(world.member)
    assert client.get(reverse("plans:obstacle_edit", args=[obstacle.pk])).status_code == 403
    client.force_login(world.hamlet_head)
    assert client.get(reverse("plans:obstacle_edit", args=[obstacle.pk])).status_code == 200
