#!/usr/bin/env python3
"""`make bench ARTICLES=N`: load N articles, start the production stack, measure it with wrk.

Not a test. Steps: create/migrate the PostgreSQL database `toasoan_bench` (kept between runs;
`generate_corpus` only adds the articles that are missing), start the stack of `make prod` on
its own ports (nginx 18088, granian 18089, Redis DB 2), then run wrk from a separate process on
loopback, 10 s per case with 32 connections and with 1:

  static_limit    nginx serving a static copy of the article page's HTML (the physical limit)
  article_cached  that article page, from nginx's cache
  home_cached     the home page, from nginx's cache
  article_miss    a different article on every request (100,000 sampled URLs, cache emptied
                  first): each request renders in Django from PostgreSQL
  cache_bust      the hot article with a random unknown query parameter on every request
                  (?<random>=<random>): nginx keeps only the parameters pages read, so it is
                  the cached page; target at least 0.5 × static_limit
  section_deep    the biggest section 500 pages deep via the keyset cursor (?sau=<id>), through
                  a bench-only nginx location that never uses the page cache, so every request
                  renders
  view_beacon     POST /v/<id>, each request a new client cookie; afterwards the stored count
                  must have grown by exactly the number of 2xx answers
  search          searches that never meet the result cache: a stack started with
                  SEARCH_CACHE_SECONDS=0 and warmed for 5 s with the other end of the mix,
                  8 connections, a generated mix of 20,000 queries
                  (bench/search_mix.py: common words such as "tỉnh", "năm", "sóc trăng",
                  "người dân", "nông thôn mới" 30 % of the time, title word pairs with and
                  without diacritics, quoted phrases, single words, the labelled queries);
                  then the same classes one at a time on one connection (median per class)
  search_cached   the 25 queries of bench/search_queries.txt through the result cache (warm)
  schedule_cached today's broadcast schedule of STV1 (/lich-phat-song/stv1/), from nginx's
                  cache (kept until the next slot boundary)
  schedule_uncached
                  the same day page through the bench-only uncached location, so every request
                  renders (slots from PostgreSQL into the page shell)
  hls_segment     a live TV segment (H.264 + AAC, 2 s, about 70 KB) named by STV1's rolling
                  playlist, served by nginx from /media/ (the demo stream that
                  make_demo_streams encodes): target at least 0.5 × static_limit

The corpus step also loads the demo week of schedule (days without slots only) and builds the
search entries that are missing (rebuild_search_index
--missing-only, 2 workers; GIN indexes deferred when more than half are missing).

BENCH_CASES (comma-separated case names) runs only those cases (static_limit always runs: the
ratios need it). BENCH_TUNE_POSTGRES=0 leaves the PostgreSQL server's settings alone (a shared
machine). The readers of the beacon and search cases are distinct addresses, sent as
X-Forwarded-For from loopback, which the bench's nginx trusts (set_real_ip_from), as a station's
nginx would trust a front proxy: the per-address view cap and search limit are counted but
never reached.

Prints one table and writes bench/results/latest.json.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WRK_DIR = BENCH / "wrk"
RESULTS = BENCH / "results"
PYTHON = Path(sys.executable)

ARTICLES = int(os.environ.get("ARTICLES", "1000000"))
SEED = int(os.environ.get("SEED", "1"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
PORT = int(os.environ.get("BENCH_PORT", "18088"))
APP_PORT = int(os.environ.get("BENCH_APP_PORT", "18089"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL",
                              "postgres://postgres@127.0.0.1:5432/toasoan_bench")
# Its own Redis database: CI's suite uses DB 1 (keys are also namespaced by database name).
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
CASES = ("static_limit", "article_cached", "home_cached", "cache_bust", "article_miss",
         "section_deep", "schedule_cached", "schedule_uncached", "view_beacon", "search_cached",
         "hls_segment", "search")
SELECTED = {name.strip() for name in os.environ.get("BENCH_CASES", "").split(",") if name.strip()}
if SELECTED - set(CASES):
    raise SystemExit(f"BENCH_CASES: unknown case(s) {', '.join(sorted(SELECTED - set(CASES)))}; "
                     f"the cases are {', '.join(CASES)}")
TUNE_POSTGRES = os.environ.get("BENCH_TUNE_POSTGRES", "1") != "0"
PROD_DIR = ROOT / "var" / "prod" / "bench"
BASE = f"http://127.0.0.1:{PORT}"
SECTION_PAGE = 20
DEEP_PAGES = 500
MISS_URLS = 100_000
SEARCH_MIX = 20_000

sys.path.insert(0, str(ROOT / "deploy"))
sys.path.insert(0, str(BENCH))
import prodstack  # noqa: E402
import search_mix  # noqa: E402


def stack_env() -> dict[str, str]:
    env = dict(os.environ, PROD_DIR=str(PROD_DIR), PROD_PORT=str(PORT), APP_PORT=str(APP_PORT),
               DATABASE_URL=DATABASE_URL, REDIS_URL=REDIS_URL,
               PROD_EXTRA_NGINX=str(PROD_DIR / "bench-static.conf"))
    return env


def run(command: list[str], env: dict[str, str] | None = None) -> None:
    print("+", " ".join(command), flush=True)
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def sql(query: str, params: tuple = ()) -> list[tuple]:
    import psycopg

    with psycopg.connect(DATABASE_URL) as conn:
        return conn.execute(query, params).fetchall()


def load_corpus(env: dict[str, str]) -> None:
    prodstack.ensure_database(DATABASE_URL)
    manage = [str(PYTHON), str(ROOT / "deploy" / "prodstack.py"), "manage"]
    run([*manage, "migrate", "--noinput", "-v", "0"], env)
    started = time.monotonic()
    run([*manage, "generate_corpus", "--articles", str(ARTICLES), "--seed", str(SEED)], env)
    print(f"corpus ready in {time.monotonic() - started:.0f} s", flush=True)
    run([*manage, "shell", "-c", SCHEDULE_LOADER], env)
    build_search_index(manage, env)


# The demo week of schedule (STV1, STV2, radio) for the schedule cases; days already filled
# are left alone, so reruns add nothing.
SCHEDULE_LOADER = "from demo.demo_content import load_schedule; load_schedule()"
SCHEDULE_PATH = "/lich-phat-song/stv1/"


def schedule_day_path() -> str:
    """Today's STV1 page by its dated address (Vietnam's calendar day)."""
    day = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600))
    return f"{SCHEDULE_PATH}{day}/"


def wanted(case: str) -> bool:
    """Whether BENCH_CASES asks for this case (all of them by default)."""
    return not SELECTED or case in SELECTED or case == "static_limit"


# A bench-only nginx location that passes the address after it to the app and never uses the
# page cache: every request renders, as a miss would (unknown query parameters no longer can).
UNCACHED = "/__bench/app"


def build_search_index(manage: list[str], env: dict[str, str]) -> None:
    """generate_corpus writes articles only: index those without a search entry."""
    indexable, indexed = sql(
        "SELECT (SELECT count(*) FROM news_article WHERE live AND published_at IS NOT NULL), "
        "(SELECT count(*) FROM sitesearch_searchentry)")[0]
    missing = indexable - indexed
    if missing <= 0:
        return
    command = [*manage, "rebuild_search_index", "--missing-only", "--workers", "2"]
    if missing > indexable // 2:
        command.append("--defer-indexes")  # a first build: GIN indexes once, at the end
    started = time.monotonic()
    run(command, env)
    print(f"search index: {missing:,} entries built in {time.monotonic() - started:.0f} s",
          flush=True)


def visible_articles_sql(extra: str = "") -> str:
    return ("SELECT a.id, s.slug, a.slug FROM news_article a JOIN news_section s "
            "ON s.id = a.primary_section_id WHERE a.live AND a.published_at <= now() " + extra)


def article_path(row: tuple) -> str:
    return f"/{row[1]}/{row[2]}-{row[0]}.html"


def pick_targets() -> dict:
    """The hot article, 100k random article paths, and the deep section cursor."""
    hot = sql(visible_articles_sql("ORDER BY a.published_at DESC, a.id DESC LIMIT 1"))[0]
    total = sql("SELECT count(*) FROM news_article WHERE live")[0][0]
    percent = min(100.0, 100.0 * MISS_URLS * 1.5 / max(total, 1))
    sample = sql(visible_articles_sql(f"AND a.id IN (SELECT id FROM news_article "
                                      f"TABLESAMPLE SYSTEM ({percent:.4f}))"))
    random.Random(SEED).shuffle(sample)
    # The section with the most articles of its own (a leaf, so the listing is one index range).
    section_id, section_slug = sql(
        "SELECT s.id, s.slug FROM news_section s JOIN news_article a "
        "ON a.primary_section_id = s.id WHERE a.live AND NOT EXISTS "
        "(SELECT 1 FROM news_section c WHERE c.parent_id = s.id) "
        "GROUP BY s.id, s.slug ORDER BY count(*) DESC LIMIT 1")[0]
    in_section = sql("SELECT count(*) FROM news_article WHERE live AND published_at <= now() "
                     "AND primary_section_id = %s", (section_id,))[0][0]
    # Page 501 starts after the 500th page's last row; small corpora get their deepest page.
    pages = min(DEEP_PAGES, max(1, in_section // SECTION_PAGE - 1))
    if pages < DEEP_PAGES:
        print(f"note: {section_slug} has {in_section} articles: section_deep goes {pages} "
              f"pages deep, not {DEEP_PAGES}", flush=True)
    cursor = sql("SELECT id FROM news_article WHERE live AND published_at <= now() AND "
                 "primary_section_id = %s ORDER BY published_at DESC, id DESC "
                 "OFFSET %s LIMIT 1", (section_id, pages * SECTION_PAGE - 1))
    return {"hot": article_path(hot), "hot_id": hot[0],
            "miss": [article_path(row) for row in sample[:MISS_URLS]],
            "deep": f"/{section_slug}/?sau={cursor[0][0]}", "deep_section": section_slug,
            "deep_pages": pages}


HLS_TARGET = 0.5  # hls_segment's floor, as a fraction of static_limit
CACHE_BUST_TARGET = 0.5  # cache_bust's floor, as a fraction of static_limit


def make_live_stream(env: dict[str, str]) -> None:
    """STV1 with its demo stream (a 12 s loop encoded once by ffmpeg) in the bench stack."""
    manage = [str(PYTHON), str(ROOT / "deploy" / "prodstack.py"), "manage"]
    run([*manage, "shell", "-c",
         "from broadcast.models import Channel; "
         "Channel.objects.get_or_create(code='stv1', defaults={'name': 'STV1', "
         "'stream_url': '/truc-tuyen/stv1/live.m3u8'})"], env)
    run([*manage, "make_demo_streams", "stv1"], env)


def _playlist_uris(path: str) -> tuple[str, list[str]]:
    with urllib.request.urlopen(BASE + path, timeout=30) as response:
        playlist = response.read().decode()
    return playlist, [line for line in playlist.splitlines() if line and not line.startswith("#")]


def live_segment_path() -> str:
    """The newest segment of STV1's live playlist, as a player would fetch it next: the
    stream's address is a multivariant playlist naming the media playlist."""
    playlist, uris = _playlist_uris("/truc-tuyen/stv1/live.m3u8")
    if "#EXT-X-STREAM-INF:" in playlist and uris:
        playlist, uris = _playlist_uris(uris[0])
    if not uris:
        raise RuntimeError(f"STV1's live playlist names no segment:\n{playlist}")
    return uris[-1]


