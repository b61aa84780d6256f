"""SIGKILL the consumer mid-load, twice, and restart it: the final counts are exact."""

from __future__ import annotations

import os
import signal
import threading
import time

from metrics.tests.logs import line, reader_address, write

T0 = 1_764_300_000.0
MIN_CHUNKS = 10
PER_CHUNK = 300


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

    written = {"chunks": 0}
    stop = threading.Event()

    def writer() -> None:
        # Every chunk: new readers on both articles, plus reloads (within 60 s) of the previous
        # chunk's readers, which must not count even when a restart falls between the two.
        # It keeps writing until both kills are done, then adds one last chunk.
        k = 0
        while True:
            final = stop.is_set()  # seen before writing: this chunk lands after the kills
            ts = T0 + k * 0.05
            # Readers are distinct people: each chunk's readers behind their own addresses,
            # 20 to an address (below the per-address cap), so only the reloads are refused.
            lines = [line(ts + i / 100_000, a if i % 3 else b, cookie=f"r{k:04d}x{i:05d}",
                          ip=reader_address(k * PER_CHUNK + i, per_address=20))
                     for i in range(PER_CHUNK)]
            if k:
                lines += [line(ts + 0.03, a if i % 3 else b, cookie=f"r{k - 1:04d}x{i:05d}",
                               ip=reader_address((k - 1) * PER_CHUNK + i, per_address=20))
                          for i in range(0, PER_CHUNK, 7)]
            write(log, lines)
            k += 1
            written["chunks"] = k
            if final and k >= MIN_CHUNKS:
                return
            time.sleep(0.05)

    thread = threading.Thread(target=writer)
    thread.start()

    def offset() -> int:
        rows = db.query("SELECT offset FROM metrics_viewlogcursor")
        return rows[0][0] if rows else 0

    kills = []
    try:
        for _ in range(2):
            process = db.popen("consume_view_log", "--log", str(log), "--flush-seconds", "0.05")
            start = offset()
            wait_for(lambda s=start: offset() > s)
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            kills.append(offset())
    finally:
        stop.set()
        thread.join()
    db.manage("consume_view_log", "--log", str(log), "--once")

    chunks = written["chunks"]
    expected_b = sum(1 for i in range(PER_CHUNK) if i % 3 == 0) * chunks
    expected_a = PER_CHUNK * chunks - expected_b
    counts = dict(db.query("SELECT id, view_count FROM news_article"))
    assert counts[a] - before_a == expected_a
    assert counts[b] - before_b == expected_b
    daily = db.query("SELECT SUM(count) FROM metrics_articledailyviews")[0][0]
    assert daily == expected_a + expected_b
    stats = db.query("SELECT counted, duplicates, errors, offset FROM metrics_viewlogcursor")[0]
    assert stats[0] == expected_a + expected_b and stats[2] == 0
    assert stats[1] == (chunks - 1) * len(range(0, PER_CHUNK, 7))
    assert stats[3] == log.stat().st_size
    # The kills really happened mid-load: part of the log counted, more written afterwards.
    assert all(0 < committed < stats[3] for committed in kills)
