import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.world import PASSWORD


def _post_login(client: Client, username: str, password: str, ip: str = "10.0.0.7") -> Any:
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_login_page_is_vietnamese(client: Client, db: Any) -> None:
    response = client.get(reverse("accounts:login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html and "Tên đăng nhập" in html and "Mật khẩu" in html


def test_wrong_password_says_so_in_vietnamese(client: Client, world: Any) -> None:
    response = _post_login(client, "officer", "sai-mat-khau")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_correct_login_lands_on_home(client: Client, world: Any) -> None:
    response = _post_login(client, "officer", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_repeated_failures_lock_the_username_not_the_office(
    client: Client, world: Any, settings: Any
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, "member", "sai-mat-khau")
    locked = _post_login(client, "member", PASSWORD)
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "tạm thời bị khóa" in text and "nhập sai mật khẩu quá nhiều lần" in text
    # A colleague at the same office computer (same IP) still gets in.
    colleague = Client()
    response = _post_login(colleague, "officer", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_idle_session_ends(client: Client, world: Any, settings: Any) -> None:
    client.force_login(world.officer)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session["last_seen"] = time.time() - settings.NTM_IDLE_TIMEOUT_MINUTES * 60 - 5
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    # The session itself is over: not just this request turned away.
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:password_change")).status_code == 302


def test_active_session_stays(client: Client, world: Any) -> None:
    client.force_login(world.officer)
    for _ in range(3):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_password_reset_mail_is_vietnamese(client: Client, world: Any, mailoutbox: list) -> None:
    world.officer.email = "mai@example.org"
    world.officer.save()
    client.post(reverse("accounts:password_reset"), {"email": "mai@example.org"})
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Đặt lại mật khẩu ntm"
    assert "đặt mật khẩu mới" in mailoutbox[0].body


def test_second_factor_is_required_once_set_up(client: Client, world: Any) -> None:
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(world.leader)
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=world.leader)
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    response = client.post(reverse("accounts:otp_setup"), {"token": f"{token:06d}"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    # A new login must pass the code page before reaching anything else.
    other = Client()
    other.force_login(world.leader)
    response = other.get(reverse("units:unit_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    bad = other.post(reverse("accounts:otp_verify"), {"token": "000000"})
    assert "Mã không đúng" in bad.content.decode()
    device.refresh_from_db()
    device.last_t = -1
    device.throttle_reset()  # the wrong code above started django-otp's back-off
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    ok = other.post(reverse("accounts:otp_verify"), {"token": f"{token:06d}", "next": "/don-vi/"})
    assert ok.status_code == 302 and ok["Location"] == "/don-vi/"
    assert other.get(reverse("units:unit_list")).status_code == 200
