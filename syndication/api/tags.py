"""/tags: every tag in creation order (by id), for clients that mirror the tag list."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Status
from ninja.decorators import decorate_view
from taggit.models import Tag

from core.pagination import BY_ID, keyset_page
from syndication.api.responses import ERRORS, make_router, page, public_cache, read_cursor
from syndication.api.schemas import TagPage, after_param

router = make_router("tags")


@router.get("", response={200: TagPage, **ERRORS}, summary="Tags, in creation order")
@decorate_view(public_cache)
def list_tags(request: HttpRequest, after: str | None = after_param(),
              limit: int = Query(100, ge=1, le=500)):
    rows, next_id = keyset_page(Tag.objects.all(), read_cursor(after), limit, order=BY_ID)
    return Status(200, page(rows, next_id,
                            lambda tag: {"id": tag.id, "name": tag.name, "slug": tag.slug}))
