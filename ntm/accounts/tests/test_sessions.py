"""Issue 21: sessions listed with device and time, "log out everywhere", and two-step
verification made mandatory per role by the province administrator."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from ntm.accounts.models import Role, SecondFactorRule, UserSession
from ntm.accounts.sessions import device_label
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db

ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Mobile Safari/537.36"
)
WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"


def _login(agent: str, username: str = "officer") -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_device_label_is_vietnamese() -> None:
    assert device_label(ANDROID) == "Chrome trên Android"
    assert device_label(WINDOWS) == "Firefox trên Windows"
    assert device_label("") == "Thiết bị không rõ"


def test_sessions_are_listed_with_device_and_time(world: Any) -> None:
    phone = _login(ANDROID)
    _login(WINDOWS)
    assert UserSession.objects.filter(user=world.officer).count() == 2
    page = phone.get(reverse("accounts:sessions")).content.decode()
    assert "Chrome trên Android" in page and "(thiết bị này)" in page
    assert "Firefox trên Windows" in page and "Đăng xuất khỏi mọi thiết bị" in page


def test_log_out_everywhere_ends_every_session(world: Any) -> None:
    phone = _login(ANDROID)
    computer = _login(WINDOWS)
    other = _login(WINDOWS, username="leader")
    response = phone.post(reverse("accounts:sessions_end_all"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    for client in (phone, computer):
        assert client.get(reverse("home")).status_code == 302  # back to the login page
    assert not UserSession.objects.filter(user=world.officer).exists()
    assert other.get(reverse("home")).status_code == 200  # another person is not affected


def test_ending_one_other_device(world: Any) -> None:
    phone = _login(ANDROID)
    computer = _login(WINDOWS)
    key = computer.session.session_key
    phone.post(reverse("accounts:sessions"), {"ket_thuc": key})
    assert computer.get(reverse("home")).status_code == 302
    assert phone.get(reverse("home")).status_code == 200


def test_second_factor_can_be_made_mandatory_per_role(world: Any) -> None:
    client = _login(WINDOWS, username="leader")
    assert client.get(reverse("home")).status_code == 200  # no rule yet
    SecondFactorRule.objects.create(role=Role.LEADER, required=True)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:otp_setup")
    setup = client.get(reverse("accounts:otp_setup"), follow=True)
    assert "bắt buộc xác thực hai bước" in setup.content.decode()
    member = _login(WINDOWS, username="member")
    assert member.get(reverse("home")).status_code == 200  # members are not concerned
    # Once an authenticator is confirmed, the usual code check applies instead.
    TOTPDevice.objects.create(user=world.users["leader"], name="x", confirmed=True)
    response = client.get(reverse("home"))
    assert reverse("accounts:otp_verify") in response["Location"]
