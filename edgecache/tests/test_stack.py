"""End to end against the running production stack: nginx → granian → PostgreSQL + Redis.

The stack is started by the same script as `make prod`, on the test ports 18080/18081 and the
database toasoan_scale_e2e. Editorial changes are made by a driver process carrying the stack's
settings (as the admin would), and pages are read through nginx as a reader does.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from pathlib import Path

import pytest

from conftest import require_service
from edgecache.tests.stack_support import fresh_database, services_available

pytestmark = [pytest.mark.nginx, pytest.mark.postgres, pytest.mark.redis]

ROOT = Path(__file__).resolve().parents[2]
PORT, APP_PORT = 18080, 18081
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/toasoan_scale_e2e"
REDIS_URL = "redis://127.0.0.1:6379/1"
BASE = f"http://127.0.0.1:{PORT}"


def _load_prodstack():
    spec = importlib.util.spec_from_file_location("prodstack", ROOT / "deploy" / "prodstack.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Reader:
    """A plain HTTP client without cookies (or with the ones given)."""

    def __init__(self, cookies: dict[str, str] | None = None) -> None:
        self.cookies = cookies or {}

    def get(self, path: str) -> tuple[int, Message, str]:
        request = urllib.request.Request(BASE + path)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Driver:
    """The editorial side: a long-lived process with the stack's settings."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("stack_driver.py"))], cwd=ROOT,
            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )

    def __call__(self, op: str, **fields) -> dict:
        self.process.stdin.write(json.dumps({"op": op, **fields}) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        assert answer.pop("ok"), answer
        return answer

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def stack():
    available, missing = services_available(DATABASE_URL, REDIS_URL)
    require_service(available, missing)
    prodstack = _load_prodstack()
    env = dict(os.environ, PROD_DIR=str(ROOT / "var" / "prod" / "e2e"), PROD_PORT=str(PORT),
               WEB_ACCESS_LOG="1",
               APP_PORT=str(APP_PORT), DATABASE_URL=DATABASE_URL, REDIS_URL=REDIS_URL)
    script = [sys.executable, str(ROOT / "deploy" / "prodstack.py")]
    subprocess.run([*script, "stop"], env=env, capture_output=True)
    fresh_database(DATABASE_URL)
    started = subprocess.run([*script, "start"], env=env, capture_output=True, text=True)
    assert started.returncode == 0, started.stderr + started.stdout
    saved = dict(os.environ)
    os.environ.update({k: env[k] for k in ("PROD_DIR", "PROD_PORT", "APP_PORT", "DATABASE_URL",
                                           "REDIS_URL")})
    try:
        stack_env = prodstack.Stack().django_env()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    driver = Driver(stack_env)
    try:
        yield {"driver": driver, "content": driver("setup"),
               "log_dir": Path(env["PROD_DIR"]) / "log"}
    finally:
        driver.close()
        stopped = subprocess.run([*script, "stop"], env=env, capture_output=True, text=True)
        assert stopped.returncode == 0, stopped.stderr


def pages_showing(content: dict, story_url: str, older_url: str) -> dict[str, str]:
    """Every page the story appears on: its own, its sections and topic, home, a neighbour."""
    return {
        "article": story_url,
        "section": f"/{content['local']}/",
        "parent section": f"/{content['root']}/",
        "topic": f"/{content['topic']}/",
        "home": "/",
        "neighbour's related list": older_url,
    }


def warm(reader: Reader, paths: dict[str, str]) -> None:
    """Fill nginx's cache and prove each page is now served from it.

    A change is followed by a second purge half a second later (see edgecache.purge.invalidate),
    so filling is retried for a few rounds until every page is a hit.
    """
    statuses: dict[str, str | None] = {}
    for _ in range(20):
        for path in paths.values():
            reader.get(path)
        statuses = {name: reader.get(path)[1].get("X-Cache-Status")
                    for name, path in paths.items()}
        if set(statuses.values()) == {"HIT"}:
            return
        time.sleep(0.2)
    raise AssertionError(f"pages never came from the cache: {statuses}")


def test_cache_hit_does_not_reach_the_app(stack):
    content = stack["content"]
    driver, reader = stack["driver"], Reader()
    path = driver("url", id=content["older"])["url"]
    driver("settle")  # no background job left to purge the page between the two reads
    reader.get(path)
    status, headers, _ = reader.get(path)
    assert (status, headers.get("X-Cache-Status")) == (200, "HIT")
    # A later request that must reach the app (a new path; the app's access log omits query
    # strings): once it is logged, an app hit by the request above would be logged before it.
    marker = f"/marker-{time.time_ns()}/"
    status, headers, _ = reader.get(marker)
    assert (status, headers.get("X-Cache-Status")) == (404, "MISS")
    log = stack["log_dir"] / "web.log"
    deadline = time.monotonic() + 10
    while marker not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    lines = log.read_text().splitlines()
    assert any(marker in line for line in lines)
    assert sum(1 for line in lines if f'"GET {path} ' in line) == 1


def test_addresses_never_stored_skip_the_cache_and_its_lock(stack):
    """The API, search, feeds and robots.txt bypass nginx's cache (and so its 500 ms lock);
    public pages still go through it."""
    reader = Reader()
    for path in ("/api/v1/sections", "/api/v1/search?q=tinh", "/tim-kiem?q=tinh", "/rss/",
                 "/robots.txt", "/sitemap.xml"):
        status, headers, _ = reader.get(path)
        assert (status, headers.get("X-Cache-Status")) == (200, "BYPASS"), path
    status, headers, _ = reader.get("/thong-bao/")
    assert headers.get("X-Cache-Status") in {"MISS", "HIT", "EXPIRED"}


def test_edit_unpublish_publish_reach_every_page_at_once(stack):
    content, driver, reader = stack["content"], stack["driver"], Reader()
    story_url = driver("url", id=content["story"])["url"]
    older_url = driver("url", id=content["older"])["url"]
    paths = pages_showing(content, story_url, older_url)
    old_title = f"Bài story {content['run']}"
    warm(reader, paths)
    for name, path in paths.items():
        assert old_title in reader.get(path)[2], name

    new_title = f"Tiêu đề đã sửa {content['run']}"
    driver("edit", id=content["story"], title=new_title)
    # The very first read after the editor's publish returns is already fresh everywhere.
    for name, path in paths.items():
        status, headers, body = reader.get(path)
        assert status == 200, (name, status)
        assert new_title in body and old_title not in body, name

    warm(reader, paths)
    driver("unpublish", id=content["story"])
    for name, path in paths.items():
        status, _, body = reader.get(path)
        if name == "article":
            assert status == 404
        else:
            assert new_title not in body, name

    driver("publish", id=content["story"])
    for name, path in paths.items():
        status, _, body = reader.get(path)
        assert status == 200 and new_title in body, name


def test_scheduled_article_appears_when_due(stack):
    content, driver, reader = stack["content"], stack["driver"], Reader()
    story_url = driver("url", id=content["story"])["url"]
    older_url = driver("url", id=content["older"])["url"]
    paths = pages_showing(content, story_url, older_url)
    title = f"Bài hẹn giờ {content['run']}"
    visible_at = driver("schedule", id=content["story"], title=title, seconds=8)["visible_at"]
    warm(reader, {k: v for k, v in paths.items() if k != "article"})
    for name, path in paths.items():
        body = reader.get(path)[2]
        if time.time() < visible_at:  # (a slow machine may already be past the moment)
            assert title not in body, name
    while time.time() < visible_at:
        time.sleep(0.05)
    # Pages were stored only until the story's moment: the first read after it shows it.
    for name, path in paths.items():
        status, _, body = reader.get(path)
        assert status == 200 and title in body, name


def test_logged_in_editor_bypasses_the_cache(stack):
    content, driver = stack["content"], stack["driver"]
    login = _login(content["username"], content["password"])
    assert "sessionid" in login and login.get("toasoan_editor") == "1"
    editor, reader = Reader(login), Reader()
    path = driver("url", id=content["older"])["url"]
    reader.get(path)
    assert reader.get(path)[1].get("X-Cache-Status") == "HIT"
    for _ in range(2):
        status, headers, _ = editor.get(path)
        assert status == 200 and headers.get("X-Cache-Status") == "BYPASS"
        assert "no-cache" in headers.get("Cache-Control", "")
    marker_only = Reader({"toasoan_editor": "1"})
    assert marker_only.get(path)[1].get("X-Cache-Status") == "BYPASS"
    # Editors' requests never fill the cache for readers (a cursor no reader has asked for: the
    # one query parameter nginx keeps on a page, core/caching/query.py).
    unique = f"{path}?sau={time.time_ns() // 1000}"
    editor.get(unique)
    assert reader.get(unique)[1].get("X-Cache-Status") == "MISS"


def _login(username: str, password: str) -> dict[str, str]:
    """Log in through nginx like a browser; returns the cookies set (Secure ones included)."""
    reader = Reader()
    status, headers, body = reader.get("/admin/login/")
    csrf_cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username,
                                   "password": password, "next": "/admin/"}).encode()
    request = urllib.request.Request(BASE + "/admin/login/", data=data, method="POST")
    request.add_header("Cookie", f"csrftoken={csrf_cookie}")
    request.add_header("Referer", BASE + "/admin/login/")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(request, timeout=30)
        raise AssertionError("login did not redirect")
    except urllib.error.HTTPError as error:
        assert error.code == 302, error.read()[:500]
        cookies = {}
        for header in error.headers.get_all("Set-Cookie"):
            name, _, rest = header.partition("=")
            cookies[name] = rest.split(";", 1)[0]
        return cookies
