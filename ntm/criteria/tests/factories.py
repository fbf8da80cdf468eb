"""Small catalogue rows for the criteria tests (the shipped sets are loaded where needed)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ntm.criteria.models import (
    CriteriaSet,
    Criterion,
    CriterionGroup,
    Indicator,
    IndicatorKind,
    LegalBasis,
    SetLevel,
    Target,
    TargetKeys,
)


def small_set(code: str = "THU_NGHIEM", *, criteria: int = 2, indicators: int = 2) -> CriteriaSet:
    """A set with ``criteria`` × ``indicators`` ratio indicators, each with one chung target."""
    cset, _ = CriteriaSet.objects.get_or_create(
        code=code,
        defaults={
            "name": f"Bộ tiêu chí thử nghiệm {code}",
            "level": SetLevel.COMMUNE,
            "period": "2021-2025",
            "target_keys": TargetKeys.REGION,
        },
    )
    LegalBasis.objects.get_or_create(
        criteria_set=cset, document=f"{code}/QĐ-TTg", defaults={"verified": True}
    )
    group, _ = CriterionGroup.objects.get_or_create(
        criteria_set=cset, code="I", defaults={"name": "Nhóm thử"}
    )
    for number in range(1, criteria + 1):
        criterion, _ = Criterion.objects.get_or_create(
            criteria_set=cset,
            number=number,
            defaults={"name": f"Tiêu chí {number}", "group": group},
        )
        for n in range(1, indicators + 1):
            indicator, _ = Indicator.objects.get_or_create(
                criterion=criterion,
                code=f"{number}.{n}",
                defaults={
                    "name": f"Tỷ lệ {number}.{n}",
                    "kind": IndicatorKind.RATIO,
                    "unit_label": "%",
                },
            )
            Target.objects.get_or_create(
                indicator=indicator,
                key=Target.GENERAL,
                year=None,
                defaults={"legal_text": "≥ 80%", "value": Decimal(80), "verified": n % 2 == 1},
            )
    return cset


def first_target(cset: CriteriaSet) -> Target:
    return Target.objects.filter(indicator__criterion__criteria_set=cset).order_by("pk").first()  # type: ignore[return-value]


def world_set(w: Any) -> dict[str, Any]:
    return {"pk": small_set().pk}


def world_target(w: Any) -> dict[str, Any]:
    return {"pk": first_target(small_set()).pk}
