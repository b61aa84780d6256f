"""Keyset pagination on (published_at, id): page 500 costs the same indexed read as page 1."""

from django.db.models import QuerySet
from django.http import HttpRequest

CURSOR_PARAM = "sau"
PAGE_SIZE = 20


def cursor_from(request: HttpRequest) -> int | None:
    """The id of the last item already seen, from ?sau=<id>; anything else means page one."""
    raw = request.GET.get(CURSOR_PARAM, "")
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


def keyset_page(queryset: QuerySet, after_id: int | None,
                size: int = PAGE_SIZE) -> tuple[list, int | None]:
    """Rows after the anchor row, newest first, and the cursor for the next page (or None)."""
    if after_id:
        anchor = queryset.model._default_manager.filter(pk=after_id).values(
            "published_at", "id").first()
        if anchor and anchor["published_at"]:
            queryset = queryset.filter(published_at__lte=anchor["published_at"]).exclude(
                published_at=anchor["published_at"], id__gte=anchor["id"]
            )
    rows = list(queryset.order_by("-published_at", "-id")[: size + 1])
    next_after = rows[size - 1].id if len(rows) > size else None
    return rows[:size], next_after
