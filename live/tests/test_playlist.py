"""The rolling live playlist computed from the wall clock over an encoded loop."""

from __future__ import annotations

import datetime as dt
import math
import time

import pytest
import time_machine

from live import streams

LOOP_TEXT = """#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:2
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:VOD
#EXTINF:2.000000,
seg000.ts
#EXTINF:2.000000,
seg001.ts
#EXTINF:2.000000,
seg002.ts
#EXT-X-ENDLIST
"""


def parse_media_playlist(text: str) -> dict:
    """A strict reader of the tags a live media playlist may carry here (RFC 8216)."""
    lines = text.splitlines()
    assert lines[0] == "#EXTM3U"
    head: dict[str, str] = {}
    segments: list[dict] = []
    pending: dict = {}
    for line in lines[1:]:
        assert line, "no blank lines"
        if line.startswith("#EXT-X-PROGRAM-DATE-TIME:"):
            pending["pdt"] = dt.datetime.fromisoformat(line.split(":", 1)[1])
        elif line == "#EXT-X-DISCONTINUITY":
            pending["discontinuity"] = True
        elif line.startswith("#EXTINF:"):
            pending["duration"] = float(line.split(":", 1)[1].rstrip(","))
        elif line.startswith("#EXT-X-"):
            assert not segments and not pending, f"{line} after the first segment"
            name, _, value = line[1:].partition(":")
            head[name] = value
        elif line.startswith("#"):
            raise AssertionError(f"unknown tag {line}")
        else:
            assert "duration" in pending, f"segment {line} without EXTINF"
            segments.append({**pending, "uri": line})
            pending = {}
    assert not pending and "EXT-X-ENDLIST" not in head
    for segment in segments:
        assert round(segment["duration"]) <= int(head["EXT-X-TARGETDURATION"])
    return {"head": head, "segments": segments}


def loop() -> streams.Loop:
    return streams.parse_loop("stv1", LOOP_TEXT)


def test_loop_reads_ffmpegs_playlist_and_drops_an_audio_tail():
    parsed = loop()
    assert parsed.files == ("seg000.ts", "seg001.ts", "seg002.ts")
    assert parsed.segment_seconds == 2.0
    audio = streams.parse_loop("radio", LOOP_TEXT.replace("2.000000", "2.005333").replace(
        "#EXT-X-ENDLIST", "#EXTINF:0.021333,\nseg003.ts\n#EXT-X-ENDLIST"))
    assert audio.files == ("seg000.ts", "seg001.ts", "seg002.ts")
    assert audio.segment_seconds == 2.005


@pytest.mark.parametrize("bad", ["#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-ENDLIST\n",
                                 "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n../x.ts\n",
                                 "#EXTM3U\n#EXT-X-TARGETDURATION:2\nseg000.ts\n",
                                 "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:0,\nseg000.ts\n",
                                 "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:nan,\nseg000.ts\n"])
def test_a_damaged_loop_is_refused(bad):
    with pytest.raises(streams.LoopError):
        streams.parse_loop("stv1", bad)


def test_playlist_is_a_valid_live_window(settings):
    settings.MEDIA_URL = "/media/"
    now = 1_800_000_001.3
    since = streams.session_start(loop(), now)
    assert since == math.floor(now / 2) - streams.WINDOW
    playlist = parse_media_playlist(streams.live_playlist(loop(), now, since=since))
    head, segments = playlist["head"], playlist["segments"]
    assert head["EXT-X-TARGETDURATION"] == "2" and head["EXT-X-VERSION"] == "3"
    assert len(segments) == streams.WINDOW
    # A player's first playlist starts both sequences at zero.
    assert head["EXT-X-MEDIA-SEQUENCE"] == "0" and head["EXT-X-DISCONTINUITY-SEQUENCE"] == "0"
    # The newest segment listed has ended; the next one has not.
    newest_end = (since + len(segments)) * 2
    assert newest_end <= now < newest_end + 2
    for offset, segment in enumerate(segments):
        number = since + offset
        assert segment["uri"] == f"/media/live/stv1/seg{number % 3:03d}.ts"
        assert segment["pdt"] == dt.datetime.fromtimestamp(number * 2, tz=dt.UTC)
        assert segment["pdt"].tzinfo is not None
        assert segment.get("discontinuity", False) == (number % 3 == 0)


