"""Podcast feeds (feedparser) and the programme/episode sitemaps with the video extension."""

from __future__ import annotations

import html
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from broadcast.models import Channel, MediaKind, Programme
from broadcast.tests.factories import ready_episode

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "video": "http://www.google.com/schemas/sitemap-video/1.1"}


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def programmes(media_root):
    tv = Channel.objects.create(code="stv1", name="STV1")
    radio = Channel.objects.create(code="radio", name="Phát thanh", kind=Channel.Kind.RADIO)
    return {
        "video": Programme.objects.create(name="Thời sự", slug="thoi-su", channel=tv),
        "audio": Programme.objects.create(
            name="Nông nghiệp sáng", slug="nong-nghiep", channel=radio, kind=MediaKind.AUDIO,
            description="Chuyện nhà nông & kỹ thuật canh tác <mới>."),
    }


def test_podcast_feed_of_an_audio_programme(client, programmes, media_root):
    programme = programmes["audio"]
    older = ready_episode(programme, "Trồng lúa mùa khô", kind=MediaKind.AUDIO, hours_ago=30,
                          duration=1805.6, size=48_213, description="Kỹ thuật gieo sạ.")
    newer = ready_episode(programme, "Nuôi tôm & cá", kind=MediaKind.AUDIO, hours_ago=2,
                          duration=61, size=7_001)
    ready_episode(programme, "Tập nháp", kind=MediaKind.AUDIO, live=False)
    response = client.get("/chuong-trinh/nong-nghiep/podcast.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    channel = feed.feed
    assert channel.title == "Nông nghiệp sáng"
    # RSS descriptions are HTML: the programme's plain text comes back as escaped HTML.
    assert channel.subtitle_detail.type == "text/html"
    assert html.unescape(channel.subtitle) == "Chuyện nhà nông & kỹ thuật canh tác <mới>."
    assert channel.language == "vi"
    # Apple's values are "true"/"false" (feedparser only maps the older yes/clean).
    raw = etree.fromstring(response.content)
    itunes = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
    assert raw.findtext(f"channel/{itunes}explicit") == "false"
    assert [e.text for e in raw.iterfind(f"channel/item/{itunes}explicit")] == ["false"] * 2
    assert channel.image.href.startswith("http://testserver/")
    assert channel.tags[0].term == "News"
    assert channel.author  # the station's name
    assert channel.podcast_guid == str(programme.podcast_guid)
    assert [entry.title for entry in feed.entries] == ["Nuôi tôm & cá", "Trồng lúa mùa khô"]
    first, second = feed.entries
    assert first.itunes_duration == "61" and second.itunes_duration == "1806"
    assert first.itunes_episodetype == "full"
    for entry, episode in ((first, newer), (second, older)):
        (enclosure,) = entry.enclosures
        path = media_root / episode.audio_path
        assert enclosure.href == f"http://testserver/media/{episode.audio_path}"
        assert enclosure.type == "audio/mpeg"
        assert int(enclosure.length) == path.stat().st_size == episode.audio_bytes
        assert entry.link == f"http://testserver{episode.get_absolute_url()}"
        assert entry.id == f"{programme.podcast_guid}/{episode.pk}"
    assert second.summary == "Kỹ thuật gieo sạ."


def test_podcast_feed_only_for_audio_programmes(client, programmes):
    assert client.get("/chuong-trinh/thoi-su/podcast.xml").status_code == 404
    assert client.get("/chuong-trinh/khong-co/podcast.xml").status_code == 404
    empty = feedparser.parse(client.get("/chuong-trinh/nong-nghiep/podcast.xml").content)
    assert not empty.bozo and empty.entries == []


def test_sitemaps_list_programmes_and_episodes_with_video_entries(client, programmes):
    video = ready_episode(programmes["video"], "Thời sự tối", duration=600.4,
                          description="Bản tin tối.")
    audio = ready_episode(programmes["audio"], "Bản tin nhà nông", kind=MediaKind.AUDIO)
    ready_episode(programmes["video"], "Tập nháp", live=False)
    index = etree.fromstring(client.get("/sitemap.xml").content)
    locations = index.xpath("//s:sitemap/s:loc/text()", namespaces=NS)
    assert "http://testserver/sitemap-episodes.xml" in locations
    assert "http://testserver/sitemap-programmes.xml" in locations

    programmes_map = etree.fromstring(client.get("/sitemap-programmes.xml").content)
    assert sorted(programmes_map.xpath("//s:loc/text()", namespaces=NS)) == [
        "http://testserver/chuong-trinh/nong-nghiep/", "http://testserver/chuong-trinh/thoi-su/"]

    episodes_map = etree.fromstring(client.get("/sitemap-episodes.xml").content)
    urls = {url.findtext("s:loc", namespaces=NS): url
            for url in episodes_map.xpath("//s:url", namespaces=NS)}
    assert set(urls) == {f"http://testserver{video.get_absolute_url()}",
                         f"http://testserver{audio.get_absolute_url()}"}
    (entry,) = urls[f"http://testserver{video.get_absolute_url()}"].xpath(
        "video:video", namespaces=NS)

    def field(name: str) -> str:
        return entry.findtext(f"video:{name}", namespaces=NS)

    assert field("title") == "Thời sự tối" and field("description") == "Bản tin tối."
    assert field("thumbnail_loc") == f"http://testserver/media/{video.poster_path}"
    assert field("content_loc") == f"http://testserver/media/{video.video_path}"
    assert field("duration") == "600"
    assert field("publication_date") == video.published_at.isoformat()
    assert not urls[f"http://testserver{audio.get_absolute_url()}"].xpath(
        "video:video", namespaces=NS)


def test_no_episode_sitemaps_without_visible_episodes(client, programmes):
    ready_episode(programmes["video"], "Tập nháp", live=False)
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-episodes.xml" not in index and "sitemap-programmes.xml" not in index
