"""Template filters for Vietnamese numbers, money and dates (loaded as builtins)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import template

from ntm.core import numbers

register = template.Library()


@register.filter
def so(value: Any, decimals: Any = None) -> str:
    """{{ 1234567.5|so }} -> 1.234.567,5"""
    if value in (None, ""):
        return ""
    try:
        return numbers.format_number(
            Decimal(str(value)), None if decimals is None else int(decimals)
        )
    except (ArithmeticError, ValueError):
        return str(value)


@register.filter
def tien(value: Any) -> str:
    """{{ 1250000|tien }} -> 1.250.000 đồng"""
    if value in (None, ""):
        return ""
    return numbers.format_money(Decimal(str(value)))


@register.filter
def phantram(value: Any, decimals: int = 1) -> str:
    if value in (None, ""):
        return ""
    return numbers.format_percent(Decimal(str(value)), int(decimals))


@register.filter
def ngay_dai(value: dt.date | None, place: str = "") -> str:
    if not value:
        return ""
    return numbers.long_date(value, place)


@register.filter
def ngay(value: dt.date | dt.datetime | None) -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%H:%M %d/%m/%Y")
    return value.strftime("%d/%m/%Y")


_LIST_ITEM_END = re.compile(r"[\s;,.:]+$")


@register.filter
def danh_sach(items: Any) -> str:
    """Lines of a 'Nơi nhận'/'Kính gửi' list on one line: 'A; B; C' — each item without the
    dash and the ';' or '.' it carries in the document (never 'A;; B;;')."""
    if not items:
        return ""
    if isinstance(items, str):
        items = items.splitlines()
    clean = [_LIST_ITEM_END.sub("", str(i).strip().lstrip("-–•+ ").strip()) for i in items]
    return "; ".join(item for item in clean if item)
