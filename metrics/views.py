"""The view beacon and the live count, as Django serves them in the embedded default.

In production nginx answers ``/v/<id>`` itself and logs it for ``consume_view_log``; Django
still answers ``/v/<id>/count``.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.clientip import address_key, client_address
from metrics import buffer
from metrics.conf import views_per_address_minute
from metrics.counting import (
    CLIENT_COOKIE,
    DEDUP_SECONDS,
    MAX_ARTICLE_ID,
    PendingCounts,
    apply_counts,
    client_id,
    cross_site,
    local_day,
)
from metrics.crawlers import is_crawler

logger = logging.getLogger(__name__)
ERRORS_KEY = "metrics:beacon-errors"


def now() -> float:
    """The clock (tests replace it)."""
    return time.time()


def _first_view(article_id: int, client: str, timestamp: float) -> bool:
    """False for a reload by the same client within the dedup window (shared cache)."""
    key = f"metrics:seen:{article_id}:{client}"
    ttl = int(DEDUP_SECONDS) * 2
    if cache.add(key, timestamp, ttl):
        return True
    last = cache.get(key)
    if last is not None and timestamp - float(last) < DEDUP_SECONDS:
        return False
    cache.set(key, timestamp, ttl)
    return True


def _within_cap(article_id: int, address: str, timestamp: float) -> bool:
    """The address's views of this article this minute stay within the cap (shared cache)."""
    key = f"metrics:cap:{article_id}:{address}:{int(timestamp // 60)}"
    cache.add(key, 0, 120)
    try:
        taken = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, 120)
        taken = 1
    return taken <= views_per_address_minute()


def _count_error() -> None:
    try:
        cache.incr(ERRORS_KEY)
    except ValueError:
        cache.set(ERRORS_KEY, 1, None)
    except Exception:  # the cache itself is down: the log line is all that is left
        logger.warning("could not count a beacon error", exc_info=True)


def count_view(article_id: int, client: str, user_agent: str, timestamp: float,
               address: str = "") -> bool:
    """Count one reader's view unless it is a crawler, a reload, or beyond its address's cap;
    True when counted (views of an article readers cannot see are dropped when applied)."""
    if is_crawler(user_agent) or not _first_view(article_id, client, timestamp):
        return False
    if not _within_cap(article_id, address_key(address), timestamp):
        return False
    day = local_day(timestamp)
    redis = buffer.redis_client()
    if redis is not None:
        buffer.record(redis, article_id, day)
        try:
            if buffer.flush_due(redis):
                buffer.flush(redis)
        except Exception:  # the view is buffered: a later flush writes it
            logger.warning("view buffer flush failed; retried at the next one", exc_info=True)
        return True
    pending = PendingCounts()
    pending.add(article_id, day)
    with transaction.atomic():
        applied, dropped = apply_counts(pending.by_day)
    if dropped:
        _count_error()
    return applied > 0


@csrf_exempt
@require_POST
def beacon(request: HttpRequest, pk: int) -> HttpResponse:
    """The article page's own POST: 204 once the view is recorded (or deliberately not counted:
    a crawler, a reload, an unknown id, beyond its address's cap); 503 when it could not be
    recorded (Redis or the database down), so that an acknowledged view is always a counted
    one; 405 for any other method, 403 from another site's page. The page's script ignores the
    answer either way: a reader never sees an error for the counter."""
    if cross_site(request.META.get("HTTP_ORIGIN", ""),
                  request.META.get("HTTP_SEC_FETCH_SITE", ""),
                  request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")):
        response = HttpResponse(status=403)
        response["Cache-Control"] = "no-store"
        return response
    status = 204
    if 0 < pk <= MAX_ARTICLE_ID:
        agent = request.META.get("HTTP_USER_AGENT", "")
        address = client_address(request)
        client = client_id(request.COOKIES.get(CLIENT_COOKIE, ""), address, agent)
        try:
            count_view(pk, client, agent, now(), address)
        except Exception:  # a counter outage must not break the page
            logger.exception("view beacon failed for article %s", pk)
            _count_error()
            status = 503
    else:
        _count_error()
    response = HttpResponse(status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD"])
def view_count(request: HttpRequest, pk: int) -> JsonResponse:
    """The stored count of a visible article, cacheable for one second."""
    from news.models import Article

    views = (Article.objects.visible().filter(pk=pk).values_list("view_count", flat=True)
             .first() if 0 < pk <= MAX_ARTICLE_ID else None)
    if views is None:
        response = JsonResponse({"error": "not found"}, status=404)
    else:
        response = JsonResponse({"id": pk, "views": views})
    response["Cache-Control"] = "public, max-age=1"
    return response
