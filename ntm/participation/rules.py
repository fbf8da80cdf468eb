"""Pure calculations (no ORM): satisfaction rates and whether they reach the threshold."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def rate(satisfied: int, answered: int) -> Decimal | None:
    """Percentage satisfied among those who answered the content (two decimals), or None."""
    if answered <= 0:
        return None
    value = Decimal(satisfied) * 100 / Decimal(answered)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def meets(value: Decimal | None, threshold: Decimal) -> bool | None:
    """True/False against the threshold; None when nobody answered."""
    if value is None:
        return None
    return value >= threshold
