"""core.clientip: the client's address is nginx's X-Real-IP from a trusted proxy only, never a
header the client wrote; IPv6 by its /64."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from core.clientip import ClientAddressMiddleware, address_key, client_address


def seen(**meta) -> str:
    request = RequestFactory().get("/", **meta)
    return ClientAddressMiddleware(lambda r: client_address(r))(request)


def test_only_the_trusted_proxy_names_the_client():
    assert seen(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7") == "203.0.113.7"
    assert seen(REMOTE_ADDR="::1", HTTP_X_REAL_IP="2001:db8::7") == "2001:db8::7"
    # A client talking to Django directly cannot claim another address.
    assert seen(REMOTE_ADDR="198.51.100.4", HTTP_X_REAL_IP="203.0.113.7") == "198.51.100.4"
    # Without X-Real-IP, only X-Forwarded-For's last entry (nginx's own) counts; a garbled
    # X-Real-IP leaves the peer's address.
    assert seen(REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.8") == "203.0.113.8"
    assert seen(REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="203.0.113.8") == "198.51.100.4"
    assert seen(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7, 1.2.3.4") == "127.0.0.1"


def test_trusted_proxies_are_a_setting(settings):
    settings.TRUSTED_PROXIES = ["10.8.0.0/24"]
    assert seen(REMOTE_ADDR="10.8.0.5", HTTP_X_REAL_IP="203.0.113.7") == "203.0.113.7"
    assert seen(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7") == "127.0.0.1"


@pytest.mark.parametrize("address, key", [
    ("203.0.113.7", "203.0.113.7"),
    ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
    ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
    ("::ffff:203.0.113.7", "203.0.113.7"),
    ("not an address", "not an address"),
])
def test_limits_count_an_ipv6_reader_by_its_64(address, key):
    assert address_key(address) == key


@pytest.mark.parametrize(("proxies", "peer", "real_ip", "expected"), [
    # No proxy in front: the peer is the client, whatever it claims.
    ([], "127.0.0.1", "198.51.100.1", "127.0.0.1"),
    (["127.0.0.1", "::1"], "::1", "2001:db8::7", "2001:db8::7"),
    (["127.0.0.0/8"], "127.0.0.2", "203.0.113.9", "203.0.113.9"),
    # A client that is not a trusted proxy cannot choose its address.
    (["127.0.0.1"], "203.0.113.9", "127.0.0.1", "203.0.113.9"),
    # A proxy that sent nothing usable: its own address, never a broken header.
    (["127.0.0.1"], "127.0.0.1", "", "127.0.0.1"),
    (["127.0.0.1"], "127.0.0.1", "not-an-address", "127.0.0.1"),
])
def test_client_address_before_the_middleware(settings, proxies, peer, real_ip, expected):
    """Sign-in lockout (axes) asks client_address directly: same answer as the middleware."""
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_REAL_IP=real_ip)
    assert client_address(request) == expected
    assert seen(REMOTE_ADDR=peer, HTTP_X_REAL_IP=real_ip) == expected


def test_the_middleware_leaves_one_address_and_no_forwarding_header(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    meta = {}
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9",
                                   HTTP_X_FORWARDED_FOR="1.2.3.4")
    ClientAddressMiddleware(lambda r: meta.update(r.META))(request)
    assert meta["REMOTE_ADDR"] == "203.0.113.9"
    assert "HTTP_X_FORWARDED_FOR" not in meta and "HTTP_X_REAL_IP" not in meta
