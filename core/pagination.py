"""Keyset pagination, the one way every list of the portal pages, HTML and API alike.

The cursor is the id of the last item already seen (``?sau=<id>`` on pages, ``?after=<id>`` in
the API). The next page is read from that row's sort key onward, so page 500 costs the same
indexed read as page one, and rows published meanwhile never shift a reader's place.

A list is one queryset or several *shards*: a parent section gathers its subsections by
reading each one on its own (section, published_at, id) index and merging the few newest keys,
instead of asking the database to sort every matching row. For models readers see, only
visible rows are listed (``core.visibility``): the paginator applies the rule itself, with the
cursor's date folded into the rule's single upper bound on ``published_at``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.badinput import InvalidInput
from core.caching.query import CURSOR_PARAM

PAGE_SIZE = 20
MAX_ID = 2**63 - 1


class BadCursor(ValueError):
    """A cursor that is not the id of a row: answered 400, by the API and by pages."""

    def __init__(self) -> None:
        super().__init__(_("Invalid cursor: pass the `next` value of the previous page."))


@dataclass(frozen=True)
class Order:
    """A keyset order: its key fields, newest (largest) first or not."""

    fields: tuple[str, ...]
    descending: bool

    def order_by(self) -> list[str]:
        return [f"-{name}" if self.descending else name for name in self.fields]


NEWEST_FIRST = Order(("published_at", "id"), descending=True)
BY_ID = Order(("id",), descending=False)


def parse_cursor(raw: str | None) -> int | None:
    """The id in a cursor; None for no cursor; BadCursor for anything else."""
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19:
        raise BadCursor
    value = int(raw)
    if not 0 < value <= MAX_ID:
        raise BadCursor
    return value


def cursor_from(request: HttpRequest) -> int | None:
    """The cursor of a public page (?sau=<id>, the last one when repeated); a value that is
    no row id is refused with a 400 that sends the reader back to the first page."""
    try:
        return parse_cursor(request.GET.get(CURSOR_PARAM))
    except BadCursor:
        raise InvalidInput(_("This link to the next page is broken: go back to the first "
                             "page of the list."), CURSOR_PARAM, request.path) from None


def _visible(shard: QuerySet, now: dt.datetime, until: dt.datetime | None) -> QuerySet:
    return shard.visible(now, published_until=until) if hasattr(shard, "visible") else shard


def _anchor(model, after_id: int | None, order: Order) -> tuple | None:
    """The sort key of the cursor row (any row, visible or not); None when it does not exist."""
    if not after_id:
        return None
    row = model._default_manager.filter(pk=after_id).values_list(*order.fields).first()
    if row is None or any(value is None for value in row):
        return None
    return tuple(row)


def _after(shard: QuerySet, key: tuple, order: Order, bounded: bool) -> QuerySet:
    """Rows strictly after `key` in `order`; `bounded` when the visibility rule already holds
    the first field's bound (one upper bound on published_at, not two)."""
    if order.fields == ("id",):
        return shard.filter(id__lt=key[0]) if order.descending else shard.filter(
            id__gt=key[0])
    first = order.fields[0]
    if not bounded:
        bound = "lte" if order.descending else "gte"
        shard = shard.filter(**{f"{first}__{bound}": key[0]})
    tie_id = "id__gte" if order.descending else "id__lte"
    return shard.exclude(**{first: key[0], tie_id: key[1]})


def keyset_page(source: QuerySet | Sequence[QuerySet], after_id: int | None,
                size: int = PAGE_SIZE, *, load: QuerySet | None = None,
                order: Order = NEWEST_FIRST) -> tuple[list, int | None]:
    """One page after the cursor row, and the cursor of the next page (or None).

    `load`, when given, is the queryset the page's rows are fetched from once their keys are
    known (select_related and only() for the page, not for the key scan). A cursor row that
    does not exist starts at page one.
    """
    shards = [source] if isinstance(source, QuerySet) else list(source)
    model = shards[0].model
    key = _anchor(model, after_id, order)
    now = timezone.now()
    until = key[0] if key is not None and order is NEWEST_FIRST else None
    prepared = []
    for shard in shards:
        bounded = until is not None and hasattr(shard, "visible")
        shard = _visible(shard, now, until)
        if key is not None:
            shard = _after(shard, key, order, bounded)
        prepared.append(shard.order_by(*order.order_by()))
    if len(prepared) == 1 and load is None:
        rows = list(prepared[0][: size + 1])
    else:
        keys: list[tuple] = []
        for shard in prepared:
            keys += list(shard.values_list(*order.fields)[: size + 1])
        keys.sort(reverse=order.descending)
        keys = keys[: size + 1]
        ids = [row_key[-1] for row_key in keys]
        by_id = {row.id: row for row in (load if load is not None else
                                         model._default_manager.all()).filter(id__in=ids)}
        rows = [by_id[pk] for pk in ids if pk in by_id]
    next_cursor = rows[size - 1].id if len(rows) > size else None
    return rows[:size], next_cursor
