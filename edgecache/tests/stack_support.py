"""What the tests of a real running stack share: finding its services, a fresh database, and
watching processes come and go through /proc. Each stack test runs on its own database and
Redis DB, so the helpers take their URLs.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def _maintenance_url(database_url: str) -> str:
    """The server's `postgres` database: a database cannot be dropped from inside itself."""
    return database_url.rsplit("/", 1)[0] + "/postgres"


def services_available(database_url: str, redis_url: str) -> tuple[bool, str]:
    """Whether nginx, the PostgreSQL server and Redis are there; (False, what is missing)."""
    if shutil.which("nginx") is None:
        return False, "nginx"
    try:
        import psycopg
        import redis

        psycopg.connect(_maintenance_url(database_url), connect_timeout=3).close()
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except Exception:  # any failure means the service is not there
        return False, "PostgreSQL and Redis"
    return True, ""


def fresh_database(database_url: str) -> None:
    """Each run starts from an empty database (the stack's start migrates it)."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(_maintenance_url(database_url), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')


def wait_for(condition: Callable[[], T], failure: str, timeout: float = 30) -> T:
    """Poll until `condition` gives something true and return it: services start and restart
    in their own time, so a fixed sleep would be either too slow or flaky."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{failure} within {timeout:.0f} s")


def _stat_fields(stat: Path) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (which may hold spaces and ')')."""
    return stat.read_text().rsplit(")", 1)[1].split()


def children(pid: int) -> list[int]:
    """The live (not zombie) child processes of `pid`, found by their parent id in /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, parent = _stat_fields(stat)[:2]
        except OSError:
            continue
        if int(parent) == pid and state != "Z":
            found.append(int(stat.parent.name))
    return found


def gone(pid: int) -> bool:
    """Whether `pid` has exited; a zombie counts, as it runs nothing and only awaits its reaper."""
    try:
        return _stat_fields(Path(f"/proc/{pid}/stat"))[0] == "Z"
    except OSError:
        return True
