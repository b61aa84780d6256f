"""Fixtures: a media folder per test, generated clips, a programme to hang episodes on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from broadcast.models import Channel, MediaKind, Programme
from transcode.tests.media import make_clip


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture(scope="session")
def clips(tmp_path_factory) -> dict[str, Path]:
    """A 3-s 720p video with sound and a 3-s tone, made once per run."""
    if not (shutil.which("ffmpeg") and shutil.which("ffprobe")):
        return {}
    folder = tmp_path_factory.mktemp("clips")
    return {"video": make_clip(folder / "clip.mp4"),
            "audio": make_clip(folder / "tone.wav", video=False)}


@pytest.fixture
def programme(db) -> Programme:
    channel = Channel.objects.create(code="stv1", name="STV1")
    return Programme.objects.create(name="Thời sự Sóc Trăng", slug="thoi-su", channel=channel)


@pytest.fixture
def radio_programme(db) -> Programme:
    channel = Channel.objects.create(code="radio", name="Phát thanh", kind=Channel.Kind.RADIO)
    return Programme.objects.create(name="Nông nghiệp sáng", slug="nong-nghiep-sang",
                                    channel=channel, kind=MediaKind.AUDIO)


@pytest.fixture
def queued(monkeypatch) -> list[tuple]:
    """Record the transcode tasks queued instead of running them."""
    from types import SimpleNamespace

    from transcode import signals

    calls: list[tuple] = []
    monkeypatch.setattr(signals, "transcode_episode",
                        SimpleNamespace(enqueue=lambda *args: calls.append(args)))
    return calls
