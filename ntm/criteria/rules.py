"""Pure helpers on catalogue rows (no ORM queries): which target applies, how it is labelled."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

GENERAL = "chung"


def pick_target(targets: Iterable[Any], *, keys: Sequence[str], year: int | None) -> Any | None:
    """The most specific target row for a unit, or None.

    ``keys`` are the unit's keys, most specific first (e.g. ``["TDMNPB"]`` for a xã đặc biệt
    khó khăn in Đông Nam Bộ, ``["DNB"]`` otherwise; ``["NHOM2"]``; ``["DBKK"]``); "chung" is
    tried last. For each key a row for ``year`` wins over a row for every year (year None).
    The row found is returned even if it is not evaluable (no verified value): a known but
    unverified regional row must not fall back to a less specific verified one.
    """
    rows = list(targets)
    for key in [*keys, GENERAL]:
        exact = [t for t in rows if t.key == key and year is not None and t.year == year]
        if exact:
            return exact[0]
        general = [t for t in rows if t.key == key and t.year is None]
        if general:
            return general[0]
    return None


def target_badge(target: Any) -> tuple[str, str]:
    """(css class, label) of a target's verification state, for every screen alike."""
    if target.is_illustrative:
        return "warn", "Ngưỡng minh họa"
    if target.verified:
        return "ok", "Đã đối chiếu"
    return "none", "Chưa đối chiếu"


SOURCE_PARTS = {
    "source_document": "số, ký hiệu văn bản",
    "source_date": "ngày ban hành",
    "source_part": "điều, khoản hoặc phụ lục",
}


def missing_source(values: dict[str, Any]) -> list[str]:
    """What a threshold marked verified still lacks of its source (empty: complete)."""
    return [label for name, label in SOURCE_PARTS.items() if not values.get(name)]


def needs_source(*, verified: bool, was_verified: bool, value_changed: bool) -> bool:
    """A threshold needs a complete source when it becomes verified, or when a verified
    threshold's requirement changes. Rows verified before the rule (the shipped national
    data) keep their state until someone changes them."""
    return verified and (not was_verified or value_changed)


def source_error(missing: list[str]) -> str:
    return (
        "Chỉ đánh dấu 'đã đối chiếu' khi ghi đủ nguồn văn bản đã ký; còn thiếu: "
        + ", ".join(missing)
        + "."
    )
