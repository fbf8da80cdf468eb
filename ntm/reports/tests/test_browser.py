"""The review loop in a real browser: submit, return with a reason, resubmit, approve, the
locked figure refuses a change, the approver reopens with a reason and the audit shows it."""

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import login
from ntm.core import clock
from ntm.reports import services
from ntm.reports.tests.conftest import DAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_submits_officer_returns_member_resubmits_officer_approves_then_reopens(
    browser: Any, live_server: Any, world: Any, reporting: Any
) -> None:
    base = live_server.url
    with clock.pinned(DAY):
        cycle = services.open_cycle(
            unit=world.commune, period=reporting.nine_months, opened_by=world.officer
        )
        submission = cycle.submissions.get(member=world.members["member"])
        member_ctx = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
        officer_ctx = browser.new_context(viewport={"width": 1280, "height": 860}, locale="vi-VN")
        member, officer = member_ctx.new_page(), officer_ctx.new_page()
        try:
            # The member finds the report on "Việc của tôi" and submits it.
            login(member, base, "member")
            member.locator("#bao-cao").get_by_role("link", name="Báo cáo 9 tháng năm 2024").click()
            member.get_by_label("Kết quả đạt được").fill("Nạo vét 3 km kênh nội đồng.")
            member.get_by_role("button", name="Nộp báo cáo").click()
            expect(member.locator("#trang-thai")).to_have_text("Đã nộp, chờ duyệt")
            expect(member.get_by_role("cell", name="95% (950/1.000)")).to_be_visible()

            # The officer returns it with a reason.
            login(officer, base, "officer")
            officer.goto(f"{base}/bao-cao/nop/{submission.pk}/")
            officer.get_by_label("Lý do").first.fill("Bổ sung minh chứng diện tích tưới.")
            officer.get_by_role("button", name="Trả lại báo cáo").click()
            expect(officer.locator("#trang-thai")).to_have_text("Bị trả lại")

            # The member sees the reason, corrects and resubmits.
            member.reload()
            expect(member.get_by_role("alert")).to_contain_text(
                "Bổ sung minh chứng diện tích tưới."
            )
            member.get_by_label("Kết quả đạt được").fill(
                "Nạo vét 3 km kênh; đã bổ sung biên bản nghiệm thu."
            )
            member.get_by_role("button", name="Nộp báo cáo").click()
            expect(member.locator("#trang-thai")).to_have_text("Đã nộp, chờ duyệt")

            # The officer approves: the 9-month figures lock.
            officer.reload()
            officer.get_by_role("button", name="Duyệt báo cáo").click()
            expect(officer.locator("#trang-thai")).to_have_text("Đã duyệt")

            # Changing the locked 9-month figure is refused, in Vietnamese.
            member.goto(
                f"{base}/danh-gia/don-vi/{world.commune.pk}/chi-tieu/{reporting.irrigated.pk}/nam/2024/nhap/"
                f"?ky={reporting.nine_months.pk}"
            )
            expect(member.get_by_role("alert")).to_contain_text("Số liệu này đã khóa")
            expect(member.get_by_role("button", name="Lưu và gửi")).to_be_disabled()

            # Only the approver reopens, with a reason; the audit keeps it.
            officer.reload()
            officer.get_by_label("Lý do").fill("Xã đề nghị điều chỉnh diện tích tưới.")
            officer.get_by_role("button", name="Mở lại").click()
            expect(officer.locator("#trang-thai")).to_have_text("Bị trả lại")
            officer.get_by_role("link", name="Lịch sử thay đổi").click()
            expect(
                officer.get_by_text("Mở lại: Xã đề nghị điều chỉnh diện tích tưới.")
            ).to_be_visible()
        finally:
            member_ctx.close()
            officer_ctx.close()
