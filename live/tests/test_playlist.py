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
                                 "#EXTM3U\n#EXT-X-TARGETDURATION:2\nseg000.ts\n"])
def test_a_damaged_loop_is_refused(bad):
    with pytest.raises(streams.LoopError):
        streams.parse_loop("stv1", bad)


def test_playlist_is_a_valid_live_window(settings):
    settings.MEDIA_URL = "/media/"
    now = 1_800_000_001.3
    playlist = parse_media_playlist(streams.live_playlist(loop(), now))
    head, segments = playlist["head"], playlist["segments"]
    assert head["EXT-X-TARGETDURATION"] == "2" and head["EXT-X-VERSION"] == "3"
    assert len(segments) == streams.WINDOW
    first = int(head["EXT-X-MEDIA-SEQUENCE"])
    # The newest segment listed has ended; the next one has not.
    newest_end = (first + len(segments)) * 2
    assert newest_end <= now < newest_end + 2
    assert first == math.floor(now / 2) - streams.WINDOW
    for offset, segment in enumerate(segments):
        number = first + offset
        assert segment["uri"] == f"/media/live/stv1/seg{number % 3:03d}.ts"
        assert segment["pdt"] == dt.datetime.fromtimestamp(number * 2, tz=dt.UTC)
        assert segment["pdt"].tzinfo is not None
        assert segment.get("discontinuity", False) == (number % 3 == 0)


def test_media_sequence_and_discontinuities_advance_with_the_clock():
    start = dt.datetime(2026, 12, 7, 5, 0, 0, 500_000, tzinfo=dt.UTC)
    seen = []
    with time_machine.travel(start, tick=False) as traveller:
        for _step in range(7):
            seen.append(parse_media_playlist(streams.live_playlist(loop(), time.time())))
            traveller.shift(dt.timedelta(seconds=2))
    sequences = [int(p["head"]["EXT-X-MEDIA-SEQUENCE"]) for p in seen]
    assert sequences == list(range(sequences[0], sequences[0] + 7))
    # Every segment keeps its discontinuity count from one playlist to the next: the count in
    # the header plus the tags met before it.
    continuity: dict[int, int] = {}
    for playlist in seen:
        count = int(playlist["head"]["EXT-X-DISCONTINUITY-SEQUENCE"])
        first = int(playlist["head"]["EXT-X-MEDIA-SEQUENCE"])
        for offset, segment in enumerate(playlist["segments"]):
            count += segment.get("discontinuity", False)
            assert continuity.setdefault(first + offset, count) == count
            assert continuity.get(first + offset - 1, count) <= count
    assert len(set(continuity.values())) >= 3  # the 6 s loop restarted several times


def test_same_second_same_playlist_and_within_a_segment_unchanged():
    base = 1_800_000_000.0
    assert streams.live_playlist(loop(), base + 0.1) == streams.live_playlist(loop(), base + 1.9)
    assert streams.live_playlist(loop(), base + 1.9) != streams.live_playlist(loop(), base + 2.0)
    assert streams.seconds_to_next_segment(loop(), base + 0.5) == pytest.approx(1.5)

