"""Small criteria sets, values and evidence on top of the shared test world."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ntm.assessments import services
from ntm.assessments.models import Evidence, IndicatorValue
from ntm.criteria.models import (
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorKind,
    SetLevel,
    Target,
    TargetKeys,
)
from ntm.criteria.periods import year_period
from ntm.plans.models import Assignment, AssignmentNotice


def jpeg_bytes(size: tuple[int, int] = (64, 48), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (30, 120, 60))
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "MayAnhThu"  # Make
        image.save(out, "JPEG", exif=data.tobytes())
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def jpeg_upload(name: str = "anh.jpg", **kw: Any) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kw), content_type="image/jpeg")


def make_set(
    code: str = "TEST_XA",
    *,
    level: str = SetLevel.COMMUNE,
    keys: str = TargetKeys.REGION,
    criteria: int = 2,
) -> CriteriaSet:
    cset, _ = CriteriaSet.objects.get_or_create(
        code=code,
        defaults={
            "name": f"Bộ tiêu chí thử {code}",
            "level": level,
            "period": "2021-2025",
            "target_keys": keys,
        },
    )
    for number in range(1, criteria + 1):
        Criterion.objects.get_or_create(
            criteria_set=cset, number=number, defaults={"name": f"Tiêu chí thử {number}"}
        )
    return cset


def ratio_indicator(
    criterion: Criterion, code: str = "1.1", threshold: str = "95", key: str = "chung", **kw: Any
) -> Indicator:
    indicator, _ = Indicator.objects.get_or_create(
        criterion=criterion,
        code=code,
        defaults={"name": f"Tỷ lệ thử {code}", "kind": IndicatorKind.RATIO, "comparison": ">="},
    )
    Target.objects.get_or_create(
        indicator=indicator,
        key=key,
        year=kw.get("year"),
        defaults={
            "value": Decimal(threshold),
            "verified": kw.get("verified", True),
            "is_illustrative": kw.get("illustrative", False),
        },
    )
    return indicator


@dataclass
class Sample:
    commune_set: CriteriaSet
    hamlet_set: CriteriaSet
    criterion: Criterion
    indicator: Indicator
    hamlet_criterion: Criterion
    hamlet_indicator: Indicator
    value: IndicatorValue
    hamlet_value: IndicatorValue
    evidence: Evidence
    hamlet_evidence: Evidence


def sample(world: Any) -> Sample:
    """A commune set registered by Tân Lợi and a hamlet set registered by An Lợi (2024), each
    with a ratio indicator, a value and a photo. Cached on the world."""
    cached = getattr(world, "_assessment_sample", None)
    if cached is not None:
        return cached
    commune_set = make_set("TEST_XA")
    hamlet_set = make_set("TEST_AP", level=SetLevel.HAMLET, keys=TargetKeys.NONE)
    criterion = commune_set.criteria.get(number=1)
    indicator = ratio_indicator(criterion, key="DNB", year=2024)
    hamlet_criterion = hamlet_set.criteria.get(number=1)
    hamlet_indicator = ratio_indicator(hamlet_criterion, threshold="70", illustrative=True)
    admin = world.admin
    services.register_set(user=admin, unit=world.commune, criteria_set=commune_set, year=2024)
    for hamlet in (world.hamlet, world.hamlet2):
        services.register_set(user=admin, unit=hamlet, criteria_set=hamlet_set, year=2024)
    # The member (not member2) is assigned the commune criterion: they may write its values.
    notice, _ = AssignmentNotice.objects.get_or_create(
        unit=world.commune, committee=world.committee, year=2024, defaults={"number": 1}
    )
    Assignment.objects.create(
        notice=notice,
        unit=world.commune,
        year=2024,
        criterion=criterion,
        lead=world.members["member"],
    )
    period = year_period(2024)
    value = services.enter_value(
        user=admin,
        unit=world.commune,
        indicator=indicator,
        period=period,
        data=services.ValueInput(numerator=Decimal(165), denominator=Decimal(200)),
    )
    hamlet_value = services.enter_value(
        user=admin,
        unit=world.hamlet,
        indicator=hamlet_indicator,
        period=period,
        data=services.ValueInput(numerator=Decimal(50), denominator=Decimal(100)),
    )
    evidence = services.add_evidence(user=admin, value=value, upload=jpeg_upload())
    hamlet_evidence = services.add_evidence(user=admin, value=hamlet_value, upload=jpeg_upload())
    world._assessment_sample = Sample(
        commune_set,
        hamlet_set,
        criterion,
        indicator,
        hamlet_criterion,
        hamlet_indicator,
        value,
        hamlet_value,
        evidence,
        hamlet_evidence,
    )
    return world._assessment_sample