def write_static_copy(hot_path: str) -> None:
    """nginx serves a byte-for-byte copy of the article page from disk (the static limit)."""
    with urllib.request.urlopen(BASE + hot_path, timeout=30) as response:
        html = response.read()
    copy = PROD_DIR / "bench-static" / "article.html"
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(html)
    print(f"article page: {len(html):,} bytes", flush=True)


def static_conf() -> None:
    PROD_DIR.mkdir(parents=True, exist_ok=True)
    (PROD_DIR / "bench-static.conf").write_text(
        "# Benchmark only: the article page's HTML as a plain file.\n"
        "location = /__bench/static-article.html {\n"
        f"    alias {PROD_DIR / 'bench-static' / 'article.html'};\n"
        "    default_type text/html;\n"
        "    charset utf-8;\n"
        "}\n"
        "# Benchmark only: every request renders in the app, never from the page cache.\n"
        f"location ^~ {UNCACHED}/ {{\n"
        f"    rewrite ^{UNCACHED}(/.*)$ $1 break;\n"
        "    proxy_pass http://toasoan_app;\n"
        "    proxy_http_version 1.1;\n"
        '    proxy_set_header Connection "";\n'
        "    proxy_set_header Host $host;\n"
        "    proxy_set_header X-Real-IP $remote_addr;\n"
        "}\n"
        "# Benchmark only: wrk's distinct readers name their address in X-Forwarded-For, as a\n"
        "# trusted front proxy would.\n"
        "set_real_ip_from 127.0.0.1;\n"
        "real_ip_header X-Forwarded-For;\n")


