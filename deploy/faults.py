#!/usr/bin/env python3
"""Faults under load: the `make prod` stack loses PostgreSQL, then Redis, then its app server.

`make faults` (or `python deploy/faults.py`) starts a PostgreSQL 15 and a Redis of its own on
free ports (the machine's shared servers are never touched), the production stack of
deploy/prodstack.py in front of them (free ports, its own PROD_DIR), loads the demo portal and a
small generated corpus, then runs a steady, bounded load on loopback:

  readers   GETs of pages kept in nginx's cache (the home page, sections, the demo articles)
            and of pages never asked for before (corpus articles, older section pages);
  beacons   view-count POSTs to /v/<id>, each from a new reader (its own tsvid cookie);
  editor    between faults, a new article with its revision, a new revision of an existing
            one, and an uploaded image and document, through a Django process of the stack.

Faults, one after the other: PostgreSQL stopped (`pg_ctl stop -m immediate`, as a crash) for
FAULT_SECONDS, then Redis stopped (its data is lost: it runs without persistence, as a cache)
for FAULT_SECONDS, then the app server (granian) SIGKILLed, which supervisord restarts. During
each, a request for a cached page must still get that page, any other request a quick error
page in Vietnamese (never a hang). Afterwards every beacon answered 2xx must be counted exactly
once, and every article, revision and upload the editor was told about must be there.

Pages are kept TOASOAN_PAGE_CACHE_SECONDS=5 here, so cached pages expire during every fault
and nginx must serve them stale. Prints the figures; `--json` writes them too. The test
tests/test_faults_under_load.py runs the same thing and checks them.

Environment: PG_BIN (directory of initdb and pg_ctl; default Debian's PostgreSQL 15, else the
newest installed),
REDIS_SERVER (default redis-server), FAULT_SECONDS (20).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
if str(DEPLOY) not in sys.path:
    sys.path.insert(0, str(DEPLOY))

PYTHON = Path(sys.executable)


def _postgres_bin() -> Path:
    """PG_BIN, else Debian's PostgreSQL 15, else the newest one installed."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    installed = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                       key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0)
    preferred = Path("/usr/lib/postgresql/15/bin")
    if (preferred / "initdb").exists() or not installed:
        return preferred
    return installed[-1].parent


PG_BIN = _postgres_bin()
REDIS_SERVER = os.environ.get("REDIS_SERVER", "redis-server")
FAULT_SECONDS = float(os.environ.get("FAULT_SECONDS", "20"))
DATABASE = "toasoan_wt_faults_load"
BROWSER = ("Mozilla/5.0 (Linux; Android 14; SM-A556E) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/131.0.0.0 Mobile Safari/537.36")
CORPUS_ARTICLES = 300
# Open-loop rates (requests per second) and the most requests in flight at once: a bounded,
# steady load, not a flood (two shared cores run the whole stack and this client).
HOT_RATE, COLD_RATE, BEACON_RATE = 6.0, 2.0, 8.0
MAX_IN_FLIGHT = 24
CLIENT_TIMEOUT = 15.0
PAGE_CACHE_SECONDS = 5
# What an error page must say for a reader to understand it (Vietnamese, with its diacritics).
VIETNAMESE_MARKERS = ("lang=\"vi\"", "Lỗi máy chủ", "Tạm thời")
SERVED_FROM_CACHE = {"HIT", "STALE", "UPDATING", "REVALIDATED"}


def missing_tools() -> list[str]:
    """What this run needs from the machine and does not find."""
    missing = [str(PG_BIN / tool) for tool in ("initdb", "pg_ctl") if not (PG_BIN / tool).exists()]
    missing += [tool for tool in (REDIS_SERVER, "nginx") if shutil.which(tool) is None]
    return missing


