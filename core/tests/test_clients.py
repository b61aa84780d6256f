"""The client's address: nginx's X-Real-IP from a trusted proxy only; IPv6 by its /64."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from core.clients import ClientAddressMiddleware, address_key, client_address


def seen(**meta) -> str:
    request = RequestFactory().get("/", **meta)
    return ClientAddressMiddleware(lambda r: client_address(r))(request)


def test_only_the_trusted_proxy_names_the_client():
    assert seen(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7") == "203.0.113.7"
    assert seen(REMOTE_ADDR="::1", HTTP_X_REAL_IP="2001:db8::7") == "2001:db8::7"
    # A client talking to Django directly cannot claim another address.
    assert seen(REMOTE_ADDR="198.51.100.4", HTTP_X_REAL_IP="203.0.113.7") == "198.51.100.4"
    # X-Forwarded-For is never read; a garbled X-Real-IP leaves the peer's address.
    assert seen(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8") == "127.0.0.1"
    assert seen(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7, 1.2.3.4") == "127.0.0.1"


def test_trusted_proxies_are_a_setting(settings):
    settings.TOASOAN_TRUSTED_PROXIES = "10.8.0.0/24"
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
