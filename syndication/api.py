"""Public read API (django-ninja): articles, sections, tags, most read, announcements, documents.

Anonymous and read-only. Lists use keyset pagination on (published_at, id) behind an opaque
`after` cursor, so the millionth row costs the same indexed read as the first. Successful answers
are publicly cacheable for a short time; each client is rate-limited (HTTP 429 + Retry-After).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from functools import wraps
from typing import Annotated, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from pydantic import BeforeValidator
from taggit.models import Tag
from wagtail.rich_text import expand_db_html

from metrics.selectors import most_read as metrics_most_read
from news.models import Article, Section
from notices.models import Announcement, OfficialDocument
from syndication.conf import setting
from syndication.listing import load_in_order, newest_keys, section_shards
from syndication.throttling import ClientRateThrottle
from syndication.utils import absolute, rendition_url

MAX_ID = 2**63 - 1
EARLIEST = date(1900, 1, 1)
LATEST = date(9000, 12, 31)
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"
BAD_CURSOR = "Invalid cursor: pass the `next` value of the previous page."
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day_only(value: object) -> object:
    """Only YYYY-MM-DD: pydantic would otherwise read "0" as a Unix timestamp."""
    if isinstance(value, str) and not ISO_DAY.fullmatch(value):
        raise ValueError("use the form YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_day_only)]
DATE_FROM = Query(None, description="Published on or after this day (YYYY-MM-DD).")
DATE_TO = Query(None, description="Published on or before this day (YYYY-MM-DD).")


def most_read(period: str, limit: int) -> list[Article]:
    """The one line to change when per-day view counts arrive (metrics.selectors.most_read)."""
    return metrics_most_read(period, limit)


# ---------------------------------------------------------------- caching and throttling


def public_cache(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Cache-Control: public for successful answers; errors and 429s are never stored."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = run(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True,
                                max_age=int(setting("SYNDICATION_API_MAX_AGE")))
        else:
            patch_cache_control(response, no_store=True)
        return response

    return wrapper


def make_router(tag: str) -> Router:
    return Router(tags=[tag], throttle=[ClientRateThrottle()])


# ---------------------------------------------------------------- schemas


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict]


ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}


class SectionRef(Schema):
    id: int
    slug: str
    name: str


class SectionOut(SectionRef):
    parent_id: int | None
    is_topic: bool
    url: str


class ArticleSummary(Schema):
    id: int
    title: str
    slug: str
    sapo: str
    url: str
    section: SectionRef
    published_at: datetime
    updated_at: datetime | None
    views: int
    image: str | None = Field(None, description="Absolute URL of a 1200×630 rendition.")


class ArticleDetail(ArticleSummary):
    body_html: str
    byline: str
    tags: list[str]
    topics: list[SectionRef]
    source_name: str
    source_url: str
    correction_note: str


class ArticlePage(Schema):
    items: list[ArticleSummary]
    next: str | None = Field(None, description="Pass as ?after= for the next page.")


class TagOut(Schema):
    id: int
    name: str
    slug: str


class TagPage(Schema):
    items: list[TagOut]
    next: str | None


class AttachmentOut(Schema):
    title: str
    url: str


class AnnouncementSummary(Schema):
    id: int
    title: str
    url: str
    published_at: datetime


class AnnouncementDetail(AnnouncementSummary):
    body_html: str
    attachments: list[AttachmentOut]


class AnnouncementPage(Schema):
    items: list[AnnouncementSummary]
    next: str | None


class DocumentSummary(Schema):
    id: int
    title: str
    number: str
    document_type: str
    issuer: str
    issued_on: date
    subject: str
    url: str
    published_at: datetime


class DocumentDetail(DocumentSummary):
    summary: str
    file_url: str | None


class DocumentPage(Schema):
    items: list[DocumentSummary]
    next: str | None


# ---------------------------------------------------------------- keyset cursor


def encode_cursor(published_at: datetime, pk: int) -> str:
    raw = f"{published_at.astimezone(UTC).isoformat()}|{pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """The (published_at, id) of the last row seen; anything else is a 400, not a crash."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        stamp, pk = base64.urlsafe_b64decode(padded.encode("ascii")).decode().split("|")
        moment, number = datetime.fromisoformat(stamp), int(pk)
    except (ValueError, UnicodeError, binascii.Error):
        raise HttpError(400, BAD_CURSOR) from None
    if timezone.is_naive(moment) or not 0 < number <= MAX_ID:
        raise HttpError(400, BAD_CURSOR)
    return moment, number


