"""A hamlet head on a phone and an officer on a desktop, in a real Chromium."""

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_is_vietnamese_on_a_phone(phone: Any, live_server: Any, world: Any) -> None:
    phone.goto(f"{live_server.url}/")
    assert "/dang-nhap/" in phone.url
    assert phone.locator("html").get_attribute("lang") == "vi"
    assert phone.get_by_role("heading", name="Đăng nhập").is_visible()
    assert phone.get_by_label("Tên đăng nhập").is_visible()
    # Nothing overflows a 360-px screen sideways.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


def test_hamlet_head_signs_in_on_a_phone_and_sees_only_their_hamlet(
    phone: Any, live_server: Any, world: Any
) -> None:
    login(phone, live_server.url, "hamlet.head")
    assert phone.get_by_role("heading", name="Xin chào, Nguyễn Văn Út").is_visible()
    phone.get_by_role("link", name="Đơn vị hành chính").click()
    rows = phone.locator("#results tbody tr")
    assert rows.count() == 1
    assert "Ấp An Lợi" in rows.first.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_officer_searches_units_without_diacritics(
    desktop: Any, live_server: Any, world: Any
) -> None:
    login(desktop, live_server.url, "officer")
    desktop.goto(f"{live_server.url}/don-vi/")
    desktop.get_by_placeholder("Tìm tên ấp, xã").fill("an loi")
    expect(desktop.locator("#results tbody tr")).to_have_count(1)
    assert "Ấp An Lợi" in desktop.locator("#results").inner_text()
    assert "an+loi" in desktop.url or "an%20loi" in desktop.url


def test_wrong_password_then_lockout_message(
    desktop: Any, live_server: Any, world: Any, settings: Any
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        login(desktop, live_server.url, "member", "sai")
    assert desktop.get_by_role("alert").filter(has_text="tạm thời bị khóa").is_visible()
