"""A province's own criteria set, derived from a national set.

The provincial set ``extends`` the national one: it lists only what the province adds or
changes (``catalogue.resolved_criteria``). Optionally the national criteria, indicators and
thresholds are copied into it so the office can change them one by one; copied thresholds are
"not verified" until the office enters the province's own source.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from ntm.criteria.models import CriteriaSet, Criterion, CriterionGroup, Indicator, Target
from ntm.geography.models import AdministrativeUnit

REASON = "Tạo bộ tiêu chí của tỉnh từ bộ quốc gia"


@transaction.atomic
def derive_provincial_set(
    *,
    national: CriteriaSet,
    province: AdministrativeUnit,
    code: str,
    name: str,
    copy: bool,
    user: Any,
) -> CriteriaSet:
    cs = CriteriaSet(
        code=code,
        name=name,
        short_name=name[:120],
        programme=national.programme,
        level=national.level,
        period=national.period,
        is_provincial=True,
        province=province,
        extends=national,
        target_keys=national.target_keys,
        status_note=f"Bộ tiêu chí của {province.display_name}, bổ sung cho {national.code}.",
    )
    cs._history_user = user  # type: ignore[attr-defined]
    cs._change_reason = REASON  # type: ignore[attr-defined]
    cs.save()
    if not copy:
        return cs
    groups = {}
    for group in national.groups.all():
        groups[group.pk] = CriterionGroup.objects.create(
            criteria_set=cs, code=group.code, name=group.name, order=group.order
        )
    for criterion in national.criteria.prefetch_related("indicators__targets").order_by("number"):
        new = Criterion(
            criteria_set=cs,
            group=groups.get(criterion.group_id) if criterion.group_id else None,
            number=criterion.number,
            name=criterion.name,
            name_verified=criterion.name_verified,
            sector=criterion.sector,
            sector_verified=criterion.sector_verified,
            note=criterion.note,
        )
        new._history_user = user  # type: ignore[attr-defined]
        new.save()
        targets = []
        for indicator in criterion.indicators.all():
            copy_of = Indicator.objects.create(
                criterion=new,
                code=indicator.code,
                name=indicator.name,
                name_verified=indicator.name_verified,
                unit_label=indicator.unit_label,
                kind=indicator.kind,
                comparison=indicator.comparison,
                choices=indicator.choices,
                required_evidence=indicator.required_evidence,
                note=indicator.note,
                is_illustrative=indicator.is_illustrative,
                order=indicator.order,
            )
            for t in indicator.targets.all():
                targets.append(
                    Target(
                        indicator=copy_of,
                        key=t.key,
                        year=t.year,
                        legal_text=t.legal_text,
                        value=t.value,
                        value_choice=t.value_choice,
                        source=f"Chép từ bộ {national.code}: {t.source}".strip(": "),
                        verified=False,
                        is_illustrative=t.is_illustrative,
                        note=t.note,
                    )
                )
        bulk_create_with_history(targets, Target, default_user=user, default_change_reason=REASON)
    return cs
