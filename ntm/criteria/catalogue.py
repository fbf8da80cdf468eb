"""Reading the catalogue: who may change it, counts per set, a set's full tree, what keys a
set's targets may use, and what a provincial set resolves to once its national set is added.

Catalogue objects are public legal data and not bound to a unit: every signed-in person may
read them; only administrators and NTM officers (or a superuser) may change them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ntm.accounts.models import Role
from ntm.accounts.scope import role_assignments, sees_everything, user_roles
from ntm.criteria.models import (
    CriteriaSet,
    Criterion,
    Indicator,
    LegalBasis,
    Target,
    TargetKeys,
)
from ntm.geography.models import CommuneGroup, Region

# The catalogue is shared legal data (national and provincial tables): only administrators
# change it, not the NTM officer of one commune.
EDITOR_ROLES = frozenset({Role.ADMIN})
GENERAL_LABEL = "Chung (mọi xã)"
# Commune classes of a provincial table keyed by class (QĐ 318 Điều 1 sends xã đặc biệt khó
# khăn to the Trung du miền núi phía Bắc level; see data/sets/xa-ntm-binh-phuoc-2021-2025.yaml).
COMMUNE_CLASSES = {"DBKK": "Xã đặc biệt khó khăn", "OTHER": "Các xã còn lại"}


def can_edit_catalogue(user: Any) -> bool:
    """Import sets and edit targets: system administrators and superusers."""
    if not getattr(user, "is_authenticated", False):
        return False
    return sees_everything(user) or bool(user_roles(user) & EDITOR_ROLES)


# The province's coordination office (and its administrators) own the province's sets.
PROVINCE_OWNER_ROLES = frozenset({Role.PROVINCE_ADMIN, Role.UPPER_VIEWER})


def owned_province_ids(user: Any) -> set[int]:
    """Provinces whose criteria sets the user may create and change: roles held at the
    province itself (a commune's upper viewer owns nothing)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {
        a.unit_id
        for a in role_assignments(user)
        if a.role in PROVINCE_OWNER_ROLES and a.unit.parent_id is None
    }


def can_edit_set(user: Any, criteria_set: CriteriaSet) -> bool:
    """Change a set's targets: the catalogue editors, or the owners of a provincial set."""
    if can_edit_catalogue(user):
        return True
    return bool(
        criteria_set.is_provincial
        and criteria_set.province_id
        and criteria_set.province_id in owned_province_ids(user)
    )


def can_import(user: Any) -> bool:
    return can_edit_catalogue(user) or bool(owned_province_ids(user))


def import_refusal(user: Any, existing: CriteriaSet | None, fields: dict[str, Any]) -> str:
    """Why ``user`` may not import this file's set (empty when allowed)."""
    if can_edit_catalogue(user):
        return ""
    if existing is None:
        return (
            "Văn phòng điều phối của tỉnh chỉ nhập vào bộ tiêu chí của tỉnh đã tạo; hãy tạo "
            "bộ tiêu chí của tỉnh (từ bộ quốc gia) trước rồi xuất tệp của bộ đó."
        )
    if not can_edit_set(user, existing):
        return f"Bạn không được sửa bộ tiêu chí '{existing.code}' (không phải bộ của tỉnh bạn)."
    if "is_provincial" in fields and not fields["is_provincial"]:
        return "Bộ tiêu chí của tỉnh phải giữ 'Bộ tiêu chí của tỉnh: Có'."
    return ""


def target_key_choices(target_keys: str) -> dict[str, str]:
    """The keys a target of a set keyed by ``target_keys`` may use, with their labels."""
    keys = {Target.GENERAL: GENERAL_LABEL}
    if target_keys == TargetKeys.REGION:
        keys.update(dict(Region.objects.order_by("code").values_list("code", "name")))
    elif target_keys == TargetKeys.COMMUNE_GROUP:
        keys.update(dict(CommuneGroup.objects.order_by("code").values_list("code", "name")))
    elif target_keys == TargetKeys.COMMUNE_CLASS:
        keys.update(COMMUNE_CLASSES)
    return keys


