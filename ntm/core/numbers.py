"""Numbers, money and dates the Vietnamese way, independent of the active locale."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal


def format_number(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """1234567.5 -> '1.234.567,5'. ``decimals=None`` keeps what the value needs (max 2)."""
    if value is None:
        return ""
    number = Decimal(str(value))
    if decimals is None:
        normalized = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
        decimals = max(0, -normalized.as_tuple().exponent)  # type: ignore[operator]
    quantized = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if quantized < 0 else ""
    integer, _, fraction = f"{abs(quantized):f}".partition(".")
    groups: list[str] = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = ".".join(groups)
    if decimals and fraction:
        text += "," + fraction
    return sign + text


def format_money(value: int | Decimal | None) -> str:
    """Đồng are whole numbers: 1250000000 -> '1.250.000.000 đồng'."""
    if value is None:
        return ""
    return f"{format_number(value, 0)} đồng"


def format_percent(value: float | Decimal | None, decimals: int = 1) -> str:
    if value is None:
        return ""
    text = format_number(value, decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text}%"


def long_date(value: dt.date, place: str = "") -> str:
    """ND30 date line: 'Tân Lợi, ngày 08 tháng 4 năm 2024'.

    Days 1–9 and months 1–2 take a leading zero; months 3–12 do not.
    """
    day = f"{value.day:02d}"
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    text = f"ngày {day} tháng {month} năm {value.year}"
    return f"{place}, {text}" if place else text
