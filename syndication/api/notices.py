"""/announcements and /documents: the station's notices and official documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Status
from ninja.decorators import decorate_view
from wagtail.rich_text import expand_db_html

from core.pagination import MAX_ID, keyset_page
from notices.models import Announcement, OfficialDocument
from syndication.api.responses import (
    ERRORS,
    absolute_html,
    make_router,
    page,
    public_cache,
    read_cursor,
)
from syndication.api.schemas import (
    LANG,
    AnnouncementDetail,
    AnnouncementPage,
    DocumentDetail,
    DocumentPage,
    Edition,
    after_param,
)
from syndication.utils import absolute

announcements_router = make_router("notices")
documents_router = make_router("notices")

Notice = TypeVar("Notice", Announcement, OfficialDocument)


def list_page(request: HttpRequest, model: type[Notice], after: str | None, limit: int,
              summary: Callable[[HttpRequest, Notice], dict], lang: str | None = None) -> Status:
    """One page of a notice list: both lists page their model alike and differ only in the
    summary of a row (and announcements in their edition; documents have none)."""
    base = model.objects.in_language(lang) if lang else model.objects.all()
    rows, next_id = keyset_page(base, read_cursor(after), limit)
    return Status(200, page(rows, next_id, lambda item: summary(request, item)))


def announcement_summary(request: HttpRequest, item: Announcement) -> dict:
    return {"id": item.id, "title": item.title, "published_at": item.published_at,
            "url": absolute(request, item.get_absolute_url()), "language": item.language_code}


@announcements_router.get("", response={200: AnnouncementPage, **ERRORS},
                          summary="List announcements")
@decorate_view(public_cache)
def list_announcements(request: HttpRequest, after: str | None = after_param(),
                       limit: int = Query(20, ge=1, le=100), lang: Edition = LANG):
    return list_page(request, Announcement, after, limit, announcement_summary, lang)


@announcements_router.get("/{announcement_id}", response={200: AnnouncementDetail, **ERRORS},
                          summary="One announcement")
@decorate_view(public_cache)
def get_announcement(request: HttpRequest,
                     announcement_id: int = Path(..., ge=1, le=MAX_ID)):
    item = Announcement.objects.visible().filter(pk=announcement_id).first()
    if item is None:
        return Status(404, {"detail": _("There is no such announcement, or it is not "
                                          "published.")})
    attachments = [
        {"title": a.label or a.document.title, "url": absolute(request, a.document.url)}
        for a in item.attachments.select_related("document")
    ]
    return Status(200, {**announcement_summary(request, item),
                        "body_html": absolute_html(request, expand_db_html(item.body)),
                        "attachments": attachments})


def document_summary(request: HttpRequest, item: OfficialDocument) -> dict:
    return {"id": item.id, "title": item.title, "number": item.number,
            "document_type": item.document_type, "issuer": item.issuer,
            "issued_on": item.issued_on, "subject": item.subject,
            "url": absolute(request, item.get_absolute_url()), "published_at": item.published_at}


@documents_router.get("", response={200: DocumentPage, **ERRORS},
                      summary="List official documents")
@decorate_view(public_cache)
def list_documents(request: HttpRequest, after: str | None = after_param(),
                   limit: int = Query(20, ge=1, le=100)):
    return list_page(request, OfficialDocument, after, limit, document_summary)


@documents_router.get("/{document_id}", response={200: DocumentDetail, **ERRORS},
                      summary="One official document")
@decorate_view(public_cache)
def get_document(request: HttpRequest, document_id: int = Path(..., ge=1, le=MAX_ID)):
    item = OfficialDocument.objects.visible().select_related("file").filter(
        pk=document_id).first()
    if item is None:
        return Status(404, {"detail": _("There is no such document, or it is not published.")})
    return Status(200, {**document_summary(request, item), "summary": item.summary,
                        "file_url": absolute(request, item.file.url) if item.file else None})
