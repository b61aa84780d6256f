"""core.clientip: the client's address is the one nginx saw, never a header the client wrote."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from core.clientip import ClientAddressMiddleware, client_address


def request(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(("proxies", "peer", "forwarded", "expected"), [
    # No proxy in front (`make run`): the peer is the client, whatever it claims.
    ([], "203.0.113.9", "198.51.100.1", "203.0.113.9"),
    # nginx on loopback: the last entry is the one nginx appended.
    (["127.0.0.1", "::1"], "127.0.0.1", "198.51.100.1, 10.0.0.1, 203.0.113.9", "203.0.113.9"),
    (["127.0.0.1", "::1"], "::1", "2001:db8::7", "2001:db8::7"),
    (["127.0.0.0/8"], "127.0.0.2", "203.0.113.9", "203.0.113.9"),
    # A client that is not a trusted proxy cannot choose its address.
    (["127.0.0.1"], "203.0.113.9", "127.0.0.1, 198.51.100.1", "203.0.113.9"),
    # A proxy that sent nothing usable: its own address, never a forged or broken entry.
    (["127.0.0.1"], "127.0.0.1", None, "127.0.0.1"),
    (["127.0.0.1"], "127.0.0.1", "198.51.100.1, not-an-address", "127.0.0.1"),
    (["127.0.0.1"], "127.0.0.1", "", "127.0.0.1"),
])
def test_client_address(settings, proxies, peer, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    assert client_address(request(peer, forwarded)) == expected


def test_the_middleware_leaves_one_address_and_no_forwarded_header(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    seen = {}

    def view(req):
        seen.update(req.META)

    ClientAddressMiddleware(view)(request("127.0.0.1", "1.2.3.4, 203.0.113.9"))
    assert seen["REMOTE_ADDR"] == "203.0.113.9"
    assert "HTTP_X_FORWARDED_FOR" not in seen
