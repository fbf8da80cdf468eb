"""Sets keyed by commune class (xã đặc biệt khó khăn / còn lại): the class recorded for the
commune in a year picks the target. Every threshold here is synthetic (60/80/90), not law."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ntm.assessments import queries, services
from ntm.assessments.models import CriterionResult, IndicatorResult, IndicatorValue, Status
from ntm.assessments.tests.factories import make_set, ratio_indicator
from ntm.criteria.models import Criterion, Indicator, Target, TargetKeys
from ntm.criteria.periods import year_period
from ntm.geography.models import (
    AdministrativeUnit,
    CommuneClass,
    CommuneClassAssignment,
    Level,
)

pytestmark = pytest.mark.django_db


def class_keyed_indicator() -> Indicator:
    """A class-keyed set: general 90 %, DBKK 60 %, OTHER 80 % (synthetic thresholds)."""
    cset = make_set("TEST_LOAI_XA", keys=TargetKeys.COMMUNE_CLASS, criteria=1)
    indicator = ratio_indicator(cset.criteria.get(number=1), code="1.1", threshold="90")
    for key, threshold in (("DBKK", "60"), ("OTHER", "80")):
        Target.objects.create(indicator=indicator, key=key, value=Decimal(threshold), verified=True)
    return indicator


def give_class(unit: AdministrativeUnit, code: str, year_from: int, year_to: int | None) -> None:
    assignment = CommuneClassAssignment(
        unit=unit,
        commune_class=code,
        year_from=year_from,
        year_to=year_to,
        basis="Quyết định thử nghiệm (không phải văn bản thật)",
    )
    assignment.full_clean()
    assignment.save()


def new_commune(world: Any, name: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.create(
        level=Level.objects.get(is_commune=True),
        parent=world.province,
        kind_name="Xã",
        name=name,
    )


def evaluate(unit: AdministrativeUnit, indicator: Indicator, year: int) -> CriterionResult:
    """70/100 = 70 % entered for ``unit`` in ``year``, then evaluated."""
    period = year_period(year)
    IndicatorValue.objects.update_or_create(
        unit=unit,
        indicator=indicator,
        period=period,
        defaults={"numerator": Decimal(70), "denominator": Decimal(100)},
    )
    return services.recompute(unit, period=period, indicator=indicator)


def test_each_commune_is_evaluated_against_the_target_of_its_class(world: Any) -> None:
    indicator = class_keyed_indicator()
    give_class(world.commune, CommuneClass.DBKK, 2021, 2025)
    give_class(world.other_commune, CommuneClass.OTHER, 2021, None)
    unrecorded = new_commune(world, "Chưa Ghi Nhận")

    difficult = evaluate(world.commune, indicator, 2024)
    assert difficult.status == Status.MET
    assert "70% ≥ 60% — yêu cầu xã đặc biệt khó khăn" in difficult.explanation
    target = IndicatorResult.objects.get(unit=world.commune, indicator=indicator).target
    assert target is not None and target.key == "DBKK"

    other = evaluate(world.other_commune, indicator, 2024)
    assert other.status == Status.NOT_MET
    assert "70% < 80% — yêu cầu xã còn lại" in other.explanation

    # No class recorded: today's behaviour (general target), and the explanation says why.
    general = evaluate(unrecorded, indicator, 2024)
    assert general.status == Status.NOT_MET
    assert "70% < 90% — yêu cầu chung, vì chưa ghi nhận xã thuộc loại" in general.explanation


def test_hamlets_take_the_class_of_their_commune(world: Any) -> None:
    give_class(world.commune, CommuneClass.DBKK, 2021, None)
    keys = queries.unit_keys(world.hamlet, TargetKeys.COMMUNE_CLASS, 2024)
    assert (keys.commune_class, keys.commune_class_label) == ("DBKK", "xã đặc biệt khó khăn")
    # Another commune's class never leaks to this one's hamlets.
    assert queries.unit_keys(world.other_hamlet, TargetKeys.COMMUNE_CLASS, 2024).commune_class == ""


def test_a_span_ending_in_2024_no_longer_applies_in_2025(world: Any) -> None:
    indicator = class_keyed_indicator()
    give_class(world.commune, CommuneClass.DBKK, 2021, 2024)

    in_2024 = evaluate(world.commune, indicator, 2024)
    assert "yêu cầu xã đặc biệt khó khăn" in in_2024.explanation
    in_2025 = evaluate(world.commune, indicator, 2025)
    assert in_2025.status == Status.NOT_MET
    assert "70% < 90% — yêu cầu chung" in in_2025.explanation
    assert "đặc biệt khó khăn hay còn lại" in in_2025.explanation

    # A new decision from 2025 lists the commune among the others.
    give_class(world.commune, CommuneClass.OTHER, 2025, None)
    in_2025 = evaluate(world.commune, indicator, 2025)
    assert "70% < 80% — yêu cầu xã còn lại" in in_2025.explanation
    assert queries.commune_class_in(world.commune, 2024) == "DBKK"
    assert queries.commune_class_in(world.commune, 2020) == ""


def test_no_class_and_no_general_target_says_the_class_is_missing(world: Any) -> None:
    cset = make_set("TEST_LOAI_XA_2", keys=TargetKeys.COMMUNE_CLASS, criteria=1)
    indicator = ratio_indicator(cset.criteria.get(number=1), code="1.1", key="DBKK")
    result = evaluate(world.commune, indicator, 2024)
    assert result.status == Status.NO_TARGET
    assert "chưa ghi nhận xã thuộc loại đặc biệt khó khăn hay còn lại" in result.explanation


def test_other_key_kinds_do_not_read_the_class(world: Any) -> None:
    give_class(world.commune, CommuneClass.DBKK, 2021, None)
    keys = queries.unit_keys(world.commune, TargetKeys.REGION, 2024)
    assert keys.commune_class == "" and keys.missing_key_note() == ""
    assert "vì chưa ghi nhận" not in keys.label_for("chung")


def test_the_class_lookup_is_one_query(world: Any) -> None:
    give_class(world.commune, CommuneClass.DBKK, 2021, None)
    hamlet = AdministrativeUnit.objects.get(pk=world.hamlet.pk)
    with CaptureQueriesContext(connection) as plain:
        queries.unit_keys(hamlet, TargetKeys.NONE, 2024)
    hamlet = AdministrativeUnit.objects.get(pk=world.hamlet.pk)
    with CaptureQueriesContext(connection) as keyed:
        keys = queries.unit_keys(hamlet, TargetKeys.COMMUNE_CLASS, 2024)
    assert keys.commune_class == "DBKK"
    assert len(keyed) == len(plain) + 1


def test_recomputing_a_class_keyed_criterion_costs_the_same_per_unit_as_a_group_keyed_one(
    world: Any,
) -> None:
    """The bulk recompute evaluates unit by unit (as for commune groups): the class adds the
    same single query per unit as the group does, never more."""

    def cost(keys: str, code: str, communes: int) -> int:
        cset = make_set(code, keys=keys, criteria=1)
        indicator = ratio_indicator(cset.criteria.get(number=1), code="1.1", threshold="90")
        units = [new_commune(world, f"{code} {n}") for n in range(communes)]
        for unit in units:
            if keys == TargetKeys.COMMUNE_CLASS:
                give_class(unit, CommuneClass.DBKK, 2021, None)
            evaluate(unit, indicator, 2024)
        criterion = Criterion.objects.get(pk=indicator.criterion_id)
        with CaptureQueriesContext(connection) as ctx:
            services.recompute_for_criterion(criterion)
        return len(ctx)

    for communes in (1, 3):
        assert cost(TargetKeys.COMMUNE_CLASS, f"C{communes}", communes) == cost(
            TargetKeys.COMMUNE_GROUP, f"G{communes}", communes
        )
