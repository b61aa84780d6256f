"""Against a real nginx with the site's configuration: unknown query parameters cannot bust the
page cache or reach the app, the app learns the address nginx saw whatever headers the client
forges, and floods of searches and API requests get 429 with Retry-After from nginx itself."""

from __future__ import annotations

import json
import secrets

import pytest

from core.caching.query import PAGE_QUERY, nginx_conf
from edgecache.tests.nginx_front import ROOT, start_front, start_stand_in, stop_front

pytestmark = pytest.mark.nginx

ARTICLE = "/tin-dia-phuong/cau-moi-noi-hai-xa-1.html"
SECTION = "/tin-dia-phuong/"


@pytest.fixture
def front(tmp_path, monkeypatch):
    stand_in = start_stand_in()
    front = start_front(tmp_path, stand_in.port, monkeypatch)
    front.app = stand_in
    try:
        yield front
    finally:
        stop_front(front)
        stand_in.server.shutdown()


def app_paths(front, path_prefix: str) -> list[str]:
    return [seen.path for seen in front.app.requests if seen.path.startswith(path_prefix)]


def test_the_committed_query_map_is_the_generated_one():
    committed = (ROOT / "deploy" / "nginx" / "toasoan-query-http.conf").read_text()
    assert committed == nginx_conf(), "run: python -m core.caching.query > " \
        "deploy/nginx/toasoan-query-http.conf"


def test_random_unknown_parameters_are_one_cache_entry_and_never_reach_the_app(front):
    n = 200
    statuses, cache = [], []
    for _ in range(n):
        query = f"{secrets.token_hex(4)}={secrets.token_hex(8)}&utm_source={secrets.token_hex(3)}"
        status, headers, body = front.request("GET", f"{ARTICLE}?{query}")
        statuses.append(status)
        cache.append(headers.get("X-Cache-Status"))
        assert body == f"page {ARTICLE}".encode()
    assert statuses == [200] * n
    assert app_paths(front, "/tin-dia-phuong/") == [ARTICLE]  # one render, no query string
    assert cache[0] == "MISS" and set(cache[1:]) == {"HIT"}
    # Odd spellings of the cursor are no new page either.
    for query in ("sau=", "sau=abc", "sau=1e5", "sau=%31", "SAU=x", "sau=" + "9" * 20, "&&&"):
        status, headers, _ = front.request("GET", f"{ARTICLE}?{query}")
        assert (status, headers.get("X-Cache-Status")) == (200, "HIT"), query
    assert app_paths(front, "/tin-dia-phuong/") == [ARTICLE]


def test_the_cursor_is_kept_once_and_alone(front):
    for query in ("sau=123", "x=1&sau=123&y=2", "sau=123&sau=456", "utm_campaign=a&sau=123"):
        front.request("GET", f"{SECTION}?{query}")
    assert app_paths(front, SECTION) == [f"{SECTION}?sau=123"]
    assert PAGE_QUERY == {"sau": r"[0-9]{1,19}"}  # the table this test was written for


def test_uncached_addresses_and_editors_get_their_query_unchanged(front):
    exact = ["/api/v1/articles?limit=5&tag=ghe-ngo&foo=1", "/tim-kiem?q=ghe+ngo&page=2&x=1",
             "/admin/pages/?q=cau&p=2", "/sitemap-articles-1.xml?p=3", "/rss/?x=1"]
    for path in exact:
        front.request("GET", path)
    front.request("GET", f"{ARTICLE}?preview=1", headers={"Cookie": "sessionid=abc"})
    front.request("POST", f"{SECTION}?next=/x/", body=b"a=1")
    received = [seen.path for seen in front.app.requests]
    assert received == [*exact, f"{ARTICLE}?preview=1", f"{SECTION}?next=/x/"]


def test_the_app_gets_the_address_nginx_saw_whatever_the_client_claims(front):
    front.request("GET", "/api/v1/sections", source="127.0.4.7", headers={
        "X-Real-IP": "198.51.100.1", "X-Forwarded-For": "203.0.113.5, 198.51.100.2"})
    seen = front.app.requests[-1]
    assert seen.headers["X-Real-IP"] == "127.0.4.7"
    # The chain is passed on for the logs, but its forged part is the client's own text.
    assert seen.headers["X-Forwarded-For"] == "203.0.113.5, 198.51.100.2, 127.0.4.7"


def flood(front, path: str, source: str, n: int, forge: bool = False) -> list[tuple]:
    answers = []
    for i in range(n):
        headers = {"X-Forwarded-For": f"198.51.100.{i % 250}", "X-Real-IP": f"203.0.113.{i % 250}"
                   } if forge else {}
        answers.append(front.request("GET", path, headers=headers, source=source))
    return answers


@pytest.mark.parametrize("path, kind", [("/api/v1/search?q=cau", "json"),
                                        ("/api/v1/articles", "json"),
                                        ("/tim-kiem?q=cau", "html")])
def test_nginx_refuses_a_flood_from_one_address_with_retry_after(front, path, kind):
    answers = flood(front, path, "127.0.5.1", 150, forge=True)
    refused = [answer for answer in answers if answer[0] == 429]
    assert refused, "forged X-Forwarded-For / X-Real-IP escaped nginx's limit"
    assert len(answers) - len(refused) <= 100  # the burst and what leaked meanwhile
    status, headers, body = refused[0]
    assert headers["Retry-After"] == "1" and headers["Cache-Control"] == "no-store"
    text = body.decode()
    assert "Vui lòng thử lại sau" in text
    if kind == "json":
        assert headers["Content-Type"].startswith("application/json")
        assert json.loads(text)["detail"].startswith("Bạn đã gửi quá nhiều yêu cầu")
    else:
        assert headers["Content-Type"].startswith("text/html") and 'lang="vi"' in text
    # Another address keeps its own allowance; pages are never limited.
    assert front.request("GET", path, source="127.0.5.2")[0] == 200
    assert {answer[0] for answer in flood(front, ARTICLE, "127.0.5.1", 150)} == {200}


@pytest.mark.django_db(transaction=True)
def test_through_nginx_forged_headers_do_not_escape_the_apps_limit(live_server, tmp_path,
                                                                   monkeypatch, settings):
    """Real nginx in front of the real app: the API's per-address limit holds however the
    client forges X-Forwarded-For and X-Real-IP, and another address is served."""
    from urllib.parse import urlsplit

    settings.SYNDICATION_API_RATE = "4/hour"  # no window ends during the test
    front = start_front(tmp_path, urlsplit(live_server.url).port, monkeypatch)
    try:
        answers = flood(front, "/api/v1/sections", "127.0.6.1", 8, forge=True)
        assert [answer[0] for answer in answers] == [200] * 4 + [429] * 4
        status, headers, body = answers[-1]
        seconds = int(headers["Retry-After"])
        assert 1 <= seconds <= 3600
        assert json.loads(body)["detail"] == (
            f"Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau {seconds} giây.")
        assert front.request("GET", "/api/v1/sections", source="127.0.6.2")[0] == 200
    finally:
        stop_front(front)
