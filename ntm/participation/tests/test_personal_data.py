"""A resident asks what ntm holds about them, then asks for it to be erased."""

import io
from typing import Any

from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from ntm.accounts.models import AccessLog
from ntm.mobilisation.models import Contribution
from ntm.mobilisation.tests.factories import contribution
from ntm.participation.models import Feedback
from ntm.participation.personal_data import ERASED
from ntm.participation.tests.factories import feedback

URL = "participation:personal_data"


def _seed(world: Any) -> tuple[Contribution, Feedback]:
    gift = contribution(
        world.hamlet, amount=2_000_000, name="Hộ bà Lê Thị Lợi", phone="0912 345 678"
    )
    contribution(world.hamlet, amount=500_000, name="Hộ ông Trần Văn Khác")
    question = feedback(world, name="Lê Thị Lợi", phone="0912345678")
    contribution(world.other_hamlet, amount=9, name="Hộ bà Lê Thị Lợi (xã khác)")
    return gift, question


def test_officer_finds_a_resident_by_name_without_diacritics_or_by_phone(
    client: Client, world: Any
) -> None:
    _seed(world)
    client.force_login(world.officer)
    html = client.get(reverse(URL), {"q": "le thi loi"}).content.decode()
    assert html.count("0912 345 678") == 1 and "Khi nào làm đường?" in html
    assert "xã khác" not in html  # another commune's resident is outside the officer's scope
    html = client.get(reverse(URL), {"q": "0912.345.678"}).content.decode()
    assert "Hộ bà Lê Thị Lợi" in html
    assert (
        AccessLog.objects.filter(user=world.officer, action="Tra cứu dữ liệu cá nhân").count() == 2
    )


def test_export_is_a_file_and_is_logged(client: Client, world: Any) -> None:
    _seed(world)
    client.force_login(world.officer)
    response = client.get(reverse(URL), {"q": "le thi loi", "xuat": "1"})
    assert response["Content-Disposition"] == 'attachment; filename="du-lieu-ca-nhan.xlsx"'
    rows = list(
        load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)
    )
    assert {row[1] for row in rows} == {"Hộ bà Lê Thị Lợi", "Lê Thị Lợi"}
    assert AccessLog.objects.filter(action="Xuất dữ liệu cá nhân", unit=world.commune).exists()


def test_erasure_removes_the_person_everywhere_but_keeps_the_money(
    client: Client, world: Any
) -> None:
    gift, question = _seed(world)
    total = Contribution.objects.filter(unit=world.hamlet).aggregate(s=Sum("amount"))["s"]
    client.force_login(world.officer)
    page = client.get(reverse(URL), {"q": "le thi loi"}).content.decode()
    keys = [f"Contribution:{gift.pk}", f"Feedback:{question.pk}"]
    assert all(key in page for key in keys)
    response = client.post(
        reverse(URL),
        {"q": "le thi loi", "chon": keys, "xac_nhan": "1", "can_cu": "Đơn ngày 14/10/2024"},
    )
    assert response.status_code == 302
    gift.refresh_from_db()
    question.refresh_from_db()
    assert gift.contributor_name == ERASED and gift.contributor_phone == ""
    assert question.name == ERASED and question.phone == ""
    assert gift.amount == 2_000_000
    assert Contribution.objects.filter(unit=world.hamlet).aggregate(s=Sum("amount"))["s"] == total
    # Nothing of the person survives in the audit history either; the erasure itself is recorded.
    assert not gift.history.filter(contributor_name__contains="Lợi").exists()
    assert not gift.history.filter(contributor_phone__contains="345").exists()
    assert not question.history.filter(phone__contains="345").exists()
    assert gift.history.filter(history_change_reason__startswith="Xóa dữ liệu cá nhân").exists()
    assert AccessLog.objects.filter(
        action="Xóa dữ liệu cá nhân", object_label__contains="2 bản ghi"
    ).exists()
    assert "Hộ bà Lê Thị Lợi" not in client.get(reverse(URL), {"q": "le thi loi"}).content.decode()


def test_erasure_needs_a_reason_and_a_confirmation(client: Client, world: Any) -> None:
    gift, _ = _seed(world)
    client.force_login(world.officer)
    client.post(
        reverse(URL), {"q": "le thi loi", "chon": [f"Contribution:{gift.pk}"], "can_cu": "x"}
    )
    client.post(
        reverse(URL),
        {"q": "le thi loi", "chon": [f"Contribution:{gift.pk}"], "xac_nhan": "1", "can_cu": " "},
    )
    gift.refresh_from_db()
    assert gift.contributor_name == "Hộ bà Lê Thị Lợi"


def test_only_officers_handle_personal_data(client: Client, world: Any) -> None:
    for key in ("hamlet_head", "member", "organisation", "upper"):
        client.force_login(world.users[key])
        assert client.get(reverse(URL), {"q": "le thi loi"}).status_code == 403
        assert client.get(reverse("participation:access_log")).status_code == 403


def test_the_access_log_is_scoped_to_the_commune(client: Client, world: Any) -> None:
    _seed(world)
    client.force_login(world.officer)
    client.get(reverse(URL), {"q": "le thi loi"})
    client.force_login(world.outsider)
    assert "le thi loi" not in client.get(reverse("participation:access_log")).content.decode()
    client.force_login(world.leader)
    assert "le thi loi" in client.get(reverse("participation:access_log")).content.decode()
