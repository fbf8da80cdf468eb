"""The hamlet head of An Lợi, on a 360-px phone, enters a ratio with a photo and submits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import login
from ntm.assessments.models import Evidence, IndicatorValue, ValueStatus
from ntm.assessments.tests.factories import jpeg_bytes, sample

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hamlet_head_enters_a_ratio_with_a_photo_on_a_phone(
    phone: Any, live_server: Any, world: Any, tmp_path: Path
) -> None:
    s = sample(world)
    photo = tmp_path / "thung-rac.jpg"
    photo.write_bytes(jpeg_bytes((640, 480)))
    login(phone, live_server.url, "hamlet.head")
    phone.goto(f"{live_server.url}/danh-gia/don-vi/{world.hamlet.pk}/nam/2024/")
    expect(phone.get_by_text("Đạt 0/2 tiêu chí")).to_be_visible()
    phone.get_by_role("link", name="Tiêu chí thử 1").click()
    expect(phone.locator("#trang-thai")).to_have_text("Chưa đạt")
    expect(phone.locator("#giai-thich")).to_contain_text("50% < 70%")

    phone.get_by_role("link", name="Nhập số liệu chỉ tiêu 1.1").click()
    phone.get_by_label("Tử số").fill("80")
    phone.get_by_label("Mẫu số").fill("100")
    expect(phone.locator("#ty-le")).to_have_text("80%")
    phone.get_by_label("Ảnh minh chứng").set_input_files(str(photo))
    phone.get_by_label("Mô tả minh chứng").fill("Thùng phân loại rác tại các hộ")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_role("button", name="Lưu và gửi").click()

    expect(phone.get_by_text("Đã lưu và gửi số liệu.")).to_be_visible()
    expect(phone.locator("#trang-thai")).to_have_text("Đạt")
    expect(phone.locator("#giai-thich")).to_contain_text("80% ≥ 70%")
    expect(phone.get_by_role("img", name="Thùng phân loại rác tại các hộ")).to_be_visible()
    value = IndicatorValue.objects.get(pk=s.hamlet_value.pk)
    assert value.status == ValueStatus.SUBMITTED
    assert Evidence.objects.filter(value=value, caption="Thùng phân loại rác tại các hộ").exists()
