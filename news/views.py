"""Public pages: home, section listing and article, rendered on the server."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from broadcast.selectors import latest_clip
from core.caching.memo import shared
from core.caching.shell import render_in_shell
from core.pagination import PAGE_SIZE, cursor_from, keyset_page
from news import page_queries, selectors
from news.models import Section
from notices.selectors import latest_announcements, latest_documents


def home(request: HttpRequest) -> HttpResponse:
    """Featured stories, the latest news, then the newest of every section in menu order."""
    featured = selectors.featured_articles(5)
    featured_ids = [a.id for a in featured]
    sections_by_slug = Section.objects.in_bulk(field_name="slug")
    section_blocks = []
    for entry in selectors.menu_sections():
        # A root with subsections (Tin tức) is shown through them, one block each.
        for slug in [child["slug"] for child in entry["children"]] or [entry["slug"]]:
            section = sections_by_slug.get(slug)
            if section is None:
                continue
            articles = list(
                selectors.section_articles(section).exclude(pk__in=featured_ids)[:4]
            )
            if articles:
                section_blocks.append({"section": section, "articles": articles})
    return render_in_shell(request, "news/home.html", {
        "featured": featured,
        "latest": selectors.latest_articles(8),
        "section_blocks": section_blocks,
        **sidebar_context(),
    })


def sidebar_context() -> dict:
    """The sidebar boxes every public page shows: built once per content generation."""
    return shared("sidebar", _build_sidebar_context)


def _build_sidebar_context() -> dict:
    return {
        "sidebar_featured": selectors.featured_articles(5),
        "most_read": selectors.most_read(days=7, limit=5),
        "sidebar_announcements": latest_announcements(5),
        "sidebar_documents": latest_documents(5),
        "sidebar_clip": latest_clip(),
    }


def section(request: HttpRequest, section_slug: str) -> HttpResponse:
    current = selectors.section_by_slug(section_slug)
    if current is None:
        raise Http404("No such section")
    after = cursor_from(request)
    if current.is_topic:
        articles, next_after = keyset_page(selectors.section_articles(current), after)
    else:
        articles, next_after = page_queries.section_page(current, after, PAGE_SIZE)
    return render_in_shell(request, "news/section.html", {
        "section": current,
        "breadcrumb": current.lineage(),
        "articles": articles,
        "next_after": next_after,
        "is_first_page": after is None,
        **sidebar_context(),
    })


def article(request: HttpRequest, section_slug: str, slug: str, pk: int) -> HttpResponse:
    """One indexed row, its tags and hand-picked links; everything else is shared."""
    story = page_queries.page_article(pk)
    if story is None:
        raise Http404("No such article")
    canonical = story.get_absolute_url()
    if request.path != canonical:
        return HttpResponsePermanentRedirect(canonical)
    return render_in_shell(request, "news/article.html", {
        "article": story,
        "section": story.primary_section,
        "breadcrumb": story.primary_section.lineage(),
        "tags": story.tag_names,
        "related": selectors.related_articles(story),
        **sidebar_context(),
    })
