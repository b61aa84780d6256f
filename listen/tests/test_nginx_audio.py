"""deploy/nginx serves article audio as immutable MP3s with byte ranges, and lets the audio
admin page take a recording larger than the site-wide upload limit."""

from __future__ import annotations

import http.client
import importlib.util
import shutil
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import require_service

ROOT = Path(__file__).resolve().parents[2]
PORT = 19461
KEY = "ab" + "0" * 62


@pytest.fixture
def nginx_audio(tmp_path, monkeypatch):
    require_service(shutil.which("nginx") is not None, "nginx")
    # nginx's workers (www-data when run as root) must read the files: not under pytest's
    # private temporary folder.
    media = Path(tempfile.mkdtemp(prefix="toasoan-listen-", dir="/tmp"))
    speech = media / "listen" / "speech" / "ab"
    speech.mkdir(parents=True)
    (speech / f"{KEY}.mp3").write_bytes(bytes(range(256)) * 4)
    (speech / f".tmp-{KEY}.mp3").write_bytes(b"half")
    for path in [media, media / "listen", media / "listen" / "speech", speech,
                 *speech.iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    monkeypatch.setenv("PROD_DIR", str(tmp_path / "prod"))
    monkeypatch.setenv("PROD_CACHE_DIR", str(tmp_path / "pages"))
    monkeypatch.setenv("PROD_PORT", str(PORT))
    monkeypatch.setenv("APP_PORT", str(PORT + 1))
    monkeypatch.setenv("MEDIA_ROOT", str(media))
    spec = importlib.util.spec_from_file_location("prodstack_for_listen",
                                                  ROOT / "deploy" / "prodstack.py")
    prodstack = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(prodstack)
    stack = prodstack.Stack()
    conf = prodstack.render_nginx(stack)
    process = subprocess.Popen(["nginx", "-p", str(stack.nginx_dir), "-c", str(conf)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).connect()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.1)
        yield "/media/listen/speech/ab/"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(media, ignore_errors=True)


def request(method: str, path: str, body: bytes | None = None, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    return response, response.read()


@pytest.mark.nginx
def test_nginx_serves_article_audio(nginx_audio):
    whole, body = request("GET", nginx_audio + f"{KEY}.mp3")
    assert whole.status == 200 and whole.getheader("Content-Type") == "audio/mpeg"
    assert "immutable" in whole.getheader("Cache-Control") and len(body) == 1024
    assert whole.getheader("X-Content-Type-Options") == "nosniff"
    part, body = request("GET", nginx_audio + f"{KEY}.mp3", Range="bytes=10-19")
    assert part.status == 206 and body == bytes(range(10, 20))
    assert request("GET", nginx_audio + f".tmp-{KEY}.mp3")[0].status == 404


def declared_upload(path: str, size: int) -> int:
    """The status nginx answers to a POST that announces `size` bytes (none are sent: nginx
    judges the declared length before reading any)."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
    connection.putrequest("POST", path)
    connection.putheader("Content-Type", "application/octet-stream")
    connection.putheader("Content-Length", str(size))
    connection.endheaders()
    return connection.getresponse().status


@pytest.fixture
def accepting_app():
    """An application on APP_PORT that answers every POST at once with 204."""
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(204)
            self.send_header("Connection", "close")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", PORT + 1), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield
    server.shutdown()
    server.server_close()


@pytest.mark.nginx
def test_the_audio_admin_takes_large_recordings(nginx_audio, accepting_app):
    size = 30 * 1024 * 1024  # past the site-wide 25 MB
    assert declared_upload("/admin/snippets/news/article/add/", size) == 413
    assert declared_upload("/admin/am-thanh/bai-viet/7/", size) == 204
