"""Loại xã theo giai đoạn: spans of one commune never overlap; changes are audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ntm.geography.models import CommuneClass, CommuneClassAssignment

pytestmark = pytest.mark.django_db

BASIS = "Quyết định thử nghiệm (không phải văn bản thật)"


def span(unit: Any, year_from: int, year_to: int | None, code: str = CommuneClass.DBKK) -> Any:
    return CommuneClassAssignment(
        unit=unit, commune_class=code, year_from=year_from, year_to=year_to, basis=BASIS
    )


def saved(unit: Any, year_from: int, year_to: int | None, code: str = CommuneClass.DBKK) -> Any:
    assignment = span(unit, year_from, year_to, code)
    assignment.full_clean()
    assignment.save()
    return assignment


@pytest.mark.parametrize(
    ("new_from", "new_to"),
    [(2024, None), (2020, 2021), (2025, 2026), (2019, 2030), (2023, 2023)],
)
def test_overlapping_spans_are_refused_in_vietnamese(
    world: Any, new_from: int, new_to: int | None
) -> None:
    saved(world.commune, 2021, 2025)
    with pytest.raises(ValidationError) as exc:
        span(world.commune, new_from, new_to, CommuneClass.OTHER).full_clean()
    message = " ".join(exc.value.messages)
    assert "Giai đoạn này trùng với loại xã đã ghi nhận cho Xã Tân Lợi" in message
    assert "xã đặc biệt khó khăn (từ năm 2021 đến năm 2025)" in message


def test_an_open_span_overlaps_every_later_year(world: Any) -> None:
    saved(world.commune, 2021, None)
    with pytest.raises(ValidationError) as exc:
        span(world.commune, 2030, 2031, CommuneClass.OTHER).full_clean()
    assert "(từ năm 2021)" in " ".join(exc.value.messages)


def test_adjacent_spans_and_other_communes_are_accepted(world: Any) -> None:
    first = saved(world.commune, 2021, 2024)
    saved(world.commune, 2025, None, CommuneClass.OTHER)
    saved(world.other_commune, 2021, None)
    # Editing a span does not collide with itself.
    first.basis = "Quyết định thử nghiệm, đã sửa"
    first.full_clean()
    first.save()
    assert CommuneClassAssignment.objects.filter(unit=world.commune).count() == 2


def test_only_communes_and_ordered_years(world: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        span(world.hamlet, 2021, None).full_clean()
    assert exc.value.message_dict["unit"]
    with pytest.raises(ValidationError) as exc:
        span(world.commune, 2025, 2021).full_clean()
    assert "Năm kết thúc phải bằng hoặc sau năm bắt đầu." in " ".join(exc.value.messages)
    # The database refuses it too, whatever path writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        span(world.commune, 2025, 2021).save()


def test_changes_are_audited(world: Any) -> None:
    assignment = saved(world.commune, 2021, None)
    assignment.year_to = 2024
    assignment.save()
    history = list(assignment.history.order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert history[-1].year_to == 2024


def test_admin_refuses_an_overlap(client: Any, world: Any) -> None:
    saved(world.commune, 2021, 2025)
    admin = get_user_model().objects.create_superuser(username="quantri_loai_xa", password="x")
    client.force_login(admin)
    url = "/quan-tri/geography/communeclassassignment/add/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "unit": world.commune.pk,
            "commune_class": CommuneClass.OTHER,
            "year_from": 2024,
            "year_to": "",
            "basis": BASIS,
        },
    )
    assert response.status_code == 200
    assert "Giai đoạn này trùng với loại xã đã ghi nhận" in response.content.decode()
    assert CommuneClassAssignment.objects.filter(unit=world.commune).count() == 1
    response = client.post(
        url,
        {
            "unit": world.commune.pk,
            "commune_class": CommuneClass.OTHER,
            "year_from": 2026,
            "year_to": "",
            "basis": BASIS,
        },
    )
    assert response.status_code == 302
    assert CommuneClassAssignment.objects.filter(unit=world.commune).count() == 2
