"""Sitemaps, robots.txt and the printable article."""

from __future__ import annotations

from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from core.models import StationSettings
from news.models import Article
from syndication.conf import conf
from syndication.sitemaps import NEWS_SECTION, VIDEO_SECTION, all_sitemaps

SITEMAP_URL_NAME = "syndication:sitemap-section"


@require_GET
@cache_control(public=True, max_age=300)
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """The sitemap index; an empty Google News sitemap is left out (an urlset needs a url)."""
    return sitemap_views.index(request, all_sitemaps(include_empty_news=False),
                               sitemap_url_name=SITEMAP_URL_NAME)


@require_GET
@cache_control(public=True, max_age=300)
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    if section == NEWS_SECTION:
        station = StationSettings.load(request_or_site=request)
        response = sitemap_views.sitemap(
            request, all_sitemaps(), section=section,
            template_name="syndication/news_sitemap.xml")
        response.context_data.update(
            publication_name=conf.SYNDICATION_NEWS_PUBLICATION_NAME
            or station.short_name or station.station_name or station.portal_name,
            publication_language=conf.SYNDICATION_NEWS_LANGUAGE,
        )
        return response
    template = ("syndication/video_sitemap.xml" if section == VIDEO_SECTION
                else "syndication/sitemap.xml")
    return sitemap_views.sitemap(request, all_sitemaps(), section=section,
                                 template_name=template)


@require_GET
@cache_control(public=True, max_age=3600)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def print_article(request: HttpRequest, section_slug: str, slug: str, pk: int) -> HttpResponse:
    """The article alone, without menus or sidebars, for paper; never indexed."""
    story = (
        Article.objects.visible().select_related("primary_section", "featured_image")
        .filter(pk=pk).first()
    )
    if story is None:
        raise Http404("No such article")
    canonical = story.get_absolute_url()
    if request.path != "/in" + canonical:
        return HttpResponsePermanentRedirect("/in" + canonical)
    response = render(request, "syndication/print.html", {"article": story})
    response["X-Robots-Tag"] = "noindex"
    return response
