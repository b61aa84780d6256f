"""Head tags for sharing and search engines: canonical, OpenGraph, Twitter card, JSON-LD."""

from __future__ import annotations

import html
import json
from urllib.parse import quote, urlencode

from django import template
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.caching.memo import shared
from core.caching.query import PAGE_QUERY
from core.editions import DEFAULT, edition_of, editions, path_prefix
from core.models import StationSettings
from listen.templatetags.listen_tags import playable_audio
from syndication.alternates import alternates, with_default
from syndication.utils import absolute, last_change, publisher_logo, rendition_url

register = template.Library()

# Query parameters that select different content and so belong in a canonical URL: those a
# cached page varies by.
CANONICAL_PARAMS = tuple(PAGE_QUERY)


def _json_ld(data: dict) -> SafeString:
    """JSON that cannot close the <script> element it sits in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's address without tracking or print parameters."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return ""
    kept = {k: request.GET[k] for k in CANONICAL_PARAMS if request.GET.get(k)}
    url = request.build_absolute_uri(request.path)
    return f"{url}?{urlencode(kept)}" if kept else url


def _page_edition(context) -> str:
    """The edition of the page being rendered: its object's, else the active language's."""
    for name in ("article", "item", "section"):
        obj = context.get(name)
        if getattr(obj, "pk", None) and hasattr(obj, "locale_id"):
            return edition_of(obj)
    language = get_language() or DEFAULT
    return language if language in editions() else DEFAULT


@register.simple_tag(takes_context=True)
def feed_links(context) -> SafeString:
    """RSS autodiscovery: the edition's feed, plus the section's own on a section or article
    page (/rss/…, /km/rss/…)."""
    prefix = path_prefix(_page_edition(context))
    links = [format_html('<link rel="alternate" type="application/rss+xml" title="{}" href="{}">',
                         "RSS", f"{prefix}/rss/")]
    section = context.get("section")
    if section is not None and getattr(section, "slug", None):
        links.append(format_html(
            '<link rel="alternate" type="application/rss+xml" title="{} - RSS" href="{}">',
            section.name, f"{prefix}/rss/{section.slug}.rss"))
    return mark_safe("\n".join(links))  # noqa: S308


def page_alternates(context) -> list[tuple[str, str]]:
    """[(hreflang, path), …] for this page: an article's, announcement's or section's visible
    translations, or the editions' home pages; [] when the page exists in one edition only."""
    for name in ("article", "item", "section"):
        obj = context.get(name)
        if getattr(obj, "pk", None) and hasattr(obj, "translation_key"):
            return alternates(obj)
    request: HttpRequest | None = context.get("request")
    homes = {f"{path_prefix(code)}/": code for code in editions()}
    if request is not None and request.path in homes:
        return with_default((code, path) for path, code in homes.items())
    return []


@register.simple_tag(takes_context=True)
def hreflang_links(context) -> SafeString:
    """<link rel="alternate" hreflang> for each edition of this page, x-default included."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return mark_safe("")  # noqa: S308
    return mark_safe("\n".join(  # noqa: S308 (format_html escapes)
        format_html('<link rel="alternate" hreflang="{}" href="{}">', language,
                    absolute(request, path))
        for language, path in page_alternates(context)))


@register.simple_tag(takes_context=True)
def article_head(context, article) -> SafeString:
    """OpenGraph, Twitter card and schema.org NewsArticle + BreadcrumbList for one article.

    Built in Python: these tags are data, and a template of two dozen variables would be
    rendered again for every uncached article page."""
    request: HttpRequest = context["request"]
    station: StationSettings = context.get("station") or StationSettings.load(
        request_or_site=request)
    url = absolute(request, article.get_absolute_url())
    image = rendition_url(article.featured_image)
    image_url = absolute(request, image) if image else None
    site_name = station.station_name or station.portal_name
    published = article.published_at
    modified = last_change(article) or published
    section = article.primary_section
    tags = context.get("tags")
    if tags is None:
        tags = sorted(tag.name for tag in article.tags.all())

    news_article: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title[:110],
        "description": article.sapo,
        "datePublished": published.isoformat() if published else None,
        "dateModified": modified.isoformat() if modified else None,
        "author": ([{"@type": "Person", "name": article.byline}] if article.byline
                   else [{"@type": "Organization", "name": site_name}]),
        "publisher": {
            "@type": "Organization",
            "name": site_name,
            "logo": {"@type": "ImageObject", "url": publisher_logo(request)},
        },
        "articleSection": section.name,
        "inLanguage": article.language_code,
    }
    if image_url:
        news_article["image"] = [image_url]
    if tags:
        news_article["keywords"] = ", ".join(tags)
    audio = playable_audio(article)
    if audio is not None:
        news_article["audio"] = {
            "@type": "AudioObject",
            "contentUrl": absolute(request, audio.url),
            "encodingFormat": audio.encoding_format,
            "duration": audio.iso_duration,
            "name": audio.label,
        }
    news_article = {k: v for k, v in news_article.items() if v not in (None, "")}

    crumbs = [(_home_label(), absolute(request, "/"))]
    crumbs += [(node.name, absolute(request, node.get_absolute_url()))
               for node in section.lineage()]
    crumbs.append((article.title, url))
    breadcrumb = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": name, "item": link}
            for index, (name, link) in enumerate(crumbs, start=1)
        ],
    }
    return _head_tags(article, url=url, image_url=image_url, site_name=site_name,
                      published=published, modified=modified, section_name=section.name,
                      tags=tags, json_ld=_json_ld(news_article),
                      breadcrumb_ld=_json_ld(breadcrumb))


def _head_tags(article, *, url: str, image_url: str | None, site_name: str, published,
               modified, section_name: str, tags: list[str], json_ld: SafeString,
               breadcrumb_ld: SafeString) -> SafeString:
    def prop(name: str, value) -> str:
        return f'<meta property="{name}" content="{html.escape(str(value))}">\n'

    def meta(name: str, value) -> str:
        return f'<meta name="{name}" content="{html.escape(str(value))}">\n'

    parts = [prop("og:type", "article"), prop("og:site_name", site_name),
             prop("og:locale", OG_LOCALES.get(article.language_code, "vi_VN")),
             prop("og:url", url), prop("og:title", article.title)]
    if article.sapo:
        parts.append(prop("og:description", article.sapo))
    if image_url:
        parts += [prop("og:image", image_url), prop("og:image:width", "1200"),
                  prop("og:image:height", "630"),
                  prop("og:image:alt", article.featured_image_caption or article.title)]
    if published:
        parts.append(prop("article:published_time", _iso_local(published)))
    if modified:
        parts.append(prop("article:modified_time", _iso_local(modified)))
    parts.append(prop("article:section", section_name))
    parts += [prop("article:tag", tag) for tag in tags]
    parts += [meta("twitter:card", "summary_large_image" if image_url else "summary"),
              meta("twitter:title", article.title)]
    if article.sapo:
        parts.append(meta("twitter:description", article.sapo))
    if image_url:
        parts.append(meta("twitter:image", image_url))
    parts += [json_ld, "\n", breadcrumb_ld, "\n"]
    return mark_safe("".join(parts))  # noqa: S308 (every value is escaped above)


OG_LOCALES = {"vi": "vi_VN", "km": "km_KH"}


def _iso_local(value) -> str:
    """ISO 8601 in the site's time zone, as the template filter date:'c' wrote it."""
    return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()


