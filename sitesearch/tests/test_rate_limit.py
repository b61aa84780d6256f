"""Searches are limited per address, the page and the API together, on the address nginx saw."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_search_page_refuses_beyond_the_rate_with_retry_after(client, settings):
    settings.SEARCH_RATE = "2/hour"  # no window ends during the test
    reader = {"REMOTE_ADDR": "198.51.100.30"}
    assert client.get("/tim-kiem", {"q": "cầu"}, **reader).status_code == 200
    # The API's searches count against the same allowance.
    assert client.get("/api/v1/search", {"q": "cầu"}, **reader).status_code == 200
    refused = client.get("/tim-kiem", {"q": "cầu"}, **reader)
    assert refused.status_code == 429
    seconds = int(refused["Retry-After"])
    assert 1 <= seconds <= 3600 and refused["Cache-Control"] == "no-store"
    page = refused.content.decode()
    assert f"Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau {seconds} giây." in page
    assert 'name="q"' in page  # the form stays, in the portal's layout
    api = client.get("/api/v1/search", {"q": "cầu"}, **reader)
    assert api.status_code == 429 and "Vui lòng thử lại sau" in api.json()["detail"]
    # Forged forwarding headers are somebody else's words: still refused.
    forged = client.get("/tim-kiem", {"q": "cầu"}, HTTP_X_FORWARDED_FOR="203.0.113.1",
                        HTTP_X_REAL_IP="203.0.113.2", **reader)
    assert forged.status_code == 429
    # Another reader searches on.
    assert client.get("/tim-kiem", {"q": "cầu"}, REMOTE_ADDR="198.51.100.31").status_code == 200


def test_one_ipv6_line_is_one_reader_for_the_limit(client, settings):
    """A subscriber's /64 holds 2^64 addresses: rotating within it changes nothing."""
    settings.SEARCH_RATE = "2/hour"  # no window ends during the test
    statuses = [client.get("/tim-kiem", {"q": "ghe"},
                           REMOTE_ADDR=f"2001:db8:1:2::{i:x}").status_code for i in range(1, 5)]
    assert statuses == [200, 200, 429, 429]
    assert client.get("/tim-kiem", {"q": "ghe"},
                      REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


def test_a_cache_outage_lets_searches_through(client, settings, monkeypatch):
    """The limit's counters are unreachable (Redis down): searches are served, not refused."""
    import django_ratelimit.core

    class Down:
        def add(self, *args, **kwargs):
            raise ConnectionError("cache down")

        incr = get = add

    settings.SEARCH_RATE = "1/min"
    monkeypatch.setattr(django_ratelimit.core, "caches", {"default": Down()})
    for _ in range(3):
        assert client.get("/tim-kiem", REMOTE_ADDR="198.51.100.32").status_code == 200