def free_port() -> int:
    """A port nothing listens on now (bound to 0 and read back)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- private database and cache servers -------------------------------------------------------
class PrivatePostgres:
    """A throw-away PostgreSQL cluster on a free port, run as `postgres` when we are root."""

    def __init__(self, base: Path) -> None:
        self.base = base / "postgres"
        self.data = self.base / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        result = subprocess.run([*prefix, *command], capture_output=True, text=True, cwd="/")
        if check and result.returncode != 0:
            raise RuntimeError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")
        return result

    def init(self) -> None:
        self.base.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres", "postgres")
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        self.start()

    def start(self) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 "
                   f"-c unix_socket_directories={self.base} -c max_connections=100")
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l",
                  str(self.base / "server.log"), "-o", options, "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60",
                  "stop", check=False)


class PrivateRedis:
    """A Redis on a free port without persistence: a restart forgets everything, as a cache may."""

    def __init__(self, base: Path) -> None:
        self.dir = base / "redis"
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        log = open(self.dir / "redis.log", "ab")  # noqa: SIM115 - handed to the child
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"redis-server did not answer on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None


# --- the editor: a Django process with the stack's settings -----------------------------------
EDITOR = r"""
import io, json, sys
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import close_old_connections, connection
from PIL import Image as Picture
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from news.models import Article, Section

def create(n):
    section = Section.objects.filter(is_topic=False, parent__isnull=False).order_by("id").first()
    article = Article(title=f"Bài kiểm thử sự cố {n}", sapo="Tóm tắt.", byline="Phóng viên",
                      body=[{"type": "paragraph", "value": "<p>Nội dung.</p>"}],
                      primary_section=section, live=False)
    article.save()
    revision = article.save_revision()
    revision.publish()
    return {"article": article.pk, "revision": revision.pk}

def revise(n, article_id):
    article = Article.objects.get(pk=article_id)
    article.sapo = f"Tóm tắt, sửa lần {n}."
    revision = article.save_revision()
    revision.publish()
    return {"revision": revision.pk}

def upload(n):
    picture = io.BytesIO()
    Picture.new("RGB", (64, 48), (n % 255, 90, 160)).save(picture, format="PNG")
    image = get_image_model()(title=f"Ảnh sự cố {n}")
    image.file = ImageFile(picture, name=f"fault-{n}.png")
    image.save()
    page = io.BytesIO()
    Picture.new("RGB", (200, 280), "white").save(page, format="PDF")
    document = get_document_model()(title=f"Văn bản sự cố {n}")
    document.file.save(f"fault-{n}.pdf", ContentFile(page.getvalue()), save=False)
    document.save()
    return {"image": image.pk, "image_file": image.file.name,
            "document": document.pk, "document_file": document.file.name}

for line in sys.stdin:
    command = json.loads(line)
    try:
        close_old_connections()
        op = command.pop("op")
        action = {"create": create, "revise": revise, "upload": upload}[op]
        answer = {"ok": True, **action(**command)}
    except Exception as error:
        connection.close()
        answer = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
"""


class Editor:
    """Writes through Django while the load runs; remembers what it was told was saved."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen([str(PYTHON), "-c", EDITOR], cwd=ROOT, env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.articles: list[int] = []
        self.revisions: list[int] = []
        self.images: list[tuple[int, str]] = []
        self.documents: list[tuple[int, str]] = []
        self.failed: list[str] = []
        self.phase = "warm-up"
        self.outcomes: dict[str, Counter] = defaultdict(Counter)
        self.active = threading.Event()
        self.busy = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="editor", daemon=True)

    def call(self, op: str, **fields) -> dict:
        self.process.stdin.write(json.dumps({"op": op, **fields}) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        self.outcomes[self.phase][f"{op} {'saved' if answer['ok'] else 'refused'}"] += 1
        return answer

    def write_once(self, n: int) -> None:
        """One round: a new article, a revision of an earlier one, an image and a document."""
        created = self.call("create", n=n)
        if created["ok"]:
            self.articles.append(created["article"])
            self.revisions.append(created["revision"])
        else:
            self.failed.append(created["error"])
        if self.articles:
            revised = self.call("revise", n=n, article_id=self.articles[0])
            (self.revisions.append(revised["revision"]) if revised["ok"]
             else self.failed.append(revised["error"]))
        uploaded = self.call("upload", n=n)
        if uploaded["ok"]:
            self.images.append((uploaded["image"], uploaded["image_file"]))
            self.documents.append((uploaded["document"], uploaded["document_file"]))
        else:
            self.failed.append(uploaded["error"])

    def _run(self) -> None:
        n = 0
        while not self._stop.is_set():
            if self.active.wait(0.2):
                with self.busy:
                    if not self.active.is_set():
                        continue
                    n += 1
                    self.write_once(n)
                self._stop.wait(2.0)

    def start(self) -> None:
        self._thread.start()

    def pause(self) -> None:
        """Stop writing; returns once a round in progress has finished."""
        self.active.clear()
        with self.busy:
            pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)
        self.process.stdin.close()
        self.process.wait(timeout=30)


