"""Objects for mobilisation and participation tests (no randomness: tests count on them)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ntm.mobilisation.models import (
    Campaign,
    Contribution,
    ContributionKind,
    ContributorKind,
    Funding,
    OutreachActivity,
    OutreachPhoto,
    ProgressStep,
    StepPhoto,
    Work,
)
from ntm.mobilisation.services import source
from ntm.mobilisation.uploads import store_photo


def jpeg(name: str = "anh.jpg", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 60)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def work(unit: Any, name: str = "Đường bê tông tổ 3", **extra: Any) -> Work:
    return Work.objects.create(unit=unit, name=name, **extra)


def funding(w: Work, code: str, planned: int, realised: int = 0) -> Funding:
    return Funding.objects.create(work=w, source=source(code), planned=planned, realised=realised)


def contribution(
    unit: Any,
    *,
    kind: str = ContributionKind.MONEY,
    amount: int = 0,
    quantity: Decimal | None = None,
    code: str = "dan-dong-gop",
    name: str = "Hộ ông Thử Nghiệm",
    phone: str = "",
    consent: dt.date | None = None,
    w: Work | None = None,
    campaign: Campaign | None = None,
    date: dt.date = dt.date(2024, 5, 1),
) -> Contribution:
    return Contribution.objects.create(
        unit=w.unit if w else unit,
        work=w,
        campaign=campaign,
        source=source(code),
        kind=kind,
        date=date,
        contributor_kind=ContributorKind.HOUSEHOLD,
        contributor_name=name,
        contributor_phone=phone,
        amount=amount,
        quantity=quantity,
        description="Xi măng" if kind == ContributionKind.MATERIALS else "",
        name_consent=consent is not None,
        consent_date=consent,
    )


def campaign(world: Any) -> Campaign:
    return Campaign.objects.get_or_create(
        unit=world.commune,
        name="Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",
        defaults={"organiser": world.mttq},
    )[0]


def activity(world: Any, unit: Any = None, participants: int = 42) -> OutreachActivity:
    return OutreachActivity.objects.create(
        organisation=world.mttq,
        unit=unit or world.hamlet,
        date=dt.date(2024, 6, 8),
        topic="Phân loại rác thải tại nguồn",
        participants=participants,
    )


def step(w: Work, percent: int = 50) -> ProgressStep:
    return ProgressStep.objects.create(
        work=w, date=dt.date(2024, 7, 1), title="Đổ bê tông", percent=percent
    )


def step_photo(w: Work, *, public: bool = False) -> StepPhoto:
    return store_photo(
        StepPhoto(step=step(w)), jpeg(), caption="Ảnh thử", is_public=public, user=None
    )


def outreach_photo(a: OutreachActivity) -> OutreachPhoto:
    return store_photo(OutreachPhoto(activity=a), jpeg(), caption="Ảnh", is_public=False, user=None)
