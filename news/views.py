"""Public pages of the news: section listings and articles, rendered on the server."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from core.caching.shell import render_in_shell
from core.edition_routing import current_edition
from core.pagination import PAGE_SIZE, cursor_from, keyset_page
from news import page_queries, selectors


def section(request: HttpRequest, section_slug: str) -> HttpResponse:
    current = selectors.section_by_slug(section_slug, current_edition())
    if current is None:
        raise Http404("No such section")
    after = cursor_from(request)
    if current.is_topic:
        articles, next_after = keyset_page(selectors.section_shards(current), after,
                                           load=selectors.visible_articles())
    else:
        articles, next_after = page_queries.section_page(current, after, PAGE_SIZE)
    return render_in_shell(request, "news/section.html", {
        "section": current,
        "breadcrumb": current.lineage(),
        "articles": articles,
        "next_after": next_after,
        "is_first_page": after is None,
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
    })
