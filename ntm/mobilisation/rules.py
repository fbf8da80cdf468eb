"""Pure rules of the ledger (no ORM): what a contribution row must say for its kind."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

MONEY = "money"
MATERIALS = "materials"
LABOUR = "labour"
LAND = "land"

QUANTITY_UNITS = {LABOUR: "ngày công", LAND: "m²", MATERIALS: ""}


def contribution_problems(
    *,
    kind: str,
    amount: int | None,
    quantity: Decimal | None,
    description: str,
    name_consent: bool,
    consent_date: dt.date | None,
) -> dict[str, str]:
    """Field name -> Vietnamese message for every rule the row breaks (empty when valid)."""
    problems: dict[str, str] = {}
    if kind == MONEY and not amount:
        problems["amount"] = "Đóng góp bằng tiền cần ghi số tiền (đồng)."
    if kind in (LABOUR, LAND) and not quantity:
        unit = QUANTITY_UNITS[kind]
        problems["quantity"] = f"Cần ghi số lượng ({unit})."
    if kind == MATERIALS and not description:
        problems["description"] = "Cần mô tả hiện vật, vật tư (loại, số lượng)."
    if quantity is not None and quantity < 0:
        problems["quantity"] = "Số lượng không được âm."
    if amount is not None and amount < 0:
        problems["amount"] = "Số tiền không được âm."
    if name_consent and consent_date is None:
        problems["consent_date"] = "Ghi ngày người đóng góp đồng ý công khai tên."
    if not name_consent and consent_date is not None:
        problems["name_consent"] = "Đã ghi ngày đồng ý thì cần đánh dấu “đồng ý công khai tên”."
    return problems


def remaining(planned: int, realised: int) -> int:
    return planned - realised