# --- the load ---------------------------------------------------------------------------------
@dataclass
class Sample:
    phase: str
    kind: str  # hot, cold, beacon
    status: int  # 0: no HTTP answer
    cache: str
    outcome: str  # ok, or the kind of error
    seconds: float


@dataclass
class Load:
    """Readers and beacons at fixed rates (open loop), at most MAX_IN_FLIGHT at once."""

    port: int
    hot: list[str]
    cold: list[str]
    articles: list[int]
    phase: str = "warm-up"
    samples: list[Sample] = field(default_factory=list)
    acked: Counter = field(default_factory=Counter)
    dropped: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._in_flight = 0
        self._cold = iter(self.cold)
        self._beacons = 0
        self._pool = ThreadPoolExecutor(max_workers=MAX_IN_FLIGHT, thread_name_prefix="load")
        self._threads = [threading.Thread(target=self._ticker, args=(rate, send), daemon=True)
                         for rate, send in ((HOT_RATE, self._hot), (COLD_RATE, self._cold_page),
                                            (BEACON_RATE, self._beacon))]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()
        self._pool.shutdown(wait=True)

    def _ticker(self, rate: float, send: Callable[[str], None]) -> None:
        interval = 1.0 / rate
        next_at = time.monotonic()
        while not self._stop.is_set():
            with self._lock:
                full = self._in_flight >= MAX_IN_FLIGHT
                if not full:
                    self._in_flight += 1
            if full:
                self.dropped += 1
            else:
                self._pool.submit(self._guarded, send, self.phase)
            next_at += interval
            self._stop.wait(max(0.0, next_at - time.monotonic()))

    def _guarded(self, send: Callable[[str], None], phase: str) -> None:
        try:
            send(phase)
        finally:
            with self._lock:
                self._in_flight -= 1

    def _request(self, method: str, path: str, headers: dict[str, str]
                 ) -> tuple[int, str, bytes, str, float]:
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=CLIENT_TIMEOUT)
        try:
            connection.request(method, path, headers={"User-Agent": BROWSER, **headers})
            response = connection.getresponse()
            body = response.read()
            return (response.status, response.headers.get("X-Cache-Status", ""), body, "",
                    time.monotonic() - started)
        except TimeoutError:
            return 0, "", b"", "timeout", time.monotonic() - started
        except OSError as error:
            return 0, "", b"", f"no answer ({type(error).__name__})", time.monotonic() - started
        finally:
            connection.close()

    def _record(self, sample: Sample) -> None:
        with self._lock:
            self.samples.append(sample)

    def _page(self, kind: str, path: str, phase: str) -> None:
        status, cache, body, error, seconds = self._request("GET", path, {})
        self._record(Sample(phase, kind, status, cache, classify(status, cache, body, error),
                            seconds))

    def _hot(self, phase: str) -> None:
        self._page("hot", random.choice(self.hot), phase)

    def _cold_page(self, phase: str) -> None:
        with self._lock:
            path = next(self._cold, None)
        if path is not None:
            self._page("cold", path, phase)

    def _beacon(self, phase: str) -> None:
        with self._lock:
            self._beacons += 1
            n = self._beacons
        article = self.articles[n % len(self.articles)]
        origin = f"http://127.0.0.1:{self.port}"
        status, _cache, _body, error, seconds = self._request("POST", f"/v/{article}", {
            "Cookie": f"tsvid=fault{n:07d}reader", "Origin": origin, "Referer": origin + "/",
            "Sec-Fetch-Site": "same-origin", "Content-Length": "0"})
        if 200 <= status < 300:
            with self._lock:
                self.acked[article] += 1
        self._record(Sample(phase, "beacon", status, "", "ok" if 200 <= status < 300
                            else error or f"HTTP {status}", seconds))


