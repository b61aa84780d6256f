"""The home page: featured stories, the latest news, then each section's newest."""

from django.http import HttpRequest, HttpResponse

from core.caching.shell import render_in_shell
from live.selectors import on_air_block
from news import selectors
from news.models import Section

FEATURED_COUNT = 5
LATEST_COUNT = 8
SECTION_BLOCK_SIZE = 4


def home(request: HttpRequest) -> HttpResponse:
    """Featured stories, what the channels air now, the latest news, then every section."""
    featured = selectors.featured_articles(FEATURED_COUNT)
    featured_ids = [a.id for a in featured]
    sections_by_slug = {s.slug: s for s in Section.objects.in_language("vi")}
    section_blocks = []
    for entry in selectors.menu_sections():
        # A root with subsections (Tin tức) is shown through them, one block each.
        for slug in [child["slug"] for child in entry["children"]] or [entry["slug"]]:
            section = sections_by_slug.get(slug)
            if section is None:
                continue
            articles = list(
                selectors.section_articles(section).exclude(pk__in=featured_ids)
                [:SECTION_BLOCK_SIZE]
            )
            if articles:
                section_blocks.append({"section": section, "articles": articles})
    return render_in_shell(request, "frontpage/home.html", {
        "featured": featured,
        "latest": selectors.latest_articles(LATEST_COUNT),
        "section_blocks": section_blocks,
        # What each channel airs now: it changes at slot boundaries, where the page cache
        # and the shared fragments' generation end.
        "on_air": on_air_block(),
    })
