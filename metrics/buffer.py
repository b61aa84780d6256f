"""Redis buffer for views counted by Django's own beacon view (when METRICS_REDIS_URL is set).

Each view is one HINCRBY on a hash; a flush atomically RENAMEs the hash to a batch key, applies
it to the database in one transaction that also records the batch id, then deletes the batch.
A flush killed half-way is finished by the next one, and the recorded batch id makes applying
it twice impossible. What Redis holds is lost if Redis itself restarts without persistence:
at most the views of one flush interval (METRICS_FLUSH_SECONDS, default 1 s).
"""

from __future__ import annotations

import uuid
from datetime import date
from functools import cache

from django.conf import settings
from django.db import IntegrityError, transaction

from metrics.conf import conf

_NAMESPACE = getattr(settings, "REDIS_NAMESPACE", "toasoan")
PENDING_KEY = f"{_NAMESPACE}:metrics:pending"
BATCH_PREFIX = f"{_NAMESPACE}:metrics:flushing:"
FLUSH_LOCK_KEY = f"{_NAMESPACE}:metrics:flush-lock"


def flush_seconds() -> float:
    return float(conf.METRICS_FLUSH_SECONDS)


@cache
def _client_for(url: str):
    import redis

    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def redis_client():
    """The buffer's Redis client, or None when views go straight to the database."""
    url = conf.METRICS_REDIS_URL
    return _client_for(url) if url else None


def record(client, article_id: int, day: date) -> None:
    client.hincrby(PENDING_KEY, f"{article_id}:{day.isoformat()}", 1)


def flush_due(client) -> bool:
    """True for at most one caller per flush interval (a Redis lock with an expiry)."""
    return bool(client.set(FLUSH_LOCK_KEY, b"1", nx=True, px=int(flush_seconds() * 1000)))


def _apply_batch(client, key: bytes | str) -> int:
    from metrics.counting import apply_counts
    from metrics.models import ViewFlush

    name = key.decode() if isinstance(key, bytes) else key
    batch_id = name[len(BATCH_PREFIX):]
    raw = client.hgetall(name)
    by_day: dict[tuple[int, date], int] = {}
    for field, value in raw.items():
        try:
            article_part, day_part = field.decode().split(":", 1)
            by_day[(int(article_part), date.fromisoformat(day_part))] = int(value)
        except (ValueError, UnicodeDecodeError):
            continue
    applied = 0
    try:
        with transaction.atomic():
            # Claimed first: a concurrent flusher of the same batch waits here, then fails.
            ViewFlush.objects.create(batch_id=batch_id, views=sum(by_day.values()))
            applied, _dropped = apply_counts(by_day)
    except IntegrityError:
        applied = 0  # already applied by someone else
    client.delete(name)
    return applied


def flush(client) -> int:
    """Move everything buffered into the database; returns the views applied."""
    applied = 0
    for key in client.scan_iter(match=BATCH_PREFIX + "*", count=100):
        applied += _apply_batch(client, key)  # left over by a flusher that died
    batch_key = BATCH_PREFIX + uuid.uuid4().hex
    try:
        client.rename(PENDING_KEY, batch_key)
    except Exception as exc:  # redis.ResponseError: nothing pending
        if "no such key" not in str(exc).lower():
            raise
        return applied
    return applied + _apply_batch(client, batch_key)
