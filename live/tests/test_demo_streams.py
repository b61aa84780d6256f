"""make_demo_streams: loops encoded once with ffmpeg, in the shape the live playlist needs."""

from __future__ import annotations

import json
import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from live import streams
from live.tests.test_playlist import parse_media_playlist

pytestmark = pytest.mark.django_db


def probe(path) -> dict:
    result = subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(path)],
                            capture_output=True, text=True, check=True, timeout=60)
    return {s["codec_type"]: s for s in json.loads(result.stdout)["streams"]}


@pytest.mark.ffmpeg
def test_loops_are_h264_baseline_and_aac_in_two_second_segments(demo_streams, client):
    stv1 = streams.read_loop("stv1")
    assert stv1.files == ("seg000.ts", "seg001.ts", "seg002.ts")
    assert stv1.segment_seconds == 2.0
    video = probe(demo_streams / "stv1" / "seg001.ts")
    assert video["video"]["codec_name"] == "h264" and video["video"]["profile"] in {
        "Constrained Baseline", "Baseline"}
    assert video["audio"]["codec_name"] == "aac"
    radio = streams.read_loop("radio")
    assert len(radio.files) == 3 and 1.9 < radio.segment_seconds < 2.1
    audio = probe(demo_streams / "radio" / "seg000.ts")
    assert set(audio) == {"audio"} and audio["audio"]["codec_name"] == "aac"
    # The live playlist names files that exist, and Django serves them where no nginx does.
    media = client.get("/truc-tuyen/radio/live.m3u8").content.decode().splitlines()[-1]
    playlist = parse_media_playlist(client.get(media).content.decode())
    segment = client.get(playlist["segments"][-1]["uri"])
    assert segment.status_code == 200
    assert b"".join(segment.streaming_content)[:1] == b"G"  # MPEG-TS sync byte


@pytest.mark.ffmpeg
def test_second_run_skips_and_force_encodes_again(demo_streams):
    before = (demo_streams / "stv1" / "seg000.ts").stat().st_mtime_ns
    out = StringIO()
    call_command("make_demo_streams", "--seconds", "6", stdout=out)
    assert "stv1: demo stream already made" in out.getvalue()
    assert "radio: demo stream already made" in out.getvalue()
    assert (demo_streams / "stv1" / "seg000.ts").stat().st_mtime_ns == before
    call_command("make_demo_streams", "stv1", "--seconds", "4", stdout=StringIO())
    assert streams.read_loop("stv1").files == ("seg000.ts", "seg001.ts")
    assert not list(demo_streams.glob(".stv1-*")), "no work folder is left behind"


def test_channels_with_another_stream_are_left_alone(channels, settings, tmp_path,
                                                     monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path)
    made = []
    from live.management.commands import make_demo_streams

    monkeypatch.setattr(make_demo_streams.Command, "make",
                        lambda self, ffmpeg, channel, *rest: made.append(channel.code))
    monkeypatch.setattr(make_demo_streams.shutil, "which", lambda name: "/usr/bin/ffmpeg")
    monkeypatch.setattr(make_demo_streams, "has_drawtext", lambda ffmpeg: False)
    call_command("make_demo_streams", stdout=StringIO())
    assert made == ["stv1", "radio"]  # STV2 plays the station's own address


def test_without_ffmpeg_it_says_so_and_makes_nothing(channels, settings, tmp_path,
                                                     monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path)
    from live.management.commands import make_demo_streams

    monkeypatch.setattr(make_demo_streams.shutil, "which", lambda name: None)
    out = StringIO()
    call_command("make_demo_streams", stdout=out)
    assert "ffmpeg not found" in out.getvalue()
    assert not (tmp_path / "live").exists()


@pytest.mark.parametrize("arguments, message", [
    (["--seconds", "5"], "multiple of 2"), (["--seconds", "2"], "at least 4"),
    (["khong-co"], "no channel with code khong-co")])
def test_bad_arguments_are_clear_errors(channels, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("make_demo_streams", *arguments, stdout=StringIO())

