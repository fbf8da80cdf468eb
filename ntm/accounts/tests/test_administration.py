"""Province and commune administrators manage units, people, accounts and roles in the app's
own screens: audited, 404 outside scope, 403 inside scope without the role."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ntm.accounts.models import (
    AccountAction,
    Person,
    Role,
    RoleAssignment,
    SecondFactorRequirement,
    User,
)
from ntm.accounts.scope import visible_units
from ntm.core import clock
from ntm.geography.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def _admin(world: Any, role: str, unit: Any, name: str) -> User:
    user = User.objects.create_user(username=name, password="x-Mat-khau-2025")
    RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


def test_commune_admin_manages_only_their_commune(client: Client, world: Any) -> None:
    commune_admin = _admin(world, Role.COMMUNE_ADMIN, world.commune, "qt.tanloi")
    client.force_login(commune_admin)
    assert client.get(reverse("administration:unit", args=[world.commune.pk])).status_code == 200
    assert (
        client.get(reverse("administration:unit", args=[world.other_commune.pk])).status_code == 404
    )
    other_person = world.people["outsider"]
    assert client.get(reverse("administration:person", args=[other_person.pk])).status_code == 404
    client.force_login(world.officer)  # inside scope, not an administrator
    assert client.get(reverse("administration:unit", args=[world.commune.pk])).status_code == 403


def test_province_admin_adds_hamlet_person_account_and_role_with_a_period(
    client: Client, world: Any
) -> None:
    province_admin = _admin(world, Role.PROVINCE_ADMIN, world.province, "qt.tinh")
    client.force_login(province_admin)
    unit_url = reverse("administration:unit", args=[world.other_commune.pk])
    response = client.post(unit_url, {"action": "hamlet", "ap-kind_name": "Thôn", "ap-name": "Mới"})
    assert response.status_code == 302
    hamlet = AdministrativeUnit.objects.get(name="Mới", parent=world.other_commune)
    assert hamlet.history.first().history_user == province_admin
    response = client.post(
        reverse("administration:unit", args=[hamlet.pk]),
        {"action": "person", "nguoi-full_name": "Hà Văn Mới", "nguoi-phone": "0900 000 000"},
    )
    person = Person.objects.get(full_name="Hà Văn Mới")
    person_url = reverse("administration:person", args=[person.pk])
    assert response.url == person_url
    response = client.post(person_url, {"action": "account", "tk-username": "truongthon.moi"})
    assert response.status_code == 302
    shown = client.get(person_url).content.decode()
    password = re.search(r"chỉ hiện một lần, hãy trao tận tay\): ([^\s<]+)", shown).group(1)  # type: ignore[union-attr]
    account = User.objects.get(username="truongthon.moi")
    assert account.check_password(password) and account.person == person
    with clock.pinned(dt.date(2026, 1, 10)):
        response = client.post(
            person_url,
            {
                "action": "role",
                "vt-role": Role.HAMLET_HEAD,
                "vt-unit": str(hamlet.pk),
                "vt-valid_from": "01/01/2026",
                "vt-valid_to": "31/12/2026",
            },
        )
        assert response.status_code == 302
        assert list(visible_units(User.objects.get(pk=account.pk))) == [hamlet]
    with clock.pinned(dt.date(2027, 1, 1)):  # the period ended: no scope any more
        assert list(visible_units(User.objects.get(pk=account.pk))) == []
    role = RoleAssignment.objects.get(user=account)
    assert role.history.first().history_user == province_admin


def test_reset_password_unlock_and_lock_are_logged(client: Client, world: Any) -> None:
    commune_admin = _admin(world, Role.COMMUNE_ADMIN, world.commune, "qt.tanloi")
    client.force_login(commune_admin)
    head = world.hamlet_head
    url = reverse("administration:person", args=[world.people["hamlet_head"].pk])
    client.post(url, {"action": "reset_password"})
    shown = client.get(url).content.decode()
    password = re.search(r"chỉ hiện một lần\): ([^\s<]+)", shown).group(1)  # type: ignore[union-attr]
    head.refresh_from_db()
    assert head.check_password(password)
    client.post(url, {"action": "unlock"})
    client.post(url, {"action": "deactivate"})
    head.refresh_from_db()
    assert not head.is_active
    assert list(
        AccountAction.objects.filter(account=head).order_by("pk").values_list("action", "by")
    ) == [
        ("Đặt lại mật khẩu", commune_admin.pk),
        ("Mở khóa đăng nhập", commune_admin.pk),
        ("Khóa tài khoản", commune_admin.pk),
    ]


def test_commune_admin_cannot_give_province_roles(client: Client, world: Any) -> None:
    commune_admin = _admin(world, Role.COMMUNE_ADMIN, world.commune, "qt.tanloi")
    client.force_login(commune_admin)
    url = reverse("administration:person", args=[world.people["member"].pk])
    response = client.post(
        url, {"action": "role", "vt-role": Role.PROVINCE_ADMIN, "vt-unit": str(world.commune.pk)}
    )
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(role=Role.PROVINCE_ADMIN).exists()
    response = client.post(
        url, {"action": "role", "vt-role": Role.OFFICER, "vt-unit": str(world.province.pk)}
    )
    assert response.status_code == 200  # the province is not among the commune admin's units
    assert not RoleAssignment.objects.filter(user=world.member, role=Role.OFFICER).exists()


def test_second_factor_requirement_is_stored_per_role(client: Client, world: Any) -> None:
    province_admin = _admin(world, Role.PROVINCE_ADMIN, world.province, "qt.tinh")
    client.force_login(province_admin)
    url = reverse("administration:unit", args=[world.province.pk])
    client.post(url, {"action": "second_factor", "hb-roles": [Role.LEADER, Role.OFFICER]})
    assert set(
        SecondFactorRequirement.objects.filter(unit=world.province).values_list("role", flat=True)
    ) == {Role.LEADER, Role.OFFICER}
    client.post(url, {"action": "second_factor", "hb-roles": [Role.LEADER]})
    assert list(SecondFactorRequirement.objects.values_list("role", flat=True)) == [Role.LEADER]


def test_province_sets_commune_groups_by_year_and_classes_by_span(
    client: Client, world: Any
) -> None:
    from ntm.geography.models import CommuneClassAssignment, CommuneGroup, CommuneGroupAssignment

    client.force_login(world.upper)  # the province's coordination office
    url = reverse("administration:commune_groups", args=[world.province.pk])
    group = CommuneGroup.objects.get(code="NHOM2")
    response = client.post(
        url,
        {
            "action": "group",
            "nhom-commune": str(world.commune.pk),
            "nhom-year": "2026",
            "nhom-group": str(group.pk),
            "nhom-basis": "Quyết định số 51/2025/QĐ-TTg",
        },
    )
    assert response.status_code == 302
    assert CommuneGroupAssignment.objects.get(unit=world.commune, year=2026).group == group
    data = {
        "action": "class",
        "loai-commune": str(world.commune.pk),
        "loai-year_from": "2021",
        "loai-year_to": "2025",
        "loai-commune_class": "DBKK",
    }
    assert client.post(url, data).status_code == 302
    overlapping = client.post(url, dict(data, **{"loai-year_from": "2024"}))
    assert "trùng với loại xã" in overlapping.content.decode()
    assert CommuneClassAssignment.objects.filter(unit=world.commune).count() == 1
    client.force_login(world.officer)  # a commune officer
    assert client.get(url).status_code == 404
