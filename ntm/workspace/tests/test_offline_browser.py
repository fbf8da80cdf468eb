"""A hamlet head with no signal (issue 19): values typed offline wait in the phone's outbox and
arrive once when the signal returns; a refused item keeps its reason; a conflict overwrites
nothing and reaches the reviewer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import login
from ntm.assessments import services
from ntm.assessments.models import Evidence, IndicatorValue
from ntm.assessments.tests.factories import jpeg_bytes, ratio_indicator, sample
from ntm.assessments.views import _due_period
from ntm.core import clock
from ntm.criteria.periods import year_periods
from ntm.workspace.models import OutboxReceipt, SyncConflict
from tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def field_day(world: Any) -> Any:
    with clock.pinned(date(2024, 10, 15)):
        s = sample(world)
        second = ratio_indicator(s.hamlet_criterion, code="1.2", threshold="60")
        # The entry page opens on the period due now: the stored value the phone edits is that
        # period's.
        due = _due_period(world.hamlet, year_periods(2024))
        IndicatorValue.objects.filter(pk=s.hamlet_value.pk).update(period=due)
        s.hamlet_value.refresh_from_db()
        yield s, second


def _entry(live_server: Any, world: Any, indicator: Any) -> str:
    return f"{live_server.url}/danh-gia/don-vi/{world.hamlet.pk}/chi-tieu/{indicator.pk}/nam/2024/nhap/"


def _prepare_phone(phone: Any, live_server: Any) -> None:
    """Signed in with a signal: the service worker takes over and the field pages are kept."""
    login(phone, live_server.url, "hamlet.head")
    expect(phone.locator("html[data-offline-pages]")).to_be_attached(timeout=30000)
    phone.reload()
    expect(phone.locator("html[data-offline-ready]")).to_be_attached(timeout=15000)


def _fill(phone: Any, numerator: str, denominator: str, photo: str | None = None) -> None:
    phone.get_by_label("Tử số").fill(numerator)
    phone.get_by_label("Mẫu số").fill(denominator)
    if photo:
        phone.get_by_label("Ảnh minh chứng").set_input_files(
            {"name": photo, "mimeType": "image/jpeg", "buffer": jpeg_bytes((320, 240))}
        )
    phone.get_by_role("button", name="Lưu và gửi").click()
    expect(phone.get_by_text("Đã lưu trên máy, chưa gửi.")).to_be_visible()


def test_two_values_with_photos_saved_offline_arrive_once(
    phone: Any, live_server: Any, world: Any, field_day: Any
) -> None:
    s, second = field_day
    _prepare_phone(phone, live_server)
    context = phone.context
    evidence_before = Evidence.objects.count()

    context.set_offline(True)
    phone.goto(_entry(live_server, world, s.hamlet_indicator))
    _fill(phone, "80", "100", "nha-van-hoa.jpg")
    expect(phone.get_by_role("link", name="Chưa gửi (1)")).to_be_visible()
    phone.goto(_entry(live_server, world, second))
    _fill(phone, "45", "60", "duong-ap.jpg")
    expect(phone.get_by_role("link", name="Chưa gửi (2)")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.close()
    assert IndicatorValue.objects.get(pk=s.hamlet_value.pk).numerator == 50  # nothing sent yet

    context.set_offline(False)
    page = context.new_page()
    page.goto(f"{live_server.url}/dong-bo/")
    expect(page.get_by_text("Không có mục nào chờ gửi trên máy này.")).to_be_visible(timeout=20000)
    expect(page.locator("[data-outbox-badge]")).to_be_hidden()
    first = IndicatorValue.objects.get(pk=s.hamlet_value.pk)
    assert first.numerator == 80 and first.status == "submitted"
    other = IndicatorValue.objects.get(unit=world.hamlet, indicator=second)
    assert other.numerator == 45 and other.denominator == 60
    assert Evidence.objects.count() == evidence_before + 2
    for evidence in Evidence.objects.filter(value__in=[first, other]).exclude(file=""):
        with evidence.file.open("rb") as handle:
            assert handle.read(3) == b"\xff\xd8\xff"  # a JPEG, intact
    assert OutboxReceipt.objects.filter(user=world.hamlet_head).count() == 2
    # Reopening later sends nothing again.
    page.reload()
    expect(page.get_by_text("Không có mục nào chờ gửi trên máy này.")).to_be_visible()
    assert OutboxReceipt.objects.count() == 2
    assert Evidence.objects.count() == evidence_before + 2


def test_refused_item_stays_with_its_reason(
    phone: Any, live_server: Any, world: Any, field_day: Any
) -> None:
    s, second = field_day
    _prepare_phone(phone, live_server)
    phone.context.set_offline(True)
    phone.goto(_entry(live_server, world, s.hamlet_indicator))
    _fill(phone, "70", "100")
    phone.goto(_entry(live_server, world, second))
    _fill(phone, "nhiều", "60")
    phone.context.set_offline(False)
    phone.goto(f"{live_server.url}/dong-bo/")
    item = phone.locator("[data-outbox-item]")
    expect(item).to_have_count(1, timeout=20000)
    expect(item.get_by_text("Bị từ chối")).to_be_visible()
    expect(item.get_by_role("alert")).to_contain_text("Chưa lưu được")
    expect(phone.get_by_role("link", name="Chưa gửi (1)")).to_be_visible()
    assert IndicatorValue.objects.get(pk=s.hamlet_value.pk).numerator == 70
    assert not IndicatorValue.objects.filter(indicator=second).exists()

    # Corrected from the sync screen, it is sent and saved.
    item.get_by_role("link", name="Sửa").click()
    expect(phone.get_by_label("Tử số")).to_have_value("nhiều")
    phone.get_by_label("Tử số").fill("40")
    phone.get_by_role("button", name="Lưu và gửi").click()
    phone.goto(f"{live_server.url}/dong-bo/")
    expect(phone.get_by_text("Không có mục nào chờ gửi trên máy này.")).to_be_visible(timeout=20000)
    assert IndicatorValue.objects.get(indicator=second).numerator == 40


def test_conflict_overwrites_nothing_and_reaches_the_reviewer(
    phone: Any, desktop: Any, live_server: Any, world: Any, field_day: Any
) -> None:
    s, _ = field_day
    _prepare_phone(phone, live_server)
    phone.context.set_offline(True)
    phone.goto(_entry(live_server, world, s.hamlet_indicator))
    _fill(phone, "90", "100", "ruong-lua.jpg")
    # Meanwhile the commune officer corrects the value on the server.
    services.enter_value(
        user=world.officer,
        unit=world.hamlet,
        indicator=s.hamlet_indicator,
        period=s.hamlet_value.period,
        data=services.ValueInput(numerator=Decimal(55), denominator=Decimal(100)),
        expected_version=s.hamlet_value.version,
    )
    phone.context.set_offline(False)
    phone.goto(f"{live_server.url}/dong-bo/")
    expect(phone.get_by_text("Không có mục nào chờ gửi trên máy này.")).to_be_visible(timeout=20000)
    value = IndicatorValue.objects.get(pk=s.hamlet_value.pk)
    assert value.numerator == 55  # not overwritten
    conflict = SyncConflict.objects.get()
    assert conflict.fields["numerator"] == ["90"] and conflict.attachment

    login(desktop, live_server.url, "officer")
    desktop.goto(f"{live_server.url}/dong-bo/xung-dot/")
    card = desktop.locator("[data-conflict]")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Chờ xem xét")
    expect(card.locator("table")).to_contain_text("55")
    expect(card.locator("table")).to_contain_text("90")
    card.get_by_role("button", name="Dùng bản gửi từ máy").click()
    expect(desktop.get_by_text("Đã dùng số liệu gửi từ máy.")).to_be_visible()
    assert IndicatorValue.objects.get(pk=s.hamlet_value.pk).numerator == 90


def test_lapsed_session_signs_in_again_and_keeps_the_outbox(
    phone: Any, live_server: Any, world: Any, field_day: Any
) -> None:
    s, _ = field_day
    _prepare_phone(phone, live_server)
    phone.context.set_offline(True)
    phone.goto(_entry(live_server, world, s.hamlet_indicator))
    _fill(phone, "75", "100")
    # The session ends while the phone has no signal.
    phone.context.clear_cookies()
    phone.context.set_offline(False)
    phone.goto(f"{live_server.url}/dong-bo/")
    expect(phone.get_by_label("Tên đăng nhập")).to_be_visible()
    phone.get_by_label("Tên đăng nhập").fill("hamlet.head")
    phone.get_by_label("Mật khẩu").fill(PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    expect(phone.get_by_text("Không có mục nào chờ gửi trên máy này.")).to_be_visible(timeout=20000)
    assert IndicatorValue.objects.get(pk=s.hamlet_value.pk).numerator == 75


def test_sign_out_clears_the_phone(
    phone: Any, live_server: Any, world: Any, field_day: Any
) -> None:
    s, _ = field_day
    _prepare_phone(phone, live_server)
    phone.context.set_offline(True)
    phone.goto(_entry(live_server, world, s.hamlet_indicator))
    _fill(phone, "nhiều", "100")  # refused when sent: it stays on the phone
    phone.context.set_offline(False)
    expect(phone.get_by_role("link", name="Chưa gửi (1)")).to_be_visible()
    phone.goto(f"{live_server.url}/dong-bo/")
    expect(phone.get_by_text("Bị từ chối")).to_be_visible(timeout=20000)
    asked: list[str] = []

    def accept(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.accept()

    phone.once("dialog", accept)
    phone.get_by_role("button", name="Đăng xuất").click()
    expect(phone.get_by_label("Tên đăng nhập")).to_be_visible()
    assert asked and "Còn 1 mục chưa gửi" in asked[0]
    # Nothing of the hamlet head is left: the next person sees no outbox and no cached page.
    login(phone, live_server.url, "hamlet.head2")
    phone.goto(f"{live_server.url}/dong-bo/")
    expect(phone.get_by_text("Không có mục nào chờ gửi trên máy này.")).to_be_visible()
    phone.context.set_offline(True)
    phone.goto(_entry(live_server, world, s.hamlet_indicator))
    expect(phone.get_by_text("Trang này chưa được tải về máy")).to_be_visible()
    assert IndicatorValue.objects.get(pk=s.hamlet_value.pk).numerator == 50
