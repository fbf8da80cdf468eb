"""A resident's feedback: anonymous, rate-limited, honeypot; the officer answers and publishes."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from ntm.core import ratelimit
from ntm.participation.models import Feedback, FeedbackStatus
from ntm.participation.tests import factories as f

QUESTION = "Đường tổ 3 khi nào làm xong đoạn cuối?"


def _send(client: Client, world: Any, **extra: Any) -> Any:
    data = {"kind": "question", "text": QUESTION, "website": "", **extra}
    return client.post(reverse("participation:public_feedback", args=[world.hamlet.pk]), data)


def test_anonymous_feedback_reaches_the_officer_and_the_answer_is_published(world: Any) -> None:
    f.public(world)
    resident = Client()
    page = resident.get(reverse("participation:public_feedback", args=[world.hamlet.pk]))
    html = page.content.decode()
    assert (
        'name="contact_consent"' in html
        and "checked" not in html.split('name="contact_consent"')[1][:80]
    )
    response = _send(
        resident, world, name="Châu Thị Hường", phone="0900 555 201", contact_consent="on"
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.unit == world.hamlet and feedback.status == FeedbackStatus.NEW
    assert feedback.phone == "0900 555 201"

    officer = Client()
    officer.force_login(world.officer)
    queue = officer.get(reverse("participation:feedback_list")).content.decode()
    assert QUESTION in queue
    outsider = Client()
    outsider.force_login(world.outsider)
    assert QUESTION not in outsider.get(reverse("participation:feedback_list")).content.decode()

    public_url = reverse("participation:public_unit", args=[world.hamlet.pk])
    assert QUESTION not in resident.get(public_url).content.decode()
    detail = reverse("participation:feedback_detail", args=[feedback.pk])
    answer = "Đoạn cuối sẽ đổ bê tông trong tháng 11/2024."
    officer.post(detail, {"status": "new", "answer": answer, "version": feedback.version})
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.ANSWERED and feedback.answered_by == world.officer
    assert answer not in resident.get(public_url).content.decode()  # answered, not published
    officer.post(
        detail,
        {"status": "answered", "answer": answer, "is_published": "on", "version": feedback.version},
    )
    html = resident.get(public_url).content.decode()
    assert QUESTION in html and answer in html
    assert "0900 555 201" not in html and "Châu Thị Hường" not in html
    # The commune page shows its hamlets' published answers too.
    assert (
        answer
        in resident.get(
            reverse("participation:public_unit", args=[world.commune.pk])
        ).content.decode()
    )
    history = officer.get(
        reverse("participation:feedback_history", args=[feedback.pk])
    ).content.decode()
    assert "Công khai câu hỏi và trả lời" in history


def test_name_or_phone_needs_consent(client: Client, world: Any) -> None:
    f.public(world)
    response = _send(client, world, phone="0900 555 201")
    assert response.status_code == 200 and "đánh dấu đồng ý" in response.content.decode()
    assert not Feedback.objects.exists()


def test_publishing_needs_an_answer_and_only_officers_answer(client: Client, world: Any) -> None:
    feedback = f.feedback(world)
    client.force_login(world.officer)
    url = reverse("participation:feedback_detail", args=[feedback.pk])
    response = client.post(url, {"status": "new", "answer": "", "is_published": "on", "version": 1})
    assert "Cần có câu trả lời" in response.content.decode()
    client.force_login(world.hamlet_head)
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": "closed", "answer": "x", "version": 1}).status_code == 403


def test_twenty_submissions_a_minute_then_429(client: Client, world: Any) -> None:
    f.public(world)
    for i in range(20):
        response = _send(client, world, text=f"Câu hỏi số {i}")
        assert response.status_code == 302, i
    response = _send(client, world, text="Câu hỏi thứ 21")
    assert response.status_code == 429
    assert "quá nhiều lượt gửi" in response.content.decode()
    assert Feedback.objects.count() == 20
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert _send(other, world, text="Từ máy khác").status_code == 302
    # After the window, the address may send again.
    ratelimit.reset("feedback", "127.0.0.1")
    assert _send(client, world, text="Phút sau").status_code == 302


def test_limiter_counts_per_identity_and_window() -> None:
    ratelimit.reset("t", "a")
    assert all(ratelimit.hit("t", "a", limit=3, window=60) for _ in range(3))
    assert not ratelimit.hit("t", "a", limit=3, window=60)
    assert ratelimit.hit("t", "b", limit=3, window=60)


def test_honeypot_drops_bots_silently(client: Client, world: Any) -> None:
    f.public(world)
    response = _send(client, world, website="http://spam.example")
    assert response.status_code == 302
    assert not Feedback.objects.exists()


def test_double_submit_saves_once(client: Client, world: Any) -> None:
    f.public(world)
    _send(client, world, form_token="same")
    _send(client, world, form_token="same")
    assert Feedback.objects.count() == 1