def script(name: str, replacements: dict[str, str] | None = None) -> Path:
    """A wrk script: bench/wrk/<name>.lua with its placeholders filled, plus the reporter."""
    body = (WRK_DIR / f"{name}.lua").read_text() if name else ""
    for key, value in (replacements or {}).items():
        body = body.replace(key, value)
    digest = hashlib.sha1(repr(sorted((replacements or {}).items())).encode()).hexdigest()[:8]
    path = PROD_DIR / "wrk" / f"{name or 'plain'}-{digest}.lua"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body + "\n" + (WRK_DIR / "report.lua").read_text())
    return path


def wrk(url: str, connections: int, lua: Path) -> dict:
    threads = min(2, connections)
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", DURATION,
               "--timeout", "10s", "-s", str(lua), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True,
                            cwd=ROOT).stdout
    match = re.search(r"BENCH_RESULT (\{.*\})", output)
    if not match:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    data = json.loads(match.group(1))
    return {"rps": data["requests"] / data["seconds"], "p50_ms": data["p50_us"] / 1000,
            "p99_ms": data["p99_us"] / 1000, "requests": data["requests"],
            "errors": data["non_2xx_3xx"] + data["socket_errors"]}


def purge() -> None:
    """Empty nginx's page cache (the same code the app runs on publish)."""
    cache = prodstack.page_cache_dir(PROD_DIR.resolve())
    for entry in cache.iterdir() if cache.exists() else []:
        shutil.rmtree(entry, ignore_errors=True)


