"""A real nginx with the site's rendered configuration (deploy/prodstack.py render_nginx) in
front of a stand-in for the app, or of a live Django: for tests of what nginx itself decides
(cache keys, the query string the app receives, rate limits, the beacon).

Every server takes a free port. The stand-in records each request it receives and answers
like Django does for a public page: 200, cacheable for 300 s (X-Accel-Expires).
"""

from __future__ import annotations

import http.client
import importlib.util
import os
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import require_service

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]


@dataclass
class StandIn:
    """The app's place: records what reaches it."""

    port: int
    requests: list[Seen] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None


def start_stand_in() -> StandIn:
    stand_in = StandIn(port=0)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            stand_in.requests.append(Seen(self.command, self.path, dict(self.headers)))
            body = f"page {self.path}".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Accel-Expires", "300")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_HEAD = do_POST = _answer

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    stand_in.port = server.server_address[1]
    stand_in.server = server
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return stand_in


def load_prodstack():
    spec = importlib.util.spec_from_file_location("prodstack_front",
                                                  ROOT / "deploy" / "prodstack.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Front:
    """The running nginx: its port, the rendered stack's paths, and a way to ask it."""

    port: int
    stack: object
    process: subprocess.Popen

    def request(self, method: str, path: str, headers: dict[str, str] | None = None,
                source: str = "127.0.0.1", body: bytes | None = None
                ) -> tuple[int, dict[str, str], bytes]:
        """One request from the loopback address `source` (any of 127.0.0.0/8)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10,
                                                source_address=(source, 0))
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()


def start_front(tmp_path: Path, app_port: int, monkeypatch) -> Front:
    binary = shutil.which("nginx")
    require_service(binary is not None, "nginx")
    port = free_port()
    monkeypatch.setenv("PROD_DIR", str(tmp_path / "prod"))
    monkeypatch.setenv("PROD_CACHE_DIR", str(tmp_path / "pages"))
    monkeypatch.setenv("PROD_PORT", str(port))
    monkeypatch.setenv("APP_PORT", str(app_port))
    monkeypatch.delenv("PROD_EXTRA_NGINX", raising=False)
    prodstack = load_prodstack()
    stack = prodstack.Stack()
    conf = prodstack.render_nginx(stack)
    if os.geteuid() == 0:  # the test's files are the invoking user's, not www-data's
        conf.write_text(conf.read_text().replace("user www-data;", "user root;"))
    process = subprocess.Popen([binary, "-p", str(stack.nginx_dir), "-c", str(conf)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    front = Front(port=port, stack=stack, process=process)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return front
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
            time.sleep(0.05)
    process.kill()
    pytest.fail("nginx did not listen within 15 s")


def stop_front(front: Front) -> None:
    front.process.terminate()
    try:
        front.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        front.process.kill()
        front.process.wait()
