"""Public pages: published communes only, criteria status, money by source, no personal data,
a constant number of queries, the QR poster."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ntm.assessments.models import CriterionResult, SetRegistration, Status
from ntm.assessments.services import refresh_summary
from ntm.criteria.models import CriteriaSet, Criterion, SetLevel
from ntm.criteria.periods import year_period
from ntm.mobilisation.tests import factories as mf
from ntm.participation.services import enable_public_page
from ntm.participation.tests import factories as f


def _criteria_results(world: Any, year: int = 2024) -> None:
    cset = CriteriaSet.objects.create(
        code="TEST_KDC", name="Bộ tiêu chí thử", level=SetLevel.HAMLET, period="2021-2025"
    )
    period = year_period(year)
    for number, name, status in [
        (1, "Quy hoạch", Status.MET),
        (17, "Môi trường", Status.NOT_MET),
        (6, "Văn hóa", Status.NOT_SUSTAINABLE),
    ]:
        criterion = Criterion.objects.create(criteria_set=cset, number=number, name=name)
        CriterionResult.objects.create(
            unit=world.hamlet, criterion=criterion, period=period, status=status, explanation="x"
        )
    SetRegistration.objects.create(unit=world.hamlet, criteria_set=cset, year=year)
    refresh_summary(world.hamlet, cset, period)


def _money(world: Any) -> None:
    road = mf.work(world.hamlet)
    mf.funding(road, "ngan-sach-tinh", 450_000_000, 300_000_000)
    mf.funding(road, "dan-dong-gop", 120_000_000, 85_000_000)
    hidden = mf.work(world.hamlet, name="Công trình nội bộ", is_public=False)
    mf.funding(hidden, "ngan-sach-xa", 999_000_000)
    mf.contribution(
        world.hamlet,
        amount=5_000_000,
        name="Hộ ông Có Đồng Ý",
        phone="0900 111 222",
        consent=dt.date(2024, 4, 1),
        w=road,
    )
    mf.contribution(
        world.hamlet, amount=3_000_000, name="Hộ bà Không Đồng Ý", phone="0900 333 444", w=road
    )
    mf.contribution(
        world.hamlet, kind="land", quantity=Decimal("120"), name="Hộ ông Hiến Đất", w=road
    )


def test_unpublished_commune_is_404(client: Client, world: Any) -> None:
    url = reverse("participation:public_unit", args=[world.hamlet.pk])
    assert client.get(url).status_code == 404
    f.public(world)
    assert client.get(url).status_code == 200
    # Another commune (not published), a province, and a switched-off commune are 404.
    assert (
        client.get(reverse("participation:public_unit", args=[world.other_hamlet.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("participation:public_unit", args=[world.province.pk])).status_code
        == 404
    )
    enable_public_page(commune=world.commune, enabled=False)
    assert client.get(url).status_code == 404


def test_hamlet_page_shows_status_and_money_but_no_personal_data(
    client: Client, world: Any, today: Any
) -> None:
    f.public(world)
    _criteria_results(world)
    _money(world)
    html = client.get(reverse("participation:public_unit", args=[world.hamlet.pk])).content.decode()
    assert "Tiêu chí 17. Môi trường" in html and "Chưa đạt" in html
    # The same count as the scorecard: "Đạt nhưng chưa bền vững" is met, and the page says so.
    assert "Đạt nhưng chưa bền vững" in html
    assert "Đạt 2/3 tiêu chí, trong đó 1 đạt nhưng chưa bền vững" in html
    assert "kỳ: Năm 2024" in html and "Cách tính:" in html
    assert "Ngân sách tỉnh" in html and "450.000.000 đồng" in html and "300.000.000 đồng" in html
    assert "999.000.000" not in html  # a work not marked public
    assert "120 m²" in html and "8.000.000 đồng" in html
    assert "Hộ ông Có Đồng Ý" in html
    for secret in ["Hộ bà Không Đồng Ý", "Hộ ông Hiến Đất", "0900 111 222", "0900 333 444"]:
        assert secret not in html
    for person in world.people.values():
        assert person.phone not in html


def test_public_page_query_count_is_constant(client: Client, world: Any, today: Any) -> None:
    f.public(world)
    _criteria_results(world)
    _money(world)
    url = reverse("participation:public_unit", args=[world.commune.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(10):
        w = mf.work(world.hamlet2, name=f"Công trình {i}")
        mf.funding(w, "ngan-sach-xa", 1_000_000)
        mf.step_photo(w, public=True)
        mf.contribution(world.hamlet2, amount=10, name=f"Hộ {i}", consent=dt.date(2024, 1, 1))
        f.feedback(world, answer="Trả lời", is_published=True, answered_on=dt.date(2024, 5, 1))
        f.announcement(world)
    with CaptureQueriesContext(connection) as big:
        html = client.get(url).content.decode()
    assert len(big) == len(small) <= 20
    assert "Công trình 9" in html


def test_poster_has_a_qr_code_for_the_public_address(
    client: Client, world: Any, settings: Any
) -> None:
    settings.SITE_URL = "https://ntm.tanloi.example"
    f.public(world)
    html = client.get(
        reverse("participation:public_poster", args=[world.hamlet.pk])
    ).content.decode()
    expected = f"https://ntm.tanloi.example/cong-khai/{world.hamlet.pk}/"
    assert expected in html and "<svg" in html and "Ấp An Lợi" in html
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>")[0]
    svg = client.get(reverse("participation:public_qr", args=[world.hamlet.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.startswith(b"<?xml")
    import segno  # the code decodes back to the URL: compare with a fresh encoding

    assert segno.make(expected, error="m").svg_inline(scale=10, border=2, omitsize=True) in html


def test_public_photos_only_when_marked_public(client: Client, world: Any) -> None:
    f.public(world)
    work = mf.work(world.hamlet)
    private = mf.step_photo(work, public=False)
    shown = mf.step_photo(work, public=True)
    assert client.get(reverse("participation:public_photo", args=[private.pk])).status_code == 404
    response = client.get(reverse("participation:public_photo", args=[shown.pk]))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"


def test_hamlet_plan_tasks_are_shown_read_only(client: Client, world: Any, today: Any) -> None:
    from ntm.plans.models import Plan, Task

    f.public(world)
    plan = Plan.objects.create(
        unit=world.hamlet, year=2024, owner=world.people["hamlet_head"], title="Kế hoạch ấp 2024"
    )
    Task.objects.create(
        unit=world.hamlet,
        plan=plan,
        title="Trồng hàng rào xanh",
        progress=40,
        deadline=dt.date(2024, 11, 30),
    )
    html = client.get(reverse("participation:public_unit", args=[world.hamlet.pk])).content.decode()
    section = html.split('id="ke-hoach"')[1].split("</section>")[0]
    assert "Trồng hàng rào xanh" in section and "40%" in section and "30/11/2024" in section
