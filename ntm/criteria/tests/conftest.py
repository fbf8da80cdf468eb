from __future__ import annotations

from typing import Any

import pytest

from ntm.criteria.loader import LoadReport, load_shipped_sets


@pytest.fixture
def shipped(world: Any) -> LoadReport:
    """The test world plus every shipped criteria set."""
    return load_shipped_sets()
