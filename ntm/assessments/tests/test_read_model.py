"""The read model (ResultSummary, bases), returning one value, snapshots and the preview."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ntm.assessments import queries, services
from ntm.assessments.models import (
    Basis,
    CriterionResult,
    IndicatorResult,
    IndicatorValue,
    ResultSummary,
    ValueStatus,
)
from ntm.assessments.tests.factories import sample
from ntm.criteria.periods import ensure_period, year_period

pytestmark = pytest.mark.django_db


def test_summary_is_stored_and_follows_every_value_change(world: Any) -> None:
    s = sample(world)
    period = year_period(2024)
    row = ResultSummary.objects.get(unit=world.commune, criteria_set=s.commune_set, period=period)
    total = s.commune_set.criteria.count()
    assert (row.met, row.not_met, row.total) == (0, 1, total)
    assert row.no_data + row.no_target == total - 1
    services.enter_value(
        user=world.officer,
        unit=world.commune,
        indicator=s.indicator,
        period=period,
        data=services.ValueInput(numerator=Decimal(200), denominator=Decimal(200)),
    )
    row.refresh_from_db()
    assert (row.met, row.not_met) == (1, 0)
    summary = queries.summary(world.commune, s.commune_set, period)
    assert summary.text == f"Đạt 1/{total} tiêu chí"
    assert summary.period_label == "Năm 2024"


def test_illustrative_threshold_is_carried_to_results_and_summary(world: Any) -> None:
    s = sample(world)
    period = year_period(2024)
    target = s.hamlet_indicator.targets.get()
    target.verified = False  # an illustrative threshold nobody checked against a signed text
    target.save()
    services.recompute_for_target(target)
    services.enter_value(
        user=world.admin,
        unit=world.hamlet,
        indicator=s.hamlet_indicator,
        period=period,
        data=services.ValueInput(numerator=Decimal(90), denominator=Decimal(100)),
    )
    measured = IndicatorResult.objects.get(unit=world.hamlet, indicator=s.hamlet_indicator)
    assert measured.basis == Basis.ILLUSTRATIVE
    assert "ngưỡng minh họa" in measured.requirement
    assert "70" in measured.requirement and "70.0000" not in measured.requirement
    result = CriterionResult.objects.get(
        unit=world.hamlet, criterion=s.hamlet_criterion, period=period
    )
    assert result.illustrative
    assert result.status_text == "Đạt (ngưỡng minh họa)"
    summary = queries.summary(world.hamlet, s.hamlet_set, period)
    assert summary.illustrative == 1
    assert "ngưỡng minh họa" in summary.full_text


def test_rebuild_all_restores_a_lost_summary(world: Any) -> None:
    s = sample(world)
    period = year_period(2024)
    before = queries.summary(world.commune, s.commune_set, period)
    ResultSummary.objects.all().delete()
    services.rebuild_all()
    assert queries.summary(world.commune, s.commune_set, period) == before


def test_a_reviewer_returns_one_value_and_the_enterer_sees_it_at_home(world: Any) -> None:
    s = sample(world)
    value = services.enter_value(
        user=world.hamlet_head,
        unit=world.hamlet,
        indicator=s.hamlet_indicator,
        period=year_period(2024),
        data=services.ValueInput(numerator=Decimal(60), denominator=Decimal(100)),
    )
    services.submit_value(user=world.hamlet_head, value=value)
    with pytest.raises(PermissionDenied):
        services.return_value(user=world.hamlet_head, value=value, reason="Số liệu chưa đúng")
    with pytest.raises(ValidationError):
        services.return_value(user=world.officer, value=value, reason="  ")

    client = Client()
    client.force_login(world.officer)
    response = client.post(
        reverse("assessments:value_return", args=[value.pk]),
        {"reason": "Mẫu số phải là số hộ của ấp (120), không phải 100."},
    )
    assert response.status_code == 302
    value.refresh_from_db()
    assert value.status == ValueStatus.RETURNED
    assert value.returned_by == world.officer
    history = value.history.first()
    assert history.history_change_reason.startswith("Trả lại: Mẫu số phải là")
    assert history.history_user == world.officer

    head = Client()
    head.force_login(world.hamlet_head)
    home = head.get(reverse("home")).content.decode()
    assert "Số liệu bị trả lại, cần sửa" in home
    assert "Mẫu số phải là số hộ của ấp (120)" in home

    # Corrected and sent again: it leaves the home page.
    services.enter_value(
        user=world.hamlet_head,
        unit=world.hamlet,
        indicator=s.hamlet_indicator,
        period=year_period(2024),
        data=services.ValueInput(numerator=Decimal(60), denominator=Decimal(120)),
    )
    value.refresh_from_db()
    services.submit_value(user=world.hamlet_head, value=value)
    home = head.get(reverse("home")).content.decode()
    assert "Số liệu bị trả lại, cần sửa" not in home


def test_snapshot_preview_rolls_back_and_equals_the_snapshot(world: Any) -> None:
    s = sample(world)
    nine = ensure_period("9thang", 2024)
    sources = IndicatorValue.objects.filter(unit=world.hamlet, period=year_period(2024))
    before = IndicatorValue.objects.count()

    def read() -> Any:
        return queries.summary(world.hamlet, s.hamlet_set, nine)

    previewed = services.preview(user=world.admin, period=nine, sources=sources, build=read)
    assert IndicatorValue.objects.count() == before  # nothing kept
    assert not ResultSummary.objects.filter(unit=world.hamlet, period=nine).exists()
    copied = services.snapshot_values(user=world.admin, period=nine, sources=sources, reason="Nộp")
    assert copied == 1
    assert read() == previewed
    frozen = services.frozen_copies(nine).get()
    assert frozen.snapshot_of_id == s.hamlet_value.pk
    assert (
        services.set_locked(
            user=world.admin,
            values=IndicatorValue.objects.filter(pk=frozen.pk),
            locked=True,
            reason="Khóa",
        )
        == 1
    )
    frozen.refresh_from_db()
    assert frozen.locked


def test_scorecard_and_matrix_queries_do_not_grow_with_hamlets(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    s = sample(world)
    client = Client()
    client.force_login(world.officer)
    urls = [
        reverse("assessments:scorecard", args=[world.commune.pk, 2024]),
        reverse("assessments:matrix", args=[world.commune.pk, 2024]),
    ]
    for url in urls:
        client.get(url)
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    # A third registered hamlet with its own results: the same number of queries.
    from ntm.geography.models import AdministrativeUnit

    third = AdministrativeUnit.objects.create(
        name="Ấp Thử Ba",
        kind_name="Ấp",
        level=world.hamlet.level,
        parent=world.commune,
    )
    services.register_set(user=world.admin, unit=third, criteria_set=s.hamlet_set, year=2024)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200
