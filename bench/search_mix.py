#!/usr/bin/env python3
"""The search benchmark's query mix, and single-connection latencies per query class.

The `search` case of bench/run.py must measure searches, not the result cache, so it runs
against a stack started with the cache off (SEARCH_CACHE_SECONDS=0) and sends a large query
mix in which no generated query repeats: wrk would otherwise replay the same 25 queries.
The mix is deterministic (a fixed seed, articles sampled by id) and made of:

  common    the hand-picked file bench/search_queries.txt: common words that match a hundred
            thousand articles and more (tỉnh, năm, sóc trăng, người dân, "nông thôn mới" …)
  labelled  the queries of the labelled set (sitesearch/tests/corpus.py)
  words2    two consecutive words of a sampled article's title, as typed (diacritics)
  folded2   the same kind of pair without diacritics ("nong thon")
  phrase3   three consecutive title words in quotes
  word1     one title word (often a common syllable)

`python bench/search_mix.py write FILE [N]` writes N queries, one a line (the wrk script reads
them); `python bench/search_mix.py latency URL [N]` times N queries of each class one after the
other on one connection and prints p50/p90/max per class.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.vietnamese import fold  # noqa: E402  (standard library only)
from sitesearch.tests.corpus import QUERIES  # noqa: E402  (no Django needed at import)

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL",
                              "postgres://postgres@127.0.0.1:5432/toasoan_bench")
SEED = int(os.environ.get("SEED", "1"))
# Out of every 20 queries: a common one 6 times, i.e. 30 % of the load is the expensive kind.
PATTERN = ["common", "words2", "common", "folded2", "word1", "common", "words2", "phrase3",
           "common", "labelled", "words2", "folded2", "common", "word1", "words2", "phrase3",
           "common", "folded2", "labelled", "words2"]
_WORD_RE = re.compile(r"[^\W_]+")


def common_queries() -> list[str]:
    lines = (ROOT / "bench" / "search_queries.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def sample_titles(count: int) -> list[str]:
    """Titles of `count` live articles spread evenly over the id range (deterministic)."""
    import psycopg

    with psycopg.connect(DATABASE_URL) as conn:
        low, high = conn.execute("SELECT min(id), max(id) FROM news_article").fetchone()
        step = max(1, (high - low) // max(count, 1))
        rows = conn.execute(
            "SELECT title FROM news_article WHERE live AND (id - %s) %% %s = 0 ORDER BY id",
            (low, step)).fetchall()
    return [row[0] for row in rows]


def build_mix(count: int) -> list[tuple[str, str]]:
    """(class, query) pairs; generated queries never repeat, common/labelled ones cycle."""
    rng = random.Random(SEED)
    titles = sample_titles(count * 4)  # titles repeat phrases: sample widely
    rng.shuffle(titles)
    common = common_queries()
    labelled = [query for query, _key in QUERIES]
    seen: set[str] = set()
    cursors = {"common": 0, "labelled": 0}
    mix: list[tuple[str, str]] = []
    title_index = 0
    while len(mix) < count and title_index < len(titles) * 3:
        kind = PATTERN[len(mix) % len(PATTERN)]
        if kind in cursors:
            pool = common if kind == "common" else labelled
            mix.append((kind, pool[cursors[kind] % len(pool)]))
            cursors[kind] += 1
            continue
        words = _WORD_RE.findall(titles[title_index % len(titles)].lower())
        title_index += 1
        size = {"words2": 2, "folded2": 2, "phrase3": 3, "word1": 1}[kind]
        if len(words) < size:
            continue
        start = rng.randrange(len(words) - size + 1)
        chosen = " ".join(words[start : start + size])
        query = {"folded2": fold(chosen), "phrase3": f'"{chosen}"'}.get(kind, chosen)
        if query in seen:
            continue
        seen.add(query)
        mix.append((kind, query))
    return mix


def write(path: Path, count: int) -> list[tuple[str, str]]:
    mix = build_mix(count)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(query + "\n" for _kind, query in mix), encoding="utf-8")
    return mix


def as_reader(url: str, n: int) -> urllib.request.Request:
    """A request from reader n's own address (198.19.0.0/16, set aside for benchmarks), sent as
    X-Forwarded-For: the bench's nginx trusts it from loopback, so searches are counted per
    reader and the per-address search limit is never reached. Against a stack that does not
    trust it (by hand), raise SEARCH_RATE instead."""
    request = urllib.request.Request(url)
    request.add_header("X-Forwarded-For", f"198.19.{n // 256 % 256}.{n % 256}")
    return request


def latency(base_url: str, per_class: int) -> dict[str, dict[str, float]]:
    """Sequential (one connection at a time) latency of each class, in milliseconds."""
    by_class: dict[str, list[str]] = {}
    for kind, query in build_mix(per_class * 40):
        by_class.setdefault(kind, []).append(query)
    out: dict[str, dict[str, float]] = {}
    sent = 0
    for kind, queries in by_class.items():
        timings = []
        for query in queries[:per_class]:
            url = f"{base_url}/api/v1/search?q={urllib.parse.quote(query)}"
            sent += 1
            started = time.perf_counter()
            with urllib.request.urlopen(as_reader(url, sent), timeout=30) as response:
                response.read()
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        out[kind] = {"n": len(timings), "p50_ms": round(statistics.median(timings), 1),
                     "p90_ms": round(timings[int(len(timings) * 0.9) - 1], 1),
                     "max_ms": round(timings[-1], 1)}
    return out


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "write":
        mix = write(Path(argv[1]), int(argv[2]) if len(argv) > 2 else 20_000)
        print(f"{len(mix)} queries written to {argv[1]}")
        return 0
    if len(argv) >= 2 and argv[0] == "latency":
        result = latency(argv[1].rstrip("/"), int(argv[2]) if len(argv) > 2 else 30)
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