def keyset(shards: list[QuerySet], after: str | None, limit: int,
           load: QuerySet | None = None) -> tuple[list, str | None]:
    """Newest first after the cursor row, each shard read on its (…, published_at, id) index."""
    before = decode_cursor(after) if after else None
    keys = newest_keys(shards, before, limit + 1)
    more = len(keys) > limit
    keys = keys[:limit]
    rows = load_in_order(load if load is not None else shards[0].model._default_manager.all(),
                         keys)
    return rows, (encode_cursor(*keys[-1]) if more and keys else None)


def local_day_start(day: date) -> datetime:
    day = min(max(day, EARLIEST), LATEST)
    return timezone.make_aware(datetime.combine(day, time.min))


# ---------------------------------------------------------------- serialisers

# What a list item needs, image file hash included (Wagtail reads it to find a rendition).
LIST_FIELDS = (
    "id", "title", "slug", "sapo", "published_at", "updated_at", "view_count",
    "primary_section__id", "primary_section__slug", "primary_section__name",
    "featured_image__id", "featured_image__file", "featured_image__file_hash",
    "featured_image__width", "featured_image__height", "featured_image__focal_point_x",
    "featured_image__focal_point_y", "featured_image__focal_point_width",
    "featured_image__focal_point_height",
)


def section_ref(section: Section) -> dict:
    return {"id": section.id, "slug": section.slug, "name": section.name}


def article_summary(request: HttpRequest, item: Article) -> dict:
    image = rendition_url(item.featured_image)
    return {
        "id": item.id, "title": item.title, "slug": item.slug, "sapo": item.sapo,
        "url": absolute(request, item.get_absolute_url()),
        "section": section_ref(item.primary_section),
        "published_at": item.published_at, "updated_at": item.updated_at,
        "views": item.view_count, "image": absolute(request, image) if image else None,
    }


RELATIVE_LINK = re.compile(r'(\s(?:src|href|poster)=")/(?!/)')


def absolute_html(request: HttpRequest, markup: str) -> str:
    """Body HTML with site-relative links made absolute, for use outside the portal."""
    root = request.build_absolute_uri("/")
    return RELATIVE_LINK.sub(lambda m: f"{m.group(1)}{root}", markup)


# ---------------------------------------------------------------- articles

articles_router = make_router("articles")


@articles_router.get("", response={200: ArticlePage, **ERRORS}, summary="List articles")
@decorate_view(public_cache)
def list_articles(
    request: HttpRequest,
    section: str | None = Query(None, max_length=100,
                                description="Section slug; a parent includes its subsections."),
    tag: str | None = Query(None, max_length=100, description="Tag slug."),
    date_from: IsoDate | None = DATE_FROM,
    date_to: IsoDate | None = DATE_TO,
    after: str | None = Query(None, max_length=200, pattern=CURSOR_PATTERN,
                              description="Cursor from `next`."),
    limit: int = Query(20, ge=1, le=100),
):
    base = Article.objects.filter(live=True)  # newest_keys adds "published by now"
    if tag:
        base = base.filter(tags__slug=tag)
    if date_from:
        base = base.filter(published_at__gte=local_day_start(date_from))
    if date_to and date_to < LATEST:
        base = base.filter(published_at__lt=local_day_start(date_to + timedelta(days=1)))
    if section:
        current = Section.objects.filter(slug=section).first()
        if current is None:
            return Status(404, {"detail": "Unknown section."})
        shards = section_shards(current, base)
    else:
        shards = [base]
    # Renditions come prefetched: one query for the page, not one per image.
    load = (Article.objects.select_related("primary_section", "featured_image")
            .only(*LIST_FIELDS).prefetch_related("featured_image__renditions"))
    rows, cursor = keyset(shards, after, limit, load)
    return Status(200, {"items": [article_summary(request, a) for a in rows], "next": cursor})


@articles_router.get("/{article_id}", response={200: ArticleDetail, **ERRORS},
                     summary="One article with its body")
@decorate_view(public_cache)
def get_article(request: HttpRequest, article_id: int = Path(..., ge=1, le=MAX_ID)):
    story = (Article.objects.visible().select_related("primary_section", "featured_image")
             .filter(pk=article_id).first())
    if story is None:
        return Status(404, {"detail": "No such article."})
    data = article_summary(request, story)
    data.update(
        body_html=absolute_html(request, str(story.body.render_as_block())),
        byline=story.byline, tags=[t.name for t in story.tags.all()],
        topics=[section_ref(s) for s in story.topic_sections.all()],
        source_name=story.source_name, source_url=story.source_url,
        correction_note=story.correction_note,
    )
    return Status(200, data)


