"""The province's coordination office owns its criteria sets: it changes a threshold with a
source, previews which units' results change, applies it; "verified" without a source is
refused on the screens and in imports through them."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from ntm.assessments.models import CriterionResult, Status
from ntm.assessments.tests.factories import sample
from ntm.criteria.models import CriteriaSet, Target
from ntm.criteria.xlsx_export import export_set_xlsx
from ntm.criteria.xlsx_import import import_set_xlsx

pytestmark = pytest.mark.django_db


def _status(world: Any, s: Any) -> str:
    return CriterionResult.objects.get(
        unit=world.commune, criterion=s.criterion, period__kind__code="nam"
    ).status


def _provincial(world: Any) -> Any:
    s = sample(world)
    CriteriaSet.objects.filter(pk=s.commune_set.pk).update(
        is_provincial=True, province=world.province
    )
    s.commune_set.refresh_from_db()
    return s


def _post(target: Target, **changes: Any) -> dict[str, Any]:
    data = {
        "legal_text": "≥ 50%",
        "value": "50",
        "value_choice": "",
        "source": "",
        "source_document": "",
        "source_date": "",
        "source_part": "",
        "verified": "on",
        "is_illustrative": "",
        "note": "",
        "version": target.version,
    }
    data.update(changes)
    return data


SOURCE = {
    "source_document": "15/2022/QĐ-UBND",
    "source_date": "20/05/2022",
    "source_part": "Phụ lục I, mục 1.1",
}


def test_coordinator_previews_then_applies_a_threshold_with_a_source(
    client: Client, world: Any
) -> None:
    s = _provincial(world)
    assert _status(world, s) == Status.NOT_MET  # 82,5% < 95%
    target = Target.objects.get(indicator=s.indicator)
    url = reverse("criteria:target_edit", args=[target.pk])
    client.force_login(world.upper)  # Văn phòng điều phối NTM tỉnh

    refused = client.post(url, _post(target))
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Chỉ đánh dấu &#x27;đã đối chiếu&#x27; khi ghi đủ nguồn" in html
    assert "số, ký hiệu văn bản" in html and "ngày ban hành" in html
    target.refresh_from_db()
    assert target.value == 95

    shown = client.post(url, _post(target, xem_truoc="1", **SOURCE))
    assert shown.status_code == 200
    changes = shown.context["changes"]
    assert [(c.unit, c.before, c.after) for c in changes] == [("Xã Tân Lợi", "Chưa đạt", "Đạt")]
    assert "Áp dụng thay đổi" in shown.content.decode()
    target.refresh_from_db()
    assert target.value == 95 and _status(world, s) == Status.NOT_MET  # nothing kept

    applied = client.post(url, _post(target, **SOURCE))
    assert applied.status_code == 302
    target.refresh_from_db()
    assert (target.value, target.source_document, target.verified) == (50, "15/2022/QĐ-UBND", True)
    assert _status(world, s) == Status.MET
    history = client.get(reverse("criteria:target_history", args=[target.pk])).content.decode()
    assert "15/2022/QĐ-UBND" in history and "Tạ Quang Vinh" in history


def test_coordinator_cannot_edit_a_national_set_nor_a_commune_officer_a_provincial_one(
    client: Client, world: Any
) -> None:
    s = sample(world)  # not provincial
    target = Target.objects.get(indicator=s.indicator)
    url = reverse("criteria:target_edit", args=[target.pk])
    client.force_login(world.upper)
    assert client.get(url).status_code == 403
    _provincial(world)
    assert client.get(url).status_code == 200
    client.force_login(world.officer)
    assert client.get(url).status_code == 403


def _workbook(cset: CriteriaSet, code: str, **cells: Any) -> bytes:
    wb = load_workbook(io.BytesIO(export_set_xlsx(cset)))
    sheet = wb["Ngưỡng"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == code:
            for name, value in cells.items():
                row[header.index(name)].value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_screen_import_refuses_verified_without_source_and_previews_with_one(
    client: Client, world: Any
) -> None:
    s = _provincial(world)
    client.force_login(world.upper)
    url = reverse("criteria:set_import")
    bare = _workbook(s.commune_set, s.indicator.code, **{"Ngưỡng số": 50})
    response = client.post(url, {"file": SimpleUploadedFile("bo.xlsx", bare)})
    errors = [str(e) for e in response.context["result"].errors]
    assert len(errors) == 1 and "Sheet 'Ngưỡng', dòng 2, cột F: chỉ đánh dấu" in errors[0]
    assert _status(world, s) == Status.NOT_MET

    sourced = _workbook(
        s.commune_set,
        s.indicator.code,
        **{
            "Ngưỡng số": 50,
            "Số văn bản nguồn": "15/2022/QĐ-UBND",
            "Ngày văn bản nguồn": "20/05/2022",
            "Điều, khoản, phụ lục": "Phụ lục I",
        },
    )
    response = client.post(url, {"file": SimpleUploadedFile("bo.xlsx", sourced), "xem_truoc": "1"})
    result = response.context["result"]
    assert result.ok and result.preview
    assert [(c.unit, c.after) for c in result.result_changes] == [("Xã Tân Lợi", "Đạt")]
    assert _status(world, s) == Status.NOT_MET
    response = client.post(url, {"file": SimpleUploadedFile("bo.xlsx", sourced)})
    assert response.context["result"].ok
    assert _status(world, s) == Status.MET


def test_the_command_line_and_loader_keep_their_verified_rows(world: Any) -> None:
    """Imports outside the screens (data loading, round trips) keep the rows as they are."""
    s = sample(world)
    data = _workbook(s.commune_set, s.indicator.code, **{"Ngưỡng số": 50})
    result = import_set_xlsx(SimpleUploadedFile("bo.xlsx", data), user=world.admin)
    assert result.ok, result.errors


def test_coordinator_derives_a_provincial_set_with_unverified_copies(
    client: Client, world: Any
) -> None:
    s = sample(world)
    client.force_login(world.upper)
    response = client.post(
        reverse("criteria:set_derive"),
        {
            "national": s.commune_set.pk,
            "province": world.province.pk,
            "code": "XA_NTM_TINH_THU",
            "name": "Bộ tiêu chí xã nông thôn mới của tỉnh (thử)",
            "copy": "on",
        },
    )
    derived = CriteriaSet.objects.get(code="XA_NTM_TINH_THU")
    assert response.url == reverse("criteria:set_detail", args=[derived.pk])
    assert (derived.is_provincial, derived.province, derived.extends) == (
        True,
        world.province,
        s.commune_set,
    )
    copied = Target.objects.get(indicator__criterion__criteria_set=derived)
    assert copied.value == 95 and not copied.verified
    assert client.get(reverse("criteria:target_edit", args=[copied.pk])).status_code == 200
    client.force_login(world.officer)  # a commune officer owns no province
    assert client.get(reverse("criteria:set_derive")).status_code == 403
