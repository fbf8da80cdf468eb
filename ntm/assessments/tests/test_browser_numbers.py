"""A hamlet head types numbers the Vietnamese way in a real Chromium (vi-VN) on a phone."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import login
from ntm.assessments.models import IndicatorValue
from ntm.assessments.tests.factories import sample

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_1_200_stores_twelve_hundred_and_shows_1_200(
    phone: Any, live_server: Any, world: Any
) -> None:
    s = sample(world)
    login(phone, live_server.url, "hamlet.head")
    entry = (
        f"{live_server.url}/danh-gia/don-vi/{world.hamlet.pk}/chi-tieu/"
        f"{s.hamlet_indicator.pk}/nam/2024/nhap/"
    )
    phone.goto(entry)
    numerator = phone.get_by_label("Tử số")
    assert numerator.get_attribute("type") == "text"
    assert numerator.get_attribute("inputmode") == "decimal"

    # An English-style number is refused, kept as typed, and the page says how to type it.
    numerator.fill("1,200.5")
    phone.get_by_label("Mẫu số").fill("1.500")
    phone.get_by_role("button", name="Lưu nháp").click()
    expect(phone.get_by_text("Viết kiểu Việt Nam: 1.200,5")).to_be_visible()
    expect(phone.get_by_label("Tử số")).to_have_value("1,200.5")
    assert IndicatorValue.objects.get(pk=s.hamlet_value.pk).numerator == 50

    phone.get_by_label("Tử số").fill("1.200")
    expect(phone.locator("#ty-le")).to_have_text("80%")
    phone.get_by_role("button", name="Lưu nháp").click()
    expect(phone.get_by_text("Kỳ Năm 2024: 1.200/1.500 (80%).")).to_be_visible()

    value = IndicatorValue.objects.get(pk=s.hamlet_value.pk)
    assert (value.numerator, value.denominator) == (Decimal(1200), Decimal(1500))
    phone.goto(entry)
    expect(phone.locator("#da-luu")).to_contain_text("1.200/1.500 (80%)")
    expect(phone.get_by_label("Tử số")).to_have_value("1.200")
    expect(phone.get_by_label("Mẫu số")).to_have_value("1.500")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
