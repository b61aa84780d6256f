"""deploy/nginx serves episode media (byte ranges, HLS MIME types, long cache for segments) and
live segments (their MIME type, a short cache, no access log line)."""

from __future__ import annotations

import http.client
import importlib.util
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from conftest import require_service

ROOT = Path(__file__).resolve().parents[2]
PORT = 8401


@pytest.fixture
def nginx_media(tmp_path, monkeypatch):
    require_service(shutil.which("nginx") is not None, "nginx")
    # nginx's workers (www-data when run as root) must read the files: not under pytest's
    # private temporary folder.
    media = Path(tempfile.mkdtemp(prefix="toasoan-media-", dir="/tmp"))
    media.chmod(0o755)
    version = media / "episodes" / "5" / "0123456789ab"
    version.mkdir(parents=True)
    for folder in (media / "episodes", media / "episodes" / "5", version):
        folder.chmod(0o755)
    (version / "master.m3u8").write_text("#EXTM3U\n")
    (version / "seg0000.ts").write_bytes(b"G" * 376)
    (version / "video.mp4").write_bytes(bytes(range(256)) * 8)
    (version / ".tmp-x").mkdir()
    live = media / "live" / "stv1"
    live.mkdir(parents=True)
    (live / "seg00003.ts").write_bytes(b"G" * 188 * 3)
    (live / ".seg00004.ts").write_bytes(b"G" * 188)  # a file being written, never served
    for path in [*version.iterdir(), media / "live", live, *live.iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    monkeypatch.setenv("PROD_DIR", str(tmp_path / "prod"))
    monkeypatch.setenv("PROD_CACHE_DIR", str(tmp_path / "pages"))
    monkeypatch.setenv("PROD_PORT", str(PORT))
    monkeypatch.setenv("APP_PORT", str(PORT + 1))
    monkeypatch.setenv("MEDIA_ROOT", str(media))
    spec = importlib.util.spec_from_file_location("prodstack_for_media",
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
        yield "/media/episodes/5/0123456789ab/"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(media, ignore_errors=True)


def get(path: str, **headers) -> tuple[http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    return response, response.read()


@pytest.mark.nginx
def test_nginx_serves_episode_media(nginx_media):
    playlist, _ = get(nginx_media + "master.m3u8")
    assert playlist.status == 200
    assert playlist.getheader("Content-Type") == "application/vnd.apple.mpegurl"
    segment, body = get(nginx_media + "seg0000.ts")
    assert segment.status == 200 and segment.getheader("Content-Type") == "video/mp2t"
    assert "immutable" in segment.getheader("Cache-Control") and len(body) == 376
    part, body = get(nginx_media + "video.mp4", Range="bytes=100-199")
    assert part.status == 206 and part.getheader("Content-Type") == "video/mp4"
    assert part.getheader("Content-Range") == "bytes 100-199/2048"
    assert body == (bytes(range(256)) * 8)[100:200]
    hidden, _ = get(nginx_media + ".tmp-x/")
    assert hidden.status == 404


@pytest.mark.nginx
def test_nginx_serves_live_segments_without_logging_them(nginx_media, tmp_path):
    log = tmp_path / "prod" / "log" / "nginx-access.log"
    before = log.read_text() if log.exists() else ""
    segment, body = get("/media/live/stv1/seg00003.ts")
    assert segment.status == 200 and segment.getheader("Content-Type") == "video/mp2t"
    assert segment.getheader("Cache-Control") == "public, max-age=60" and len(body) == 564
    assert get("/media/live/stv1/.seg00004.ts")[0].status == 404
    get(nginx_media + "master.m3u8")  # logged, as every other request
    time.sleep(1.5)  # the access log is flushed every second
    added = (log.read_text() if log.exists() else "")[len(before):]
    assert "master.m3u8" in added and "seg00003" not in added
