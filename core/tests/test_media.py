"""Media served by Django without nginx: byte ranges for players, HLS types, nothing outside."""

from __future__ import annotations

import pytest


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.SERVE_MEDIA = True
    folder = tmp_path / "episodes" / "7"
    folder.mkdir(parents=True)
    (folder / "video.mp4").write_bytes(bytes(range(256)) * 4)  # 1024 bytes
    (folder / "master.m3u8").write_text("#EXTM3U\n")
    (folder / "seg0000.ts").write_bytes(b"G" * 188)
    (tmp_path / ".hidden").write_text("x")
    return tmp_path


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_whole_file_and_byte_ranges(client, media):
    whole = client.get("/media/episodes/7/video.mp4")
    assert whole.status_code == 200 and whole["Content-Type"] == "video/mp4"
    assert whole["Accept-Ranges"] == "bytes" and len(body(whole)) == 1024
    part = client.get("/media/episodes/7/video.mp4", HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206 and part["Content-Range"] == "bytes 10-19/1024"
    assert part["Content-Length"] == "10" and body(part) == bytes(range(10, 20))
    tail = client.get("/media/episodes/7/video.mp4", HTTP_RANGE="bytes=-4")
    assert tail["Content-Range"] == "bytes 1020-1023/1024" and body(tail) == bytes(range(252, 256))
    open_end = client.get("/media/episodes/7/video.mp4", HTTP_RANGE="bytes=1000-")
    assert open_end["Content-Range"] == "bytes 1000-1023/1024" and len(body(open_end)) == 24
    beyond = client.get("/media/episodes/7/video.mp4", HTTP_RANGE="bytes=5000-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == "bytes */1024"


def test_hls_types(client, media):
    assert client.get("/media/episodes/7/master.m3u8")["Content-Type"] == \
        "application/vnd.apple.mpegurl"
    assert client.get("/media/episodes/7/seg0000.ts")["Content-Type"] == "video/mp2t"


def test_nothing_outside_media_or_hidden_and_off_behind_nginx(client, media, settings, db):
    assert client.get("/media/../settings.py").status_code == 404
    assert client.get("/media/.hidden").status_code == 404
    assert client.get("/media/episodes/7/none.mp4").status_code == 404
    assert client.get("/media/episodes/7").status_code == 404  # a folder is no file
    # A name longer than the file system allows (OSError: File name too long): no such file.
    assert client.get("/media/" + "x" * 5000).status_code == 404
    assert client.get("/media/episodes/" + "ể" * 300 + ".mp4").status_code == 404
    assert client.post("/media/episodes/7/video.mp4").status_code == 405
    settings.SERVE_MEDIA = False
    settings.DEBUG = False
    assert client.get("/media/episodes/7/video.mp4").status_code == 404
