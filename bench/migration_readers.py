"""Read articles in a loop while a migration runs; report the longest wait of one read.

    python bench/migration_readers.py postgres://postgres@127.0.0.1:5432/DB --out result.json

Each round runs what a reader's page asks the article table: the newest listing, one article
by id and a section's listing. It stops when the file named by --stop exists (or on Ctrl-C)
and writes how many reads ran, the longest single read and the slowest ones with their times.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import time
from pathlib import Path

import psycopg

QUERIES = [
    ("latest", "SELECT id, title, slug FROM news_article WHERE live "
               "ORDER BY published_at DESC, id DESC LIMIT 20", lambda ids: []),
    ("by_id", "SELECT id, title, body FROM news_article WHERE id = %s",
     lambda ids: [random.choice(ids)]),
    ("section", "SELECT id, title FROM news_article WHERE live AND primary_section_id = %s "
                "ORDER BY published_at DESC, id DESC LIMIT 20", None),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dsn")
    parser.add_argument("--out", required=True)
    parser.add_argument("--stop", default="")
    args = parser.parse_args()
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    conn = psycopg.connect(args.dsn, autocommit=True)
    with conn.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM news_article")
        low, high = cursor.fetchone()
        cursor.execute("SELECT DISTINCT primary_section_id FROM news_article LIMIT 50")
        sections = [row[0] for row in cursor.fetchall()]
    ids = [random.randint(low, high) for _ in range(1000)]
    reads, longest, slow = 0, 0.0, []
    started = time.time()
    while not stopping and not (args.stop and Path(args.stop).exists()):
        for name, sql, params in QUERIES:
            values = params(ids) if params else [random.choice(sections)]
            began = time.perf_counter()
            with conn.cursor() as cursor:
                cursor.execute(sql, values)
                cursor.fetchall()
            took = time.perf_counter() - began
            reads += 1
            if took > longest:
                longest = took
            if took > 0.1:
                slow.append({"query": name, "at": round(time.time() - started, 2),
                             "seconds": round(took, 3)})
        time.sleep(0.005)
    result = {"reads": reads, "seconds": round(time.time() - started, 1),
              "longest_read_seconds": round(longest, 4), "reads_over_100ms": slow[-50:],
              "count_over_100ms": len(slow)}
    Path(args.out).write_text(json.dumps(result, indent=2))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
