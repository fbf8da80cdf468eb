"""In a real Chromium: a hamlet head on a phone works through "Việc của tôi"; a difficulty
goes up to the leader and the direction comes back down, then turns overdue."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import login
from ntm.core import clock
from ntm.plans.models import RecipientGroup
from ntm.plans.tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = Path(__file__).resolve().parents[3] / "artifacts" / "screens"


def _shot(page: Any, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"plans-{name}.png"), full_page=True)


def test_hamlet_head_completes_a_directive_task_on_a_phone(
    phone: Any, live_server: Any, world: Any
) -> None:
    f.hamlet_plan(world)  # "Trồng hàng rào xanh", due 01/10/2024
    directive = f.directive(world, groups=(RecipientGroup.HAMLET, RecipientGroup.HAMLET_HEADS))
    with clock.pinned(dt.date(2024, 10, 15)):
        login(phone, live_server.url, "hamlet.head")
        overdue = phone.locator("#nhiem-vu li.late").filter(has_text="Trồng hàng rào xanh")
        expect(overdue).to_be_visible()
        expect(overdue).to_contain_text("Quá hạn")
        item = phone.locator("#chi-dao li").filter(has_text="Nhiệm vụ nhóm hamlet").first
        expect(item).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        _shot(phone, "viec-cua-toi-phone")
        item.get_by_role("link", name="Nhiệm vụ nhóm hamlet").click()
        phone.get_by_label("Trạng thái").select_option("hoan_thanh")
        phone.get_by_label("Kết quả, ghi chú").fill(
            "Đã rà soát xong các tiêu chí cùng thành viên BCĐ."
        )
        phone.get_by_role("button", name="Lưu tiến độ").click()
        expect(phone.get_by_role("status")).to_contain_text("Đã cập nhật tiến độ")
        expect(phone.locator("main")).to_contain_text("Hoàn thành")
        phone.goto(f"{live_server.url}/ke-hoach/chi-dao/{directive.pk}/")
        section = phone.locator("section.item").filter(has_text="Nhiệm vụ nhóm hamlet").first
        expect(section).to_contain_text("Hoàn thành 1/1")
        expect(section.locator("progress")).to_have_attribute("value", "100")
        # The other item (all hamlet heads) is still open and overdue for this hamlet.
        other = phone.locator("section.item").filter(has_text="Nhiệm vụ nhóm hamlet_heads")
        expect(other).to_contain_text("1 quá hạn")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        _shot(phone, "chi-dao-phone")


def test_difficulty_goes_up_and_the_direction_comes_down(
    phone: Any, desktop: Any, live_server: Any, world: Any
) -> None:
    with clock.pinned(dt.date(2024, 10, 2)):
        login(phone, live_server.url, "hamlet.head")
        phone.goto(f"{live_server.url}/ke-hoach/kho-khan/bao-cao/")
        phone.get_by_label("Khó khăn, vướng mắc").fill("Nhà thầu làm đường đã ngừng thi công")
        phone.get_by_label("Mô tả chi tiết").fill("Đường ấp làm được 40% thì dừng từ cuối tháng 9.")
        phone.get_by_role("button", name="Gửi lãnh đạo").click()
        expect(phone.get_by_role("status")).to_contain_text("Đã gửi khó khăn")

        login(desktop, live_server.url, "leader")
        expect(desktop.locator("#kho-khan")).to_contain_text("Nhà thầu làm đường đã ngừng thi công")
        desktop.goto(f"{live_server.url}/ke-hoach/kho-khan/")
        desktop.locator("#hang-cho").get_by_role(
            "link", name="Nhà thầu làm đường đã ngừng thi công"
        ).click()
        desktop.get_by_label("Ý kiến chỉ đạo").fill(
            "Giao công chức địa chính làm việc với nhà thầu, xong trong 10 ngày."
        )
        desktop.get_by_label("Người được giao xử lý").select_option(label="Lê Văn Tâm")
        desktop.get_by_label("Hạn xử lý").fill("2024-10-12")
        desktop.get_by_role("button", name="Gửi ý kiến chỉ đạo").click()
        expect(desktop.locator("#y-kien-chi-dao")).to_contain_text("12/10/2024")

        phone.goto(f"{live_server.url}/")
        answer = phone.locator("#kho-khan")
        expect(answer).to_contain_text("Ý kiến chỉ đạo: Giao công chức địa chính")
        expect(answer).not_to_contain_text("Quá hạn")
    with clock.pinned(dt.date(2024, 10, 13)):
        desktop.goto(f"{live_server.url}/ke-hoach/kho-khan/")
        row = desktop.locator("#hang-cho li").filter(has_text="Nhà thầu làm đường")
        expect(row).to_contain_text("Quá hạn xử lý")
        expect(row).to_have_class("task late")
        _shot(desktop, "kho-khan-desktop")
        phone.goto(f"{live_server.url}/")
        expect(phone.locator("#kho-khan")).to_contain_text("Quá hạn")
