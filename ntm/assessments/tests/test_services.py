"""Values, status flow, recompute, permissions, locks, flags and registrations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ntm.assessments import queries, services
from ntm.assessments.models import (
    CriterionResult,
    IndicatorResult,
    IndicatorValue,
    Status,
    ValueStatus,
)
from ntm.assessments.services import ValueInput
from ntm.assessments.tests.factories import make_set, ratio_indicator, sample
from ntm.core.concurrency import StaleEdit
from ntm.criteria.models import Indicator, SetLevel, Target, TargetKeys
from ntm.criteria.periods import ensure_period, year_period

pytestmark = pytest.mark.django_db


def _ratio(n: int, d: int) -> ValueInput:
    return ValueInput(numerator=Decimal(n), denominator=Decimal(d))


def test_entering_a_value_recomputes_indicator_and_criterion(world: Any) -> None:
    s = sample(world)
    result = CriterionResult.objects.get(unit=world.commune, criterion=s.criterion)
    assert result.status == Status.NOT_MET
    assert "82,5% < 95% — yêu cầu vùng Đông Nam Bộ năm 2024" in result.explanation
    value = services.enter_value(
        user=world.officer,
        unit=world.commune,
        indicator=s.indicator,
        period=year_period(2024),
        data=_ratio(200, 200),
        expected_version=s.value.version,
    )
    assert value.status == ValueStatus.DRAFT
    result.refresh_from_db()
    assert result.status == Status.MET
    assert "100% ≥ 95%" in result.explanation
    assert IndicatorResult.objects.get(unit=world.commune, indicator=s.indicator).value == value


def test_zero_denominator_is_refused_at_entry(world: Any) -> None:
    s = sample(world)
    with pytest.raises(ValidationError) as exc:
        services.enter_value(
            user=world.hamlet_head,
            unit=world.hamlet,
            indicator=s.hamlet_indicator,
            period=year_period(2024),
            data=_ratio(5, 0),
        )
    assert "Mẫu số phải lớn hơn 0" in str(exc.value.message_dict["denominator"])
    with pytest.raises(ValidationError) as exc:
        services.enter_value(
            user=world.hamlet_head,
            unit=world.hamlet,
            indicator=s.hamlet_indicator,
            period=year_period(2024),
            data=_ratio(7, 5),
        )
    assert "Tử số không được lớn hơn mẫu số" in str(exc.value)


def test_stale_edit_is_refused(world: Any) -> None:
    s = sample(world)
    old = s.value.version
    services.enter_value(
        user=world.officer,
        unit=world.commune,
        indicator=s.indicator,
        period=year_period(2024),
        data=_ratio(150, 200),
        expected_version=old,
    )
    with pytest.raises(StaleEdit):
        services.enter_value(
            user=world.member,
            unit=world.commune,
            indicator=s.indicator,
            period=year_period(2024),
            data=_ratio(160, 200),
            expected_version=old,
        )


def test_locked_value_refuses_every_change(world: Any) -> None:
    s = sample(world)
    IndicatorValue.objects.filter(pk=s.hamlet_value.pk).update(locked=True)
    value = IndicatorValue.objects.get(pk=s.hamlet_value.pk)
    for call in (
        lambda: services.enter_value(
            user=world.officer,
            unit=world.hamlet,
            indicator=s.hamlet_indicator,
            period=year_period(2024),
            data=_ratio(60, 100),
        ),
        lambda: services.submit_value(user=world.hamlet_head, value=value),
        lambda: services.add_evidence(user=world.hamlet_head, value=value, link="https://vd.vn/a"),
    ):
        with pytest.raises(ValidationError) as exc:
            call()
        assert "đã khóa" in " ".join(exc.value.messages)
    value.refresh_from_db()
    assert value.numerator == Decimal(50)


def test_status_flow_and_who_may_do_what(world: Any) -> None:
    s = sample(world)
    value = s.hamlet_value
    with pytest.raises(PermissionDenied):
        services.submit_value(user=world.hamlet_head2, value=value)
    services.submit_value(user=world.hamlet_head, value=value)
    value.refresh_from_db()
    assert value.status == ValueStatus.SUBMITTED and value.submitted_at
    for user in (world.hamlet_head, world.member, world.organisation):
        with pytest.raises(PermissionDenied):
            services.approve_value(user=user, value=value)
    services.approve_value(user=world.officer, value=value)
    value.refresh_from_db()
    assert value.status == ValueStatus.APPROVED and value.approved_by == world.officer
    result = IndicatorResult.objects.get(unit=world.hamlet, indicator=s.hamlet_indicator)
    assert "chưa được duyệt" not in result.explanation


def test_can_enter_value(world: Any) -> None:
    s = sample(world)
    allowed = services.can_enter_value
    assert allowed(world.hamlet_head, world.hamlet, s.hamlet_indicator)
    assert not allowed(world.hamlet_head2, world.hamlet, s.hamlet_indicator)
    assert not allowed(world.hamlet_head, world.commune, s.indicator)
    assert allowed(world.member, world.commune, s.indicator)
    assert not allowed(world.member2, world.commune, s.indicator)  # not assigned to them
    assert not allowed(world.member, world.hamlet, s.hamlet_indicator)
    assert allowed(world.officer, world.hamlet, s.hamlet_indicator)
    assert not allowed(world.outsider, world.commune, s.indicator)
    assert not allowed(world.upper, world.commune, s.indicator)


def test_regression_against_the_previous_period(world: Any) -> None:
    s = sample(world)
    head, unit, ind = world.hamlet_head, world.hamlet, s.hamlet_indicator
    services.enter_value(
        user=head,
        unit=unit,
        indicator=ind,
        period=ensure_period("9thang", 2024),
        data=_ratio(90, 100),
    )
    # The year value (50%) stays below 70%: not met whatever the previous period says.
    year = CriterionResult.objects.get(
        unit=unit, criterion=s.hamlet_criterion, period=year_period(2024)
    )
    assert year.status == Status.NOT_MET
    services.enter_value(
        user=head, unit=unit, indicator=ind, period=year_period(2024), data=_ratio(85, 100)
    )
    year.refresh_from_db()
    assert year.status == Status.NOT_SUSTAINABLE
    assert "giảm so với kỳ trước (9 tháng năm 2024): 90%" in year.explanation
    # Changing the earlier period recomputes the later one.
    services.enter_value(
        user=head,
        unit=unit,
        indicator=ind,
        period=ensure_period("9thang", 2024),
        data=_ratio(80, 100),
    )
    year.refresh_from_db()
    assert year.status == Status.MET


def test_margin_setting(world: Any, settings: Any) -> None:
    s = sample(world)
    settings.NTM_SUSTAINABILITY_MARGIN_PERCENT = "5"
    services.enter_value(
        user=world.hamlet_head,
        unit=world.hamlet,
        indicator=s.hamlet_indicator,
        period=year_period(2024),
        data=_ratio(72, 100),
    )
    result = CriterionResult.objects.get(unit=world.hamlet, criterion=s.hamlet_criterion)
    assert result.status == Status.NOT_SUSTAINABLE and "trong biên 5%" in result.explanation
    settings.NTM_SUSTAINABILITY_MARGIN_PERCENT = "2"
    services.recompute(world.hamlet, criterion=s.hamlet_criterion, period=year_period(2024))
    result.refresh_from_db()
    assert result.status == Status.MET


def test_member_flag_makes_a_met_criterion_not_sustainable(world: Any) -> None:
    s = sample(world)
    services.enter_value(
        user=world.hamlet_head,
        unit=world.hamlet,
        indicator=s.hamlet_indicator,
        period=year_period(2024),
        data=_ratio(95, 100),
    )
    with pytest.raises(PermissionDenied):
        services.flag_not_sustainable(
            user=world.hamlet_head,
            unit=world.hamlet,
            criterion=s.hamlet_criterion,
            period=year_period(2024),
            reason="Không được tự đánh giá",
        )
    flag = services.flag_not_sustainable(
        user=world.member,
        unit=world.hamlet,
        criterion=s.hamlet_criterion,
        period=year_period(2024),
        reason="Nhà văn hóa xuống cấp",
    )
    result = CriterionResult.objects.get(unit=world.hamlet, criterion=s.hamlet_criterion)
    assert result.status == Status.NOT_SUSTAINABLE and "Nhà văn hóa xuống cấp" in result.explanation
    services.clear_flag(user=world.member, flag=flag)
    result.refresh_from_db()
    assert result.status == Status.MET


def test_recompute_for_target(world: Any) -> None:
    s = sample(world)
    target = Target.objects.get(indicator=s.indicator)
    target.value = Decimal("70")
    target.save()
    assert services.recompute_for_target(target) >= 1
    result = CriterionResult.objects.get(unit=world.commune, criterion=s.criterion)
    assert result.status == Status.MET
    target.verified = False
    target.save()
    services.recompute_for_target(target)
    result.refresh_from_db()
    assert result.status == Status.NO_TARGET
    assert "chưa có ngưỡng đã đối chiếu văn bản" in result.explanation


def test_criterion_without_indicators_has_no_threshold(world: Any) -> None:
    s = sample(world)
    empty = s.commune_set.criteria.get(number=2)
    result = CriterionResult.objects.get(unit=world.commune, criterion=empty)
    assert result.status == Status.NO_TARGET and "chưa có chỉ tiêu" in result.explanation
    summary = queries.summary_for(world.commune, s.commune_set, 2024)
    assert summary.text == "Đạt 0/2 tiêu chí"
    assert set(queries.criterion_statuses(world.commune, 2024)) == {s.criterion.pk, empty.pk}


def test_registrations_check_level_years_and_roles(world: Any) -> None:
    s = sample(world)
    with pytest.raises(ValidationError):
        services.register_set(
            user=world.admin, unit=world.hamlet, criteria_set=s.commune_set, year=2024
        )
    with pytest.raises(ValidationError):
        services.register_set(
            user=world.admin, unit=world.commune, criteria_set=s.commune_set, year=2030
        )
    with pytest.raises(PermissionDenied):
        services.register_set(
            user=world.hamlet_head, unit=world.commune, criteria_set=s.commune_set, year=2025
        )
    reg = services.register_criterion(
        user=world.hamlet_head, unit=world.hamlet, criterion=s.hamlet_criterion, target_year=2025
    )
    again = services.register_criterion(
        user=world.hamlet_head,
        unit=world.hamlet,
        criterion=s.hamlet_criterion,
        target_year=2024,
        intent="consolidate",
        expected_version=reg.version,
    )
    assert again.pk == reg.pk and again.target_year == 2024
    with pytest.raises(StaleEdit):
        services.register_criterion(
            user=world.hamlet_head,
            unit=world.hamlet,
            criterion=s.hamlet_criterion,
            target_year=2025,
            expected_version=reg.version - 1 if reg.version > 1 else 99,
        )
    with pytest.raises(PermissionDenied):
        services.register_criterion(
            user=world.hamlet_head2,
            unit=world.hamlet,
            criterion=s.hamlet_criterion,
            target_year=2025,
        )


def test_value_entry_form_on_the_web(client: Any, world: Any) -> None:
    s = sample(world)
    client.force_login(world.hamlet_head)
    url = reverse("assessments:value_entry", args=[world.hamlet.pk, s.hamlet_indicator.pk, 2024])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'capture="environment"' in html and 'accept="image/*"' in html
    assert "Tử số" in html and "Mẫu số" in html
    response = client.post(
        url,
        {
            "period": year_period(2024).pk,
            "version": s.hamlet_value.version,
            "numerator": "9",
            "denominator": "0",
        },
    )
    assert response.status_code == 200
    assert "Mẫu số phải lớn hơn 0" in response.content.decode()
    response = client.post(
        url,
        {
            "period": year_period(2024).pk,
            "version": s.hamlet_value.version,
            "numerator": "72,5",
            "denominator": "100",
            "gui": "1",
        },
    )
    assert response.status_code == 302
    value = IndicatorValue.objects.get(pk=s.hamlet_value.pk)
    assert value.numerator == Decimal("72.5") and value.status == ValueStatus.SUBMITTED
    # Bưng Chàm's head may not enter An Lợi's values: 404 (outside scope).
    client.force_login(world.hamlet_head2)
    assert client.get(url).status_code == 404


def test_boolean_indicator_is_a_radio(client: Any, world: Any) -> None:
    cset = make_set("TEST_BOOL", level=SetLevel.HAMLET, keys=TargetKeys.NONE, criteria=1)
    criterion = cset.criteria.get()
    indicator = Indicator.objects.create(
        criterion=criterion, code="1.1", name="Có nhà văn hóa", kind="boolean", comparison=">="
    )
    Target.objects.create(indicator=indicator, key="chung", value=1, verified=True)
    client.force_login(world.hamlet_head)
    url = reverse("assessments:value_entry", args=[world.hamlet.pk, indicator.pk, 2024])
    html = client.get(url).content.decode()
    assert 'type="radio"' in html and "Chưa đạt" in html
    assert client.post(url, {"period": year_period(2024).pk, "boolean": "1"}).status_code == 302
    result = IndicatorResult.objects.get(unit=world.hamlet, indicator=indicator)
    assert result.status == Status.MET


def test_ratio_target_for_another_region_does_not_apply(world: Any) -> None:
    cset = make_set("TEST_REGION", criteria=1)
    indicator = ratio_indicator(cset.criteria.get(), key="TDMNPB", threshold="50")
    services.register_set(user=world.admin, unit=world.commune, criteria_set=cset, year=2024)
    services.enter_value(
        user=world.officer,
        unit=world.commune,
        indicator=indicator,
        period=year_period(2024),
        data=_ratio(60, 100),
    )
    result = IndicatorResult.objects.get(unit=world.commune, indicator=indicator)
    assert result.status == Status.NO_TARGET and result.target is None
