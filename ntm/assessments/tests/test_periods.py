"""Periods that match the work: months to the year, the period due now, no value for a period
that has not started, and the value just saved shown on the page that saved it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ntm.assessments import services
from ntm.assessments.models import IndicatorValue
from ntm.assessments.services import ValueInput
from ntm.assessments.tests.factories import sample
from ntm.core import clock
from ntm.criteria.models import Period
from ntm.criteria.periods import due_period, ensure_period, year_periods
from ntm.reports.models import ReportingRule

pytestmark = pytest.mark.django_db

OCT_15 = dt.date(2024, 10, 15)


def _labels(periods: list[Period]) -> list[str]:
    return [p.label for p in periods]


def test_a_year_has_months_quarters_six_nine_months_and_the_year_in_order() -> None:
    labels = _labels(year_periods(2024))
    assert len(labels) == 19
    assert labels[:4] == ["Tháng 1/2024", "Tháng 2/2024", "Tháng 3/2024", "Quý I/2024"]
    assert labels.index("Tháng 9/2024") < labels.index("Quý III/2024")
    assert labels.index("Quý III/2024") < labels.index("9 tháng năm 2024")
    assert labels[-1] == "Năm 2024"


def test_building_the_periods_of_a_year_takes_few_queries_and_no_more_with_more_kinds() -> None:
    year_periods(2023)  # kinds loaded, periods created
    with CaptureQueriesContext(connection) as first:
        year_periods(2023)
    with CaptureQueriesContext(connection) as new_year:
        year_periods(2031)  # creates all 19 periods at once
    assert len(first) == 2
    assert len(new_year) <= 5


def test_the_period_due_now_follows_the_reporting_deadlines() -> None:
    periods = year_periods(2024)
    # 15/10, 10 days allowed after each period: every closed period is overdue, so the month
    # running is due.
    assert due_period(periods, OCT_15).label == "Tháng 10/2024"  # type: ignore[union-attr]
    # With the rules' 20 days for Quý III and 9 tháng, the 9-month figures are due (20/10).
    days = {"quy3": 20, "9thang": 20}
    assert due_period(periods, OCT_15, days).label == "9 tháng năm 2024"  # type: ignore[union-attr]
    # Mid-November nothing closed is still open: the month running.
    assert due_period(periods, dt.date(2024, 11, 15), days).label == "Tháng 11/2024"  # type: ignore[union-attr]
    # A past year opens on the year; a year not started has nothing due.
    assert due_period(periods, dt.date(2026, 3, 1)).label == "Năm 2024"  # type: ignore[union-attr]
    assert due_period(periods, dt.date(2023, 12, 1)) is None


def test_a_value_for_a_period_that_has_not_started_is_refused(world: Any) -> None:
    s = sample(world)
    quarter_four = ensure_period("quy4", 2024)
    with clock.pinned(dt.date(2024, 9, 30)), pytest.raises(ValidationError) as refused:
        services.enter_value(
            user=world.hamlet_head,
            unit=world.hamlet,
            indicator=s.hamlet_indicator,
            period=quarter_four,
            data=ValueInput(numerator=Decimal(5), denominator=Decimal(10)),
        )
    assert "Quý IV/2024” chưa bắt đầu (từ ngày 01/10/2024)" in " ".join(refused.value.messages)
    assert not IndicatorValue.objects.filter(period=quarter_four).exists()


def test_value_entry_opens_on_the_period_due_and_shows_the_value_saved(
    client: Any, world: Any
) -> None:
    s = sample(world)
    client.force_login(world.hamlet_head)
    url = reverse("assessments:value_entry", args=[world.hamlet.pk, s.hamlet_indicator.pk, 2024])
    nine_months = ensure_period("9thang", 2024)
    october = ensure_period("thang10", 2024)
    with clock.pinned(OCT_15):
        page = client.get(url).content.decode()
        # No rule yet: 10 days after each period's end, so October, the month running, is due.
        assert f'<option value="{october.pk}" selected>' in page
        assert "Tháng 11/2024 (chưa bắt đầu)" in page
        assert "Kỳ Tháng 10/2024: chưa có số liệu." in page
        # The hamlets' rule gives 20 days after 9 tháng: the 9-month figures are due.
        ReportingRule.objects.create(
            unit=world.commune,
            period_kind=nine_months.kind,
            reporter_kind="hamlet",
            days_after_period_end=20,
        )
        page = client.get(url).content.decode()
        assert f'<option value="{nine_months.pk}" selected>' in page
        response = client.post(
            url,
            {"period": nine_months.pk, "numerator": "1.200", "denominator": "1.500"},
        )
        assert response.status_code == 302
        criterion_page = client.get(response["Location"]).content.decode()
        page = client.get(url, {"ky": nine_months.pk}).content.decode()
    assert "Đã lưu nháp số liệu. Kỳ 9 tháng năm 2024: 1.200/1.500 (80%)." in criterion_page
    saved = IndicatorValue.objects.get(
        unit=world.hamlet, indicator=s.hamlet_indicator, period=nine_months
    )
    assert (saved.numerator, saved.denominator) == (Decimal(1200), Decimal(1500))
    assert "Đã lưu kỳ 9 tháng năm 2024: <strong>1.200/1.500 (80%)</strong>" in page
    assert 'value="1.200"' in page and 'value="1.500"' in page


def test_a_period_not_started_cannot_be_posted_either(client: Any, world: Any) -> None:
    s = sample(world)
    client.force_login(world.hamlet_head)
    url = reverse("assessments:value_entry", args=[world.hamlet.pk, s.hamlet_indicator.pk, 2024])
    quarter_four = ensure_period("quy4", 2024)
    with clock.pinned(dt.date(2024, 9, 15)):
        response = client.post(
            url, {"period": quarter_four.pk, "numerator": "5", "denominator": "10"}
        )
    assert response.status_code == 200
    assert "chưa bắt đầu" in response.content.decode()
    assert not IndicatorValue.objects.filter(period=quarter_four).exists()


def test_ambiguous_numbers_are_refused_and_shown_again_as_typed(client: Any, world: Any) -> None:
    s = sample(world)
    client.force_login(world.hamlet_head)
    url = reverse("assessments:value_entry", args=[world.hamlet.pk, s.hamlet_indicator.pk, 2024])
    before = IndicatorValue.objects.get(pk=s.hamlet_value.pk).numerator
    response = client.post(
        url,
        {
            "period": s.hamlet_value.period_id,
            "version": s.hamlet_value.version,
            "numerator": "1,200.5",
            "denominator": "1.5",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="1,200.5"' in html and 'value="1.5"' in html
    assert "Viết kiểu Việt Nam: 1.200,5" in html
    assert "viết bằng dấu phẩy: 1,5" in html
    assert 'type="number"' not in html
    assert IndicatorValue.objects.get(pk=s.hamlet_value.pk).numerator == before
