"""The generation feed: bumps reach other processes through Redis pub/sub, readers make no round
trip while the subscription is alive, and fall back to reading Redis whenever it is not.

Starts its own redis-server on port 16391, so connections can be killed and the server paused.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from collections.abc import Callable

import pytest

from conftest import require_service
from core.caching import feed as feed_module
from core.caching.feed import GenerationFeed
from core.caching.generation import bump_generation, generation_feed, read_generation, reset_feed

PORT = 16391
URL = f"redis://127.0.0.1:{PORT}/0"
pytestmark = pytest.mark.redis


def wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


@pytest.fixture
def redis_server():
    require_service(shutil.which("redis-server") is not None, "redis-server")
    import redis

    process = subprocess.Popen(
        ["redis-server", "--port", str(PORT), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis.from_url(URL)
    if not wait_for(lambda: _pings(client)):
        process.kill()
        pytest.fail("test redis-server did not start")
    yield process, client
    process.send_signal(signal.SIGCONT)
    process.kill()
    process.wait()


def _pings(client) -> bool:
    import redis

    try:
        return bool(client.ping())
    except redis.ConnectionError:
        return False


@pytest.fixture
def feed(redis_server):
    _process, client = redis_server
    client.set("generation", 100)
    reads = []

    def read_stored() -> int:
        reads.append(1)
        return int(client.get("generation"))

    subscriber = GenerationFeed(lambda: client, "generation-channel", read_stored)
    subscriber.reads = reads
    assert subscriber.current() is None  # not subscribed yet: callers read Redis themselves
    assert wait_for(lambda: subscriber.alive)
    yield subscriber
    subscriber.stop()


def other_process_bumps(client, publish: bool = True) -> int:
    value = client.incr("generation")
    if publish:
        client.publish("generation-channel", value)
    return value


def test_bumps_arrive_without_reading_redis(feed, redis_server):
    _process, client = redis_server
    assert feed.current() == 100
    assert len(feed.reads) == 1  # once, right after subscribing
    value = other_process_bumps(client)
    assert wait_for(lambda: feed.current() == value, 1.0)
    assert len(feed.reads) == 1


def test_a_lost_subscription_falls_back_and_catches_up_on_what_it_missed(feed, redis_server):
    _process, client = redis_server
    client.execute_command("CLIENT", "KILL", "TYPE", "pubsub")
    missed = other_process_bumps(client, publish=False)  # nobody was listening
    assert wait_for(lambda: feed.current() == missed)
    assert len(feed.reads) == 2  # the stored value, read again after subscribing again


def test_a_silent_redis_stops_being_trusted(feed, redis_server, monkeypatch):
    process, _client = redis_server
    monkeypatch.setattr(feed_module, "STALE_SECONDS", 0.5)
    process.send_signal(signal.SIGSTOP)  # the connection stays open, nothing answers
    try:
        assert wait_for(lambda: feed.current() is None, 3.0)
    finally:
        process.send_signal(signal.SIGCONT)
    assert wait_for(lambda: feed.current() == 100, 10.0)


@pytest.fixture
def redis_default_cache(redis_server, settings):
    settings.CACHES = {"default": {"BACKEND": "core.caching.redis_backend.RedisCache",
                                   "LOCATION": URL, "KEY_PREFIX": "feed-test"}}
    reset_feed()
    yield
    reset_feed()


def test_pages_read_the_generation_from_memory_and_see_their_own_bump(redis_default_cache,
                                                                      monkeypatch):
    from django.core.cache import caches

    first = read_generation()  # a GET, and the feed starts
    assert wait_for(lambda: generation_feed().alive)
    round_trips = []
    backend = type(caches["default"])
    original_get = backend.get

    def counting_get(self, *args, **kwargs):
        round_trips.append(args)
        return original_get(self, *args, **kwargs)

    monkeypatch.setattr(backend, "get", counting_get)
    assert read_generation() == first
    assert read_generation() == first
    assert round_trips == []
    bumped = bump_generation()
    assert bumped > first
    assert read_generation() == bumped  # this process sees its own change at once
    reads_after_bump = len(round_trips)
    assert read_generation() == bumped
    assert len(round_trips) == reads_after_bump


def test_without_the_feed_setting_every_read_asks_redis(redis_default_cache, settings):
    settings.EDGE_GENERATION_FEED = False
    reset_feed()
    assert generation_feed() is None
    first = read_generation()
    assert bump_generation() == first + 1
    assert read_generation() == first + 1
