"""No public address answers 500, whatever its path segments and query string hold.

Every public URL pattern of the project is listed in ROUTES with the query parameters its view
reads (a test fails when a pattern is added without an entry). Hypothesis fills the path
segments and the query string with valid values, numbers beyond what the database stores,
impossible dates, NUL bytes, lone surrogates, undecodable bytes, direction marks, stacked
combining marks, very long strings and repeated parameters. Whatever it draws, the answer is
below 500, and a refusal (400) or a missing page (404) reads as a Vietnamese sentence: the
portal's error page, or the API's JSON `detail`.

A fixed list of known-hostile addresses (the 500s this fuzzing found, and the refusals that
used to be a 200 or an English 422) runs as a plain parametrized test with the exact status.

The API's operations are fuzzed against their own OpenAPI schema by schemathesis
(syndication/tests/test_api_schemathesis.py); here the API appears only in the fixed list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, quote_from_bytes

import pytest
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from news.tests.conftest import visible_text

pytestmark = pytest.mark.django_db

# Letters only Vietnamese writes: a message holding none of them is not Vietnamese.
VIETNAMESE_LETTERS = re.compile("[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
                                "ùúủũụừứửữựỳýỷỹỵ]")
KHMER_LETTERS = re.compile("[\u1780-\u17b3]")
# Where an HTML page that refuses its input says why.
ALERT = re.compile(r'role="alert"[^>]*>(.*?)</', re.S)
MAX_ID = 2**63 - 1

# Values a hostile or broken client sends, as decoded text (str) or raw bytes (bytes).
HOSTILE: list[str | bytes] = [
    "", "0", "-1", "00", "+1", " 1", "1.5", "1e308", "0x10", "NaN", "nan", "inf", "-inf",
    str(MAX_ID), str(MAX_ID + 1), str(2**64), "-" + str(2**63 + 1), "9" * 40, "1" * 5000,
    "١٢٣", "１２", "²",  # digits that are not ASCII
    "0000-01-01", "0001-01-01", "9999-12-31", "10000-01-01", "-2024-01-01", "2024-02-30",
    "2024-13-01", "2024-1-1", "20240101", "2024-W01-1", "٢٠٢٤-٠١-٠١",
    "\x00", "a\x00b", "\x00" * 3, "\ud800", "x\udfffy", b"\xff\xfe", b"\xc0\x80", b"%",
    "\u202eabc", "\u200f\u0627", "\u200b", "\ufeff", "e" + "\u0301" * 60, "ể" * 2000,
    "\U0001f600", "\r\n", "\t", "%", "%%", "../../etc/passwd", "..", "<script>alert(1)</script>",
    "' OR 1=1--", "x" * 10_000,
]


def encode(value: str | bytes) -> str:
    """Percent-encoded as a client would put it in an address; lone surrogates become the
    bytes a broken encoder writes (%ED%A0%80)."""
    if isinstance(value, bytes):
        return quote_from_bytes(value, safe="")
    return quote(value, safe="", errors="surrogatepass")


def hostile_values() -> st.SearchStrategy[str | bytes]:
    """Known-hostile values, arbitrary text (surrogates and NUL included), arbitrary bytes,
    integers around and far beyond a 64-bit id, and any day of the calendar."""
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.text(st.characters(codec=None), max_size=40),
        st.binary(max_size=20),
        st.integers(min_value=MAX_ID - 2, max_value=MAX_ID + 2).map(str),
        st.integers(min_value=-(2**80), max_value=2**80).map(str),
        st.dates().map(str),
    )


def numbers() -> st.SearchStrategy[str]:
    """Digits as an id segment holds them: around a 64-bit id, far beyond it, more digits than
    Python converts, and zero."""
    return st.one_of(
        st.integers(min_value=MAX_ID - 2, max_value=MAX_ID + 2).map(str),
        st.integers(min_value=MAX_ID, max_value=2**200).map(str),
        st.sampled_from(["0", "00", "1" * 5000]),
    )


def segment_values(name: str) -> st.SearchStrategy[str | bytes]:
    """Hostile values for one path segment; a numeric segment gets numbers half the time."""
    if name in NUMERIC_SEGMENTS:
        return numbers() | hostile_values()
    return hostile_values()


NUMERIC_SEGMENTS = {"pk", "id", "restriction_id"}


@dataclass(frozen=True)
class Route:
    """A public URL pattern as an address to fill: `{name}` for each path segment."""

    path: str
    params: tuple[str, ...] = ()  # the query parameters its view reads
    valid: Callable[[dict], dict[str, object]] = field(default=lambda content: {})


def _article(content: dict) -> dict[str, object]:
    lead = content["lead"]
    return {"section_slug": lead.primary_section.slug, "slug": lead.slug, "pk": lead.pk}


def _episode(content: dict) -> dict[str, object]:
    episode = content["video_episode"]
    return {"programme_slug": episode.programme.slug, "slug": episode.slug, "pk": episode.pk}


ROUTES: dict[str, Route] = {
    "": Route("/"),
    "<slug:section_slug>/": Route("/{section_slug}/", ("sau",),
                                  lambda c: {"section_slug": "tin-tuc"}),
    "<slug:section_slug>/<slug:slug>-<id:pk>.html": Route(
        "/{section_slug}/{slug}-{pk}.html", valid=_article),
    "thong-bao/": Route("/thong-bao/", ("sau",)),
    "thong-bao/<slug:slug>-<id:pk>.html": Route(
        "/thong-bao/{slug}-{pk}.html",
        valid=lambda c: {"slug": c["announcement"].slug, "pk": c["announcement"].pk}),
    "van-ban/": Route("/van-ban/", ("sau",)),
    "van-ban/<slug:slug>-<id:pk>.html": Route(
        "/van-ban/{slug}-{pk}.html",
        valid=lambda c: {"slug": c["document"].slug, "pk": c["document"].pk}),
    "video/": Route("/video/", ("sau",)),
    "video/<slug:slug>-<id:pk>.html": Route("/video/{slug}-{pk}.html",
                                             valid=lambda c: {"slug": "thoi-su-toi", "pk": 1}),
    "chuong-trinh/<slug:slug>/": Route("/chuong-trinh/{slug}/", ("sau",),
                                       lambda c: {"slug": "thoi-su"}),
    "chuong-trinh/<slug:programme_slug>/<slug:slug>-<id:pk>.html": Route(
        "/chuong-trinh/{programme_slug}/{slug}-{pk}.html", valid=_episode),
    "chuong-trinh/<slug:slug>/podcast.xml": Route("/chuong-trinh/{slug}/podcast.xml",
                                                  valid=lambda c: {"slug": "nong-nghiep-sang"}),
    "lich-phat-song/": Route("/lich-phat-song/"),
    "lich-phat-song/xmltv.xml": Route("/lich-phat-song/xmltv.xml"),
    "lich-phat-song/<slug:kenh>/": Route("/lich-phat-song/{kenh}/", valid=lambda c: {
        "kenh": "stv1"}),
    r"^lich-phat-song/(?P<kenh>[-a-zA-Z0-9_]+)/(?P<ngay>[0-9]{4}-[0-9]{2}-[0-9]{2})/$": Route(
        "/lich-phat-song/{kenh}/{ngay}/", valid=lambda c: {"kenh": "stv1", "ngay": "2024-11-12"}),
    "truc-tuyen/": Route("/truc-tuyen/"),
    "truc-tuyen/<slug:code>/": Route("/truc-tuyen/{code}/", valid=lambda c: {"code": "stv1"}),
    "truc-tuyen/<slug:code>/live.m3u8": Route("/truc-tuyen/{code}/live.m3u8",
                                              valid=lambda c: {"code": "stv1"}),
    "truc-tuyen/<slug:code>/live/<int:since>.m3u8": Route(
        "/truc-tuyen/{code}/live/{since}.m3u8", valid=lambda c: {"code": "stv1", "since": "1"}),
    "tim-kiem": Route("/tim-kiem", ("q", "section", "from", "to", "sort", "page")),
    "tim-kiem/": Route("/tim-kiem/", ("q", "section", "from", "to", "sort", "page")),
    "rss/": Route("/rss/"),
    "rss/<slug:section_slug>.rss": Route("/rss/{section_slug}.rss",
                                         valid=lambda c: {"section_slug": "tin-tuc"}),
    "sitemap.xml": Route("/sitemap.xml", ("p",)),
    "sitemap-<slug:section>.xml": Route("/sitemap-{section}.xml", ("p",),
                                        lambda c: {"section": "articles-0"}),
    "robots.txt": Route("/robots.txt"),
    "in/<slug:section_slug>/<slug:slug>-<id:pk>.html": Route(
        "/in/{section_slug}/{slug}-{pk}.html", valid=_article),
    "v/<int:pk>": Route("/v/{pk}", valid=lambda c: {"pk": c["lead"].pk}),
    "v/<int:pk>/count": Route("/v/{pk}/count", valid=lambda c: {"pk": c["lead"].pk}),
    "^media/(?P<path>.+)$": Route("/media/{path}", valid=lambda c: {
        "path": c["video_episode"].poster_path}),
    "^documents/[0-9]{20,}/": Route("/documents/{id}/{name}"),
    r"documents/^(\d+)/(.*)$": Route("/documents/{id}/{name}", valid=lambda c: {
        "id": c["document"].file_id, "name": "ke-hoach.pdf"}),
    "_util/login/": Route("/_util/login/", ("next",)),
    "documents/authenticate_with_password/<int:restriction_id>/": Route(
        "/documents/authenticate_with_password/{restriction_id}/", ("next",),
        lambda c: {"restriction_id": 1}),
}
# The reader's pages again in the Khmer edition, under /km/ (core.edition_routing): every route
# but the feeds, sitemaps, print view, beacons, media, documents and stream playlists.
OUTSIDE_EDITIONS = ("rss/", "sitemap", "robots.txt", "in/", "v/", "^media/", "^documents/",
                    "documents/", "_util/", "truc-tuyen/<slug:code>/live",
                    "chuong-trinh/<slug:slug>/podcast.xml")
ROUTES.update({
    f"km/{pattern}": Route("/km" + route.path, route.params, route.valid)
    for pattern, route in list(ROUTES.items()) if not pattern.startswith(OUTSIDE_EDITIONS)
})
# The Khmer edition's feeds (syndication.urls).
ROUTES.update({
    "km/rss/": Route("/km/rss/"),
    "km/rss/<slug:section_slug>.rss": Route("/km/rss/{section_slug}.rss",
                                            valid=lambda c: {"section_slug": "tin-tuc"}),
})
# The admin sign-in page is public too, and reads where to go next.
EXTRA = {"admin-login": Route("/admin/login/", ("next",))}
FUZZED = {**ROUTES, **EXTRA}
NOT_FUZZED_HERE = ("admin/", "api/v1/")  # the admin needs a login; the API has schemathesis


def public_patterns() -> set[str]:
    """Every URL pattern of the project, as its route string, outside NOT_FUZZED_HERE."""

    def walk(patterns, prefix: str = ""):
        for item in patterns:
            if isinstance(item, URLResolver):
                yield from walk(item.url_patterns, prefix + str(item.pattern))
            elif isinstance(item, URLPattern):
                yield prefix + str(item.pattern)

    routes = set(walk(get_resolver().url_patterns))
    with translation.override("km"):  # the editions' prefix reads km/ while Khmer is active
        routes |= set(walk(get_resolver().url_patterns))
    return {route for route in routes if not route.startswith(NOT_FUZZED_HERE)}


def test_every_public_pattern_is_fuzzed():
    assert public_patterns() == set(ROUTES)


@pytest.fixture
def server_errors():
    """The exceptions raised inside the views (the client answers them as the 500 page)."""
    caught: list[BaseException] = []

    def record(sender, request=None, **kwargs):
        import sys

        caught.append(sys.exc_info()[1])

    got_request_exception.connect(record)
    yield caught
    got_request_exception.disconnect(record)


@pytest.fixture
def reader(site_content, settings, server_errors):
    """An anonymous reader's client over a filled portal; 500s come back as responses."""
    settings.SYNDICATION_API_RATE = "1000000/min"
    return Client(raise_request_exception=False)


