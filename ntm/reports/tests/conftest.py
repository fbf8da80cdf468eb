"""A reporting world on top of the shared test world: a commune set with two criteria owned by
two members, a hamlet set, year values for 2024, and the default reporting rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from ntm.assessments.models import SetRegistration
from ntm.assessments.services import ValueInput, enter_value
from ntm.core import clock
from ntm.criteria.models import (
    Comparison,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorKind,
    SetLevel,
    Target,
    TargetKeys,
)
from ntm.criteria.periods import ensure_period, load_period_kinds, year_period
from ntm.plans.models import Assignment, AssignmentNotice
from ntm.reports.services import load_default_rules

DAY = dt.date(2024, 10, 15)


@pytest.fixture
def reporting(world: Any) -> Any:
    load_period_kinds()
    commune_set = CriteriaSet.objects.create(
        code="TEST_NANG_CAO",
        name="Bộ tiêu chí xã nâng cao (thử nghiệm)",
        level=SetLevel.COMMUNE,
        period="2021-2025",
        target_keys=TargetKeys.REGION,
    )
    hamlet_set = CriteriaSet.objects.create(
        code="TEST_AP",
        name="Bộ tiêu chí ấp (thử nghiệm)",
        level=SetLevel.HAMLET,
        period="2021-2025",
        target_keys=TargetKeys.NONE,
    )
    water = Criterion.objects.create(criteria_set=commune_set, number=3, name="Thủy lợi")
    culture = Criterion.objects.create(criteria_set=commune_set, number=6, name="Văn hóa")
    irrigated = Indicator.objects.create(
        criterion=water,
        code="3.1",
        name="Tỷ lệ diện tích được tưới tiêu chủ động",
        kind=IndicatorKind.RATIO,
        comparison=Comparison.AT_LEAST,
        unit_label="%",
    )
    Target.objects.create(
        indicator=irrigated, key="chung", value=Decimal("80"), legal_text="≥ 80%", verified=True
    )
    house = Indicator.objects.create(
        criterion=culture,
        code="6.1",
        name="Nhà văn hóa xã đạt chuẩn",
        kind=IndicatorKind.BOOLEAN,
        comparison=Comparison.EQUAL,
    )
    Target.objects.create(
        indicator=house, key="chung", value_choice="Đạt", legal_text="Đạt", verified=True
    )
    road = Criterion.objects.create(criteria_set=hamlet_set, number=1, name="Đường giao thông ấp")
    paved = Indicator.objects.create(
        criterion=road,
        code="1.1",
        name="Tỷ lệ đường ấp được cứng hóa",
        kind=IndicatorKind.RATIO,
        comparison=Comparison.AT_LEAST,
        unit_label="%",
    )
    Target.objects.create(
        indicator=paved, key="chung", value=Decimal("70"), legal_text="≥ 70%", is_illustrative=True
    )
    SetRegistration.objects.create(unit=world.commune, criteria_set=commune_set, year=2024)
    SetRegistration.objects.create(unit=world.hamlet, criteria_set=hamlet_set, year=2024)
    notice = AssignmentNotice.objects.create(
        unit=world.commune, committee=world.committee, year=2024, number=1
    )
    Assignment.objects.create(
        notice=notice, unit=world.commune, year=2024, criterion=water, lead=world.members["member"]
    )
    Assignment.objects.create(
        notice=notice,
        unit=world.commune,
        year=2024,
        criterion=culture,
        lead=world.members["member2"],
    )
    load_default_rules(unit=world.province)
    year = year_period(2024)
    with clock.pinned(DAY):
        enter_value(
            user=world.officer,
            unit=world.commune,
            indicator=irrigated,
            period=year,
            data=ValueInput(numerator=Decimal("950"), denominator=Decimal("1000")),
        )
        enter_value(
            user=world.officer,
            unit=world.commune,
            indicator=house,
            period=year,
            data=ValueInput(boolean=True),
        )
        enter_value(
            user=world.hamlet_head,
            unit=world.hamlet,
            indicator=paved,
            period=year,
            data=ValueInput(numerator=Decimal("3"), denominator=Decimal("5")),
        )
    return SimpleNamespace(
        commune_set=commune_set,
        hamlet_set=hamlet_set,
        water=water,
        culture=culture,
        irrigated=irrigated,
        house=house,
        paved=paved,
        year=year,
        nine_months=ensure_period("9thang", 2024),
    )
