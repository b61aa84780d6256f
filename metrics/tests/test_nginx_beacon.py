"""The production beacon: nginx answers /v/<id> itself and logs it; the consumer counts the log.

Runs a real nginx on a test port with deploy/nginx's files and fires 10,000 concurrent beacons
from distinct clients: the stored count rises by exactly the number of 204 answers.
"""

from __future__ import annotations

import http.client
import re
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import require_service
from metrics.consumer import LogConsumer
from metrics.crawlers import CRAWLER_PATTERNS
from metrics.tests.logs import BROWSER

ROOT = Path(__file__).resolve().parents[2]
def _free_port() -> int:
    """A free port among those set aside for nginx tests (18090-18099)."""
    import socket

    for port in range(18091, 18100):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    return 18091


PORT = _free_port()
DEPLOY = ROOT / "deploy" / "nginx"


@pytest.fixture
def nginx(tmp_path):
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                       else None)
    require_service(binary is not None, "nginx")
    log = tmp_path / "beacon.log"
    (tmp_path / "beacon.conf").write_text(
        (DEPLOY / "toasoan-beacon.conf").read_text().replace(
            "/var/log/nginx/toasoan-beacon.log", str(log)))
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / name).mkdir()
    (tmp_path / "nginx.conf").write_text(f"""
worker_processes 2;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log warn;
daemon off;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/client_body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    keepalive_requests 100000;
    include {DEPLOY}/toasoan-beacon-http.conf;
    server {{
        listen 127.0.0.1:{PORT};
        include {tmp_path}/beacon.conf;
        location / {{ return 404; }}
    }}
}}
""")
    process = subprocess.Popen([binary, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                                "-e", str(tmp_path / "error.log")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=1)
            connection.request("GET", "/")
            connection.getresponse().read()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
            time.sleep(0.05)
    yield log
    process.terminate()
    process.wait(timeout=10)


def fire(requests: list[tuple[str, str, dict]], workers: int = 32) -> list[int]:
    """Send (method, path, headers) over keep-alive connections from many threads; return the
    status of each request, in the order given."""
    statuses = [0] * len(requests)

    def run(first: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        for index in range(first, len(requests), workers):
            method, path, headers = requests[index]
            connection.request(method, path, headers=headers)
            response = connection.getresponse()
            response.read()
            statuses[index] = response.status
            if response.will_close:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        connection.close()

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(run, range(workers)))
    return statuses


@pytest.mark.nginx
@pytest.mark.django_db
def test_ten_thousand_concurrent_beacons_through_nginx_count_exactly(nginx, make_article,
                                                                     sections):
    article = make_article(primary_section=sections["local"], view_count=100)
    n = 10_000
    readers = [("POST" if i % 2 else "GET", f"/v/{article.pk}",
                {"Cookie": f"tsvid=nginxreader{i:06d}", "User-Agent": BROWSER})
               for i in range(n)]
    crawlers = [("GET", f"/v/{article.pk}", {"User-Agent": f"Mozilla/5.0 (compatible; {bot})"})
                for bot in ("Googlebot/2.1", "bingbot/2.0", "coccocbot-web/1.0",
                            "facebookexternalhit/1.1", "Zalo-bot", "AhrefsBot/7.0")]
    crawlers.append(("GET", f"/v/{article.pk}", {"Cookie": "tsvid=noagent0001"}))  # no UA
    junk = [("GET", "/v/abc", {}), ("GET", "/v/12x", {}), ("DELETE", f"/v/{article.pk}", {})]
    statuses = fire(readers + crawlers + junk)
    answered = statuses[: len(readers)]
    assert set(statuses[: n + len(crawlers)]) == {204}
    assert all(status in (403, 404, 405) for status in statuses[-len(junk):])
    assert len(nginx.read_bytes().splitlines()) == n  # crawlers and junk are not even logged
    LogConsumer(str(nginx), flush_seconds=0).run(once=True)
    article.refresh_from_db()
    assert article.view_count == 100 + answered.count(204) == 100 + n
    # A reload by the same readers right away counts nothing.
    fire(readers[:500])
    LogConsumer(str(nginx), flush_seconds=0).run(once=True)
    article.refresh_from_db()
    assert article.view_count == 100 + n


def test_nginx_crawler_map_matches_the_python_list():
    conf = (DEPLOY / "toasoan-beacon-http.conf").read_text()
    patterns = re.findall(r'^\s*"~\*(.+)" 1;$', conf, flags=re.MULTILINE)
    assert [re.sub(r"\\(.)", r"\1", p) for p in patterns] == CRAWLER_PATTERNS
