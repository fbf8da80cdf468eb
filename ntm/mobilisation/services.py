"""Writes of the mobilisation app: loading the funding sources (data), and writes that touch
several rows (a photo with its step, a contribution bound to its work's unit)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from ntm.core.upsert import upsert
from ntm.mobilisation.models import Contribution, FundingSource

FUNDING_SOURCES_FILE = Path(__file__).parent / "data" / "funding_sources.yaml"


def funding_source_rows(path: Path = FUNDING_SOURCES_FILE) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        {
            "code": row["code"],
            "name": row["name"],
            "is_budget": bool(row.get("budget", False)),
            "is_community": bool(row.get("community", False)),
            "order": int(row.get("order", 100)),
        }
        for row in data["funding_sources"]
    ]


@transaction.atomic
def load_funding_sources(*, path: Path = FUNDING_SOURCES_FILE) -> int:
    """Create or update the funding sources from the YAML file. Returns rows changed."""
    changed = 0
    for row in funding_source_rows(path):
        code = row.pop("code")
        _, outcome = upsert(FundingSource, {"code": code}, row)
        changed += outcome != "unchanged"
    return changed


def source(code: str) -> FundingSource:
    found = FundingSource.objects.filter(code=code).first()
    if found is None:
        load_funding_sources()
        found = FundingSource.objects.get(code=code)
    return found


def bind_contribution(contribution: Contribution) -> Contribution:
    """A contribution for a work belongs to the work's unit (one truth for scope and totals)."""
    if contribution.work_id and contribution.work is not None:
        contribution.unit = contribution.work.unit
    if not contribution.name_consent:
        contribution.consent_date = None
    return contribution