def follow(since: int | None, start: dt.datetime, steps: int, every: dt.timedelta) -> list[dict]:
    """The playlists a player reloads from `start` on (its `since` taken at `start` if None)."""
    seen = []
    with time_machine.travel(start, tick=False) as traveller:
        if since is None:
            since = streams.session_start(loop(), time.time())
        for _step in range(steps):
            seen.append(parse_media_playlist(streams.live_playlist(loop(), time.time(),
                                                                   since=since)))
            traveller.shift(every)
    return seen


def assert_continuous(seen: list[dict]) -> dict[int, int]:
    """Every segment keeps its discontinuity count from one playlist to the next (the count in
    the header plus the tags met up to it), and counts never go down: the discontinuity count
    of each media sequence number."""
    continuity: dict[int, int] = {}
    for playlist in seen:
        count = int(playlist["head"]["EXT-X-DISCONTINUITY-SEQUENCE"])
        first = int(playlist["head"]["EXT-X-MEDIA-SEQUENCE"])
        for offset, segment in enumerate(playlist["segments"]):
            count += segment.get("discontinuity", False)
            assert continuity.setdefault(first + offset, count) == count
            assert continuity.get(first + offset - 1, count) <= count
    return continuity


def test_media_sequence_and_discontinuities_advance_with_the_clock():
    start = dt.datetime(2026, 12, 7, 5, 0, 0, 500_000, tzinfo=dt.UTC)
    seen = follow(None, start, 7, dt.timedelta(seconds=2))
    sequences = [int(p["head"]["EXT-X-MEDIA-SEQUENCE"]) for p in seen]
    assert sequences == list(range(7))
    continuity = assert_continuous(seen)
    assert len(set(continuity.values())) >= 3  # the 6 s loop restarted several times


def test_sequence_numbers_grow_with_the_viewing_time_not_the_epoch():
    """hls.js walks a sparse array as long as the discontinuity sequence on every reload:
    counted from the epoch (hundreds of millions) that blocks a browser for seconds."""
    start = dt.datetime(2026, 12, 7, 5, 0, 0, 500_000, tzinfo=dt.UTC)
    hour = follow(None, start, 2, dt.timedelta(hours=1))[1]["head"]
    # An hour later: 1800 segments of 2 s gone, the 6 s loop restarted 600 times.
    assert int(hour["EXT-X-MEDIA-SEQUENCE"]) == 1800
    assert int(hour["EXT-X-DISCONTINUITY-SEQUENCE"]) == 600


@pytest.mark.parametrize("ahead", [1, 4, streams.WINDOW - 1])
def test_a_start_given_by_a_server_slightly_ahead_shortens_the_window(ahead):
    start = dt.datetime(2026, 12, 7, 5, 0, 0, 500_000, tzinfo=dt.UTC)
    since = streams.session_start(loop(), start.timestamp()) + ahead
    seen = follow(since, start, streams.WINDOW, dt.timedelta(seconds=2))
    assert len(seen[0]["segments"]) == streams.WINDOW - ahead
    assert seen[0]["head"]["EXT-X-MEDIA-SEQUENCE"] == "0"
    assert [len(p["segments"]) for p in seen][-1] == streams.WINDOW
    assert_continuous(seen)


def test_a_start_not_yet_broadcast_is_refused():
    now = 1_800_000_001.3
    newest = streams.newest_ended(loop(), now)
    assert streams.live_playlist(loop(), now, since=newest).count("#EXTINF") == 1
    with pytest.raises(streams.NotYetAired):
        streams.live_playlist(loop(), now, since=newest + 1)


def test_the_address_is_a_multivariant_playlist_naming_one_media_playlist():
    parsed = streams.Loop(code="stv1", segment_seconds=2.0, files=("seg000.ts",),
                          durations=(2.0,), bandwidth=281_000)
    text = streams.master_playlist(parsed, "/truc-tuyen/stv1/live/7.m3u8")
    assert text == ("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=281000\n"
                    "/truc-tuyen/stv1/live/7.m3u8\n")


def test_same_second_same_playlist_and_within_a_segment_unchanged():
    base = 1_800_000_000.0
    since = streams.session_start(loop(), base)

    def at(moment: float) -> str:
        return streams.live_playlist(loop(), moment, since=since)

    assert at(base + 0.1) == at(base + 1.9)
    assert at(base + 1.9) != at(base + 2.0)
    assert streams.seconds_to_next_segment(loop(), base + 0.5) == pytest.approx(1.5)
