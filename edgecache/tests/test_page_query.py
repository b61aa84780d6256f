"""Every query parameter a cached public page reads is one nginx keeps (core.caching.query).

Each page of the namespaces the page cache keeps is rendered with a request whose query string
records every name the view or its templates look up. A page that read a name nginx drops
would ignore it behind nginx (the cache key and the app both lose it), so the test fails, and
so it does for a cached view it has no address for.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver

from core.caching import registry
from core.caching.query import CURSOR_PARAM, PAGE_QUERY

pytestmark = pytest.mark.django_db

READ: set[str] = set()


class RecordingQueryDict(QueryDict):
    """A QueryDict that notes each name looked up (one way or another) once it is built."""

    recording = False

    def note(self, *keys: str) -> None:
        if self.recording:
            READ.update(keys)

    def __getitem__(self, key):
        self.note(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.note(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self.note(key)
        return super().__contains__(key)

    def _all(self):
        self.note(*super().keys())

    def keys(self):
        self._all()
        return super().keys()

    def items(self):
        self._all()
        return super().items()

    def lists(self):
        self._all()
        return super().lists()

    def dict(self):
        self._all()
        return super().dict()

    def __iter__(self):
        self._all()
        return super().__iter__()


class RecordQuery:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        request.GET = RecordingQueryDict(request.META.get("QUERY_STRING", ""))
        request.GET.recording = True
        return self.get_response(request)


def cached_patterns() -> set[str]:
    """namespace:name of every URL the page cache may keep (inside the editions' prefix too)."""
    namespaces = set(registry.cached_namespaces())
    found = set()

    def walk(entries) -> None:
        for entry in entries:
            if not isinstance(entry, URLResolver):
                continue
            if entry.namespace in namespaces:
                for pattern in entry.url_patterns:
                    if isinstance(pattern, URLPattern):
                        found.add(f"{entry.namespace}:{pattern.name}")
            elif entry.namespace is None:
                walk(entry.url_patterns)

    walk(get_resolver().url_patterns)
    return found


def addresses() -> dict[str, str]:
    from broadcast.models import Channel, Clip, Episode, Programme
    from news.models import Article, Section
    from notices.models import Announcement, OfficialDocument

    article = Article.objects.visible().first()
    episode = Episode.objects.first()
    channel = Channel.objects.get(code="stv1")
    clip = Clip.objects.visible().first() or Clip.objects.create(
        title="Phóng sự từ trình phát khác", embed_url="https://www.youtube.com/embed/thu")
    return {
        "frontpage:home": "/",
        "news:section": f"/{Section.objects.in_language('vi').get(slug='tin-dia-phuong').slug}/",
        "news:article": article.get_absolute_url(),
        "notices:announcements": "/thong-bao/",
        "notices:announcement": Announcement.objects.visible().first().get_absolute_url(),
        "notices:documents": "/van-ban/",
        "notices:document": OfficialDocument.objects.visible().first().get_absolute_url(),
        "broadcast:videos": "/video/",
        "broadcast:clip": clip.get_absolute_url(),
        "broadcast:programme": Programme.objects.first().get_absolute_url(),
        "broadcast:episode": episode.get_absolute_url() if episode else "",
        "schedule:index": "/lich-phat-song/",
        "schedule:xmltv": "/lich-phat-song/xmltv.xml",
        "schedule:channel": f"/lich-phat-song/{channel.code}/",
        "schedule:day": f"/lich-phat-song/{channel.code}/2026-01-05/",
        "live:index": "/truc-tuyen/",
        "live:channel": f"/truc-tuyen/{channel.code}/",
        # The Khmer edition: the same views under /km/, with its own sections and stories.
        "km frontpage:home": "/km/",
        "km news:section": f"/km/{Section.objects.in_language('km').first().slug}/",
        "km news:article": (Article.objects.visible().in_language("km").first()
                            .get_absolute_url()),
        "km notices:announcements": "/km/thong-bao/",
        "km notices:announcement": (Announcement.objects.visible().in_language("km").first()
                                    .get_absolute_url()),
        "km notices:documents": "/km/van-ban/",
        "km broadcast:videos": "/km/video/",
        "km schedule:channel": "/km/lich-phat-song/stv2/",
        "km live:channel": "/km/truc-tuyen/stv2/",
    }


def test_cached_pages_read_only_the_parameters_nginx_keeps(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # Recording starts after the middleware that scans every value for NUL characters (it
    # refuses input; it does not make a page vary by a parameter).
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("core.badinput.RefuseUnstorableInput") + 1,
                      "edgecache.tests.test_page_query.RecordQuery")
    settings.MIDDLEWARE = middleware
    call_command("load_demo_content", stdout=StringIO())
    urls = addresses()
    assert cached_patterns() <= set(urls), "a cached view without an address in this test"
    READ.clear()
    for name, url in urls.items():
        if not url:
            continue
        response = client.get(f"{url}?{CURSOR_PARAM}=1&utm_source=probe&page=2&q=x")
        assert response.status_code in {200, 301, 302, 404}, (name, response.status_code)
    assert CURSOR_PARAM in READ  # the recorder sees the lists' cursor
    assert READ <= set(PAGE_QUERY), f"read but dropped by nginx: {READ - set(PAGE_QUERY)}"
