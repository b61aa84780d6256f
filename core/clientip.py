"""The client's address, defined once: the address nginx saw, never a header the client chose.

nginx overwrites ``X-Real-IP`` with the address of the connection it accepted
(``proxy_set_header X-Real-IP $remote_addr``), so a reader cannot set it. Django trusts that
header only when the request comes from a trusted proxy (``TRUSTED_PROXIES``, loopback by
default: nginx and granian run on one machine), and then moves it into ``REMOTE_ADDR``.
Without ``X-Real-IP``, the last entry of ``X-Forwarded-For`` is taken (nginx appends the
address it saw); the entries before it are whatever the client sent, never read. A station with a
load balancer or CDN in front of nginx sets nginx's ``set_real_ip_from`` for it, so
``$remote_addr`` is already the reader's address when it reaches this code.

Rate limits and the view counter key on :func:`client_address` (an IPv6 client by its /64,
:func:`address_key`: one subscriber's line gets a whole /64 and could rotate within it).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REAL_IP_META = "HTTP_X_REAL_IP"


@lru_cache(maxsize=16)
def _networks(spec: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in spec
                 if item.strip())


def trusted_proxies() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    configured = getattr(settings, "TRUSTED_PROXIES", ())
    if isinstance(configured, str):
        configured = configured.split(",")
    return _networks(tuple(configured))


def parse_address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def is_trusted_proxy(address: str) -> bool:
    parsed = parse_address(address)
    return parsed is not None and any(parsed in network for network in trusted_proxies())


def forwarded_address(meta: dict) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """What a trusted proxy says the client is: its X-Real-IP, or else the last entry of
    X-Forwarded-For (the one nginx's $proxy_add_x_forwarded_for appends; every entry before
    it came from the client)."""
    real = parse_address(meta.get(REAL_IP_META, ""))
    if real is not None:
        return real
    chain = meta.get("HTTP_X_FORWARDED_FOR", "")
    return parse_address(chain.rsplit(",", 1)[-1]) if chain else None


class ClientAddressMiddleware:
    """Outermost: REMOTE_ADDR becomes the address nginx saw, when nginx is the peer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        peer = request.META.get("REMOTE_ADDR", "")
        if is_trusted_proxy(peer):
            forwarded = forwarded_address(request.META)
            if forwarded is not None:
                request.META["REMOTE_ADDR"] = str(forwarded)
        # Nothing after this reads a forwarding header by mistake.
        request.META.pop(REAL_IP_META, None)
        request.META.pop("HTTP_X_FORWARDED_FOR", None)
        return self.get_response(request)


def client_address(request: HttpRequest) -> str:
    """The reader's address: REMOTE_ADDR once ClientAddressMiddleware ran (sign-in lockout,
    rate limits and the view counter all read it here)."""
    peer = request.META.get("REMOTE_ADDR", "")
    if is_trusted_proxy(peer):
        forwarded = forwarded_address(request.META)
        if forwarded is not None:
            return str(forwarded)
    return peer


def address_key(address: str) -> str:
    """What limits count by: an IPv4 address, or the /64 network of an IPv6 one."""
    parsed = parse_address(address)
    if parsed is None:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False).network_address) + "/64"
    return str(parsed)
