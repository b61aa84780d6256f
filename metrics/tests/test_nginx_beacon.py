"""The production beacon: nginx answers /v/<id> itself and logs it; the consumer counts the log.

Runs a real nginx on a free port with deploy/nginx's files. 10,000 concurrent beacons from
distinct readers (behind 500 loopback addresses, 20 to an address, as behind a carrier's NAT)
raise the stored count by exactly the number of 204 answers; GETs, other sites' pages, an
address inventing cookies and hidden articles cannot buy views.
"""

from __future__ import annotations

import http.client
import re
import shutil
import subprocess
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import require_service
from edgecache.tests.nginx_front import free_port
from metrics.consumer import LogConsumer
from metrics.counting import cross_site, parse_log_line
from metrics.crawlers import CRAWLER_PATTERNS
from metrics.models import ViewLogCursor
from metrics.tests.logs import BROWSER

ROOT = Path(__file__).resolve().parents[2]
PORT = free_port()
DEPLOY = ROOT / "deploy" / "nginx"


def loopback(n: int) -> str:
    """The n-th loopback address after 127.0.0.1: each is a distinct client to nginx."""
    n += 2
    return f"127.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


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


def fire(requests: list[tuple[str, str, dict]], workers: int = 32,
         source: list[str] | None = None) -> list[int]:
    """Send (method, path, headers) over keep-alive connections from many threads, request i
    from loopback address source[i] (127.0.0.1 by default); return the statuses in order."""
    statuses = [0] * len(requests)
    by_source: dict[str, list[int]] = defaultdict(list)
    for index in range(len(requests)):
        by_source[source[index] if source else "127.0.0.1"].append(index)
    groups = list(by_source.items())

    def connect(address: str) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", PORT, timeout=10,
                                          source_address=(address, 0))

    def run(first: int) -> None:
        for address, indexes in groups[first::workers]:
            connection = connect(address)
            for index in indexes:
                method, path, headers = requests[index]
                connection.request(method, path, headers=headers)
                response = connection.getresponse()
                response.read()
                statuses[index] = response.status
                if response.will_close:
                    connection.close()
                    connection = connect(address)
            connection.close()

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(run, range(min(workers, len(groups)))))
    return statuses


def consume(log: Path) -> ViewLogCursor:
    LogConsumer(str(log), flush_seconds=0).run(once=True)
    return ViewLogCursor.objects.get(name=str(log.resolve()))


