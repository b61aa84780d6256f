"""SIGKILL the consumer mid-load, twice, and restart it: the final counts are exact."""

from __future__ import annotations

import os
import signal
import threading
import time

from metrics.tests.logs import line, write

T0 = 1_764_300_000.0
CHUNKS = 40
PER_CHUNK = 600


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError("timed out")


def test_sigkill_mid_load_loses_nothing_and_counts_nothing_twice(standalone_db, tmp_path):
    db = standalone_db
    db.manage("generate_corpus", "--articles", "2", "--seed", "5", "--until", "2026-11-01")
    (a, before_a), (b, before_b) = db.query(
        "SELECT id, view_count FROM news_article ORDER BY id")
    log = tmp_path / "beacon.log"
    log.touch()

    def writer() -> None:
        # Every chunk: new readers on both articles, plus reloads (within 60 s) of the previous
        # chunk's readers, which must not count even when a restart falls between the two.
        for k in range(CHUNKS):
            ts = T0 + k * 0.5
            lines = [line(ts + i / 10_000, a if i % 3 else b, cookie=f"r{k:03d}x{i:05d}")
                     for i in range(PER_CHUNK)]
            if k:
                lines += [line(ts + 0.3, a if i % 3 else b, cookie=f"r{k - 1:03d}x{i:05d}")
                          for i in range(0, PER_CHUNK, 7)]
            write(log, lines)
            time.sleep(0.04)

    thread = threading.Thread(target=writer)
    thread.start()

    def offset() -> int:
        rows = db.query("SELECT offset FROM metrics_viewlogcursor")
        return rows[0][0] if rows else 0

    kills = []
    for _ in range(2):
        process = db.popen("consume_view_log", "--log", str(log), "--flush-seconds", "0.05")
        start = offset()
        wait_for(lambda s=start: offset() > s)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        kills.append((offset(), log.stat().st_size))
    thread.join()
    db.manage("consume_view_log", "--log", str(log), "--once")

    expected_b = sum(1 for i in range(PER_CHUNK) if i % 3 == 0) * CHUNKS
    expected_a = PER_CHUNK * CHUNKS - expected_b
    counts = dict(db.query("SELECT id, view_count FROM news_article"))
    assert counts[a] - before_a == expected_a
    assert counts[b] - before_b == expected_b
    daily = db.query("SELECT SUM(count) FROM metrics_articledailyviews")[0][0]
    assert daily == expected_a + expected_b
    stats = db.query("SELECT counted, duplicates, errors, offset FROM metrics_viewlogcursor")[0]
    assert stats[0] == expected_a + expected_b and stats[2] == 0
    assert stats[1] == (CHUNKS - 1) * len(range(0, PER_CHUNK, 7))
    assert stats[3] == log.stat().st_size
    # The kills really happened mid-load: part of the log counted, part not yet written/read.
    assert all(0 < committed < stats[3] for committed, _size in kills)
