"""A small rate limiter on Django's cache: "at most N hits per window from one address".

The window starts at the first hit and lasts ``window`` seconds (the counter's cache timeout),
so "20 in a minute" means the 21st hit within 60 s of the first one is refused. ``cache.add``
and ``cache.incr`` are atomic on Redis and per process on the local-memory cache; with several
app servers configure ``REDIS_URL`` so they share one counter.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The caller's address as the web server saw it (REMOTE_ADDR).

    X-Forwarded-For is not read here: anyone can send it. Behind nginx,
    ``ntm.core.proxy.TrustedProxyMiddleware`` has already replaced REMOTE_ADDR with the client's
    address, from X-Forwarded-For, only when the request came from ``NTM_TRUSTED_PROXIES``.
    """
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(scope: str, identity: str) -> str:
    # Addresses are personal data: the cache holds only a hash of them.
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return f"ntm:rl:{scope}:{digest}"


def hit(scope: str, identity: str, *, limit: int, window: int) -> bool:
    """Count one hit; True while the caller is within ``limit`` hits in ``window`` seconds."""
    key = _key(scope, identity)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this hit opens a new window
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit


def exceeded(scope: str, identity: str, *, limit: int) -> bool:
    """True if ``identity`` already used up ``limit`` hits of ``scope`` (does not count one)."""
    return int(cache.get(_key(scope, identity)) or 0) >= limit


def is_limited(request: HttpRequest, scope: str, *, limit: int, window: int = 60) -> bool:
    """Count this request against ``scope`` for its address; True if it must be refused."""
    return not hit(scope, client_address(request), limit=limit, window=window)


def reset(scope: str, identity: str) -> None:
    cache.delete(_key(scope, identity))
