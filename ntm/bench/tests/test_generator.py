"""The synthetic province: deterministic, refuses a second run, and the key pages read a fixed
number of queries whatever its size (no timings here: those are ``make bench``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ntm.accounts.models import User
from ntm.assessments import services
from ntm.assessments.models import CriterionResult, IndicatorResult, IndicatorValue
from ntm.bench import run
from ntm.bench.generate import generate
from ntm.core import clock
from ntm.plans.models import Task
from ntm.reports.models import Submission

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 10, 15)


def fingerprint() -> dict[str, Any]:
    """What the generator wrote, by natural keys (primary keys differ between runs)."""
    values = sorted(
        (str(unit), code, label, str(number), str(num), str(den), boolean, status)
        for unit, code, label, number, num, den, boolean, status in IndicatorValue.objects.values_list(
            "unit__name",
            "indicator__code",
            "period__label",
            "number",
            "numerator",
            "denominator",
            "boolean",
            "status",
        )
    )
    results = sorted(
        CriterionResult.objects.values_list(
            "unit__name", "criterion__number", "period__label", "status", "explanation"
        )
    )
    return {
        "values": values,
        "results": results,
        "indicator_results": IndicatorResult.objects.count(),
        "users": sorted(User.objects.values_list("username", "full_name")),
        "tasks": Task.objects.count(),
        "submissions": sorted(Submission.objects.values_list("reporter_kind", "status")),
    }


def _generated(seed: int) -> dict[str, Any]:
    with transaction.atomic():
        generate(communes=2, hamlets_per_commune=2, years=2, seed=seed)
        result = fingerprint()
        transaction.set_rollback(True)
    return result


def test_same_seed_gives_the_same_province() -> None:
    first = _generated(7)
    assert first["values"] and first["results"] and first["tasks"] and first["submissions"]
    assert _generated(7) == first
    assert _generated(8)["values"] != first["values"]


def test_stored_results_agree_with_the_services() -> None:
    generate(communes=1, hamlets_per_commune=2, years=2, seed=3)
    before = {
        (r.unit_id, r.criterion_id, r.period_id): (r.status, r.explanation)
        for r in CriterionResult.objects.all()
    }
    for result in CriterionResult.objects.select_related("unit__level", "criterion", "period")[:12]:
        services.recompute(result.unit, period=result.period, criterion=result.criterion)
    after = {
        (r.unit_id, r.criterion_id, r.period_id): (r.status, r.explanation)
        for r in CriterionResult.objects.all()
    }
    assert after == before


def test_a_second_run_is_refused_clearly() -> None:
    call_command("generate_province", communes=1, hamlets_per_commune=1, years=1, seed=11)
    with pytest.raises(CommandError, match="đã có trong cơ sở dữ liệu"):
        call_command("generate_province", communes=1, hamlets_per_commune=1, years=1, seed=11)
    call_command(
        "generate_province", communes=1, hamlets_per_commune=1, years=1, seed=11, if_missing=True
    )


def _query_counts(seed: int) -> dict[str, int]:
    actors = run.find_actors(seed)
    counts = {}
    for label, url, user, _budget in run.key_pages(actors):
        client = Client()
        if user is not None:
            client.force_login(user)
        assert client.get(url).status_code == 200, label  # warm per-process caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, label
        counts[label] = len(captured)
    return counts


def test_key_pages_read_a_fixed_number_of_queries() -> None:
    with clock.pinned(TODAY):
        generate(communes=1, hamlets_per_commune=2, years=1, seed=21)
        generate(communes=4, hamlets_per_commune=7, years=3, seed=22)
        small, large = _query_counts(21), _query_counts(22)
    assert large == small
    assert max(large.values()) <= run.QUERY_BUDGET, large


def test_import_workbook_is_accepted() -> None:
    import io

    from ntm.criteria.xlsx_import import import_set_xlsx

    result = import_set_xlsx(
        io.BytesIO(run.import_workbook(rows=1000, code="TONG-HOP-NHAP-THU")), user=None
    )
    assert not result.errors, result.errors[:3]
