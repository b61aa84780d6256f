"""The client's address: the one nginx saw, never a header the client wrote.

nginx passes `X-Forwarded-For: <what the client sent>, <the address nginx saw>`
(`$proxy_add_x_forwarded_for`). Only the last entry was written by nginx; everything before
it came from the client and may be forged. So the last entry is taken, and only when the
request really comes from a proxy listed in TRUSTED_PROXIES (loopback in production, where
nginx and the app share a machine); any other peer is itself the client.

`ClientAddressMiddleware` runs first, puts that address in REMOTE_ADDR and drops
X-Forwarded-For, so every later reader (the sign-in lockout, rate limits, the view counter)
sees the same address and none can read a forged header by mistake.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted_proxy(peer: str) -> bool:
    """Whether `peer` is one of TRUSTED_PROXIES (addresses or networks)."""
    address = _address(peer)
    if address is None:
        return False
    return any(address in network
               for network in _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()))))


def client_address(request: HttpRequest) -> str:
    """The address the front server saw: the last X-Forwarded-For entry when the peer is a
    trusted proxy and that entry is an address, else the peer itself."""
    peer = request.META.get("REMOTE_ADDR", "")
    if is_trusted_proxy(peer):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = _address(forwarded.rsplit(",", 1)[-1]) if forwarded else None
        if last is not None:
            return str(last)
    return peer


class ClientAddressMiddleware:
    """REMOTE_ADDR becomes the client's address; X-Forwarded-For is consumed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META["REMOTE_ADDR"] = client_address(request)
        request.META.pop("HTTP_X_FORWARDED_FOR", None)
        return self.get_response(request)