def assert_answers_well(response, address: str, server_errors: list) -> None:
    """Below 500; a 400 or a page's 404 says what went wrong in Vietnamese (in Khmer under
    the Khmer edition's /km/)."""
    khmer = address.startswith("/km/")
    letters = KHMER_LETTERS if khmer else VIETNAMESE_LETTERS
    not_found = "រកមិនឃើញទំព័រ" if khmer else "Không tìm thấy trang"
    assert response.status_code < 500, f"{address} → {response.status_code}: {server_errors!r}"
    assert not server_errors, f"{address}: {server_errors!r}"
    kind = response.get("Content-Type", "")
    if response.status_code not in (400, 404):
        return
    if kind.startswith("application/json") and address.startswith("/api/"):
        message = json.loads(response.content)["detail"]
        assert isinstance(message, str) and VIETNAMESE_LETTERS.search(message), (
            f"{address}: {message!r}")
    elif kind.startswith("text/html") and response.status_code == 400:
        alert = ALERT.search(response.content.decode())
        message = visible_text(alert.group(1)) if alert else ""
        assert letters.search(message), f"{address} → 400 without a message: {message!r}"
    elif kind.startswith("text/html"):
        text = visible_text(response.content.decode())
        assert not_found in text, f"{address} → 404: {text[:300]!r}"
    else:
        assert response.status_code == 404, f"{address} → 400 as {kind}"


