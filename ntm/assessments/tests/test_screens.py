"""Scorecard, matrix and criterion pages: content, labels and constant query counts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ntm.assessments import services
from ntm.assessments.models import Evidence, IndicatorValue
from ntm.assessments.tests.factories import jpeg_bytes, make_set, ratio_indicator, sample
from ntm.criteria.models import Criterion
from ntm.criteria.periods import ensure_period, year_period
from ntm.geography.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def _grow(world: Any, s: Any, factor: int) -> None:
    """Add criteria, indicators, values and evidence (commune and hamlet sets), and hamlets."""
    for cset in (s.commune_set, s.hamlet_set):
        start = cset.criteria.count() + 1
        for number in range(start, start + factor):
            criterion = Criterion.objects.create(
                criteria_set=cset, number=number, name=f"TC {number}"
            )
            ratio_indicator(criterion, code=f"{number}.1", threshold="60")
    level = world.hamlet.level
    for index in range(factor):
        hamlet = AdministrativeUnit.objects.create(
            level=level, parent=world.commune, kind_name="Ấp", name=f"Ấp thử {index}-{factor}"
        )
        IndicatorValue.objects.create(
            unit=hamlet,
            indicator=s.hamlet_indicator,
            period=year_period(2024),
            numerator=Decimal(1),
            denominator=Decimal(2),
        )
        services.register_set(user=world.admin, unit=hamlet, criteria_set=s.hamlet_set, year=2024)
    periods = [ensure_period(code, 2024) for code in ("quy1", "quy2", "quy3")]
    for criterion in Criterion.objects.filter(criteria_set=s.commune_set).prefetch_related(
        "indicators"
    ):
        for indicator in criterion.indicators.all():
            for period in periods:
                value, _ = IndicatorValue.objects.get_or_create(
                    unit=world.commune,
                    indicator=indicator,
                    period=period,
                    defaults={"numerator": Decimal(70), "denominator": Decimal(100)},
                )
                Evidence.objects.create(value=value, link="https://vd.vn/minh-chung")
        services.recompute(world.commune, criterion=criterion, period=year_period(2024))
    for criterion in Criterion.objects.filter(criteria_set=s.hamlet_set):
        for hamlet in AdministrativeUnit.objects.filter(parent=world.commune):
            services.recompute(hamlet, criterion=criterion, period=year_period(2024))


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    _count.last = [q["sql"] for q in ctx.captured_queries]  # type: ignore[attr-defined]
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["assessments:scorecard", "assessments:matrix"])
def test_query_count_does_not_grow_with_data(client: Any, world: Any, name: str) -> None:
    s = sample(world)
    client.force_login(world.officer)
    url = reverse(name, args=[world.commune.pk, 2024])
    _grow(world, s, 2)
    client.get(url)  # warm caches (sessions, content types)
    small = _count(client, url)
    before = list(_count.last)  # type: ignore[attr-defined]
    _grow(world, s, 20)
    # Growing takes a while: the idle-timeout middleware may touch the session on the next
    # request (once a minute). A warm-up request absorbs that write.
    client.get(url)
    large = _count(client, url)
    extra = "\n".join(q for q in _count.last if q not in before)  # type: ignore[attr-defined]
    assert large == small, f"{small} queries at 1×, {large} at 10×:\n{extra}"
    assert small <= 20


def test_scorecard_shows_summary_status_text_and_owner(client: Any, world: Any) -> None:
    s = sample(world)
    Criterion.objects.filter(pk=s.criterion.pk).update(sector="Địa chính - Xây dựng")
    client.force_login(world.leader)
    html = client.get(
        reverse("assessments:scorecard", args=[world.commune.pk, 2024])
    ).content.decode()
    assert "Đạt 0/2 tiêu chí" in html
    assert '<span class="badge bad">Chưa đạt</span>' in html
    assert "Địa chính - Xây dựng" in html
    assert "82,5% &lt; 95%" in html


def test_matrix_has_text_and_colour_and_marks_illustrative(client: Any, world: Any) -> None:
    sample(world)
    client.force_login(world.officer)
    html = client.get(reverse("assessments:matrix", args=[world.commune.pk, 2024])).content.decode()
    assert "Ấp An Lợi" in html and "Sóc Bưng Chàm" in html
    assert 'class="cell badge bad"' in html and ">Chưa đạt<" in html
    assert "minh họa" in html
    assert 'class="table-wrap"' in html
    # A hamlet head sees only their own row.
    client.force_login(world.hamlet_head)
    assert (
        client.get(reverse("assessments:matrix", args=[world.commune.pk, 2024])).status_code == 404
    )


def test_criterion_page_lists_targets_values_and_thumbnails(client: Any, world: Any) -> None:
    s = sample(world)
    client.force_login(world.hamlet_head)
    url = reverse("assessments:criterion", args=[world.hamlet.pk, s.hamlet_criterion.pk, 2024])
    html = client.get(url).content.decode()
    assert "ngưỡng minh họa" in html
    assert reverse("assessments:evidence_thumbnail", args=[s.hamlet_evidence.pk]) in html
    assert reverse("assessments:value_history", args=[s.hamlet_value.pk]) in html
    assert "50%" in html and "Nhập số liệu" in html
    # The commune's page for its criterion shows the "đã đối chiếu" label of a verified target.
    client.force_login(world.officer)
    html = client.get(
        reverse("assessments:criterion", args=[world.commune.pk, s.criterion.pk, 2024])
    ).content.decode()
    assert "đã đối chiếu văn bản" in html and "vùng Đông Nam Bộ" in html


def test_registration_page_roadmap(client: Any, world: Any) -> None:
    s = sample(world)
    client.force_login(world.hamlet_head)
    url = reverse("assessments:registrations", args=[world.hamlet.pk])
    response = client.post(
        url,
        {
            "action": "criteria",
            f"nam-{s.hamlet_criterion.pk}": "2025",
            f"muctieu-{s.hamlet_criterion.pk}": "reach",
            f"giaiphap-{s.hamlet_criterion.pk}": "Lắp đèn năng lượng mặt trời",
        },
    )
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "Lộ trình đạt chuẩn" in html and "Lắp đèn năng lượng mặt trời" in html
    client.force_login(world.hamlet_head)
    other = make_set("TEST_AP2", level="hamlet", keys="none", criteria=1)
    response = client.post(url, {"action": "set", "criteria_set": other.pk, "year": 2024})
    assert response.status_code == 302
    assert "TEST_AP2" in str(
        world.hamlet.set_registrations.values_list("criteria_set__code", flat=True)
    )


def test_evidence_thumbnail_bytes_are_a_jpeg(client: Any, world: Any) -> None:
    s = sample(world)
    client.force_login(world.officer)
    evidence = services.add_evidence(
        user=world.officer, value=s.value, upload=None, link="https://example.org/bien-ban"
    )
    assert evidence.link and not evidence.file
    response = client.get(reverse("assessments:evidence_thumbnail", args=[s.evidence.pk]))
    assert b"".join(response.streaming_content)[:3] == jpeg_bytes()[:3]
