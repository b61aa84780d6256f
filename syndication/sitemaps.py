"""Sitemaps on django.contrib.sitemaps, split by article id ranges so a million rows stay cheap.

Each article sitemap covers one id range [n·CHUNK, (n+1)·CHUNK) and reads it through the primary
key index; the index lists only the ranges that hold visible articles. No OFFSET scan anywhere.
Every sitemap lists what readers see (core.visibility), so an expired item leaves it by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.core.cache import cache
from django.db.models import Max, Min
from django.db.models.functions import Coalesce
from django.utils import timezone

from broadcast.models import Episode, Programme
from core.caching.generation import current_generation
from core.editions import language_of_locale
from core.visibility import next_change
from news.models import Article, Section, article_path
from notices.models import Announcement, OfficialDocument
from syndication.alternates import translated_groups
from syndication.conf import conf

SUMMARY_CACHE_KEY = "syndication:sitemap-ranges:v2"


def summary_cache_key() -> str:
    """Per content generation: a save that changes what readers see starts a new summary."""
    return f"{SUMMARY_CACHE_KEY}:{current_generation()}"


@dataclass
class _OnePage:
    object_list: list


class _SinglePagePaginator:
    """Every sitemap here is one page by construction, so no COUNT(*) is ever needed."""

    num_pages = 1

    def __init__(self, items_callable):
        self._items = items_callable

    def page(self, number):
        from django.core.paginator import EmptyPage, PageNotAnInteger

        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("not a page number") from None
        if number != 1:
            raise EmptyPage("one page only")
        return _OnePage(list(self._items()))


class _OnePageSitemap(Sitemap):
    @property
    def paginator(self):
        return _SinglePagePaginator(self._items)

    def translations(self) -> dict:
        """{translation key: [(language, path), …]} of items that exist in both editions."""
        return {}

    def translation_key(self, item):
        return getattr(item, "translation_key", None)

    def _urls(self, page, protocol, domain):
        """Each URL with its hreflang alternates (xhtml:link), when the item is translated."""
        urls = super()._urls(page, protocol, domain)
        groups = self.translations()
        if groups:
            base = f"{protocol}://{domain}"
            for info in urls:
                found = groups.get(self.translation_key(info["item"]), [])
                info["alternates"] = [{"lang_code": language, "location": base + path}
                                      for language, path in found]
        return urls


def chunk_size() -> int:
    size = int(conf.SYNDICATION_SITEMAP_CHUNK)
    if not 1 <= size <= 50_000:
        raise ValueError("SYNDICATION_SITEMAP_CHUNK must be between 1 and 50,000")
    return size


def article_ranges() -> dict[int, object]:
    """{range number: latest change in that range} for ranges holding visible articles.

    Cached per content generation, and never past the next moment an article appears or
    expires: the index must not list a range whose only article has just expired (its sitemap
    would be an empty urlset), whether or not the scheduler has unpublished it yet.
    """
    now = timezone.now()
    key = summary_cache_key()
    cached = cache.get(key)
    if cached is not None:
        valid_until, summary = cached
        if valid_until is None or now < valid_until:
            return summary
    size = chunk_size()
    bounds = Article.objects.aggregate(low=Min("id"), high=Max("id"))
    summary = {}
    if bounds["low"] is not None:
        visible = Article.objects.visible(now)
        for number in range(bounds["low"] // size, bounds["high"] // size + 1):
            latest = visible.filter(id__gte=number * size, id__lt=(number + 1) * size).aggregate(
                latest=Max(Coalesce("updated_at", "published_at")))["latest"]
            if latest is not None:
                summary[number] = latest
    cache.set(key, (next_change(now, [Article]), summary),
              int(conf.SYNDICATION_SITEMAP_CACHE_SECONDS))
    return summary


class ArticleRangeSitemap(_OnePageSitemap):
    """Visible articles whose id falls in one range: at most CHUNK URLs.

    Rows are read as plain tuples and their addresses formatted directly (the same shape as
    Article.get_absolute_url): a model instance and a reverse() per URL, times CHUNK URLs, is slow.
    """

    changefreq = "weekly"

    def __init__(self, number: int, latest=None):
        super().__init__()
        self.number = number
        self.latest = latest

    def items(self):
        size = chunk_size()
        return (
            Article.objects.visible()
            .filter(id__gte=self.number * size, id__lt=(self.number + 1) * size)
            .order_by("id")
            .values_list("id", "slug", "primary_section__slug", "updated_at", "published_at",
                         "locale_id", "translation_key")
        )

    def location(self, item) -> str:
        pk, slug, section_slug, _updated, _published, locale_id, _key = item
        return article_path(section_slug, slug, pk, language_of_locale(locale_id))

    def translation_key(self, item):
        return item[6]

    def translations(self) -> dict:
        return translated_groups(
            Article, ["primary_section__slug", "slug", "id"],
            lambda row: article_path(row[1], row[2], row[3], language_of_locale(row[0])))

    def lastmod(self, item):
        return timezone.localdate(item[3] or item[4])

    def get_latest_lastmod(self):
        return self.latest


class SectionSitemap(_OnePageSitemap):
    changefreq = "hourly"
    priority = 0.8

    def items(self):
        return Section.objects.order_by("sort_order", "id")

    def get_latest_lastmod(self):
        return None

    def translations(self) -> dict:
        sections = {s.pk: s for s in Section.objects.all()}
        return translated_groups(Section, ["id"], lambda row: sections[row[1]].get_absolute_url())


class AnnouncementSitemap(_OnePageSitemap):
    changefreq = "monthly"

    def items(self):
        return (Announcement.objects.visible()
                .only("id", "slug", "published_at", "locale_id", "translation_key")
                .order_by("id"))

    def lastmod(self, item: Announcement):
        return item.published_at

    def translations(self) -> dict:
        return translated_groups(
            Announcement, ["slug", "id"],
            lambda row: Announcement(locale_id=row[0], slug=row[1], pk=row[2])
            .get_absolute_url())

    def get_latest_lastmod(self):
        return Announcement.objects.visible().aggregate(m=Max("published_at"))["m"]


class DocumentSitemap(_OnePageSitemap):
    changefreq = "monthly"

    def items(self):
        return OfficialDocument.objects.visible().only("id", "slug", "published_at").order_by("id")

    def lastmod(self, item: OfficialDocument):
        return item.published_at

    def get_latest_lastmod(self):
        return OfficialDocument.objects.visible().aggregate(m=Max("published_at"))["m"]


class GoogleNewsSitemap(_OnePageSitemap):
    """Articles of the last 48 hours for Google News (its own namespace and template)."""

    def recent(self):
        since = timezone.now() - timedelta(hours=int(conf.SYNDICATION_NEWS_HOURS))
        return Article.objects.visible().filter(published_at__gte=since)

    def has_items(self) -> bool:
        return self.recent().exists()

    def items(self):
        return list(
            self.recent()
            .select_related("primary_section")
            .only("id", "slug", "title", "published_at", "updated_at", "primary_section__slug",
                  "locale_id")
            .order_by("-published_at", "-id")[: int(conf.SYNDICATION_NEWS_LIMIT)]
        )

    def lastmod(self, item: Article):
        return item.updated_at or item.published_at

    def get_latest_lastmod(self):
        return None


class ProgrammeSitemap(_OnePageSitemap):
    """Programmes with at least one episode readers can see."""

    changefreq = "daily"

    def items(self):
        visible = Episode.objects.visible().values("programme_id")
        return Programme.objects.filter(id__in=visible).order_by("sort_order", "id")

    def get_latest_lastmod(self):
        return None


class EpisodeSitemap(_OnePageSitemap):
    """Every visible episode; video episodes carry Google's video extension (video:video)
    with thumbnail, title, description, the MP4 as content_loc and the duration."""

    changefreq = "monthly"

    def items(self):
        return list(Episode.objects.visible().select_related("programme").order_by("id"))

    def lastmod(self, item: Episode):
        return item.processed_at or item.published_at

    def get_latest_lastmod(self):
        return Episode.objects.visible().aggregate(m=Max("published_at"))["m"]

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        base = f"{protocol}://{domain}"
        for info in urls:
            episode: Episode = info["item"]
            if episode.is_video and episode.file_url:
                info["video"] = {
                    "thumbnail_loc": base + episode.poster_url,
                    "title": episode.title[:100],
                    "description": (episode.description or episode.title)[:2048],
                    "content_loc": base + episode.file_url,
                    "duration": max(1, round(episode.duration_seconds or 0)),
                    "publication_date": episode.published_at.isoformat(),
                }
        return urls


NEWS_SECTION = "news"
VIDEO_SECTION = "episodes"


def all_sitemaps(include_empty_news: bool = True) -> dict[str, Sitemap]:
    """Every sitemap by its name in /sitemap-<name>.xml; the index lists them in this order."""
    sitemaps: dict[str, Sitemap] = {
        "sections": SectionSitemap(),
    }
    if Announcement.objects.visible().exists():
        sitemaps["announcements"] = AnnouncementSitemap()
    if OfficialDocument.objects.visible().exists():
        sitemaps["documents"] = DocumentSitemap()
    if Episode.objects.visible().exists():
        sitemaps["programmes"] = ProgrammeSitemap()
        sitemaps[VIDEO_SECTION] = EpisodeSitemap()
    news = GoogleNewsSitemap()
    if include_empty_news or news.has_items():
        sitemaps[NEWS_SECTION] = news
    for number, latest in article_ranges().items():
        sitemaps[f"articles-{number}"] = ArticleRangeSitemap(number, latest)
    return sitemaps