def classify(status: int, cache: str, body: bytes, error: str) -> str:
    """ok, or what kind of failure a reader saw."""
    if error:
        return error
    if status == 200:
        return "ok"
    text = body.decode("utf-8", "replace")
    vietnamese = any(marker in text for marker in VIETNAMESE_MARKERS)
    return f"{status} {'Vietnamese page' if vietnamese else 'page not in Vietnamese'}"


# --- figures from the database ----------------------------------------------------------------
def sql(url: str, query: str, params: tuple = ()) -> list[tuple]:
    import psycopg

    with psycopg.connect(url, connect_timeout=5) as conn:
        return conn.execute(query, params).fetchall()


def inventory(url: str, media: Path) -> dict[str, int]:
    """What must never be lost: rows, and the files the uploads point at."""
    counts = dict(zip(("articles", "revisions", "images", "documents"), sql(url, (
        "SELECT (SELECT count(*) FROM news_article), (SELECT count(*) FROM wagtailcore_revision),"
        " (SELECT count(*) FROM wagtailimages_image), (SELECT count(*) FROM wagtaildocs_document)"
    ))[0], strict=True))
    files = [row[0] for row in sql(url, "SELECT file FROM wagtailimages_image UNION ALL "
                                        "SELECT file FROM wagtaildocs_document")]
    counts["upload files on disk"] = sum((media / name).is_file() for name in files)
    return counts


def stored_views(url: str, ids: list[int]) -> dict[int, int]:
    return dict(sql(url, "SELECT id, view_count FROM news_article WHERE id = ANY(%s)", (ids,)))


# --- the run ----------------------------------------------------------------------------------
@contextmanager
def private_stack(base: Path, stack_env: dict[str, str]) -> Iterator[dict]:
    """PostgreSQL, Redis and the prod stack, all private; stopped whatever happens."""
    postgres, redis = PrivatePostgres(base), PrivateRedis(base)
    port, app_port = free_port(), free_port()
    env = {**os.environ, **stack_env, "PROD_DIR": str(base / "prod"), "PROD_PORT": str(port),
           "APP_PORT": str(app_port), "DATABASE_URL": postgres.url, "REDIS_URL": redis.url,
           "TOASOAN_PAGE_CACHE_SECONDS": str(PAGE_CACHE_SECONDS)}
    for key in ("PROD_CACHE_DIR", "PROD_EXTRA_NGINX", "WEB_ACCESS_LOG", "MEDIA_ROOT",
                "METRICS_REDIS_URL", "REDIS_NAMESPACE"):
        env.pop(key, None)
    script = [str(PYTHON), str(DEPLOY / "prodstack.py")]
    started = False
    try:
        postgres.init()
        redis.start()
        result = subprocess.run([*script, "start"], env=env, cwd=ROOT, capture_output=True,
                                text=True, timeout=600)
        if result.returncode != 0:
            raise RuntimeError(f"the stack did not start:\n{result.stdout}{result.stderr}")
        started = True
        yield {"env": env, "postgres": postgres, "redis": redis, "port": port,
               "script": script, "prod_dir": base / "prod"}
    finally:
        if started:
            subprocess.run([*script, "stop"], env=env, cwd=ROOT, capture_output=True,
                           timeout=300)
        redis.stop()
        postgres.stop("fast")


def manage(stack: dict, *args: str) -> None:
    subprocess.run([*stack["script"], "manage", *args], env=stack["env"], cwd=ROOT, check=True,
                   capture_output=True, timeout=900)


# The Vietnamese edition's locale row, as a subquery (this script runs without Django).
VIETNAMESE = "(SELECT id FROM wagtailcore_locale WHERE language_code = 'vi')"