def _count(queryset: QuerySet[Any], group_by: str) -> Coalesce:
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_counts(queryset: QuerySet[CriteriaSet]) -> QuerySet[CriteriaSet]:
    """Annotate ``n_criteria``, ``n_indicators``, ``n_targets`` (rows), ``n_targets_with_text``
    (a legal text is known), ``n_verified`` (checked against the signed text) and
    ``n_illustrative`` — one subquery each, no join fan-out."""
    per_set = OuterRef("pk")
    targets = Target.objects.filter(indicator__criterion__criteria_set=per_set)
    group = "indicator__criterion__criteria_set"
    return queryset.annotate(
        n_criteria=_count(Criterion.objects.filter(criteria_set=per_set), "criteria_set"),
        n_indicators=_count(
            Indicator.objects.filter(criterion__criteria_set=per_set), "criterion__criteria_set"
        ),
        n_targets=_count(targets, group),
        n_targets_with_text=_count(targets.exclude(legal_text=""), group),
        n_verified=_count(targets.filter(verified=True), group),
        n_illustrative=_count(targets.filter(is_illustrative=True), group),
    )


def catalogue_sets() -> QuerySet[CriteriaSet]:
    """Every set with its counts (:func:`with_counts`), programme, parent and legal bases:
    two queries whatever the number of sets."""
    return with_counts(
        CriteriaSet.objects.select_related("programme", "extends", "province")
        .prefetch_related(Prefetch("legal_bases", queryset=LegalBasis.objects.order_by("order")))
        .order_by("order", "code")
    )


def set_tree(criteria_set: CriteriaSet) -> list[Criterion]:
    """The set's criteria with group, indicators and targets prefetched (4 queries)."""
    return list(
        criteria_set.criteria.select_related("group")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("order", "code").prefetch_related(
                    Prefetch("targets", queryset=Target.objects.order_by("key", "year"))
                ),
            )
        )
        .order_by("number")
    )


@dataclass
class ResolvedCriterion:
    """One criterion of a set as it applies, with the set each indicator comes from."""

    criterion: Criterion
    own: bool  # defined by this set (False: taken from the set it extends)
    indicators: list[Indicator] = field(default_factory=list)
    inherited_codes: set[str] = field(default_factory=set)


def resolved_criteria(criteria_set: CriteriaSet) -> list[ResolvedCriterion]:
    """What a set requires once the set it ``extends`` is taken into account.

    A provincial set lists only what it adds or changes. A criterion with the same number as
    the national one replaces it; within it, an indicator with the same code replaces the
    national indicator and the national indicators it does not list still apply (their
    ``code`` is in ``inherited_codes``). Criteria it does not list come from the national set.
    Chains (a set extending a set that extends another) are followed.
    """
    chain: list[CriteriaSet] = []
    current: CriteriaSet | None = criteria_set
    while current is not None and current not in chain:
        chain.append(current)
        current = current.extends
    resolved: dict[int, ResolvedCriterion] = {}
    for depth, item in enumerate(reversed(chain)):
        own = depth == len(chain) - 1
        for criterion in set_tree(item):
            previous = resolved.get(criterion.number)
            entry = ResolvedCriterion(criterion=criterion, own=own)
            own_codes = {i.code for i in criterion.indicators.all()}
            if previous is not None:
                for ind in previous.indicators:
                    if ind.code not in own_codes:
                        entry.indicators.append(ind)
                        entry.inherited_codes.add(ind.code)
            entry.indicators = sorted(
                [*criterion.indicators.all(), *entry.indicators], key=_indicator_order
            )
            resolved[criterion.number] = entry
    return [resolved[n] for n in sorted(resolved)]


def _indicator_order(indicator: Indicator) -> tuple[int, ...]:
    parts = []
    for part in indicator.code.split("."):
        parts.append(int(part) if part.isdigit() else 0)
    return (*parts, indicator.order)


def verified_target_count(criteria_set: CriteriaSet) -> int:
    return Target.objects.filter(
        indicator__criterion__criteria_set=criteria_set, verified=True
    ).count()


__all__ = [
    "COMMUNE_CLASSES",
    "EDITOR_ROLES",
    "ResolvedCriterion",
    "can_edit_catalogue",
    "can_edit_set",
    "can_import",
    "catalogue_sets",
    "import_refusal",
    "owned_province_ids",
    "resolved_criteria",
    "set_tree",
    "target_key_choices",
    "verified_target_count",
    "with_counts",
]
