"""Objects for participation tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ntm.mobilisation.tests import factories as mf
from ntm.participation.models import (
    Announcement,
    Feedback,
    Inspection,
    PublicPage,
    Survey,
    SurveyContent,
    SurveyStatus,
)
from ntm.participation.services import enable_public_page


def public(world: Any) -> PublicPage:
    return enable_public_page(commune=world.commune, enabled=True)


def feedback(world: Any, unit: Any = None, **extra: Any) -> Feedback:
    return Feedback.objects.create(
        unit=unit or world.hamlet, kind="question", text="Khi nào làm đường?", **extra
    )


def inspection(world: Any) -> Inspection:
    return Inspection.objects.create(
        work=mf.work(world.hamlet),
        board=world.mttq,
        date=dt.date(2024, 8, 12),
        members_present="5 thành viên",
        findings="Mặt đường nứt",
        responsible="Đơn vị thi công",
    )


def survey(world: Any, contents: int = 3, **extra: Any) -> Survey:
    values = {
        "unit": world.commune,
        "organiser": world.mttq,
        "title": "Lấy ý kiến sự hài lòng năm 2024",
        "year": 2024,
        "status": SurveyStatus.OPEN,
        "threshold_percent": Decimal("90"),
        **extra,
    }
    s = Survey.objects.create(**values)
    for order in range(1, contents + 1):
        SurveyContent.objects.create(survey=s, order=order, text=f"Nội dung {order}")
    return s


def announcement(world: Any, unit: Any = None) -> Announcement:
    return Announcement.objects.create(
        unit=unit or world.hamlet, title="Họp dân", body="19 giờ", date=dt.date(2024, 10, 1)
    )