def load_content(stack: dict) -> tuple[list[str], list[str], list[int]]:
    """The demo portal plus a small corpus; returns (hot pages, cold pages, article ids)."""
    manage(stack, "shell", "-c", "from demo import demo_content; demo_content.load()")
    manage(stack, "generate_corpus", "--articles", str(CORPUS_ARTICLES), "--seed", "7")
    url = stack["postgres"].url
    # The Vietnamese edition's pages (the Khmer edition's live under /km/ and answer in Khmer).
    rows = sql(url, "SELECT a.id, s.slug, a.slug, a.import_key IS NULL OR a.import_key NOT LIKE "
                    "'gen:%%' FROM news_article a JOIN news_section s ON s.id = "
                    "a.primary_section_id WHERE a.live AND a.published_at <= now() AND "
                    f"a.locale_id = {VIETNAMESE} ORDER BY a.id")
    demo = [f"/{section}/{slug}-{pk}.html" for pk, section, slug, is_demo in rows if is_demo]
    corpus = [(pk, f"/{section}/{slug}-{pk}.html") for pk, section, slug, is_demo in rows
              if not is_demo]
    sections = [row[0] for row in sql(
        url, f"SELECT slug FROM news_section WHERE locale_id = {VIETNAMESE} ORDER BY id")]
    hot = ["/", "/tin-tuc/", *[f"/{slug}/" for slug in sections[:6]], *demo]
    # Older pages of a section, from each corpus article on: addresses no one asked for yet.
    listing = sql(url, "SELECT a.id, s.slug FROM news_article a JOIN news_section s ON s.id = "
                       "a.primary_section_id WHERE a.import_key LIKE 'gen:%%' ORDER BY a.id")
    cold = [path for _pk, path in corpus] + [f"/{slug}/?sau={pk}" for pk, slug in listing]
    random.Random(7).shuffle(cold)
    return hot, cold, [pk for pk, *_ in rows]


