"""Community oversight: an inspection is recorded, answered, closed; history keeps each step."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from ntm.mobilisation.tests import factories as mf
from ntm.participation.models import Inspection, InspectionStatus


def test_inspection_lifecycle(client: Client, world: Any) -> None:
    work = mf.work(world.hamlet)
    client.force_login(world.organisation)
    base = {
        "work": work.pk,
        "board": world.mttq.pk,
        "date": "2024-08-12",
        "members_present": "5/7 thành viên",
        "findings": "Mặt bê tông nứt 50 m cuối",
        "recommendation": "Xử lý trước nghiệm thu",
        "responsible": "Đơn vị thi công",
        "status": "open",
        "form_token": "i1",
    }
    assert client.post(reverse("participation:inspection_new"), base).status_code == 302
    inspection = Inspection.objects.get()
    edit = reverse("participation:inspection_edit", args=[inspection.pk])
    response = client.post(edit, {**base, "status": "closed", "version": 1})
    text = response.content.decode()
    assert "Ghi ngày kết thúc" in text and "Ghi phản hồi" in text
    client.post(
        edit,
        {
            **base,
            "status": "responded",
            "response": "Đã đổ bù bê tông",
            "response_date": "2024-08-27",
            "version": 1,
        },
    )
    client.post(
        edit,
        {
            **base,
            "status": "closed",
            "response": "Đã đổ bù bê tông",
            "response_date": "2024-08-27",
            "closed_on": "2024-09-05",
            "closure_note": "Đã khắc phục",
            "version": 2,
        },
    )
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CLOSED and inspection.version == 3
    history = client.get(
        reverse("participation:inspection_history", args=[inspection.pk])
    ).content.decode()
    assert "Đã có phản hồi, đang khắc phục" in history and "Đã khắc phục, kết thúc" in history
    client.force_login(world.hamlet_head2)
    assert (
        client.get(reverse("participation:inspection_detail", args=[inspection.pk])).status_code
        == 404
    )
    client.force_login(world.member)
    assert client.get(edit).status_code == 403
