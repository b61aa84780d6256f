from django.urls import path

from core.editions import DEFAULT, editions
from syndication import feeds, podcasts, views

app_name = "syndication"

urlpatterns = [
    path("rss/", feeds.site_feed, name="rss"),
    path("rss/<slug:section_slug>.rss", feeds.section_feed, name="rss-section"),
    path("chuong-trinh/<slug:slug>/podcast.xml", podcasts.podcast_feed, name="podcast"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("in/<slug:section_slug>/<slug:slug>-<id:pk>.html", views.print_article, name="print"),
]

# The other editions' feeds under their prefix: /km/rss/, /km/rss/<section>.rss.
for _code in editions():
    if _code != DEFAULT:
        urlpatterns += [
            path(f"{_code}/rss/", feeds.site_feed, {"language": _code}, name=f"rss-{_code}"),
            path(f"{_code}/rss/<slug:section_slug>.rss", feeds.section_feed,
                 {"language": _code}, name=f"rss-section-{_code}"),
        ]
