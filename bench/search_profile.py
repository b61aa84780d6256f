"""In-process search timings per query class, without nginx, granian or HTTP.

Run with the stack's settings and the result cache off, e.g.

    SEARCH_CACHE_SECONDS=0 BENCH_DATABASE_URL=$DATABASE_URL \
        python deploy/prodstack.py manage shell -c "import bench.search_profile as p; p.main()"

It times each query of the bench mix (bench/search_mix.py) through the API view (Django's
test client: middleware, ninja, JSON) and prints p50/p90/max and CPU per class; with
PROFILE=1 it also writes cProfile statistics of the whole run to var/search.prof.
"""

from __future__ import annotations

import cProfile
import json
import os
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    import search_mix
    from django.db import connection
    from django.test import Client

    per_class = int(os.environ.get("PER_CLASS", "30"))
    only = os.environ.get("CLASSES", "")
    by_class: dict[str, list[str]] = {}
    for kind, query in search_mix.build_mix(per_class * 40):
        by_class.setdefault(kind, []).append(query)
    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/api/v1/search?q=warmup")
    profiler = cProfile.Profile() if os.environ.get("PROFILE") else None
    out: dict[str, dict] = {}
    for kind, queries in by_class.items():
        if only and kind not in only.split(","):
            continue
        wall, cpu, slow = [], [], []
        for query in queries[:per_class]:
            url = f"/api/v1/search?q={urllib.parse.quote(query)}"
            started, started_cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            response = client.get(url)
            if profiler:
                profiler.disable()
            wall.append((time.perf_counter() - started) * 1000)
            slow.append((wall[-1], query))
            cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, (query, response.status_code)
        wall.sort()
        out[kind] = {"n": len(wall), "p50_ms": round(statistics.median(wall), 1),
                     "p90_ms": round(wall[int(len(wall) * 0.9) - 1], 1),
                     "max_ms": round(wall[-1], 1),
                     "py_cpu_ms": round(statistics.mean(cpu), 1),
                     "slowest": [f"{ms:.0f} ms {query}" for ms, query in sorted(slow)[-3:]]}
    connection.close()
    print(json.dumps(out, ensure_ascii=False, indent=1))
    if profiler:
        (ROOT / "var").mkdir(exist_ok=True)
        profiler.dump_stats(str(ROOT / "var" / "search.prof"))