def fill(route: Route, valid: dict[str, object], data: st.DataObject) -> str:
    """An address of `route`: one path segment hostile and the others valid (so the value
    reaches the view), or every segment drawn freely; then a query string of the view's own
    parameters and strangers, possibly repeated."""
    names = re.findall(r"\{(\w+)\}", route.path)
    target = data.draw(st.sampled_from([*names, "every segment"]), label="target")
    segments = {}
    for name in names:
        value: str | bytes = str(valid.get(name, "x"))
        if target == name:
            value = data.draw(segment_values(name), label=name)
        elif target == "every segment":
            value = data.draw(st.just(value) | segment_values(name), label=name)
        segments[name] = encode(value)
    address = route.path.format(**segments)
    keys = st.sampled_from(route.params) if route.params else st.nothing()
    pairs = data.draw(st.lists(st.tuples(keys | st.sampled_from(["sau", "q", "utm_source"])
                                         | hostile_values(), hostile_values()), max_size=4),
                      label="query")
    if pairs:
        address += "?" + "&".join(f"{encode(key)}={encode(value)}" for key, value in pairs)
    return address


@pytest.mark.parametrize("name", sorted(FUZZED))
@settings(max_examples=25, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_fuzzed_addresses_never_answer_500(name, data, reader, site_content, server_errors):
    route = FUZZED[name]
    address = fill(route, route.valid(site_content), data)
    server_errors.clear()
    response = reader.get(address)
    assert_answers_well(response, address, server_errors)


def test_known_hostile_values_in_every_segment_and_parameter(reader, site_content,
                                                              server_errors):
    """Each hostile value in turn in each path segment of every route, and in every parameter
    its view reads, in ?sau= (every page's canonical link reads it) and in one nobody reads;
    every failure is listed before the test reports."""
    failures = []
    for route in FUZZED.values():
        names = re.findall(r"\{(\w+)\}", route.path)
        valid = {name: encode(str(value)) for name, value in route.valid(site_content).items()}
        for value in HOSTILE:
            for hostile in [*names, "query"]:
                segments = {name: encode(value) if name == hostile else valid.get(name, "x")
                            for name in names}
                address = route.path.format(**segments)
                if hostile == "query":
                    keys = dict.fromkeys((*route.params, "sau", "utm_source"))
                    address += "?" + "&".join(f"{key}={encode(value)}" for key in keys)
                server_errors.clear()
                try:
                    assert_answers_well(reader.get(address), address, server_errors)
                except AssertionError as error:
                    failures.append(str(error).splitlines()[0][:300])
    assert not failures, "\n".join(failures)


# Addresses that answered 500 (the exception is noted) or something unclear, and their status.
KNOWN = [
    # OverflowError on SQLite: an id beyond a 64-bit integer reached the article's query.
    ("/tin-dia-phuong/khai-mac-le-hoi-9223372036854775808.html", 404),
    ("/tin-dia-phuong/khai-mac-le-hoi-99999999999999999999999999999.html", 404),
    # OverflowError: the search's date bounds ran off the calendar in local time.
    ("/tim-kiem?q=a&from=0001-01-01", 200),
    ("/tim-kiem?q=a&to=9999-12-31", 200),
    ("/api/v1/search?q=a&to=9999-12-31", 200),
    # DataError on PostgreSQL: NUL bytes in a string compared with a column.
    ("/tim-kiem?q=a&section=%00", 400),
    ("/tim-kiem?q=a&section=a%00b", 400),
    ("/api/v1/search?q=a&section=%00", 400),
    ("/api/v1/articles?section=a%00b", 400),
    ("/api/v1/articles?tag=%00", 400),
    # OSError (file name too long) in the media view; ValueError (an id of 5000 digits is more
    # than int() converts) in Wagtail's document view.
    ("/media/" + "x" * 5000, 404),
    ("/documents/" + "1" * 5000 + "/ke-hoach.pdf", 404),
    # Cursors that are not a row's id: page one (200) on pages, now refused as in the API.
    ("/tin-tuc/?sau=abc", 400),
    ("/tin-tuc/?sau=9223372036854775808", 400),
    ("/tin-tuc/?sau=%ED%A0%80", 400),
    ("/tin-tuc/?sau=1&sau=-5", 400),  # a repeated parameter: the last one counts
    ("/thong-bao/?sau=0", 400),
    ("/api/v1/articles?after=abc", 400),
    ("/api/v1/articles?after=9223372036854775808", 400),
    # Out-of-range numbers and dates in the API: a 422 with pydantic's English list, now a 400
    # with a Vietnamese detail.
    ("/api/v1/articles?limit=1000", 400),
    ("/api/v1/articles?date_from=10000-01-01", 400),
    ("/api/v1/articles?date_to=0000-01-01", 400),
    ("/api/v1/articles?date_from=0001-01-01&date_to=9999-12-31", 200),
    ("/api/v1/articles/9223372036854775808", 400),
    ("/api/v1/most-read?period=year", 400),
    ("/api/v1/schedule?channel=stv1&date=10000-01-01", 400),
    ("/api/v1/schedule?channel=stv1&date=9999-12-31", 400),
    ("/api/v1/schedule?channel=%00", 400),
    # Days the schedule does not have.
    ("/lich-phat-song/stv1/0000-01-01/", 404),
    ("/lich-phat-song/stv1/9999-12-31/", 404),
    # A NUL anywhere in the query string, read by the view or not (200 before).
    ("/?utm_source=%00", 400),
    ("/tin-tuc/?x=%00&sau=", 400),
]


@pytest.mark.parametrize(("address", "status"), KNOWN, ids=lambda v: str(v)[:60])
def test_known_hostile_addresses(address, status, sections, settings, server_errors):
    settings.SYNDICATION_API_RATE = "1000000/min"
    response = Client(raise_request_exception=False).get(address)
    assert_answers_well(response, address, server_errors)
    assert response.status_code == status
