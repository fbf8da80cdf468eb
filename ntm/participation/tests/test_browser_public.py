"""A resident on a phone, no account: the An Lợi page of the demo, its privacy, and feedback."""

from __future__ import annotations

import os
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import login
from ntm.accounts.models import Person
from ntm.assessments.models import CriterionResult
from ntm.geography.models import AdministrativeUnit
from ntm.mobilisation.models import Contribution
from ntm.participation.models import Feedback, SurveySample

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[3] / "artifacts" / "screens"


def _shot(page: Any, name: str) -> None:
    if os.environ.get("NTM_SCREENSHOTS"):
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENS / f"participation-{name}.png"), full_page=True)


def test_an_loi_public_page_on_a_phone(phone: Any, live_server: Any, today: Any) -> None:
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())
    an_loi = AdministrativeUnit.objects.get(name="An Lợi", kind_name="Ấp")
    results = list(
        CriterionResult.objects.filter(
            unit=an_loi, period__year=2024, period__kind__code="nam"
        ).select_related("criterion")
    )
    phone.goto(f"{live_server.url}/cong-khai/{an_loi.pk}/")
    expect(phone.get_by_role("heading", name="Ấp An Lợi")).to_be_visible()
    status = phone.locator("#tieu-chi")
    expect(status).to_contain_text("Tình hình đạt tiêu chí năm 2024")
    assert results, "the demo evaluates An Lợi's criteria for 2024"
    for result in results:
        expect(status).to_contain_text(
            f"Tiêu chí {result.criterion.number}. {result.criterion.name}"
        )
    money = phone.locator("#nguon-von")
    expect(money).to_contain_text("Ngân sách tỉnh")
    expect(money).to_contain_text("Nhân dân đóng góp")
    expect(money).to_contain_text("đồng")
    expect(phone.locator("#dong-gop")).to_contain_text("120 m²")
    expect(phone.locator("#dong-gop")).to_contain_text("60 ngày công")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(phone, "an-loi-phone")

    html = phone.content()
    phones = {p for p in Person.objects.values_list("phone", flat=True) if p}
    phones |= {p for p in Contribution.objects.values_list("contributor_phone", flat=True) if p}
    phones |= {p for p in Feedback.objects.values_list("phone", flat=True) if p}
    assert len(phones) > 10
    for number in phones:
        assert number not in html, number
        assert number.replace(" ", "") not in html, number
    unconsented = set(
        Contribution.objects.filter(name_consent=False).values_list("contributor_name", flat=True)
    ) | set(
        Contribution.objects.filter(consent_date__isnull=True).values_list(
            "contributor_name", flat=True
        )
    )
    consented = set(
        Contribution.objects.filter(name_consent=True, consent_date__isnull=False).values_list(
            "contributor_name", flat=True
        )
    )
    assert unconsented
    for name in unconsented - consented:  # a household may have given twice, once with consent
        assert name not in html, name
    for name in Feedback.objects.exclude(name="").values_list("name", flat=True):
        assert name not in html, name
    for name in SurveySample.objects.values_list("household", flat=True):
        assert name not in html, name
    assert any(name in html for name in consented)  # consented names are shown

    # The QR poster, printable.
    phone.get_by_role("link", name="Áp phích mã QR").click()
    expect(phone.locator(".poster svg")).to_be_visible()
    expect(phone.locator(".poster-url")).to_contain_text(f"/cong-khai/{an_loi.pk}/")
    _shot(phone, "poster-phone")


def test_resident_asks_and_sees_the_published_answer(
    phone: Any, desktop: Any, live_server: Any, world: Any
) -> None:
    from ntm.participation.services import enable_public_page

    enable_public_page(commune=world.commune, enabled=True)
    phone.goto(f"{live_server.url}/cong-khai/{world.hamlet.pk}/")
    phone.get_by_role("link", name="Gửi câu hỏi, phản ánh").first.click()
    expect(phone.get_by_label("Tôi đồng ý để UBND xã lưu họ tên")).not_to_be_checked()
    phone.get_by_label("Nội dung").fill("Khi nào sửa đèn đường tổ 2?")
    _shot(phone, "feedback-phone")
    phone.get_by_role("button", name="Gửi").click()
    expect(phone.get_by_role("heading", name="Cảm ơn bà con đã gửi ý kiến")).to_be_visible()

    login(desktop, live_server.url, "officer")
    desktop.goto(f"{live_server.url}/y-kien/")
    desktop.get_by_role("link", name="Hỏi: Khi nào sửa đèn đường tổ 2?").click()
    desktop.get_by_label("Trả lời", exact=True).fill("Tuần sau điện lực sẽ thay bóng.")
    desktop.get_by_label("Công khai câu hỏi và trả lời").check()
    desktop.get_by_role("button", name="Lưu trả lời").click()
    expect(desktop.get_by_text("Đã lưu trả lời.")).to_be_visible()
    _shot(desktop, "feedback-answer-desktop")

    phone.goto(f"{live_server.url}/cong-khai/{world.hamlet.pk}/")
    expect(phone.locator("#hoi-dap")).to_contain_text("Tuần sau điện lực sẽ thay bóng.")
