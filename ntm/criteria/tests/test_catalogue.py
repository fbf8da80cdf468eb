"""Catalogue helpers other apps use: provincial extension, target choice, keys, permissions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ntm.accounts.models import User
from ntm.criteria.catalogue import (
    resolved_criteria,
    target_key_choices,
)
from ntm.criteria.models import CriteriaSet
from ntm.criteria.permissions import can_edit_catalogue
from ntm.criteria.rules import pick_target, target_badge


def test_provincial_nang_cao_adds_criterion_20_to_the_national_19(shipped: Any) -> None:
    resolved = resolved_criteria(
        CriteriaSet.objects.get(code="XA_NTM_NANG_CAO_BINH_PHUOC_2021_2025")
    )
    assert [r.criterion.number for r in resolved] == list(range(1, 21))
    assert [r.own for r in resolved].count(True) == 1
    twenty = resolved[-1]
    assert twenty.own and twenty.criterion.name == "Khu dân cư nông thôn mới kiểu mẫu"
    assert twenty.indicators == []
    planning = resolved[0]
    assert not planning.own
    assert [i.code for i in planning.indicators] == ["1.1", "1.2", "1.3"]


def test_provincial_indicators_replace_national_ones_with_the_same_code(shipped: Any) -> None:
    resolved = {
        r.criterion.number: r
        for r in resolved_criteria(CriteriaSet.objects.get(code="XA_NTM_BINH_PHUOC_2021_2025"))
    }
    roads = resolved[2]
    assert roads.own and roads.inherited_codes == set()
    assert {i.criterion.criteria_set.code for i in roads.indicators} == {
        "XA_NTM_BINH_PHUOC_2021_2025"
    }
    planning = resolved[1]  # the province lists the criterion but none of its indicators
    assert planning.own and planning.inherited_codes == {"1.1", "1.2"}
    income = resolved[10]
    assert [i.code for i in income.indicators] == ["10"]
    assert income.indicators[0].criterion.criteria_set.code == "XA_NTM_BINH_PHUOC_2021_2025"


def test_a_national_set_resolves_to_itself(shipped: Any) -> None:
    resolved = resolved_criteria(CriteriaSet.objects.get(code="XA_NTM_2021_2025"))
    assert len(resolved) == 19 and all(r.own for r in resolved)
    assert sum(len(r.indicators) for r in resolved) == 56
    assert [i.code for i in resolved[16].indicators][:3] == ["17.1", "17.2", "17.3"]
    assert [i.code for i in resolved[16].indicators][-2:] == ["17.10", "17.11"]


@dataclass
class Row:
    key: str
    year: int | None
    verified: bool = True
    is_illustrative: bool = False


def test_pick_target_prefers_the_specific_row() -> None:
    rows = [Row("chung", None), Row("DNB", None), Row("DNB", 2024), Row("TDMNPB", 2024)]
    assert pick_target(rows, keys=["DNB"], year=2024) is rows[2]
    assert pick_target(rows, keys=["DNB"], year=2023) is rows[1]
    assert pick_target(rows, keys=["TDMNPB"], year=2024) is rows[3]
    assert pick_target(rows, keys=["TDMNPB"], year=2022) is rows[0]
    assert pick_target(rows, keys=["BTB"], year=None) is rows[0]
    assert pick_target([Row("DNB", 2024)], keys=["DNB"], year=2025) is None
    assert pick_target([Row("chung", 2024)], keys=["DNB"], year=2024).key == "chung"  # type: ignore[union-attr]


def test_badges() -> None:
    assert target_badge(Row("chung", None)) == ("ok", "Đã đối chiếu")
    assert target_badge(Row("chung", None, verified=False)) == ("none", "Chưa đối chiếu")
    assert target_badge(Row("chung", None, verified=False, is_illustrative=True)) == (
        "warn",
        "Ngưỡng minh họa",
    )


def test_target_keys_follow_the_set(world: Any) -> None:
    assert list(target_key_choices("region"))[:1] == ["chung"]
    assert "DNB" in target_key_choices("region")
    assert set(target_key_choices("commune_group")) == {"chung", "NHOM1", "NHOM2", "NHOM3"}
    assert set(target_key_choices("commune_class")) == {"chung", "DBKK", "OTHER"}
    assert set(target_key_choices("none")) == {"chung"}


def test_who_may_edit_the_catalogue(world: Any) -> None:
    allowed = {key for key, user in world.users.items() if can_edit_catalogue(user)}
    assert allowed == {"admin"}
    assert can_edit_catalogue(User.objects.create_superuser(username="s", password="x-y-z-123456"))
