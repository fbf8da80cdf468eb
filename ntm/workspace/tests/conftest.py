from typing import Any

import pytest

from ntm.plans.tests.factories import Sets, build_sets


@pytest.fixture
def sets(world: Any) -> Sets:
    return build_sets()
