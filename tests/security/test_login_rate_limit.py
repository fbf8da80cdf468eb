"""Login is limited per address (failures only) on top of django-axes' per-username lock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from ntm.accounts.views import LOGIN_FAILURES_PER_ADDRESS
from ntm.core import ratelimit
from tests.world import PASSWORD

GUESSER = "203.0.113.7"
OFFICE = "198.51.100.20"


@pytest.fixture(autouse=True)
def _fresh_counters() -> Iterator[None]:
    for address in (GUESSER, OFFICE, "203.0.113.8"):
        ratelimit.reset("login", address)
    yield
    for address in (GUESSER, OFFICE, "203.0.113.8"):
        ratelimit.reset("login", address)


def _login(client: Any, username: str, password: str, address: str) -> Any:
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_many_usernames_guessed_from_one_address_are_stopped(client: Any, world: Any) -> None:
    # A different username every time: the per-username lock never triggers.
    for attempt in range(LOGIN_FAILURES_PER_ADDRESS):
        assert _login(client, f"khong-co-{attempt}", "sai", GUESSER).status_code == 200
    refused = _login(client, "officer", PASSWORD, GUESSER)  # even the right password
    assert refused.status_code == 429
    assert "quá nhiều lần đăng nhập sai từ địa chỉ mạng này" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    assert _login(client, "officer", PASSWORD, "203.0.113.8").status_code == 302


def test_an_office_behind_one_address_logs_in_all_morning(client: Any, world: Any) -> None:
    """Successful logins do not count: 3 × every account of the commune, plus a few typos."""
    users = ["admin", "leader", "officer", "member", "member2", "organisation"]
    for _round in range(3):
        for key in users:
            _login(client, "nhap-nham", "sai", OFFICE)
            response = _login(client, world.users[key].username, PASSWORD, OFFICE)
            assert response.status_code == 302, key
            client.logout()
    assert LOGIN_FAILURES_PER_ADDRESS >= 30  # generous: a NAT office is never locked out