# ---------------------------------------------------------------- most read

most_read_router = make_router("articles")


@most_read_router.get("", response={200: list[ArticleSummary], **ERRORS},
                      summary="Most read articles of the last day or week")
@decorate_view(public_cache)
def list_most_read(request: HttpRequest, period: Literal["day", "week"] = "day",
                   limit: int = Query(10, ge=1, le=50)):
    return Status(200, [article_summary(request, a) for a in most_read(period, limit)])


# ---------------------------------------------------------------- sections and tags

sections_router = make_router("sections")


@sections_router.get("", response={200: list[SectionOut], **ERRORS}, summary="All sections")
@decorate_view(public_cache)
def list_sections(request: HttpRequest):
    return Status(200, [
        {**section_ref(s), "parent_id": s.parent_id, "is_topic": s.is_topic,
         "url": absolute(request, s.get_absolute_url())}
        for s in Section.objects.order_by("sort_order", "name", "id")
    ])


tags_router = make_router("tags")


@tags_router.get("", response={200: TagPage, **ERRORS}, summary="Tags, in creation order")
@decorate_view(public_cache)
def list_tags(request: HttpRequest, after: int | None = Query(None, ge=0, le=MAX_ID),
              limit: int = Query(100, ge=1, le=500)):
    queryset = Tag.objects.order_by("id")
    if after is not None:
        queryset = queryset.filter(id__gt=after)
    rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return Status(200, {"items": [{"id": t.id, "name": t.name, "slug": t.slug} for t in rows],
                 "next": str(rows[-1].id) if more else None})


# ---------------------------------------------------------------- announcements and documents

announcements_router = make_router("notices")


def announcement_summary(request: HttpRequest, item: Announcement) -> dict:
    return {"id": item.id, "title": item.title, "published_at": item.published_at,
            "url": absolute(request, item.get_absolute_url())}


@announcements_router.get("", response={200: AnnouncementPage, **ERRORS},
                          summary="List announcements")
@decorate_view(public_cache)
def list_announcements(request: HttpRequest,
                       after: str | None = Query(None, max_length=200,
                                                 pattern=CURSOR_PATTERN),
                       limit: int = Query(20, ge=1, le=100)):
    rows, cursor = keyset([Announcement.objects.filter(live=True)], after, limit)
    return Status(200, {"items": [announcement_summary(request, a) for a in rows], "next": cursor})


@announcements_router.get("/{announcement_id}", response={200: AnnouncementDetail, **ERRORS},
                          summary="One announcement")
@decorate_view(public_cache)
def get_announcement(request: HttpRequest,
                     announcement_id: int = Path(..., ge=1, le=MAX_ID)):
    item = Announcement.objects.visible().filter(pk=announcement_id).first()
    if item is None:
        return Status(404, {"detail": "No such announcement."})
    attachments = [
        {"title": a.label or a.document.title, "url": absolute(request, a.document.url)}
        for a in item.attachments.select_related("document")
    ]
    return Status(200, {**announcement_summary(request, item),
                 "body_html": absolute_html(request, expand_db_html(item.body)),
                 "attachments": attachments})


documents_router = make_router("notices")


def document_summary(request: HttpRequest, item: OfficialDocument) -> dict:
    return {"id": item.id, "title": item.title, "number": item.number,
            "document_type": item.document_type, "issuer": item.issuer,
            "issued_on": item.issued_on, "subject": item.subject,
            "url": absolute(request, item.get_absolute_url()), "published_at": item.published_at}


@documents_router.get("", response={200: DocumentPage, **ERRORS},
                      summary="List official documents")
@decorate_view(public_cache)
def list_documents(request: HttpRequest,
                   after: str | None = Query(None, max_length=200, pattern=CURSOR_PATTERN),
                   limit: int = Query(20, ge=1, le=100)):
    rows, cursor = keyset([OfficialDocument.objects.filter(live=True)], after, limit)
    return Status(200, {"items": [document_summary(request, d) for d in rows], "next": cursor})


@documents_router.get("/{document_id}", response={200: DocumentDetail, **ERRORS},
                      summary="One official document")
@decorate_view(public_cache)
def get_document(request: HttpRequest, document_id: int = Path(..., ge=1, le=MAX_ID)):
    item = OfficialDocument.objects.visible().select_related("file").filter(
        pk=document_id).first()
    if item is None:
        return Status(404, {"detail": "No such document."})
    return Status(200, {**document_summary(request, item), "summary": item.summary,
                 "file_url": absolute(request, item.file.url) if item.file else None})
