"""An item past its expiry is gone from every list, feed and sitemap, as from its own page.

Readers stop seeing an item at `expire_at` (core.visibility) whether or not Wagtail's scheduler
has unpublished it yet; these tests never run the scheduler, so `live` stays True throughout.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import feedparser
import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone
from lxml import etree

API = "/api/v1"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _ok(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def _locations(client, url: str) -> list[str]:
    document = etree.fromstring(_ok(client, url).content)
    return [urlsplit(loc.text).path for loc in document.iter(f"{SM}loc")]


def article_surfaces(client) -> dict[str, list]:
    """What each public list shows of articles: ids (API) or paths (feeds and sitemaps)."""
    def api_ids(query: str = "") -> list[int]:
        return [item["id"] for item in _ok(client, f"{API}/articles{query}").json()["items"]]

    def feed_paths(url: str) -> list[str]:
        feed = feedparser.parse(_ok(client, url).content)
        return [urlsplit(entry.link).path for entry in feed.entries]

    index = _locations(client, "/sitemap.xml")
    ranges = [path for path in index if path.startswith("/sitemap-articles-")]
    return {
        "api": api_ids(),
        "api-parent-section": api_ids("?section=tin-tuc"),
        "api-section": api_ids("?section=tin-dia-phuong"),
        "rss": feed_paths("/rss/"),
        "rss-parent-section": feed_paths("/rss/tin-tuc.rss"),
        "rss-section": feed_paths("/rss/tin-dia-phuong.rss"),
        "sitemap-index": index,
        "sitemap-articles": [loc for path in ranges for loc in _locations(client, path)],
        "sitemap-news": (_locations(client, "/sitemap-news.xml")
                         if "/sitemap-news.xml" in index else []),
    }


def where_listed(client, article) -> set[str]:
    """The names of the surfaces that list `article` (by id, page address or sitemap file)."""
    marks = {article.id, article.get_absolute_url(), f"/sitemap-articles-{article.id}.xml"}
    return {name for name, shown in article_surfaces(client).items() if marks & set(shown)}


EVERY_SURFACE = {"api", "api-parent-section", "api-section", "rss", "rss-parent-section",
                 "rss-section", "sitemap-index", "sitemap-articles", "sitemap-news"}


# One article per sitemap file, so an expired article's file must leave the index too.
@override_settings(SYNDICATION_SITEMAP_CHUNK=1)
def test_an_article_given_a_past_expiry_is_listed_nowhere(client, portal):
    """An editor sets an expiry already past on a live article; it stays live (no scheduler)."""
    from news.models import Article

    lead = portal["lead"]
    assert where_listed(client, lead) == EVERY_SURFACE
    lead.expire_at = timezone.now() - timezone.timedelta(minutes=1)
    lead.save()
    assert Article.objects.get(pk=lead.pk).live
    assert where_listed(client, lead) == set()
    assert client.get(f"{API}/articles/{lead.id}").status_code == 404
    assert client.get(f"/sitemap-articles-{lead.id}.xml").status_code == 404
    # The others stay.
    assert [a["id"] for a in _ok(client, f"{API}/articles").json()["items"]] == [
        portal["national_story"].id, portal["second"].id]


def test_an_article_expired_before_any_request_is_listed_nowhere(client, portal):
    from news.models import Article

    Article.objects.filter(pk=portal["second"].pk).update(
        expire_at=timezone.now() - timezone.timedelta(seconds=1))
    assert where_listed(client, portal["second"]) == set()
    assert where_listed(client, portal["lead"]) == EVERY_SURFACE - {"sitemap-index"}


# A day-long summary cache: only the expiry itself may end the cached sitemap index.
@override_settings(SYNDICATION_SITEMAP_CHUNK=1, SYNDICATION_SITEMAP_CACHE_SECONDS=86_400)
def test_an_article_disappears_when_its_expiry_passes(client, portal, make_article):
    """Nothing is saved when the moment passes: lists, feeds and cached summaries follow the
    clock alone."""
    start = timezone.now()
    story = make_article(title="Tin có hạn", slug="tin-co-han",
                         primary_section=portal["local"],
                         published_at=start - timezone.timedelta(minutes=30),
                         expire_at=start + timezone.timedelta(hours=1))
    with time_machine.travel(start, tick=False):
        assert where_listed(client, story) == EVERY_SURFACE
        assert _ok(client, f"{API}/articles/{story.id}").json()["id"] == story.id
    with time_machine.travel(start + timezone.timedelta(hours=2), tick=False):
        assert where_listed(client, story) == set()
        assert client.get(f"{API}/articles/{story.id}").status_code == 404
        assert client.get(f"/sitemap-articles-{story.id}.xml").status_code == 404
        assert where_listed(client, portal["lead"]) == EVERY_SURFACE


@pytest.fixture
def notices(db):
    from notices.models import Announcement, OfficialDocument

    soon = timezone.now() + timezone.timedelta(hours=1)
    return {
        "announcement": Announcement.objects.create(title="Thông báo còn hạn", live=True),
        "expiring_announcement": Announcement.objects.create(
            title="Thông báo hết hạn", live=True, expire_at=soon),
        "document": OfficialDocument.objects.create(
            number="1/TB", issuer="UBND tỉnh", issued_on="2024-10-31", subject="Còn hạn",
            live=True),
        "expiring_document": OfficialDocument.objects.create(
            number="2/TB", issuer="UBND tỉnh", issued_on="2024-10-31", subject="Hết hạn",
            live=True, expire_at=soon),
    }


@pytest.mark.parametrize("kind,listing,sitemap", [
    ("announcement", "announcements", "/sitemap-announcements.xml"),
    ("document", "documents", "/sitemap-documents.xml"),
])
def test_notices_obey_expiry(client, notices, kind, listing, sitemap):
    kept, expiring = notices[kind], notices[f"expiring_{kind}"]

    def listed() -> tuple[list[int], list[str]]:
        ids = [item["id"] for item in _ok(client, f"{API}/{listing}").json()["items"]]
        return ids, _locations(client, sitemap)

    ids, locations = listed()
    assert set(ids) == {kept.id, expiring.id}
    assert expiring.get_absolute_url() in locations
    assert client.get(f"{API}/{listing}/{expiring.id}").status_code == 200
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=2), tick=False):
        ids, locations = listed()
        assert ids == [kept.id]
        assert locations == [kept.get_absolute_url()]
        assert client.get(f"{API}/{listing}/{expiring.id}").status_code == 404
        assert client.get(f"{API}/{listing}/{kept.id}").status_code == 200


@override_settings(SYNDICATION_SITEMAP_CHUNK=1, SYNDICATION_SITEMAP_CACHE_SECONDS=86_400)
def test_the_cached_sitemap_summary_ends_at_the_next_expiry(portal, make_article):
    """Without a page request (nothing moves the content generation), the summary is still not
    served past the moment one of its articles expires."""
    from syndication.sitemaps import article_ranges

    start = timezone.now()
    story = make_article(title="Tin có hạn", primary_section=portal["local"],
                         expire_at=start + timezone.timedelta(hours=1))
    with time_machine.travel(start, tick=False):
        assert story.id in article_ranges()
    with time_machine.travel(start + timezone.timedelta(minutes=59), tick=False):
        assert story.id in article_ranges()
    with time_machine.travel(start + timezone.timedelta(hours=2), tick=False):
        assert story.id not in article_ranges()
        assert portal["lead"].id in article_ranges()
