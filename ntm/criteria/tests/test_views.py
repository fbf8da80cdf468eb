"""Catalogue screens: what they show, who may change what, and constant query counts."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ntm.accounts.models import User
from ntm.criteria.models import CriteriaSet, Target
from ntm.criteria.tests.factories import first_target, small_set
from ntm.criteria.xlsx_export import export_set_xlsx
from ntm.criteria.xlsx_layout import SHEET_TARGETS


def national_set() -> CriteriaSet:
    return CriteriaSet.objects.get(code="XA_NTM_2021_2025")


def test_catalogue_shows_counts_and_verification_per_set(
    client: Any, shipped: Any, world: Any
) -> None:
    client.force_login(world.hamlet_head)  # public legal data: every signed-in person reads it
    response = client.get(reverse("criteria:set_list"))
    assert response.status_code == 200
    rows = {s.code: s for s in response.context["sets"]}
    national = rows["XA_NTM_2021_2025"]
    assert (national.n_criteria, national.n_indicators) == (19, 56)
    assert (national.n_targets, national.n_verified) == (35, 2)
    assert (
        rows["XA_NTM_KIEU_MAU_2021_2025"].n_targets,
        rows["XA_NTM_KIEU_MAU_2021_2025"].n_verified,
    ) == (4, 4)
    assert rows["XA_NTM_BINH_PHUOC_2021_2025"].n_verified == 6
    assert rows["XA_NTM_2026_2030"].n_indicators == 0
    html = response.content.decode()
    for text in ("Xã NTM 2021–2025", "318/QĐ-TTg", "51/2025/QĐ-TTg", "Đã đối chiếu", "Bổ sung cho"):
        assert text in html
    assert "Nhập bộ tiêu chí từ Excel" not in html  # a hamlet head cannot import
    assert 'href="/tieu-chi/"' in html  # menu item "Bộ tiêu chí"


def test_set_detail_shows_targets_with_their_state(client: Any, shipped: Any, world: Any) -> None:
    cset = national_set()
    extra = Target.objects.create(
        indicator=first_target(cset).indicator,
        key="DNB",
        year=2024,
        legal_text="Đạt",
        value_choice="Đạt",
        is_illustrative=True,
    )
    client.force_login(world.admin)
    response = client.get(reverse("criteria:set_detail", args=[cset.pk]))
    html = response.content.decode()
    assert "Tiêu chí 3. Thủy lợi và phòng, chống thiên tai" in html
    assert "≥ 80%" in html and "(ngưỡng số 80)" in html
    for badge in ("Đã đối chiếu", "Chưa đối chiếu", "Ngưỡng minh họa"):
        assert badge in html
    assert "recall: người nghiên cứu nhớ lại" in html
    assert reverse("criteria:target_edit", args=[extra.pk]) in html
    assert "năm 2024" in html and "năm 2.024" not in html


def test_provincial_set_shows_what_it_adds_and_what_it_inherits(
    client: Any, shipped: Any, world: Any
) -> None:
    cset = CriteriaSet.objects.get(code="XA_NTM_NANG_CAO_BINH_PHUOC_2021_2025")
    client.force_login(world.member)
    html = client.get(reverse("criteria:set_detail", args=[cset.pk])).content.decode()
    assert "Tiêu chí 20. Khu dân cư nông thôn mới kiểu mẫu" in html
    assert "Bộ của tỉnh" in html and "1361/QĐ-UBND" in html
    assert "Tiêu chí 19. Quốc phòng và An ninh" in html  # inherited from the national set
    assert "Xã NTM nâng cao 2021–2025" in html


def test_export_downloads_a_workbook(client: Any, world: Any) -> None:
    cset = small_set()
    client.force_login(world.hamlet_head)
    response = client.get(reverse("criteria:set_export", args=[cset.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="THU_NGHIEM.xlsx"'
    wb = load_workbook(io.BytesIO(response.content))
    assert SHEET_TARGETS in wb.sheetnames


@pytest.mark.parametrize(
    "who", ["hamlet_head", "member", "leader", "upper", "organisation", "officer"]
)
def test_only_admins_import_or_edit(client: Any, world: Any, who: str) -> None:
    target = first_target(small_set())
    client.force_login(world.users[who])
    edit = reverse("criteria:target_edit", args=[target.pk])
    # The province's coordination office (upper) imports into its own provincial sets
    # (test_province_ownership.py); it may not change this national set.
    refused_import = 200 if who == "upper" else 403
    assert client.get(reverse("criteria:set_import")).status_code == refused_import
    assert client.post(reverse("criteria:set_import")).status_code == refused_import
    assert client.get(edit).status_code == 403
    response = client.post(edit, {"legal_text": "x", "value": "1", "version": target.version})
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.legal_text == "≥ 80%"
    # Reading is still allowed.
    assert client.get(reverse("criteria:target_history", args=[target.pk])).status_code == 200


@pytest.mark.parametrize("who", ["admin", "superuser"])
def test_admins_and_superusers_may_edit(client: Any, world: Any, who: str) -> None:
    if who == "superuser":
        user = User.objects.create_superuser(username="sieu", password="x-y-z-123456")
    else:
        user = world.users[who]
    client.force_login(user)
    target = first_target(small_set())
    assert client.get(reverse("criteria:set_import")).status_code == 200
    assert client.get(reverse("criteria:target_edit", args=[target.pk])).status_code == 200


def _post(target: Target, **changes: Any) -> dict[str, Any]:
    data = {
        "legal_text": target.legal_text,
        "value": "" if target.value is None else str(target.value).replace(".", ","),
        "value_choice": target.value_choice,
        "source": target.source,
        "source_document": target.source_document,
        "source_date": target.source_date.strftime("%d/%m/%Y") if target.source_date else "",
        "source_part": target.source_part,
        "note": target.note,
        "version": target.version,
    }
    if target.verified:
        data["verified"] = "on"
    data.update(changes)
    return data


def test_target_edit_saves_with_history_and_refuses_a_stale_edit(client: Any, world: Any) -> None:
    target = first_target(small_set())
    client.force_login(world.admin)
    url = reverse("criteria:target_edit", args=[target.pk])
    stale_version = target.version
    response = client.post(
        url,
        _post(
            target,
            value="82,5",
            legal_text="≥ 82,5%",
            source="QĐ thử, trang 3",
            source_document="1/QĐ-TTg",
            source_date="01/01/2022",
            source_part="Phụ lục",
        ),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == Decimal("82.5") and target.version == stale_version + 1
    record = target.history.order_by("-history_date", "-history_id").first()  # type: ignore[attr-defined]
    assert record.history_user == world.admin

    response = client.post(url, _post(target, value="90", version=stale_version))
    assert response.status_code == 200
    assert "Người khác đã sửa bản ghi này" in response.content.decode()
    target.refresh_from_db()
    assert target.value == Decimal("82.5")

    history = client.get(reverse("criteria:target_history", args=[target.pk])).content.decode()
    assert "Lịch sử thay đổi" in history and "Quản Trị Viên" in history and "82.5" in history


def test_a_target_cannot_be_verified_and_illustrative(client: Any, world: Any) -> None:
    target = first_target(small_set())
    client.force_login(world.admin)
    response = client.post(
        reverse("criteria:target_edit", args=[target.pk]),
        _post(target, verified="on", is_illustrative="on"),
    )
    assert response.status_code == 200
    assert "không thể vừa" in response.content.decode()
    target.refresh_from_db()
    assert not target.is_illustrative


def _upload(data: bytes, name: str = "bo.xlsx") -> io.BytesIO:
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer


def test_import_page_applies_a_file_and_lists_errors_of_a_broken_one(
    client: Any, world: Any
) -> None:
    cset = small_set()
    target = first_target(cset)
    wb = load_workbook(io.BytesIO(export_set_xlsx(cset)))
    ws = wb[SHEET_TARGETS]
    ws.cell(2, 5).value = 85
    # A verified threshold's new value needs its source (document, date, article/annex).
    ws.cell(2, 13).value, ws.cell(2, 14).value, ws.cell(2, 15).value = (
        "318/QĐ-TTg",
        "04/03/2022",
        "Phụ lục I",
    )
    good = io.BytesIO()
    wb.save(good)
    ws.cell(3, 5).value = "tám mươi"
    bad = io.BytesIO()
    wb.save(bad)
    client.force_login(world.admin)
    url = reverse("criteria:set_import")

    response = client.post(url, {"file": _upload(bad.getvalue())})
    html = response.content.decode()
    assert "Tệp có 1 lỗi nên chưa thay đổi gì." in html
    assert "Sheet &#x27;Ngưỡng&#x27;, dòng 3, cột E: &#x27;tám mươi&#x27; không phải là số." in html
    target.refresh_from_db()
    assert target.value == Decimal(80)

    response = client.post(url, {"file": _upload(good.getvalue())}, follow=True)
    html = response.content.decode()
    assert "Đã nhập" in html and "Ngưỡng số: 80 → 85" in html
    target.refresh_from_db()
    assert target.value == Decimal(85)
    assert target.history.order_by("-history_id").first().history_user == world.admin  # type: ignore[attr-defined]

    response = client.post(url, {"file": _upload(b"<svg onload=alert(1)>", "x.xlsx")})
    assert "không phải là tệp Excel" in response.content.decode()


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def test_catalogue_and_detail_queries_do_not_grow_with_data(client: Any, world: Any) -> None:
    client.force_login(world.admin)
    small = small_set("MOT", criteria=2, indicators=2)
    small_set("HAI", criteria=1, indicators=1)
    list_url = reverse("criteria:set_list")
    detail_url = reverse("criteria:set_detail", args=[small.pk])
    _queries(client, list_url)  # warm caches (content types, roles)
    list_small, detail_small = _queries(client, list_url), _queries(client, detail_url)

    for n in range(10):
        small_set(f"THEM_{n}", criteria=3, indicators=3)
    small_set("MOT", criteria=20, indicators=5)  # the detailed set grows tenfold too
    assert _queries(client, list_url) == list_small
    assert _queries(client, detail_url) == detail_small


def test_admin_lists_the_catalogue(client: Any, shipped: Any) -> None:
    admin = User.objects.create_superuser(username="quantri2", password="x-y-z-123456")
    client.force_login(admin)
    for name in ("criteriaset", "criterion", "indicator", "target", "legalbasis"):
        assert client.get(f"/quan-tri/criteria/{name}/").status_code == 200
    target = first_target(national_set())
    assert client.get(f"/quan-tri/criteria/target/{target.pk}/history/").status_code == 200
