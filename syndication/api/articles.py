"""/articles: the visible articles newest first, filtered, and one article with its body."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Status
from ninja.decorators import decorate_view

from core.dates import day_end, day_start
from core.pagination import MAX_ID, keyset_page
from news.models import Article, Section
from news.selectors import section_shards
from syndication.api.responses import (
    ERRORS,
    absolute_html,
    make_router,
    page,
    public_cache,
    read_cursor,
)
from syndication.api.schemas import (
    DATE_FROM,
    DATE_TO,
    LANG,
    ArticleDetail,
    ArticlePage,
    Edition,
    IsoDate,
    after_param,
)
from syndication.api.sections import section_ref
from syndication.utils import absolute, rendition_url

router = make_router("articles")

# What a list item needs, image file hash included (Wagtail reads it to find a rendition).
LIST_FIELDS = (
    "id", "title", "slug", "sapo", "published_at", "updated_at", "view_count", "locale_id",
    "primary_section__id", "primary_section__slug", "primary_section__name",
    "primary_section__locale_id",
    "featured_image__id", "featured_image__file", "featured_image__file_hash",
    "featured_image__width", "featured_image__height", "featured_image__focal_point_x",
    "featured_image__focal_point_y", "featured_image__focal_point_width",
    "featured_image__focal_point_height", "locale_id",
)


def article_summary(request: HttpRequest, item: Article) -> dict:
    image = rendition_url(item.featured_image)
    return {
        "id": item.id, "title": item.title, "slug": item.slug, "sapo": item.sapo,
        "url": absolute(request, item.get_absolute_url()),
        "section": section_ref(item.primary_section),
        "published_at": item.published_at, "updated_at": item.updated_at,
        "views": item.view_count, "image": absolute(request, image) if image else None,
        "language": item.language_code,
    }


@router.get("", response={200: ArticlePage, **ERRORS}, summary="List articles")
@decorate_view(public_cache)
def list_articles(
    request: HttpRequest,
    section: str | None = Query(None, max_length=100,
                                description="Section slug; a parent includes its subsections."),
    tag: str | None = Query(None, max_length=100, description="Tag slug."),
    date_from: IsoDate | None = DATE_FROM,
    date_to: IsoDate | None = DATE_TO,
    after: str | None = after_param(),
    limit: int = Query(20, ge=1, le=100),
    lang: Edition = LANG,
):
    after_id = read_cursor(after)
    # keyset_page keeps only what readers see; one edition's articles.
    base = Article.objects.in_language(lang)
    if tag:
        base = base.filter(tags__slug=tag)
    if date_from:
        base = base.filter(published_at__gte=day_start(date_from))
    if date_to:
        base = base.filter(published_at__lt=day_end(date_to))
    if section:
        current = Section.objects.in_language(lang).filter(slug=section).first()
        if current is None:
            return Status(404, {"detail": _("There is no section with this slug.")})
        shards = section_shards(current, base)
    else:
        shards = [base]
    # Renditions come prefetched: one query for the page, not one per image.
    load = (Article.objects.select_related("primary_section", "featured_image")
            .only(*LIST_FIELDS).prefetch_related("featured_image__renditions"))
    rows, next_id = keyset_page(shards, after_id, limit, load=load)
    return Status(200, page(rows, next_id, lambda item: article_summary(request, item)))


@router.get("/{article_id}", response={200: ArticleDetail, **ERRORS},
            summary="One article with its body")
@decorate_view(public_cache)
def get_article(request: HttpRequest, article_id: int = Path(..., ge=1, le=MAX_ID)):
    story = (Article.objects.visible().select_related("primary_section", "featured_image")
             .filter(pk=article_id).first())
    if story is None:
        return Status(404, {"detail": _("There is no such article, or it is not published.")})
    data = article_summary(request, story)
    data.update(
        body_html=absolute_html(request, str(story.body.render_as_block())),
        byline=story.byline, tags=[t.name for t in story.tags.all()],
        topics=[section_ref(s) for s in story.topic_sections.all()],
        source_name=story.source_name, source_url=story.source_url,
        correction_note=story.correction_note,
    )
    return Status(200, data)
