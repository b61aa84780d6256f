"""Newest-first reads that stay on an index at a million rows, also for a parent section.

A parent section's listing is `primary_section IN (its subsections)`; ordering that by date makes
a database sort every matching row. Reading each subsection through its own
(primary_section, published_at, id) index and merging the few newest keys avoids that.

Shards hold *live* rows only; `newest_keys` adds the "published by now" half of visibility as a
single upper bound, min(now, cursor). Two separate bounds (now and the cursor) let SQLite range
over the wrong one and walk every newer row: 0.5 s instead of 1 ms deep in a million rows.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from news.models import Section
from news.selectors import descendant_ids

Key = tuple[datetime, int]


def section_shards(section: Section, base: QuerySet) -> list[QuerySet]:
    """One query per subsection (or the topic's own query), each with its own index."""
    if section.is_topic:
        return [base.filter(topic_sections=section)]
    return [base.filter(primary_section_id=pk) for pk in descendant_ids(section.id)]


def newest_keys(shards: list[QuerySet], before: Key | None, count: int) -> list[Key]:
    """The `count` newest visible (published_at, id) keys strictly before `before`."""
    now = timezone.now()
    upper = min(before[0], now) if before is not None else now
    keys: list[Key] = []
    for shard in shards:
        shard = shard.filter(published_at__lte=upper)
        if before is not None and upper == before[0]:
            shard = shard.exclude(published_at=upper, id__gte=before[1])
        keys += list(shard.order_by("-published_at", "-id").values_list("published_at", "id")
                     [:count])
    keys.sort(reverse=True)
    return keys[:count]


def load_in_order(queryset: QuerySet, keys: list[Key]) -> list:
    """The rows for `keys`, in the keys' order, in one query."""
    rows = {row.id: row for row in queryset.filter(id__in=[pk for _, pk in keys])}
    return [rows[pk] for _, pk in keys if pk in rows]