def beacon_answers(client_prefix: str) -> int:
    """How many 2xx beacon answers nginx gave this run's clients (its beacon log lines)."""
    log = PROD_DIR / "log" / "beacon.log"
    needle = f"\t{client_prefix}".encode()
    with open(log, "rb") as handle:
        return sum(1 for line in handle if needle in line)


def stored_views(article_id: int) -> int:
    return sql("SELECT view_count FROM news_article WHERE id = %s", (article_id,))[0][0]


def wait_views(article_id: int, expected: int, stall_seconds: float = 20) -> int:
    """Wait until the consumer has stored the expected count (or stops making progress)."""
    value = stored_views(article_id)
    last_change = time.monotonic()
    while value < expected and time.monotonic() - last_change < stall_seconds:
        time.sleep(0.5)
        latest = stored_views(article_id)
        if latest != value:
            value, last_change = latest, time.monotonic()
    time.sleep(3)  # a few more flush intervals: nothing extra may arrive
    return stored_views(article_id)


def shared_buffers_target() -> int:
    """Bytes of PostgreSQL buffer cache for a dedicated server: a sixth of RAM, 128 MB-8 GB."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return max(128 << 20, min(8 << 30, memory // 6 >> 20 << 20))


def tune_postgres() -> str:
    """Give the local PostgreSQL the buffer cache a station's server would have.

    Debian's default (128 MB) leaves a million articles' search index in the OS page cache,
    and every page a search walks is then copied in by a system call: with 4 GB the search
    classes' p90 fell by about a third. A server on this machine (pg_ctlcluster) is set with
    ALTER SYSTEM and restarted once; any other server is only reported.
    """
    target = shared_buffers_target()
    current = int(sql("SELECT setting::bigint * 8192 FROM pg_settings "
                      "WHERE name = 'shared_buffers'")[0][0])
    if current >= target:
        return f"PostgreSQL shared_buffers {current >> 20} MB"
    if not TUNE_POSTGRES:
        return (f"PostgreSQL shared_buffers {current >> 20} MB, left as it is "
                f"(BENCH_TUNE_POSTGRES=0; a sixth of RAM is {target >> 20} MB)")
    local = urllib.parse.urlsplit(DATABASE_URL).hostname in {"127.0.0.1", "localhost", None}
    clusters = Path("/etc/postgresql")
    if not (local and shutil.which("pg_ctlcluster") and clusters.is_dir()):
        return (f"PostgreSQL shared_buffers {current >> 20} MB (a sixth of RAM, "
                f"{target >> 20} MB, is recommended: deploy/postgresql/toasoan.conf)")
    import psycopg

    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute(f"ALTER SYSTEM SET shared_buffers = '{target >> 20}MB'")
    version = sorted(clusters.iterdir())[0].name
    run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"])
    return f"PostgreSQL shared_buffers {current >> 20} MB → {target >> 20} MB (restarted)"


def main() -> int:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (make bench installs it: apt-get install wrk)")
    env = stack_env()
    static_conf()
    load_corpus(env)
    tuning = tune_postgres()
    print(tuning, flush=True)
    if wanted("hls_segment"):
        if shutil.which("ffmpeg") is None:
            raise SystemExit("ffmpeg is not installed (the hls_segment case needs it: "
                             "apt-get install ffmpeg)")
        make_live_stream(env)
    targets = pick_targets()
    run([str(PYTHON), str(ROOT / "deploy" / "prodstack.py"), "stop"], env)
    run([str(PYTHON), str(ROOT / "deploy" / "prodstack.py"), "start"], env)
    results: dict[str, dict[int, dict]] = {}
    notes: list[str] = [tuning]
    try:
        write_static_copy(targets["hot"])
        (PROD_DIR / "wrk").mkdir(parents=True, exist_ok=True)
        plain = script("")
        for connections in (32, 1):
            results.setdefault("static_limit", {})[connections] = wrk(
                BASE + "/__bench/static-article.html", connections, plain)
            if wanted("article_cached") or wanted("cache_bust"):
                urllib.request.urlopen(BASE + targets["hot"]).read()
            if wanted("article_cached"):
                results.setdefault("article_cached", {})[connections] = wrk(
                    BASE + targets["hot"], connections, plain)
            if wanted("cache_bust"):
                results.setdefault("cache_bust", {})[connections] = wrk(
                    BASE + "/", connections, script("cache_bust", {"BENCH_PATH": targets["hot"]}))
            if wanted("home_cached"):
                urllib.request.urlopen(BASE + "/").read()
                results.setdefault("home_cached", {})[connections] = wrk(BASE + "/", connections,
                                                                         plain)
            if wanted("article_miss"):
                purge()
                miss_urls = PROD_DIR / "wrk" / f"miss-{connections}.txt"
                half = len(targets["miss"]) // 2
                chosen = targets["miss"][:half] if connections == 32 else targets["miss"][half:]
                miss_urls.write_text("\n".join(chosen) + "\n")
                results.setdefault("article_miss", {})[connections] = wrk(
                    BASE + "/", connections,
                    script("url_list", {"BENCH_URL_FILE": str(miss_urls)}))
            if wanted("section_deep"):
                results.setdefault("section_deep", {})[connections] = wrk(
                    BASE + UNCACHED + targets["deep"], connections, plain)
            if wanted("schedule_cached"):
                urllib.request.urlopen(BASE + SCHEDULE_PATH).read()
                results.setdefault("schedule_cached", {})[connections] = wrk(
                    BASE + SCHEDULE_PATH, connections, plain)
            if wanted("schedule_uncached"):
                results.setdefault("schedule_uncached", {})[connections] = wrk(
                    BASE + UNCACHED + schedule_day_path(), connections, plain)
            if wanted("view_beacon"):
                measure_beacon(results, notes, targets, connections)
            search_connections = 8 if connections == 32 else 1
            if wanted("search_cached"):
                cached = script("search",
                                {"BENCH_QUERY_FILE": str(BENCH / "search_queries.txt")})
                for warm in range(2):
                    for n, query in enumerate(search_mix.common_queries()):
                        reader = search_mix.as_reader(search_url(query), 30000 + warm * 100 + n)
                        urllib.request.urlopen(reader, timeout=60).read()
                results.setdefault("search_cached", {})[connections] = wrk(
                    BASE + "/api/v1/search", search_connections, cached)
            if wanted("hls_segment"):
                results.setdefault("hls_segment", {})[connections] = wrk(
                    BASE + live_segment_path(), connections, plain)
    finally:
        run([str(PYTHON), str(ROOT / "deploy" / "prodstack.py"), "stop"], env)
    if wanted("search"):
        run_uncached_search(results, notes)
    report(results, targets, notes)
    return 0


def measure_beacon(results: dict[str, dict[int, dict]], notes: list[str], targets: dict,
                   connections: int) -> None:
    """view_beacon: every 2xx answer nginx gave must become exactly one stored view."""
    before = stored_views(targets["hot_id"])
    run_id = f"{int(time.time())}C{connections}"
    beacon = wrk(BASE + "/", connections, script("beacon", {
        "BENCH_BEACON_PATH": f"/v/{targets['hot_id']}", "BENCH_RUN": run_id,
        "BENCH_NET": "18" if connections == 32 else "19"}))
    # nginx writes one beacon-log line per 204 it sends; wrk stops with up to one
    # request per connection in flight, answered by nginx but never read by wrk.
    answered = beacon_answers(f"bench{run_id}T")
    received = beacon["requests"] - beacon["errors"]
    stored = wait_views(targets["hot_id"], before + answered) - before
    beacon.update(stored_views=stored, answered_2xx=answered, received_by_wrk=received)
    results.setdefault("view_beacon", {})[connections] = beacon
    notes.append(f"view_beacon {connections} conn: nginx answered {answered} with 2xx "
                 f"(wrk read {received} before its clock stopped), {stored} stored "
                 f"({'exact' if stored == answered else 'MISMATCH'})")


def search_url(query: str) -> str:
    return f"{BASE}/api/v1/search?q={urllib.parse.quote(query)}"


def run_uncached_search(results: dict[str, dict[int, dict]], notes: list[str]) -> None:
    """The search case on a stack whose result cache is off, with a mix that never repeats."""
    env = dict(stack_env(), SEARCH_CACHE_SECONDS="0")
    mix = PROD_DIR / "wrk" / "search-mix.txt"
    search_mix.write(mix, SEARCH_MIX)
    lua = script("search", {"BENCH_QUERY_FILE": str(mix)})
    # A freshly started stack first reads its statistics, prepares its statements and fills
    # its caches: a short run over the other end of the mix (queries the measured run does
    # not reach) comes first, as a station's server has been running before any rush.
    warm = PROD_DIR / "wrk" / "search-warm.txt"
    warm.write_text("\n".join(reversed(mix.read_text(encoding="utf-8").splitlines())) + "\n",
                    encoding="utf-8")
    run([str(PYTHON), str(ROOT / "deploy" / "prodstack.py"), "start"], env)
    try:
        subprocess.run(["wrk", "-t", "2", "-c", "8", "-d", "5s", "--timeout", "10s", "-s",
                        str(script("search", {"BENCH_QUERY_FILE": str(warm)})),
                        BASE + "/api/v1/search"], cwd=ROOT, check=True, capture_output=True)
        for connections, wrk_connections in ((32, 8), (1, 1)):
            results.setdefault("search", {})[connections] = wrk(
                BASE + "/api/v1/search", wrk_connections, lua)
        classes = search_mix.latency(BASE, 30)
    finally:
        run([str(PYTHON), str(ROOT / "deploy" / "prodstack.py"), "stop"], env)
    load = os.getloadavg()
    notes.append("search (uncached) one query at a time, per class: " + "; ".join(
        f"{kind} p50 {value['p50_ms']} ms, p90 {value['p90_ms']} ms"
        for kind, value in classes.items()) + f" (load average {load[0]:.1f})")
    results["search"]["classes"] = classes


def report(results: dict[str, dict[int, dict]], targets: dict, notes: list[str]) -> None:
    static = results["static_limit"][32]["rps"]
    static_single = results["static_limit"][1]["rps"]
    rows = []
    print(f"\nArticles: {ARTICLES:,} (seed {SEED}); hot article {targets['hot']}; deep section "
          f"{targets['deep']} ({targets['deep_pages']} pages deep); wrk {DURATION} per run "
          "on loopback\n")
    header = (f"{'case':<17} {'conn':>4} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} "
              f"{'× static':>9} {'errors':>7}")
    print(header)
    print("-" * len(header))
    for case, runs in results.items():
        for connections in (32, 1):
            if connections not in runs:
                continue
            r = runs[connections]
            base = static if connections == 32 else static_single
            shown = 8 if case.startswith("search") and connections == 32 else connections
            print(f"{case:<17} {shown:>4} {r['rps']:>10,.0f} {r['p50_ms']:>8.2f} "
                  f"{r['p99_ms']:>8.2f} {r['rps'] / base:>9.3f} {r['errors']:>7}")
        main_run = runs[32]
        single = runs.get(1, {})
        rows.append({
            "case": case, "rps": round(main_run["rps"], 1),
            "p50_ms": round(main_run["p50_ms"], 3), "p99_ms": round(main_run["p99_ms"], 3),
            "ratio_to_static": round(main_run["rps"] / static, 4),
            "connections": 8 if case.startswith("search") else 32,
            "single_connection": {k: round(single[k], 3) for k in ("rps", "p50_ms", "p99_ms")}
            if single else None,
            **({key: main_run[key] for key in ("answered_2xx", "received_by_wrk",
                                                "stored_views")}
               if case == "view_beacon" else {}),
            **({"classes_single_connection": runs["classes"]} if "classes" in runs else {}),
        })
    if "cache_bust" in results:
        ratio = results["cache_bust"][32]["rps"] / static
        notes.append(f"cache_bust: {ratio:.2f} × static_limit (target ≥ {CACHE_BUST_TARGET}: "
                     f"{'met' if ratio >= CACHE_BUST_TARGET else 'NOT MET'})")
    if "hls_segment" in results:
        ratio = results["hls_segment"][32]["rps"] / static
        notes.append(f"hls_segment: {ratio:.2f} × static_limit (target ≥ {HLS_TARGET}: "
                     f"{'met' if ratio >= HLS_TARGET else 'NOT MET'})")
    for note in notes:
        print(note)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(rows, indent=2) + "\n")
    print(f"\nwritten {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    sys.exit(main())
