"""Through a real nginx in front of the app: publishing or removing breaking news and
republishing a slot reach the very next reader of a cached page."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from curation.models import HomeSlot
from edgecache.purge import prepare_cache_dir
from edgecache.tests.nginx_front import start_front, stop_front

from .conftest import publish_slot, publish_ticker

pytestmark = [pytest.mark.nginx, pytest.mark.django_db(transaction=True)]


def warm(front, path: str) -> None:
    """Read until nginx serves the page from its cache (the second purge may empty it once)."""
    import time

    for _ in range(30):
        front.request("GET", path)
        if front.request("GET", path)[1].get("X-Cache-Status") == "HIT":
            return
        time.sleep(0.1)
    raise AssertionError(f"{path} never came from the cache")


def test_breaking_news_and_arrangement_reach_cached_pages_at_once(
        live_server, tmp_path, monkeypatch, settings, stories):
    front = start_front(tmp_path, urlsplit(live_server.url).port, monkeypatch)
    prepare_cache_dir(front.stack.cache_dir)
    settings.EDGE_CACHE_DIR = str(front.stack.cache_dir)
    settings.EDGE_CACHE_REPURGE_DELAY = 0.05
    article = stories[4].get_absolute_url()
    try:
        for path in ("/", article):
            warm(front, path)
            assert b"breaking-news" not in front.request("GET", path)[2]

        ticker = publish_ticker("Bão số 9 đổ bộ vào Sóc Trăng",
                                timezone.now() + timedelta(hours=1))
        for path in ("/", article):
            status, _, body = front.request("GET", path)
            assert status == 200 and "Bão số 9 đổ bộ vào Sóc Trăng" in body.decode(), path

        for path in ("/", article):
            warm(front, path)
        ticker.unpublish()
        for path in ("/", article):
            assert b"breaking-news" not in front.request("GET", path)[2], path

        warm(front, "/")
        publish_slot(HomeSlot.Kind.LEAD, [stories[9]])
        body = front.request("GET", "/")[2].decode()
        assert body.index("Bài số 9") < body.index("Bài số 0")
    finally:
        stop_front(front)
