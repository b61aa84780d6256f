"""The production stack heals itself: SIGKILL the app server, the task worker and the view-log
consumer, and supervisord brings each back without anyone acting; the site answers again and
every view beacon, sent before, during and after the outage, is counted exactly once.

The stack is started by `deploy/prodstack.py start` (as `make prod`) on free ports, the
database `<DATABASE_URL's name>_recovery` (toasoan_deploytest without a PostgreSQL DATABASE_URL)
and Redis DB 5. The beacons come from readers behind 40 loopback addresses, 20 to an address, as
behind a carrier's NAT: distinct people, each address within the per-address cap.
"""

from __future__ import annotations

import http.client
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import require_service
from edgecache.tests.nginx_front import free_port
from edgecache.tests.stack_support import (
    children,
    fresh_database,
    gone,
    services_available,
    wait_for,
)
from edgecache.tests.test_stack import Driver, _load_prodstack
from metrics.tests.logs import BROWSER

pytestmark = [pytest.mark.nginx, pytest.mark.postgres, pytest.mark.redis]

ROOT = Path(__file__).resolve().parents[2]
PORT, APP_PORT = free_port(), free_port()
_SUITE_DATABASE = os.environ.get("DATABASE_URL", "")
DATABASE_URL = (f"{_SUITE_DATABASE}_recovery" if _SUITE_DATABASE.startswith("postgres")
                else "postgres://postgres@127.0.0.1:5432/toasoan_deploytest")
REDIS_URL = "redis://127.0.0.1:6379/5"
PROD_DIR = ROOT / "var" / "prod" / "recovery"
KILLED = ("web", "worker", "views")
RECOVERY_SECONDS = 60


def stored_views(article_id: int) -> int:
    import psycopg

    with psycopg.connect(DATABASE_URL) as db:
        return db.execute("SELECT view_count FROM news_article WHERE id = %s",
                          (article_id,)).fetchone()[0]


def get(path: str) -> tuple[int, str]:
    """GET through nginx; (status, X-Cache-Status), (0, error) when nothing answers."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, response.headers.get("X-Cache-Status", "")
    except OSError as error:
        return 0, str(error)
    finally:
        connection.close()


def send_beacons(article_id: int, label: str, count: int) -> int:
    """`count` views by distinct readers (one cookie each, 20 to a loopback address, each batch
    its own addresses); returns how many nginx answered."""
    batch = "abcd".index(label)
    answered = 0
    for first in range(0, count, 20):
        address = f"127.0.{10 + batch}.{first // 20 + 1}"
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10,
                                                source_address=(address, 0))
        for i in range(first, min(first + 20, count)):
            connection.request("POST", f"/v/{article_id}", headers={
                "Cookie": f"tsvid=recovery{label}{i:05d}", "User-Agent": BROWSER,
                "Origin": f"http://127.0.0.1:{PORT}", "Sec-Fetch-Site": "same-origin"})
            response = connection.getresponse()
            response.read()
            answered += response.status == 204
            if response.will_close:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10,
                                                        source_address=(address, 0))
        connection.close()
    return answered


@pytest.fixture
def stack(monkeypatch):
    available, missing = services_available(DATABASE_URL, REDIS_URL)
    require_service(available, missing)
    env = {"PROD_DIR": str(PROD_DIR), "PROD_PORT": str(PORT), "APP_PORT": str(APP_PORT),
           "DATABASE_URL": DATABASE_URL, "REDIS_URL": REDIS_URL}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    for key in ("PROD_CACHE_DIR", "PROD_EXTRA_NGINX", "WEB_ACCESS_LOG"):
        monkeypatch.delenv(key, raising=False)
    prodstack = _load_prodstack()
    script = [sys.executable, str(ROOT / "deploy" / "prodstack.py")]
    subprocess.run([*script, "stop"], env=dict(os.environ), capture_output=True)
    fresh_database(DATABASE_URL)
    try:
        started = subprocess.run([*script, "start"], env=dict(os.environ), capture_output=True,
                                 text=True, timeout=300)
        assert started.returncode == 0, started.stderr + started.stdout
        yield prodstack, prodstack.Stack()
    finally:
        stopped = subprocess.run([*script, "stop"], env=dict(os.environ), capture_output=True,
                                 text=True, timeout=180)
        assert stopped.returncode == 0, stopped.stderr


def test_killed_services_come_back_by_themselves_and_views_stay_exact(stack):
    prodstack, settings = stack
    driver = Driver(settings.django_env())
    try:
        content = driver("setup")
        article_id = content["story"]
        path = driver("url", id=article_id)["url"]
    finally:
        driver.close()
    assert get(path)[0] == 200
    before = stored_views(article_id)

    # Counted before the kill: the restarted consumer must not count these again.
    sent = send_beacons(article_id, "a", 200)
    wait_for(lambda: stored_views(article_id) == before + sent, "the first views were not counted",
             timeout=RECOVERY_SECONDS)
    old = {info["name"]: info["pid"] for info in prodstack.process_info(settings)}
    assert set(KILLED) <= {name for name, pid in old.items() if pid}
    granian_workers = children(old["web"])
    assert granian_workers, "granian runs its workers as child processes"

    # Written to the log just before the kill: the consumer may be in the middle of them.
    sent += send_beacons(article_id, "b", 200)
    for name in KILLED:
        os.kill(old[name], signal.SIGKILL)
    # nginx answers the beacon by itself: views keep arriving while the app is down.
    sent += send_beacons(article_id, "c", 200)

    def restarted() -> bool:
        now = {info["name"]: info for info in prodstack.process_info(settings)}
        return all(now[name]["statename"] == "RUNNING" and now[name]["pid"] not in (0, old[name])
                   for name in KILLED)

    wait_for(restarted, "supervisord did not restart web, worker and views",
             timeout=RECOVERY_SECONDS)
    assert all(gone(old[name]) for name in KILLED)
    wait_for(lambda: all(gone(pid) for pid in granian_workers),
             "the killed granian's workers were left running", timeout=RECOVERY_SECONDS)
    # A cursor of its own (the one parameter nginx keeps): answered by the restarted app, not
    # from nginx's page cache (the article page ignores the cursor).
    fresh = f"{path}?sau={random.randrange(10**12, 10**13)}"
    status, cache = wait_for(lambda: (answer := get(fresh))[0] == 200 and answer,
                             "the article page did not answer 200 again",
                             timeout=RECOVERY_SECONDS)
    assert cache != "HIT"

    sent += send_beacons(article_id, "d", 200)
    assert sent == 800  # every beacon was answered by nginx
    wait_for(lambda: stored_views(article_id) == before + sent,
             f"views did not reach {before + sent} (now {stored_views(article_id)})",
             timeout=RECOVERY_SECONDS)
    time.sleep(3)  # a few more flush intervals: nothing may be counted twice
    assert stored_views(article_id) == before + sent
    assert prodstack.failed_services(settings) == []
