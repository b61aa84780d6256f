"""RSS 2.0 feeds read by a real feed parser."""

from __future__ import annotations

import datetime

import feedparser
import pytest
from django.test import override_settings
from django.utils import timezone


def parse(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    return feed


def test_site_feed_lists_visible_articles_newest_first(client, portal):
    feed = parse(client, "/rss/")
    titles = [entry.title for entry in feed.entries]
    assert titles == [portal["lead"].title, portal["national_story"].title, portal["second"].title]
    assert portal["draft"].title not in titles and portal["future"].title not in titles
    assert feed.feed.language == "vi"
    assert feed.feed.description.startswith("Tin mới nhất từ ")


def test_feed_item_carries_link_guid_sapo_date_category_and_enclosure(client, portal):
    lead = portal["lead"]
    entry = parse(client, "/rss/").entries[0]
    url = f"http://testserver{lead.get_absolute_url()}"
    assert entry.link == url
    assert entry.id == url
    assert entry.summary == lead.sapo
    assert [tag.term for tag in entry.tags] == ["Tin địa phương"]
    published = timezone.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC)
    assert abs((published - lead.published_at).total_seconds()) < 1
    (enclosure,) = entry.enclosures
    image = portal["image"]
    assert enclosure.href == f"http://testserver{image.file.url}"
    assert enclosure.type == "image/png"
    assert int(enclosure.length) == image.file.size > 0


def test_section_feed_includes_subsections_only(client, portal):
    parent = parse(client, "/rss/tin-tuc.rss")
    assert {e.title for e in parent.entries} == {
        portal["lead"].title, portal["second"].title, portal["national_story"].title}
    child = parse(client, "/rss/tin-dia-phuong.rss")
    assert [e.title for e in child.entries] == [portal["lead"].title, portal["second"].title]
    assert child.feed.title.startswith("Tin địa phương")
    assert child.feed.link == "http://testserver/tin-dia-phuong/"


def test_unknown_section_feed_is_404(client, portal):
    assert client.get("/rss/khong-co.rss").status_code == 404


@override_settings(SYNDICATION_FEED_ITEMS=4)
def test_feed_stops_at_the_configured_item_count(client, sections, make_article):
    for number in range(6):
        make_article(title=f"Bài số {number}", primary_section=sections["local"],
                     published_at=timezone.now() - timezone.timedelta(minutes=number + 1))
    feed = parse(client, "/rss/")
    assert [e.title for e in feed.entries] == [f"Bài số {n}" for n in range(4)]


@pytest.mark.django_db
def test_default_feed_length_is_fifty():
    from syndication.conf import conf

    assert conf.SYNDICATION_FEED_ITEMS == 50
