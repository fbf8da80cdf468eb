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


# --- Reading numbers as Vietnamese officials type them ---------------------------------------
#
# One reader for every form field and every spreadsheet cell that holds text. "." groups
# thousands and "," starts the decimals (1.234,5); spaces may group thousands too (1 234). What
# could be read two ways ("1.5", "1,200.5", "1.20") is refused with an example of how to type
# it: a figure an official signs is never guessed.

SPACES = " \u00a0\u202f\u2009\u2007"  # space, no-break, narrow no-break, thin, figure space
MINUS = "-\u2212\u2013"  # hyphen-minus, minus sign, en dash (phones turn "-" into "–")


class NumberError(ValueError):
    """Text that is not a number the app can read; the message is for the user, in Vietnamese."""


def _example(value: Decimal) -> str:
    return format_exact(value)


def format_exact(value: int | float | Decimal | None) -> str:
    """Every significant digit, Vietnamese style: Decimal('1200.1250') -> '1.200,125'.

    Used to put a stored value back into an input, where rounding would lose data.
    """
    if value is None:
        return ""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return format_number(number, 0)
    decimals = -number.normalize().as_tuple().exponent  # type: ignore[operator]
    return format_number(number, int(decimals))


def _grouped(integer: str, separator: str) -> bool:
    """'1.234.567' with '.': the first group has 1–3 digits (no leading 0), the others 3."""
    groups = integer.split(separator)
    head, rest = groups[0], groups[1:]
    return (
        1 <= len(head) <= 3
        and head.isascii()
        and head.isdigit()
        and not (head.startswith("0") and rest)
        and all(len(g) == 3 and g.isascii() and g.isdigit() for g in rest)
    )


def _digits(text: str) -> bool:
    return bool(text) and text.isascii() and text.isdigit()


def parse_number(
    text: str,
    *,
    integer: bool = False,
    percent: bool = False,
    money: bool = False,
    grouping: bool = True,
) -> Decimal:
    """Read ``text`` the Vietnamese way or raise :class:`NumberError` saying how to type it.

    ``integer``: no decimals (counts, đồng). ``percent``: a trailing "%" is allowed.
    ``money``: a trailing "đồng"/"đ" is allowed and decimals are refused. ``grouping=False``:
    no thousands separator at all (years, codes: "2024", never "2.024").
    """
    raw = str(text)
    value = raw.strip(SPACES + "\t\r\n")
    if not value:
        raise NumberError("Chưa nhập số.")
    if percent and value.endswith("%"):
        value = value[:-1].rstrip(SPACES)
    elif "%" in value:
        raise NumberError("Chỉ nhập số, không kèm dấu %.")
    if money:
        lowered = value.lower()
        for suffix in ("đồng", "đ"):
            if lowered.endswith(suffix):
                value = value[: -len(suffix)].rstrip(SPACES)
                break
    sign = ""
    if value[:1] and value[0] in MINUS:
        sign, value = "-", value[1:].lstrip(SPACES)
    elif value.startswith("+"):
        value = value[1:].lstrip(SPACES)
    if not value:
        raise NumberError("Chưa nhập số.")
    for space in SPACES:
        if space in value:
            # Spaces may only group thousands: "1 200", "12 500,5".
            head, _, tail = value.partition(",")
            if any(s in tail for s in SPACES) or "." in head:
                raise NumberError(_hint(raw, "Dấu cách chỉ dùng để ngăn cách hàng nghìn."))
            spaced = head
            for other in SPACES:
                spaced = spaced.replace(other, " ")
            if not _grouped(spaced, " "):
                raise NumberError(_hint(raw, "Dấu cách chỉ dùng để ngăn cách hàng nghìn."))
            value = spaced.replace(" ", "") + ("," + tail if "," in value else "")
            break
    if not grouping:
        if not _digits(value):
            raise NumberError(
                "Chỉ nhập chữ số, viết liền, không có dấu chấm hay dấu phẩy (ví dụ 2024)."
            )
        return Decimal(sign + value)
    if "." in value and "," in value:
        if value.rfind(".") > value.find(","):
            # English style, 1,200.5: refused, never guessed.
            raise NumberError(_english(raw, value))
        integer_part, _, fraction = value.partition(",")
        if not _grouped(integer_part, ".") or not _digits(fraction):
            raise NumberError(_hint(raw))
    elif "," in value:
        integer_part, _, fraction = value.partition(",")
        if "," in fraction:
            raise NumberError(_english(raw, value))
        if not _digits(integer_part) or not _digits(fraction):
            raise NumberError(_hint(raw))
    elif "." in value:
        integer_part, fraction = value, ""
        if not _grouped(value, "."):
            raise NumberError(_dot(raw, value))
    else:
        integer_part, fraction = value, ""
        if not _digits(value):
            raise NumberError(_hint(raw))
    number = Decimal(sign + integer_part.replace(".", "") + ("." + fraction if fraction else ""))
    if (integer or money) and number != number.to_integral_value():
        whole = integer_part.replace(".", "")
        if money:
            message = "Số tiền tính bằng đồng, không có phần lẻ."
        else:
            message = "Ở đây chỉ nhập số nguyên."
        if fraction and len(fraction) == 3 and "." not in integer_part:
            thousands = Decimal(whole + fraction)
            message += (
                " Dấu phẩy đứng trước phần lẻ; để ngăn cách hàng nghìn, dùng dấu chấm "
                f"(ví dụ {_example(thousands)})."
            )
        raise NumberError(message)
    if integer or money:
        number = number.to_integral_value()
    return number


def _hint(raw: str, reason: str = "") -> str:
    lead = reason or f"“{raw.strip()}” không phải là số."
    return (
        f"{lead} Viết số kiểu Việt Nam: dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần lẻ "
        "(ví dụ 1.200 hoặc 1.200,5)."
    )


def _english(raw: str, value: str) -> str:
    cleaned = value.replace(",", "")
    try:
        meant = Decimal(cleaned)
    except ArithmeticError:
        return _hint(raw)
    return (
        f"“{raw.strip()}” viết theo kiểu nước ngoài nên có thể hiểu hai cách. "
        f"Viết kiểu Việt Nam: {_example(meant)} (dấu chấm ngăn cách hàng nghìn, "
        "dấu phẩy trước phần lẻ)."
    )


def _dot(raw: str, value: str) -> str:
    """'1.5' or '1.20': a dot that does not group thousands — decimals take a comma."""
    try:
        as_decimal = Decimal(value) if value.count(".") == 1 else None
    except ArithmeticError:
        as_decimal = None
    if as_decimal is None:
        return _hint(raw)
    return (
        f"“{raw.strip()}” chưa rõ: dấu chấm chỉ dùng để ngăn cách hàng nghìn (1.200 là một "
        f"nghìn hai trăm). Nếu là số lẻ, viết bằng dấu phẩy: {_example(as_decimal)}."
    )
