"""The client's address, defined once: the address nginx saw, never a header the client chose.

nginx overwrites ``X-Real-IP`` with the address of the connection it accepted
(``proxy_set_header X-Real-IP $remote_addr``), so a reader cannot set it. Django trusts that
header only when the request comes from a trusted proxy (``TOASOAN_TRUSTED_PROXIES``, loopback
by default: nginx and granian run on one machine), and then moves it into ``REMOTE_ADDR``.
``X-Forwarded-For`` is never read: its left part is whatever the client sent. A station with a
load balancer or CDN in front of nginx sets nginx's ``set_real_ip_from`` for it, so
``$remote_addr`` is already the reader's address when it reaches this code.

Rate limits and the view counter key on :func:`client_address` (an IPv6 client by its /64,
:func:`address_key`: one subscriber's line gets a whole /64 and could rotate within it).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from functools import lru_cache

from django.http import HttpRequest, HttpResponse

from core.conf import conf

REAL_IP_META = "HTTP_X_REAL_IP"


@lru_cache(maxsize=16)
def _networks(spec: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in spec
                 if item.strip())


def trusted_proxies() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    configured = conf.TOASOAN_TRUSTED_PROXIES
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


class ClientAddressMiddleware:
    """Outermost: REMOTE_ADDR becomes the address nginx saw, when nginx is the peer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        peer = request.META.get("REMOTE_ADDR", "")
        if is_trusted_proxy(peer):
            forwarded = parse_address(request.META.get(REAL_IP_META, ""))
            if forwarded is not None:
                request.META["REMOTE_ADDR"] = str(forwarded)
        return self.get_response(request)


def client_address(request: HttpRequest) -> str:
    """The reader's address (after ClientAddressMiddleware)."""
    return request.META.get("REMOTE_ADDR", "")


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