@pytest.mark.nginx
@pytest.mark.django_db
def test_ten_thousand_concurrent_beacons_through_nginx_count_exactly(nginx, make_article,
                                                                     sections):
    article = make_article(primary_section=sections["local"], view_count=100)
    n = 10_000
    own_page = {"Origin": f"http://127.0.0.1:{PORT}", "Sec-Fetch-Site": "same-origin"}
    # Half the readers' browsers send Origin and Sec-Fetch-Site, half send neither.
    readers = [("POST", f"/v/{article.pk}",
                {"Cookie": f"tsvid=nginxreader{i:06d}", "User-Agent": BROWSER,
                 **(own_page if i % 2 else {})}) for i in range(n)]
    addresses = [loopback(i // 20) for i in range(n)]
    crawlers = [("POST", f"/v/{article.pk}", {"User-Agent": f"Mozilla/5.0 (compatible; {bot})"})
                for bot in ("Googlebot/2.1", "bingbot/2.0", "coccocbot-web/1.0",
                            "facebookexternalhit/1.1", "Zalo-bot", "AhrefsBot/7.0")]
    crawlers.append(("POST", f"/v/{article.pk}", {"Cookie": "tsvid=noagent0001"}))  # no UA
    junk = [("POST", "/v/abc", {}), ("POST", "/v/12x", {}), ("DELETE", f"/v/{article.pk}", {})]
    extra = crawlers + junk
    statuses = fire(readers + extra, source=addresses + ["127.0.0.1"] * len(extra))
    answered = statuses[: len(readers)]
    assert set(statuses[: n + len(crawlers)]) == {204}
    assert all(status in (403, 404, 405) for status in statuses[-len(junk):])
    assert len(nginx.read_bytes().splitlines()) == n  # crawlers and junk are not even logged
    cursor = consume(nginx)
    article.refresh_from_db()
    assert article.view_count == 100 + answered.count(204) == 100 + n
    assert cursor.capped == 0  # 20 readers to an address are well within the cap
    # A reload by the same readers right away counts nothing.
    fire(readers[:500], source=addresses[:500])
    consume(nginx)
    article.refresh_from_db()
    assert article.view_count == 100 + n


@pytest.mark.nginx
@pytest.mark.django_db
def test_views_cannot_be_bought_through_nginx(nginx, make_article, sections, settings):
    settings.METRICS_VIEWS_PER_ADDRESS_MINUTE = 30
    article = make_article(primary_section=sections["local"])
    draft = make_article(primary_section=sections["local"], live=False)
    path = f"/v/{article.pk}"
    # GET (a link, an <img> on any page) and other sites' scripts: refused, never logged.
    gets = fire([("GET", path, {"Cookie": f"tsvid=getter{i:06d}", "User-Agent": BROWSER})
                 for i in range(50)] + [("HEAD", path, {"User-Agent": BROWSER})])
    assert set(gets) == {405}
    elsewhere = fire([("POST", path, {"Cookie": f"tsvid=elsewhere{i:04d}", "User-Agent": BROWSER,
                                      **headers})
                      for i, headers in enumerate([
                          {"Origin": "https://mua-luot-xem.example"}, {"Origin": "null"},
                          {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
                          {"Origin": f"http://127.0.0.1:{PORT}", "Sec-Fetch-Site": "cross-site"},
                      ] * 20)])
    assert set(elsewhere) == {403}
    assert nginx.read_bytes() == b""
    # One address inventing a cookie per beacon: nginx answers, the consumer caps it.
    invented = fire([("POST", path, {"Cookie": f"tsvid=invented{i:06d}", "User-Agent": BROWSER})
                     for i in range(1000)], source=["127.0.9.9"] * 1000)
    assert set(invented) == {204}
    # Beacons for a draft are answered and logged, and never counted.
    fire([("POST", f"/v/{draft.pk}", {"Cookie": f"tsvid=drafter{i:05d}", "User-Agent": BROWSER})
          for i in range(10)], source=[loopback(1000 + i) for i in range(10)])
    cursor = consume(nginx)
    minutes = Counter(int(parse_log_line(raw).timestamp // 60)
                      for raw in nginx.read_bytes().splitlines(keepends=True)[:1000])
    expected = sum(min(30, count) for count in minutes.values())
    article.refresh_from_db()
    draft.refresh_from_db()
    assert article.view_count == expected <= 60
    assert cursor.capped == 1000 - expected
    assert draft.view_count == 0 and cursor.errors == 10


CROSS_SITE_CASES = [
    ("", ""), ("", "same-origin"), ("", "SAME-ORIGIN"), ("", "cross-site"), ("", "same-site"),
    ("", "none"), ("http://127.0.0.1:{port}", ""), ("http://127.0.0.1", "same-origin"),
    ("https://127.0.0.1:{port}", "same-origin"), ("http://LOCALHOST:{port}", ""),
    ("http://evil.example", ""), ("http://127.0.0.1.evil.example", ""), ("null", ""),
    ("http://127.0.0.1:{port}/", ""), ("ftp://127.0.0.1", ""), ("http://127.0.0.1:{port}", "none"),
    ("http://[::1]:{port}", ""),
]


@pytest.mark.nginx
@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost", "[::1]:{port}"])
def test_nginx_refuses_other_sites_exactly_as_django_does(nginx, host):
    host = host.format(port=PORT)
    for origin, fetch_site in CROSS_SITE_CASES:
        origin = origin.format(port=PORT)
        headers = {"Host": host, "User-Agent": BROWSER,
                   **({"Origin": origin} if origin else {}),
                   **({"Sec-Fetch-Site": fetch_site} if fetch_site else {})}
        expected = 403 if cross_site(origin, fetch_site, host) else 204
        assert fire([("POST", "/v/1", headers)]) == [expected], (host, origin, fetch_site)


def test_nginx_crawler_map_matches_the_python_list():
    conf = (DEPLOY / "toasoan-beacon-http.conf").read_text()
    conf = conf.split("map $http_user_agent $toasoan_crawler {", 1)[1].split("}", 1)[0]
    patterns = re.findall(r'^\s*"~\*(.+)" 1;$', conf, flags=re.MULTILINE)
    assert [re.sub(r"\\(.)", r"\1", p) for p in patterns] == CRAWLER_PATTERNS
