"""What readers get from the curation: live, unexpired arrangements and the current ticker.

Live means published (Wagtail's draft state) and not past `expire_at`, whether or not the
scheduler has unpublished it yet; the articles inside are filtered by core.visibility when
the page is composed (curation.home).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from curation.models import BreakingNews, HomeSlot
from news.selectors import visible_articles


def _unexpired(queryset: QuerySet, now: dt.datetime) -> QuerySet:
    return queryset.filter(live=True).filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))


def live_slots(now: dt.datetime | None = None) -> dict[tuple[str, int | None], list[int]]:
    """The article ids each live slot holds, in the editor's order, keyed by (kind, section).

    The one place slots are looked up: an edition of the site (a language) would narrow it.
    """
    now = now or timezone.now()
    slots = _unexpired(HomeSlot.objects.all(), now).prefetch_related("items")
    return {
        (slot.kind, slot.section_id): [item.article_id
                                       for item in sorted(slot.items.all(),
                                                          key=lambda i: i.sort_order or 0)]
        for slot in slots
    }


def current_ticker(now: dt.datetime | None = None) -> dict | None:
    """The newest live breaking-news line, with its article's address when readers can see it."""
    now = now or timezone.now()
    ticker = (_unexpired(BreakingNews.objects.all(), now)
              .order_by("-last_published_at", "-id").first())
    if ticker is None:
        return None
    article = (visible_articles().filter(pk=ticker.article_id).first()
               if ticker.article_id else None)
    return {"text": ticker.text, "url": article.get_absolute_url() if article else ""}


def next_change(now: dt.datetime) -> dt.datetime | None:
    """The next expiry of a live ticker or arrangement: pages must not be kept past it."""
    moments = [
        model.objects.filter(live=True, expire_at__gt=now).order_by("expire_at")
        .values_list("expire_at", flat=True).first()
        for model in (BreakingNews, HomeSlot)
    ]
    found = [moment for moment in moments if moment is not None]
    return min(found) if found else None
