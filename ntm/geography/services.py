"""Loading reference data and reorganising units (writes that touch several rows)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from django.db import transaction

from ntm.core.upsert import upsert
from ntm.geography.models import AdministrativeUnit, CommuneGroup, Level, Region

REFERENCE_FILE = Path(__file__).parent / "data" / "reference.yaml"


@transaction.atomic
def load_reference(path: Path = REFERENCE_FILE) -> dict[str, int]:
    """Create or update levels, regions and commune groups. Running it twice changes nothing."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    changed = {"levels": 0, "regions": 0, "commune_groups": 0}
    for row in data["levels"]:
        defaults = {
            "name": row["name"],
            "rank": row["rank"],
            "is_commune": row.get("is_commune", False),
            "is_hamlet": row.get("is_hamlet", False),
            "valid_to": dt.date.fromisoformat(row["valid_to"]) if row.get("valid_to") else None,
        }
        changed["levels"] += _upsert(Level, {"code": row["code"]}, defaults)
    for row in data["regions"]:
        changed["regions"] += _upsert(Region, {"code": row["code"]}, {"name": row["name"]})
    for row in data["commune_groups"]:
        changed["commune_groups"] += _upsert(
            CommuneGroup,
            {"code": row["code"]},
            {"name": row["name"], "description": row.get("description", "")},
        )
    return changed


def _upsert(model: type, keys: dict, defaults: dict) -> int:
    return 0 if upsert(model, keys, defaults)[1] == "unchanged" else 1


@transaction.atomic
def move_unit(
    *, unit: AdministrativeUnit, new_parent: AdministrativeUnit | None, reason: str
) -> None:
    """Reparent a unit (and its subtree). The audit keeps the old parent and the reason."""
    unit.parent = new_parent
    unit._change_reason = reason  # type: ignore[attr-defined]
    unit.save()


@transaction.atomic
def end_unit(
    *,
    unit: AdministrativeUnit,
    last_day: dt.date,
    replaced_by: AdministrativeUnit | None,
    reason: str,
) -> None:
    """Close a unit's validity (merged or abolished), pointing at its successor if any."""
    unit.valid_to = last_day
    unit.replaced_by = replaced_by
    unit._change_reason = reason  # type: ignore[attr-defined]
    unit.save()
