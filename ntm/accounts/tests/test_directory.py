from typing import Any

from django.test import Client
from django.urls import reverse

from ntm.accounts.models import Person
from ntm.accounts.scope import visible_units
from ntm.geography.models import AdministrativeUnit


def test_unit_search_ignores_diacritics_and_case(client: Client, world: Any) -> None:
    client.force_login(world.officer)
    for query in ["an loi", "AN LOI", "An Lợi", "ấp an lợi"]:
        html = client.get(reverse("units:unit_list"), {"q": query}).content.decode()
        assert "Ấp An Lợi" in html, query
        assert "Sóc Bưng Chàm" not in html, query


def test_d_matches_d_with_stroke(world: Any) -> None:
    AdministrativeUnit.objects.create(
        level=world.hamlet.level, parent=world.commune, kind_name="Ấp", name="Đồng Tiến"
    )
    assert list(AdministrativeUnit.objects.search("dong tien").values_list("name", flat=True)) == [
        "Đồng Tiến"
    ]


def test_people_search_ignores_diacritics(client: Client, world: Any) -> None:
    client.force_login(world.officer)
    url = reverse("accounts:person_list")
    html = client.get(url, {"q": "dinh quoc duy"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Đinh Quốc Duy" in html
    assert "Trần Thị Mai" not in html
    html = client.get(url, {"q": "TRAN THI"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Trần Thị Mai" in html


def test_search_results_stay_inside_scope(client: Client, world: Any) -> None:
    client.force_login(world.outsider)
    html = client.get(reverse("accounts:person_list"), {"q": "duy"}).content.decode()
    assert "Đinh Quốc Duy" not in html
    html = client.get(reverse("units:unit_list"), {"q": "an loi"}).content.decode()
    assert "Ấp An Lợi" not in html


def test_hamlet_head_sees_own_hamlet_only(world: Any) -> None:
    names = set(visible_units(world.hamlet_head).values_list("name", flat=True))
    assert names == {"An Lợi"}


def test_upper_viewer_sees_every_commune_below(world: Any) -> None:
    names = set(visible_units(world.upper).values_list("name", flat=True))
    assert {"Tân Lợi", "Tân Lập", "An Lợi", "Suối Binh"} <= names


def test_htmx_search_returns_only_the_results_fragment(client: Client, world: Any) -> None:
    client.force_login(world.officer)
    response = client.get(reverse("units:unit_list"), {"q": "an loi"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="results"' in html and "<html" not in html


def test_editing_a_hamlet_is_in_its_history(client: Client, world: Any) -> None:
    client.force_login(world.officer)
    url = reverse("units:unit_edit", args=[world.hamlet.pk])
    client.post(
        url,
        {
            "name": "An Lợi",
            "kind_name": "Ấp",
            "code": "AL-01",
            "valid_from": "08/04/2024",
            "valid_to": "",
            "note": "Khu dân cư kiểu mẫu",
            "version": world.hamlet.version,
        },
    )
    world.hamlet.refresh_from_db()
    assert world.hamlet.code == "AL-01"
    html = client.get(reverse("units:unit_history", args=[world.hamlet.pk])).content.decode()
    assert "Lịch sử thay đổi" in html
    assert "Trần Thị Mai" in html  # who
    assert "Mã đơn vị" in html and "AL-01" in html  # field and the new value
    assert "08/04/2024" in html  # the day-first date as entered
    assert "Sửa" in html


def test_editing_a_person_is_in_their_history(client: Client, world: Any) -> None:
    person = world.people["hamlet_head"]
    client.force_login(world.officer)
    client.post(
        reverse("accounts:person_edit", args=[person.pk]),
        {
            "full_name": "Nguyễn Văn Út",
            "phone": "0911 999 888",
            "email": "",
            "organisation": "",
            "position": "",
            "version": person.version,
        },
    )
    html = client.get(reverse("accounts:person_history", args=[person.pk])).content.decode()
    assert "0911 000 007" in html  # before
    assert "0911 999 888" in html  # after
    assert "Trần Thị Mai" in html


def test_stale_edit_is_refused_and_shows_what_changed(client: Client, world: Any) -> None:
    person = world.people["hamlet_head"]
    stale_version = person.version
    client.force_login(world.officer)
    first = client.post(
        reverse("accounts:person_edit", args=[person.pk]),
        {"full_name": "Nguyễn Văn Út", "phone": "0911 111 111", "version": stale_version},
    )
    assert first.status_code == 302
    second = client.post(
        reverse("accounts:person_edit", args=[person.pk]),
        {"full_name": "Nguyễn Văn Út", "phone": "0911 222 222", "version": stale_version},
    )
    html = second.content.decode()
    assert second.status_code == 200
    assert "Người khác đã sửa bản ghi này" in html
    assert "0911 111 111" in html
    assert Person.objects.get(pk=person.pk).phone == "0911 111 111"


def test_hamlet_head_cannot_edit_the_hamlet_record(client: Client, world: Any) -> None:
    client.force_login(world.hamlet_head)
    response = client.get(reverse("units:unit_edit", args=[world.hamlet.pk]))
    assert response.status_code == 403
    assert "không có quyền" in response.content.decode()


def test_text_is_stored_nfc(world: Any) -> None:
    import unicodedata

    person = Person.objects.create(
        full_name=unicodedata.normalize("NFD", "Lê Thị Lợi"), unit=world.hamlet
    )
    assert person.full_name == unicodedata.normalize("NFC", "Lê Thị Lợi")
    assert Person.objects.filter(full_name="Lê Thị Lợi").exists()
