"""RSS 2.0 feeds built on Django's syndication framework: each edition and each section.

The Vietnamese edition's feeds keep their addresses (/rss/, /rss/<section>.rss); the Khmer
edition's are the same under /km/, drawn from Khmer articles and Khmer sections only.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _

from core.editions import DEFAULT, path_prefix
from core.models import StationSettings
from core.pagination import keyset_page
from news.models import Article, Section
from news.selectors import section_shards
from syndication.conf import conf
from syndication.utils import absolute, image_facts, last_change


class VietnameseRssFeed(Rss201rev2Feed):
    """RSS 2.0; the channel's language is the edition's (vi or km)."""

    content_type = "application/rss+xml; charset=utf-8"


class LatestArticlesFeed(Feed):
    """The newest visible articles of the whole portal."""

    feed_type = VietnameseRssFeed
    language = DEFAULT

    def __init__(self, language: str = DEFAULT) -> None:
        super().__init__()
        self.language = language

    def __call__(self, request: HttpRequest, *args, **kwargs):
        self.request = request
        self.station = StationSettings.load(request_or_site=request)
        return super().__call__(request, *args, **kwargs)

    def title(self, obj=None) -> str:
        return self.station.station_name or self.station.portal_name

    def link(self, obj=None) -> str:
        return f"{path_prefix(self.language)}/"

    def description(self, obj=None) -> str:
        return _("Latest news from %(name)s") % {"name": self.title(obj)}

    def feed_url(self, obj=None) -> str:
        return self.request.path

    def shards(self, obj=None) -> list:
        """The articles this feed draws from; keyset_page keeps only what readers see."""
        return [Article.objects.in_language(self.language)]

    def items(self, obj=None) -> list[Article]:
        rows, _next = keyset_page(
            self.shards(obj), None, int(conf.SYNDICATION_FEED_ITEMS),
            load=Article.objects.select_related("primary_section", "featured_image"))
        return rows

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.sapo

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Article) -> str:
        return absolute(self.request, item.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return last_change(item)

    def item_author_name(self, item: Article) -> str | None:
        return item.byline or None

    def item_categories(self, item: Article) -> list[str]:
        return [item.primary_section.name]

    def item_enclosures(self, item: Article) -> list[Enclosure]:
        facts = image_facts(item.featured_image)
        if not facts:
            return []
        return [Enclosure(absolute(self.request, facts["url"]), str(facts["length"]),
                          facts["type"])]


class SectionFeed(LatestArticlesFeed):
    """One section's newest articles; a parent section includes its subsections."""

    def get_object(self, request: HttpRequest, section_slug: str) -> Section:
        return get_object_or_404(Section.objects.in_language(self.language), slug=section_slug)

    def title(self, obj: Section | None = None) -> str:
        site = super().title(obj)
        return f"{obj.name} - {site}" if obj else site

    def link(self, obj: Section | None = None) -> str:
        return obj.get_absolute_url() if obj else super().link(obj)

    def description(self, obj: Section | None = None) -> str:
        if obj is None:
            return super().description(obj)
        return obj.description or _("Latest news in %(section)s") % {"section": obj.name}

    def shards(self, obj: Section | None = None) -> list:
        return section_shards(obj)


def site_feed(request: HttpRequest, language: str = DEFAULT):
    """A fresh feed object per request: the feed keeps the request on itself."""
    return LatestArticlesFeed(language)(request)


def section_feed(request: HttpRequest, section_slug: str, language: str = DEFAULT):
    return SectionFeed(language)(request, section_slug=section_slug)
