"""The contributions ledger: rules, totals computed by the database, what each role may do."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from ntm.mobilisation import queries
from ntm.mobilisation.models import Contribution, ContributionKind, FundingSource
from ntm.mobilisation.rules import contribution_problems
from ntm.mobilisation.services import load_funding_sources, source
from ntm.mobilisation.tests import factories as f


def test_sources_are_data_rows_loaded_idempotently(db: Any) -> None:
    load_funding_sources()
    codes = set(FundingSource.objects.values_list("code", flat=True))
    assert {
        "ngan-sach-trung-uong",
        "ngan-sach-tinh",
        "ngan-sach-xa",
        "long-ghep",
        "tin-dung",
        "doanh-nghiep",
        "dan-dong-gop",
    } <= codes
    assert load_funding_sources() == 0


def test_rules_name_what_is_missing() -> None:
    base = {
        "amount": 0,
        "quantity": None,
        "description": "",
        "name_consent": False,
        "consent_date": None,
    }
    assert "amount" in contribution_problems(kind="money", **base)
    assert "quantity" in contribution_problems(kind="land", **base)
    assert "quantity" in contribution_problems(kind="labour", **base)
    assert "description" in contribution_problems(kind="materials", **base)
    assert "consent_date" in contribution_problems(
        kind="money", **{**base, "amount": 1, "name_consent": True}
    )
    assert contribution_problems(kind="money", **{**base, "amount": 1_250_000}) == {}


def _seed_ledger(world: Any) -> None:
    road = f.work(world.hamlet)
    f.contribution(world.hamlet, amount=1_250_000, w=road)
    f.contribution(world.hamlet, amount=3_000_000, consent=dt.date(2024, 5, 1))
    f.contribution(world.hamlet, kind="land", quantity=Decimal("70"), w=road)
    f.contribution(world.hamlet, kind="land", quantity=Decimal("50"), w=road)
    f.contribution(world.hamlet, kind="labour", quantity=Decimal("60"), amount=9_000_000)
    f.contribution(world.hamlet2, amount=777_000, code="doanh-nghiep")
    f.contribution(world.other_hamlet, amount=99_000_000)  # another commune: never counted


def test_totals_equal_the_sum_of_rows(world: Any) -> None:
    _seed_ledger(world)
    totals = queries.contribution_totals(world.commune)
    rows = list(Contribution.objects.filter(unit__path__startswith=world.commune.path))
    assert (
        totals.amount == sum(r.amount for r in rows) == 1_250_000 + 3_000_000 + 9_000_000 + 777_000
    )
    assert totals.land_m2 == Decimal("120")
    assert totals.labour_days == Decimal("60")
    assert totals.money == 1_250_000 + 3_000_000 + 777_000
    for line in totals.by_source:
        assert line.amount == sum(r.amount for r in rows if r.source_id == line.source_id)
    hamlet = queries.contribution_totals(world.hamlet)
    assert hamlet.amount == 1_250_000 + 3_000_000 + 9_000_000


def test_on_screen_totals_by_source_equal_the_ledger(client: Client, world: Any) -> None:
    """The acceptance test: runs on SQLite and PostgreSQL (DATABASE_URL)."""
    _seed_ledger(world)
    client.force_login(world.officer)
    html = client.get(reverse("mobilisation:contribution_list")).content.decode()
    table = html.split('id="totals-by-source"')[1].split("</table>")[0]
    shown = {
        int(pk): int(amount.replace(".", ""))
        for pk, amount in re.findall(r'data-source="(\d+)">([\d.]+) đồng<', table)
    }
    expected = {
        row["source_id"]: row["total"]
        for row in Contribution.objects.filter(unit__path__startswith=world.commune.path)
        .values("source_id")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    by_hand: dict[int, int] = {}
    for row in Contribution.objects.filter(unit__path__startswith=world.commune.path):
        by_hand[row.source_id] = by_hand.get(row.source_id, 0) + row.amount
    assert shown == expected == by_hand
    assert "14.027.000 đồng" in html  # 1.250.000 + 3.000.000 + 9.000.000 + 777.000
    assert "120 m²" in html and "60 ngày công" in html


def test_ledger_list_queries_do_not_grow(
    client: Client, world: Any, django_assert_max_num_queries: Any
) -> None:
    client.force_login(world.officer)
    _seed_ledger(world)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("mobilisation:contribution_list"))  # warm the session
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("mobilisation:contribution_list"))
    for i in range(20):
        f.contribution(world.hamlet, amount=1000 + i, name=f"Hộ số {i}")
    with CaptureQueriesContext(connection) as big:
        client.get(reverse("mobilisation:contribution_list"))
    assert len(big) == len(small)


def test_hamlet_head_records_for_own_hamlet_only(client: Client, world: Any) -> None:
    load_funding_sources()
    client.force_login(world.hamlet_head)
    data = {
        "unit": world.hamlet.pk,
        "kind": "land",
        "source": source("dan-dong-gop").pk,
        "date": "2024-04-22",
        "contributor_kind": "household",
        "contributor_name": "Hộ ông Lâm Văn Được",
        "contributor_phone": "0900 555 101",
        "quantity": "70",
        "amount": "",
        "description": "Hiến đất",
        "receipt_number": "HD-01",
        "form_token": "tok-1",
    }
    response = client.post(reverse("mobilisation:contribution_new"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    row = Contribution.objects.get()
    assert row.unit == world.hamlet and row.recorded_by == world.hamlet_head
    assert not row.name_consent and row.public_name == ""
    # The same form sent twice saves once.
    client.post(reverse("mobilisation:contribution_new"), data)
    assert Contribution.objects.count() == 1
    # The neighbouring hamlet is not offered: the form refuses it.
    response = client.post(
        reverse("mobilisation:contribution_new"),
        {**data, "unit": world.hamlet2.pk, "form_token": "tok-2"},
    )
    assert response.status_code == 200 and Contribution.objects.count() == 1
    # Outside scope is a 404, not a 403.
    other = f.contribution(world.hamlet2, amount=1)
    assert client.get(reverse("mobilisation:contribution_edit", args=[other.pk])).status_code == 404


def test_member_cannot_write_the_ledger(client: Client, world: Any) -> None:
    row = f.contribution(world.hamlet, amount=1)
    client.force_login(world.member)
    assert client.get(reverse("mobilisation:contribution_edit", args=[row.pk])).status_code == 403
    assert client.get(reverse("mobilisation:contribution_new")).status_code == 403


def test_consent_is_recorded_and_edit_is_in_history(client: Client, world: Any) -> None:
    row = f.contribution(world.hamlet, amount=2_000_000, name="Hộ bà Trịnh Thị Sen")
    client.force_login(world.officer)
    data = {
        "unit": world.hamlet.pk,
        "kind": "money",
        "source": row.source_id,
        "date": "2024-05-01",
        "contributor_kind": "household",
        "contributor_name": row.contributor_name,
        "amount": "2000000",
        "name_consent": "on",
        "consent_date": "",
        "version": row.version,
    }
    response = client.post(reverse("mobilisation:contribution_edit", args=[row.pk]), data)
    assert "Ghi ngày người đóng góp đồng ý" in response.content.decode()
    data["consent_date"] = "2024-05-02"
    response = client.post(reverse("mobilisation:contribution_edit", args=[row.pk]), data)
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.public_name == "Hộ bà Trịnh Thị Sen" and row.version == 2
    html = client.get(reverse("mobilisation:contribution_history", args=[row.pk])).content.decode()
    assert "Đồng ý công khai tên" in html and "02/05/2024" in html
    # A stale edit (from version 1) is refused and says so.
    data["amount"] = "5"
    response = client.post(
        reverse("mobilisation:contribution_edit", args=[row.pk]), {**data, "version": 1}
    )
    assert response.status_code == 200 and "Người khác đã sửa" in response.content.decode()


@pytest.mark.parametrize("kind", [ContributionKind.MONEY])
def test_money_is_shown_the_vietnamese_way(client: Client, world: Any, kind: str) -> None:
    f.contribution(world.hamlet, kind=kind, amount=1_250_000)
    client.force_login(world.officer)
    html = client.get(reverse("mobilisation:contribution_list")).content.decode()
    assert "1.250.000 đồng" in html