def cache_status(port: int, path: str) -> str:
    """One read of `path` through nginx; its X-Cache-Status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
    try:
        connection.request("GET", path, headers={"User-Agent": BROWSER})
        response = connection.getresponse()
        response.read()
        return response.headers.get("X-Cache-Status", "")
    finally:
        connection.close()


def warm(port: int, paths: list[str]) -> None:
    """Every hot page in nginx's cache at once: read each until it is a HIT, then check them
    all again. A content change empties the whole cache, and its second purge half a second
    later (edgecache.purge.invalidate) may land midway and drop the pages warmed before it."""
    time.sleep(1.0)  # longer than that second purge's delay
    for _round in range(10):
        for path in paths:
            for _attempt in range(20):
                if cache_status(port, path) == "HIT":
                    break
                time.sleep(0.1)
        if all(cache_status(port, path) == "HIT" for path in paths):
            return


def answers(port: int, path: str) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers={"User-Agent": BROWSER})
        response = connection.getresponse()
        response.read()
        return response.status == 200
    except OSError:
        return False
    finally:
        connection.close()


def wait_until(condition: Callable[[], bool], timeout: float) -> float | None:
    """Seconds until `condition` held, or None when it never did within `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(0.25)
    return None


def jobs_settled(url: str) -> bool:
    """No job is running or due on the worker's queue. A job that ends later (an article's
    machine-read audio, say) saves and purges pages, and a purged page has no stale copy left
    for nginx to serve through a fault."""
    return not sql(url, "SELECT 1 FROM django_tasks_database_dbtaskresult WHERE status = "
                        "'RUNNING' OR (status = 'READY' AND (run_after <= now() OR "
                        "run_after >= '9999-01-01')) LIMIT 1")


def supervised(stack: dict) -> dict[str, dict]:
    import prodstack

    saved = dict(os.environ)
    os.environ.update({k: stack["env"][k] for k in ("PROD_DIR", "PROD_PORT", "APP_PORT")})
    try:
        settings = prodstack.Stack()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return {info["name"]: info for info in prodstack.process_info(settings)}


def run(base: Path, fault_seconds: float = FAULT_SECONDS, log: Callable[[str], None] = print
        ) -> dict:
    """The whole exercise; returns the figures (see `report`)."""
    started = time.monotonic()
    with private_stack(base, {}) as stack:
        port, url = stack["port"], stack["postgres"].url
        log(f"stack up on 127.0.0.1:{port} (PostgreSQL :{stack['postgres'].port}, Redis "
            f":{stack['redis'].port}); loading content")
        hot, cold, articles = load_content(stack)
        # One page per fault, asked only to see when the app answers again.
        probes = [cold.pop() for _fault in range(3)]
        wait_until(lambda: jobs_settled(url), 300)
        warm(port, hot)
        media = stack["prod_dir"] / "media"
        before = inventory(url, media)
        views_before = stored_views(url, articles)
        load = Load(port, hot, cold, articles)
        editor = Editor({**stack["env"], **_stack_settings(stack)})
        editor.start()
        load.start()
        phases: list[dict] = []

        def calm(name: str, seconds: float) -> None:
            load.phase = editor.phase = name
            editor.active.set()
            time.sleep(seconds)
            editor.pause()
            wait_until(lambda: jobs_settled(url), 180)
            warm(port, hot)  # what the editor's publishing emptied is cached again

        def fault(name: str, act: Callable[[], None], restore: Callable[[], None],
                  wait: float = 0.0) -> None:
            """The phase lasts from the fault until a page never asked before renders again.
            With `wait`, the service stays down that long while the editor keeps trying to
            write (each attempt must be refused cleanly), then `restore` brings it back."""
            load.phase = editor.phase = name
            begun = time.monotonic()
            act()
            log(f"fault: {name}")
            if wait:
                editor.active.set()
                time.sleep(wait)
                editor.pause()
            restore()
            restored = time.monotonic()
            probe = probes.pop()
            back = wait_until(lambda: answers(port, probe), 90)
            phases.append({"fault": name, "service down (s)": round(restored - begun, 1),
                           "pages rendered again after (s)":
                               None if back is None else round(back, 1)})

        calm("warm-up", 10)
        fault("PostgreSQL stopped", lambda: stack["postgres"].stop("immediate"),
              stack["postgres"].start, wait=fault_seconds)
        calm("calm 1", 8)
        fault("Redis stopped", stack["redis"].stop, stack["redis"].start, wait=fault_seconds)
        calm("calm 2", 8)
        web = supervised(stack)["web"]["pid"]
        fault("app server SIGKILLed", lambda: os.kill(web, signal.SIGKILL),
              lambda: wait_until(lambda: supervised(stack).get("web", {}).get("pid") not in
                                 (None, 0, web), 60))
        calm("after", 10)
        load.stop()
        editor.close()
        # Every acknowledged beacon must arrive once: wait for the counter to catch up, then
        # give it a few more flushes to show it does not count anything twice.
        expected = {pk: views_before[pk] + load.acked[pk] for pk in articles}
        wait_until(lambda: stored_views(url, articles) == expected, 120)
        time.sleep(3)
        views_after = stored_views(url, articles)
        after = inventory(url, media)
        failed_services = [name for name, info in supervised(stack).items()
                           if info["statename"] != "RUNNING"]
        present = _present(url, media, editor)
    return report(load, phases, before, after, views_before, views_after, editor, present,
                  failed_services, time.monotonic() - started)


def _stack_settings(stack: dict) -> dict[str, str]:
    """The environment the stack's services get (its environment file), for the editor."""
    values = {}
    for line in (stack["prod_dir"] / "toasoan.env").read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def _present(url: str, media: Path, editor: Editor) -> dict[str, int]:
    """How many of the editor's acknowledged writes are there now."""
    def count(table: str, ids: list[int]) -> int:
        return sql(url, f"SELECT count(*) FROM {table} WHERE id = ANY(%s)", (ids,))[0][0]

    return {
        "articles": count("news_article", editor.articles),
        "revisions": count("wagtailcore_revision", editor.revisions),
        "images": count("wagtailimages_image", [pk for pk, _ in editor.images]),
        "documents": count("wagtaildocs_document", [pk for pk, _ in editor.documents]),
        "files": sum((media / name).is_file() for _, name in editor.images + editor.documents),
    }


def report(load: Load, phases: list[dict], before: dict, after: dict, views_before: dict,
           views_after: dict, editor: Editor, present: dict, failed_services: list[str],
           seconds: float) -> dict:
    by_phase: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for sample in load.samples:
        label = sample.outcome
        if sample.kind != "beacon" and sample.outcome == "ok":
            label = f"200 {sample.cache or 'no cache status'}"
        by_phase[sample.phase][sample.kind][label] += 1
    slowest = defaultdict(float)
    for sample in load.samples:
        slowest[sample.phase] = max(slowest[sample.phase], sample.seconds)
    acknowledged = sum(load.acked.values())
    stored = sum(views_after.values()) - sum(views_before.values())
    over = sum(max(0, views_after[pk] - views_before[pk] - load.acked[pk]) for pk in views_after)
    under = sum(max(0, views_before[pk] + load.acked[pk] - views_after[pk]) for pk in views_after)
    return {
        "seconds": round(seconds),
        "requests": len(load.samples),
        "not sent (in-flight cap)": load.dropped,
        "phases": phases,
        "by phase": {phase: {kind: dict(counts) for kind, counts in kinds.items()}
                     for phase, kinds in by_phase.items()},
        "slowest answer by phase (s)": {k: round(v, 2) for k, v in slowest.items()},
        "beacons sent": sum(1 for s in load.samples if s.kind == "beacon"),
        "views acknowledged": acknowledged,
        "views stored": stored,
        "views counted twice": over,
        "views lost": under,
        "before": before,
        "after": after,
        "editor acknowledged": {"articles": len(editor.articles),
                                "revisions": len(editor.revisions),
                                "images": len(editor.images),
                                "documents": len(editor.documents),
                                "files": len(editor.images) + len(editor.documents)},
        "editor acknowledged and present": present,
        "editor writes by phase": {phase: dict(counts)
                                   for phase, counts in editor.outcomes.items()},
        "editor refusals": sorted({error[:120] for error in editor.failed})[:6],
        "services not running at the end": failed_services,
    }


def print_report(figures: dict) -> None:
    print(f"\n{figures['requests']} requests in {figures['seconds']} s "
          f"({figures['not sent (in-flight cap)']} not sent: in-flight cap)")
    for phase in figures["phases"]:
        print(f"  {phase['fault']}: down {phase['service down (s)']} s, pages rendered again "
              f"{phase['pages rendered again after (s)']} s after it came back")
    for name, kinds in figures["by phase"].items():
        print(f"\n[{name}]  slowest answer {figures['slowest answer by phase (s)'][name]} s")
        for kind, counts in kinds.items():
            print(f"  {kind:7} " + ", ".join(f"{label}: {n}" for label, n in
                                             sorted(counts.items(), key=lambda x: -x[1])))
    print(f"\nbeacons sent {figures['beacons sent']}, acknowledged "
          f"{figures['views acknowledged']}, stored {figures['views stored']} (counted twice "
          f"{figures['views counted twice']}, lost {figures['views lost']})")
    print(f"before: {figures['before']}\nafter:  {figures['after']}")
    print(f"editor acknowledged {figures['editor acknowledged']}, of which present "
          f"{figures['editor acknowledged and present']}")
    for phase, counts in figures["editor writes by phase"].items():
        print(f"  editor [{phase}] " + ", ".join(f"{k}: {v}" for k, v in counts.items()))
    for error in figures["editor refusals"]:
        print(f"  refused: {error}")
    print(f"services not running at the end: {figures['services not running at the end']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the run's directory (logs)")
    args = parser.parse_args(argv)
    missing = missing_tools()
    if missing:
        print(f"error: missing {', '.join(missing)}", file=sys.stderr)
        return 1
    base = Path(tempfile.mkdtemp(prefix="toasoan-faults-"))
    base.chmod(0o755)  # the database server runs as postgres, the services as www-data
    try:
        figures = run(base)
    finally:
        if args.keep:
            print(f"kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    print_report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
