"""Demo step: the criteria catalogue as shipped (every set, verified or not), and period kinds.

The shipped data carries no illustrative target; a later step that needs one for the demo adds
it as its own row with ``is_illustrative=True`` (the loader never overwrites such a row).
"""

from __future__ import annotations

from typing import Any

from ntm.criteria.loader import load_shipped_sets


def build(world: Any) -> None:
    world.extra["criteria_report"] = load_shipped_sets()
