"""Django's beacon with the Redis buffer (METRICS_REDIS_URL): exact after flushes, a half-done
flush is never applied twice, and a Redis restart loses at most the views of one flush interval.

Starts its own redis-server on port 16390 (no persistence, like a cache-only production Redis).
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import time

import pytest
from django.db import OperationalError

from conftest import require_service
from metrics import buffer, views
from metrics.models import ArticleDailyViews, ViewFlush
from metrics.tests.logs import BROWSER, reader_address

PORT = 16390
URL = f"redis://127.0.0.1:{PORT}/0"
pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def start_redis() -> subprocess.Popen:
    process = subprocess.Popen(
        ["redis-server", "--port", str(PORT), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis.from_url(URL)
    for _ in range(100):
        try:
            client.ping()
            return process
        except redis.ConnectionError:
            time.sleep(0.05)
    process.kill()
    pytest.fail("test redis-server did not start")


@pytest.fixture
def redis_server(settings, monkeypatch):
    require_service(shutil.which("redis-server") is not None, "redis-server")
    settings.METRICS_REDIS_URL = URL
    settings.METRICS_FLUSH_SECONDS = 3600  # flushes happen only when the test says so
    buffer._client_for.cache_clear()
    clock = {"t": 1_764_300_000.0}
    monkeypatch.setattr(views, "now", lambda: clock["t"])
    state = {"process": start_redis()}

    def restart() -> None:
        state["process"].send_signal(signal.SIGKILL)
        state["process"].wait()
        state["process"] = start_redis()

    yield restart
    state["process"].kill()
    state["process"].wait()
    buffer._client_for.cache_clear()


@pytest.fixture
def article(make_article, sections):
    return make_article(primary_section=sections["local"])


def send(client, article_id: int, readers: range) -> None:
    for i in readers:
        client.cookies["tsvid"] = f"redisreader{i:06d}"
        assert client.post(f"/v/{article_id}", HTTP_USER_AGENT=BROWSER,
                           REMOTE_ADDR=reader_address(i, per_address=10)).status_code == 204


def stored(article) -> int:
    article.refresh_from_db()
    return article.view_count


def test_views_buffered_in_redis_reach_the_database_exactly(client, article, redis_server):
    send(client, article.pk, range(300))
    send(client, article.pk, range(100))  # reloads within 60 s
    assert stored(article) <= 1  # only the very first view's flush ran so far
    buffer.flush(buffer.redis_client())
    assert stored(article) == 300
    assert ArticleDailyViews.objects.get(article=article).count == 300


def test_a_flush_interrupted_after_commit_is_not_applied_twice(client, article, redis_server,
                                                               monkeypatch):
    send(client, article.pk, range(50))
    redis = buffer.redis_client()
    before = stored(article)
    real_delete = redis.delete
    monkeypatch.setattr(redis, "delete", lambda *keys: (_ for _ in ()).throw(
        ConnectionError("killed between commit and delete")))
    with pytest.raises(ConnectionError):
        buffer.flush(redis)
    monkeypatch.setattr(redis, "delete", real_delete)
    applied_once = stored(article)
    buffer.flush(redis)  # finds the leftover batch, sees it applied, deletes it
    assert stored(article) == applied_once == 50
    assert before <= 1 and ViewFlush.objects.count() >= 1


def test_a_redis_restart_loses_at_most_one_flush_interval(client, article, redis_server):
    send(client, article.pk, range(200))
    buffer.flush(buffer.redis_client())
    assert stored(article) == 200
    send(client, article.pk, range(200, 240))  # the current, not yet flushed interval
    redis_server()  # SIGKILL Redis (no persistence) and start it again
    send(client, article.pk, range(240, 270))
    buffer.flush(buffer.redis_client())
    lost = 270 - stored(article)
    assert 0 <= lost <= 40  # at most what was buffered since the last flush


def test_beacons_while_redis_is_down_are_not_acknowledged(client, article, redis_server,
                                                          settings):
    """A view that could not be buffered gets a 503: only views answered 204 are promised."""
    settings.METRICS_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    buffer._client_for.cache_clear()
    for i in range(3):
        client.cookies["tsvid"] = f"downreader{i:06d}"
        response = client.post(f"/v/{article.pk}", HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 503
        assert response["Cache-Control"] == "no-store"
    assert stored(article) == 0


def test_a_buffered_view_stays_acknowledged_when_its_flush_fails(client, article, redis_server,
                                                                 monkeypatch):
    """The flush that follows a view may fail (the database is down): the view is in Redis, so
    the beacon still answers 204, and the next flush counts it once."""
    def database_down(client):
        raise OperationalError("the database is down")

    real_flush = buffer.flush
    monkeypatch.setattr(buffer, "flush_due", lambda client: True)
    monkeypatch.setattr(buffer, "flush", database_down)
    send(client, article.pk, range(5))
    assert stored(article) == 0
    real_flush(buffer.redis_client())
    assert stored(article) == 5
