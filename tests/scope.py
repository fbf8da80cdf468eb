"""How a URL is reached with the test world, for the scope test (tests/test_url_scope.py).

Each app lists its URLs in ``ntm/<app>/tests/url_cases.py`` as ``CASES: dict[str, Case]``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Case:
    # Builds the URL kwargs from the world (creating the object if needed); None for no kwargs.
    kwargs: Callable[[Any], dict[str, Any]] | None = None
    # A user key of the world who may see the page (expects ``expect``).
    insider: str = "officer"
    # User keys who must get 404 for this object (only checked when ``kwargs`` is set).
    outsiders: tuple[str, ...] = ("outsider",)
    # Public pages (no login) are not redirected to login.
    public: bool = False
    expect: int = 200
    # HTTP method used for the insider check; POST-only URLs use "post" and expect a redirect.
    method: str = "get"
