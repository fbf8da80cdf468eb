"""First setup of a province and the bulk import of communes' hamlets, people and roles."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook

from ntm.accounts.models import (
    CommitteeMember,
    Organisation,
    OrganisationKind,
    Person,
    Role,
    RoleAssignment,
    SteeringCommittee,
    User,
)
from ntm.accounts.units_import import import_units_xlsx, template_xlsx
from ntm.geography import reference_2025
from ntm.geography.models import AdministrativeUnit

PASSWORD = "Mat-khau-Tinh-2025!"
pytestmark = pytest.mark.django_db


def test_reference_list_has_34_provinces_and_3321_communes() -> None:
    provinces = reference_2025.provinces()
    assert len(provinces) == 34
    assert sum(len(reference_2025.communes(p.code)) for p in provinces) == 3321
    dong_nai = reference_2025.province("75")
    assert dong_nai is not None and dong_nai.display_name == "Tỉnh Đồng Nai"
    assert "Tỉnh Bình Phước" in dong_nai.formed_from
    tan_loi = reference_2025.commune("25378")
    assert tan_loi is not None and tan_loi.display_name == "Xã Tân Lợi"
    assert "Xã Tân Hưng, Huyện Đồng Phú, Tỉnh Bình Phước" in tan_loi.formed_from


def _setup(tmp_path: Path, *extra: str) -> None:
    secret = tmp_path / "pw"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    call_command(
        "setup_province",
        "--province",
        "75",
        "--admin",
        "qt.dongnai",
        "--password-file",
        str(secret),
        *extra,
    )


def test_setup_province_creates_office_admin_and_communes_once(tmp_path: Path) -> None:
    _setup(tmp_path, "--communes", "25378,25351")
    _setup(tmp_path, "--communes", "25378,25351")
    province = AdministrativeUnit.objects.get(parent__isnull=True)
    assert province.display_name == "Tỉnh Đồng Nai" and province.code == "75"
    communes = AdministrativeUnit.objects.filter(parent=province).order_by("code")
    assert [c.display_name for c in communes] == ["Xã Tân Quan", "Xã Tân Lợi"]
    office = Organisation.objects.get(unit=province)
    assert office.kind == OrganisationKind.COORDINATION_OFFICE
    admin = User.objects.get(username="qt.dongnai")
    assert admin.check_password(PASSWORD)
    assert set(RoleAssignment.objects.filter(user=admin).values_list("role", flat=True)) == {
        Role.PROVINCE_ADMIN,
        Role.UPPER_VIEWER,
    }
    for commune in communes:
        kinds = set(Organisation.objects.filter(unit=commune).values_list("kind", flat=True))
        assert kinds == {OrganisationKind.PEOPLES_COMMITTEE, OrganisationKind.STEERING_COMMITTEE}
        assert SteeringCommittee.objects.filter(unit=commune).count() == 1
    assert province.history.first().history_change_reason == "Thiết lập ban đầu của tỉnh"


def test_setup_refuses_unknown_province_and_weak_password(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text(PASSWORD, encoding="utf-8")
    with pytest.raises(CommandError, match="Không có tỉnh"):
        call_command(
            "setup_province", "--province", "70", "--admin", "a", "--password-file", str(secret)
        )
    secret.write_text("123", encoding="utf-8")
    with pytest.raises(CommandError, match="chưa đủ mạnh"):
        call_command(
            "setup_province", "--province", "75", "--admin", "a", "--password-file", str(secret)
        )
    assert not AdministrativeUnit.objects.exists()


def _workbook(hamlets: list[list[Any]], people: list[list[Any]]) -> BytesIO:
    wb = load_workbook(BytesIO(template_xlsx()))
    for name, rows in (("Ấp, thôn", hamlets), ("Người", people)):
        ws = wb[name]
        ws.delete_rows(2, ws.max_row)
        for row in rows:
            ws.append(row)
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return out


PEOPLE = [
    ["25378", "", "Lê Văn Chủ", "UBND", "Chủ tịch UBND xã", "", "", "chutich.tanloi",
     "Lãnh đạo UBND (Chủ tịch, Phó Chủ tịch)", "01/07/2025", "", "Trưởng ban", ""],
    ["25378", "Ấp An Lợi", "Nguyễn Văn Út", "", "Trưởng ấp", "0912 000 111", "",
     "truongap.anloi", "hamlet_head", "", "", "", ""],
    ["25351", "Thôn Một", "Trần Thị Hai", "", "", "", "", "truongthon.mot", "hamlet_head",
     "", "", "", ""],
]  # fmt: skip


def test_import_units_from_xlsx_then_commune_user_logs_in(tmp_path: Path, client: Client) -> None:
    _setup(tmp_path, "--communes", "25378")
    upload = _workbook([["25378", "Ấp", "An Lợi", ""], ["25351", "Thôn", "Một", ""]], PEOPLE)
    result = import_units_xlsx(upload, password=PASSWORD)
    assert result.ok, result.errors
    assert (result.hamlets_created, result.people_created, result.roles_created) == (2, 3, 3)
    # The second commune came from the reference list, with its UBND and BCĐ.
    tan_quan = AdministrativeUnit.objects.get(code="25351")
    assert Organisation.objects.filter(unit=tan_quan).count() == 2
    head = User.objects.get(username="truongap.anloi")
    assert RoleAssignment.objects.get(user=head).unit.display_name == "Ấp An Lợi"
    assert CommitteeMember.objects.get(person__full_name="Lê Văn Chủ").role == "head"
    again = import_units_xlsx(_workbook([["25378", "Ấp", "An Lợi", ""]], PEOPLE[:2]))
    assert again.ok and (again.hamlets_created, again.people_created, again.roles_created) == (
        0,
        0,
        0,
    )
    response = client.post(
        "/dang-nhap/", {"username": "truongap.anloi", "password": PASSWORD}, follow=True
    )
    assert response.context["user"].is_authenticated


def test_import_units_with_an_error_changes_nothing_and_says_where(tmp_path: Path) -> None:
    _setup(tmp_path, "--communes", "25378")
    people_before = Person.objects.count()
    upload = _workbook(
        [["25378", "Ấp", "An Lợi", ""], ["25378", "Làng Xóm", "Sai", ""]],
        [*PEOPLE[:2], ["99999", "", "Người Lạ", "", "", "", "", "la", "Quản trị hệ thống",
                       "", "", "", ""]],
    )  # fmt: skip
    result = import_units_xlsx(upload)
    messages = [str(e) for e in result.errors]
    assert any(m.startswith("Sheet 'Ấp, thôn', dòng 3, cột B: 'Làng Xóm'") for m in messages)
    assert any("Sheet 'Người', dòng 4, cột A" in m and "99999" in m for m in messages)
    assert any("Sheet 'Người', dòng 4, cột I" in m for m in messages), messages
    assert Person.objects.count() == people_before
    assert not AdministrativeUnit.objects.filter(name="An Lợi").exists()


def test_import_units_without_password_gives_each_account_a_random_one(tmp_path: Path) -> None:
    _setup(tmp_path, "--communes", "25378")
    result = import_units_xlsx(_workbook([["25378", "Ấp", "An Lợi", ""]], PEOPLE[1:2]))
    assert result.ok, result.errors
    initial = result.accounts["truongap.anloi"]
    assert len(initial) >= 12
    assert User.objects.get(username="truongap.anloi").check_password(initial)


def test_first_run_screen_takes_a_superuser_from_empty_to_a_province(client: Client) -> None:
    root = User.objects.create_superuser(username="root", password="x-Mat-khau-2025")
    client.force_login(root)
    assert client.get("/quan-ly/").url == "/quan-ly/thiet-lap/"
    page = client.get("/quan-ly/thiet-lap/").content.decode()
    assert "Tỉnh Đồng Nai (75)" in page
    response = client.post(
        "/quan-ly/thiet-lap/",
        {
            "province": "75",
            "full_name": "Trần Quản Trị",
            "username": "qt.dongnai",
            "password": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    province = AdministrativeUnit.objects.get(parent__isnull=True)
    assert AdministrativeUnit.objects.filter(parent=province).count() == len(
        reference_2025.communes("75")
    )
    assert province.history.first().history_user == root
    assert client.get("/quan-ly/thiet-lap/").url == "/quan-ly/"
    client.force_login(User.objects.get(username="qt.dongnai"))
    assert client.get("/quan-ly/thiet-lap/").status_code == 403
    assert client.get(f"/quan-ly/don-vi/{province.pk}/").status_code == 200
