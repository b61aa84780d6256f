"""nginx in front of the sign-in forms: a real nginx, configured by deploy/prodstack.py from
deploy/nginx/, limits the POSTs of each client address, answers 429 with Retry-After, passes
the application's own lockout through, and tells the application the address it saw.

The upstream is either a small recording server (what reaches the application, and with which
X-Forwarded-For) or the real Django application (live_server), for the whole path: forged
headers at nginx's door, lockout page from Django.
"""

from __future__ import annotations

import http.client
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from conftest import require_service
from core.clientip import client_address

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Mật-khẩu-thử-2026"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder(BaseHTTPRequestHandler):
    """The application's stand-in: 200 for everything, 429 on /admin/login/?locked, and a note
    of each request's path and X-Forwarded-For."""

    seen: list[tuple[str, str, str]] = []

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        type(self).seen.append((self.command, self.path, self.headers.get("X-Forwarded-For", "")))
        status = 429 if self.path.endswith("?locked") else 200
        body = b"tu-ung-dung"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


def start_nginx(tmp_path: Path, monkeypatch, app_port: int) -> tuple[int, subprocess.Popen]:
    """nginx with the configuration `make prod` renders, on a free port, in front of app_port."""
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                       else None)
    require_service(binary is not None, "nginx")
    port = free_port()
    monkeypatch.setenv("PROD_DIR", str(tmp_path / "prod"))
    monkeypatch.setenv("PROD_CACHE_DIR", str(tmp_path / "pages"))
    monkeypatch.setenv("PROD_PORT", str(port))
    monkeypatch.setenv("APP_PORT", str(app_port))
    spec = importlib.util.spec_from_file_location("prodstack_for_logins",
                                                  ROOT / "deploy" / "prodstack.py")
    prodstack = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(prodstack)
    stack = prodstack.Stack()
    conf = prodstack.render_nginx(stack)
    if os.geteuid() == 0:  # the test's temporary directories belong to root
        conf.write_text(conf.read_text().replace("user www-data;", "user root;"))
    process = subprocess.Popen([binary, "-p", str(stack.nginx_dir), "-c", str(conf)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return port, process
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
            time.sleep(0.05)
    process.terminate()
    pytest.fail("nginx did not answer within 10 s")


@pytest.fixture
def recorder():
    Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def nginx(tmp_path, monkeypatch, recorder):
    port, process = start_nginx(tmp_path, monkeypatch, recorder.server_address[1])
    yield port
    process.terminate()
    process.wait(timeout=10)


def send(port: int, method: str, path: str, *, source: str = "127.0.0.1",
         headers: dict | None = None, body: str = "") -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10,
                                            source_address=(source, 0))
    connection.request(method, path, body=body.encode() or None, headers={
        "Content-Type": "application/x-www-form-urlencoded", **(headers or {})})
    response = connection.getresponse()
    response.text = response.read().decode()
    connection.close()
    return response


def assert_burst_then_refused(statuses: list[int]) -> None:
    """The first request and the burst of 10 reach the application (one more if the bucket
    refilled meanwhile: one request per 6 s); every later one gets nginx's 429."""
    passed = statuses.count(200)
    assert 11 <= passed <= 12, statuses
    assert statuses == [200] * passed + [429] * (len(statuses) - passed)


@pytest.mark.nginx
def test_sign_in_posts_beyond_the_burst_get_429_with_retry_after(nginx):
    statuses = [send(nginx, "POST", "/admin/login/", body="username=quantri&password=sai").status
                for _ in range(30)]
    passed = statuses.count(200)
    assert_burst_then_refused(statuses)
    assert len([seen for seen in Recorder.seen if seen[0] == "POST"]) == passed
    refused = send(nginx, "POST", "/admin/login/", body="username=quantri&password=sai")
    assert refused.status == 429
    assert refused.getheader("Retry-After") == "60"
    assert refused.getheader("Content-Type").startswith("text/html")
    assert "Vui lòng thử lại sau một phút" in refused.text
    # The same address is refused on every form of the zone; showing the forms is not limited.
    for path in ("/admin/password_reset/", "/admin/newsroom/two-factor/", "/admin/account/",
                 "/documents/authenticate_with_password/3/"):
        assert send(nginx, "POST", path, body="email=a%40b.vn").status == 429, path
    assert {send(nginx, "GET", "/admin/login/").status for _ in range(30)} == {200}
    # Another address has its own allowance; other addresses of the site are not limited.
    assert send(nginx, "POST", "/admin/login/", source="127.0.0.2",
                body="username=quantri&password=sai").status == 200
    assert {send(nginx, "POST", "/v/1/count").status for _ in range(15)} <= {200, 204}


@pytest.mark.nginx
def test_password_reset_is_limited_like_sign_in(nginx):
    statuses = [send(nginx, "POST", "/admin/password_reset/", source="127.0.0.3",
                     body="email=quantri%40example.vn").status for _ in range(25)]
    assert_burst_then_refused(statuses)


@pytest.mark.nginx
def test_the_applications_own_lockout_passes_through(nginx):
    locked = send(nginx, "POST", "/admin/login/?locked", source="127.0.0.4", body="u=1")
    assert locked.status == 429 and locked.text == "tu-ung-dung"


@pytest.mark.nginx
def test_the_application_learns_the_address_nginx_saw_not_the_forged_one(nginx, settings):
    send(nginx, "POST", "/admin/login/", source="127.0.0.5",
         headers={"X-Forwarded-For": "203.0.113.66, 10.0.0.1"}, body="username=a&password=b")
    send(nginx, "GET", "/tin-tuc/", source="127.0.0.6", headers={"X-Forwarded-For": "1.2.3.4"})
    forwarded = [seen[2] for seen in Recorder.seen]
    assert forwarded == ["203.0.113.66, 10.0.0.1, 127.0.0.5", "1.2.3.4, 127.0.0.6"]
    settings.TRUSTED_PROXIES = ["127.0.0.1"]

    class Request:
        def __init__(self, header: str) -> None:
            self.META = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": header}

    assert [client_address(Request(header)) for header in forwarded] == ["127.0.0.5",
                                                                        "127.0.0.6"]


def test_every_proxied_location_tells_the_application_the_address_nginx_saw():
    """A location that forgot the header would pass on the client's own X-Forwarded-For."""
    site = (ROOT / "deploy" / "nginx" / "toasoan-site.conf").read_text()
    blocks = re.split(r"\n    location ", site)[1:]
    proxied = [block for block in blocks if "proxy_pass" in block]
    assert len(proxied) >= 3
    for block in proxied:
        assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in block, block


def test_the_limited_locations_cover_every_sign_in_and_password_form():
    site = (ROOT / "deploy" / "nginx" / "toasoan-site.conf").read_text()
    pattern = re.search(r"location ~ (\S+) \{\n\s+limit_req zone=toasoan_login", site).group(1)
    for name, args in (("wagtailadmin_login", ()), ("wagtailadmin_password_reset", ()),
                       ("wagtailadmin_password_reset_confirm", ("MQ", "abc-def")),
                       ("wagtailadmin_account", ()), ("newsroom:two_factor_verify", ()),
                       ("newsroom:two_factor_setup", ()), ("newsroom:two_factor_off", ()),
                       ("wagtaildocs_authenticate_with_password", (3,))):
        path = reverse(name, args=args)
        assert re.match(pattern, path), path


@pytest.mark.nginx
@pytest.mark.django_db(transaction=True)
def test_forged_addresses_through_nginx_do_not_escape_the_lockout(tmp_path, monkeypatch,
                                                                  live_server, settings):
    """The whole path: nginx, then Django's lockout keyed on the address nginx saw."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    get_user_model().objects.create_user("lanhdao", password=PASSWORD)
    port, process = start_nginx(tmp_path, monkeypatch, int(live_server.url.rsplit(":", 1)[1]))
    try:
        def attempt(username: str, password: str, forged: str) -> http.client.HTTPResponse:
            page = send(port, "GET", "/admin/login/")
            cookie = page.getheader("Set-Cookie").split(";", 1)[0]
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            return send(port, "POST", "/admin/login/", headers={
                "Cookie": cookie, "X-Forwarded-For": forged}, body=urlencode({
                    "csrfmiddlewaretoken": token, "username": username, "password": password}))

        statuses = [attempt("lanhdao", f"sai-{i}", f"198.51.100.{i}").status for i in range(5)]
        assert statuses == [200, 200, 200, 200, 429]
        locked = attempt("lanhdao", PASSWORD, "198.51.100.99")
        assert locked.status == 429 and "Tạm khoá đăng nhập" in locked.text
        assert locked.getheader("Retry-After") == "900"
        from axes.models import AccessAttempt
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    finally:
        process.terminate()
        process.wait(timeout=10)
