"""The content generation pushed to every app process, so requests read it from memory.

Every uncached page read the generation from Redis twice: when it starts (to key the shared
fragments) and when it ends (to refuse nginx a page whose content changed meanwhile): two
round trips on every uncached page. Instead, `bump_generation`
publishes each new value on a Redis channel, and one thread per process listens:
`read_generation` answers from memory while that subscription is known to be alive.

Alive means subscribed and heard from Redis within STALE_SECONDS: the thread pings every
HEARTBEAT_SECONDS, so a connection that died silently stops being trusted within about three
seconds. Otherwise (no Redis, connection lost, not yet subscribed) readers fall back to a GET.
After every (re)subscription the stored value is read once, so a bump published while the
thread was away is never missed. A message takes a moment to arrive; a page stored by nginx
in that gap is removed by the second purge that `invalidate()` schedules.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 1.0
STALE_SECONDS = 3.0
RETRY_SECONDS = 0.5


class GenerationFeed:
    """One subscriber thread per process (restarted after a fork) and the last value heard."""

    def __init__(self, client_factory: Callable[[], object], channel: str,
                 read_stored: Callable[[], int]) -> None:
        self._client_factory = client_factory
        self.channel = channel
        self._read_stored = read_stored
        self._pid: int | None = None
        self._value: int | None = None
        self._heard_at = float("-inf")
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._pubsub = None

    def current(self) -> int | None:
        """The generation, if the subscription is alive; None means: read it from Redis."""
        if self._pid != os.getpid():
            self._start()
            return None
        if self._value is None or time.monotonic() - self._heard_at > STALE_SECONDS:
            return None
        return self._value

    @property
    def alive(self) -> bool:
        return self._pid == os.getpid() and self.current() is not None

    def observe(self, value: int) -> None:
        """A value this process itself stored: seen at once, without waiting for the echo."""
        with self._lock:
            if self._value is None or value > self._value:
                self._value = value

    def publish(self, value: int) -> None:
        self._client_factory().publish(self.channel, value)

    def stop(self) -> None:
        """End the thread (tests); the feed starts again on the next read."""
        self._stop.set()
        self._pid = None

    def _start(self) -> None:
        # A fresh lock and state after a fork: the parent's thread did not come along.
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._value, self._heard_at = None, float("-inf")
        self._pid = os.getpid()
        threading.Thread(target=self._run, args=(self._stop,), name="generation-feed",
                         daemon=True).start()

    def _run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            pubsub = None
            try:
                pubsub = self._client_factory().pubsub()
                self._pubsub = pubsub
                pubsub.subscribe(self.channel)
                confirmation = pubsub.get_message(timeout=5.0)
                if not confirmation or confirmation.get("type") != "subscribe":
                    raise ConnectionError("no subscription confirmation from Redis")
                stored = self._read_stored()  # after subscribing: no later bump is missed
                with self._lock:
                    self._value = stored
                self._heard_at = last_ping = time.monotonic()
                while not stop.is_set():
                    message = pubsub.get_message(timeout=HEARTBEAT_SECONDS)
                    now = time.monotonic()
                    if message is not None:
                        if message.get("type") == "message":
                            self.observe(int(message["data"]))
                        self._heard_at = now
                    if now - last_ping >= HEARTBEAT_SECONDS:
                        pubsub.ping()
                        last_ping = now
            except Exception as error:  # noqa: BLE001 (any failure: fall back to GETs, retry)
                self._heard_at = float("-inf")
                logger.debug("generation feed interrupted: %s", error)
                stop.wait(RETRY_SECONDS)
            finally:
                self._heard_at = float("-inf")
                if pubsub is not None:
                    try:
                        pubsub.close()
                    except Exception:  # noqa: BLE001
                        pass