def _home_label() -> str:
    from django.utils.translation import gettext

    return gettext("Home")


# Stand-ins for the four links while the block is rendered once per language.
_SHARE_SLOTS = {name: f"\x00share-{name}\x00" for name in ("url", "facebook", "zalo", "print_url")}


@register.simple_tag(takes_context=True)
def share_links(context, article) -> SafeString:
    """Facebook, Zalo, copy-link and print links; all plain links that work without JavaScript.

    The block's markup and its seven translated labels are the same on every article: it is
    rendered once per language and content generation, then only the links are filled in.
    """
    request: HttpRequest = context["request"]
    url = absolute(request, article.get_absolute_url())
    links = {
        "url": url,
        "facebook": "https://www.facebook.com/sharer/sharer.php?u=" + quote(url, safe=""),
        "zalo": "https://sp.zalo.me/share_inline?url=" + quote(url, safe=""),
        "print_url": "/in" + article.get_absolute_url(),
    }
    markup = shared(f"share-links:{get_language()}",
                    lambda: render_to_string("syndication/share_links.html", _SHARE_SLOTS))
    for name, slot in _SHARE_SLOTS.items():
        markup = markup.replace(slot, html.escape(links[name]))
    return mark_safe(markup)  # noqa: S308 (the template's markup, escaped links)


@register.simple_tag(takes_context=True)
def episode_head(context, episode) -> SafeString:
    """schema.org for an episode on demand: a VideoObject, or a PodcastEpisode whose
    associatedMedia is the MP3 as an AudioObject; both with ISO 8601 duration, thumbnail,
    upload date and the progressive file as contentUrl."""
    request: HttpRequest = context["request"]
    url = absolute(request, episode.get_absolute_url())
    programme = episode.programme
    thumbnail = absolute(request, episode.poster_url) if episode.poster_url else (
        absolute(request, image) if (image := rendition_url(programme.cover)) else
        publisher_logo(request))
    uploaded = episode.published_at.isoformat()
    media: dict = {
        "name": episode.title,
        "description": episode.description or episode.title,
        "thumbnailUrl": [thumbnail],
        "uploadDate": uploaded,
        "duration": episode.duration_iso,
        "contentUrl": absolute(request, episode.file_url),
        "inLanguage": programme.language,
    }
    if episode.is_video:
        data = {"@context": "https://schema.org", "@type": "VideoObject", "url": url,
                **media, "encodingFormat": "video/mp4"}
    else:
        data = {
            "@context": "https://schema.org", "@type": "PodcastEpisode", "url": url,
            "name": episode.title, "description": media["description"],
            "datePublished": uploaded, "timeRequired": episode.duration_iso,
            "partOfSeries": {"@type": "PodcastSeries", "name": programme.name,
                             "url": absolute(request, programme.get_absolute_url())},
            "associatedMedia": {"@type": "AudioObject", **media,
                                "encodingFormat": "audio/mpeg"},
        }
    return _json_ld(data)
