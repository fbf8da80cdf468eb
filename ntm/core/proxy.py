"""The client's address behind nginx: X-Forwarded-For, believed only from configured proxies.

Behind a reverse proxy every request comes from 127.0.0.1, so the rate limits (login,
public feedback) would count the whole province as one caller. ``NTM_TRUSTED_PROXIES`` lists
the addresses or networks of the proxies (``127.0.0.1`` for nginx on the same machine). When
the direct peer is one of them, REMOTE_ADDR becomes the right-most address of X-Forwarded-For
that is not itself a trusted proxy. From any other peer the header is ignored: anyone can
send it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: Iterable[str]) -> list[Network]:
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()]


def _trusted(address: str, networks: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_from_forwarded(peer: str, forwarded_for: str, networks: list[Network]) -> str:
    """The client's address; ``peer`` unchanged unless it is a trusted proxy."""
    if not networks or not forwarded_for or not _trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer  # a forged or broken header: keep what the socket saw
        if not _trusted(hop, networks):
            return hop
    return hops[0] if hops else peer


class TrustedProxyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.networks = parse_networks(settings.NTM_TRUSTED_PROXIES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.networks:
            meta = request.META
            meta["REMOTE_ADDR"] = client_from_forwarded(
                meta.get("REMOTE_ADDR", ""), meta.get("HTTP_X_FORWARDED_FOR", ""), self.networks
            )
        return self.get_response(request)
