from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """The rate limiter counts in the cache: every test starts with clean counters."""
    cache.clear()
    yield
    cache.clear()
