"""Local demo streams: a short encoded loop per channel, played as a never-ending live stream.

`make_demo_streams` encodes each loop once with ffmpeg into MEDIA_ROOT/live/<code>/: fixed
length segments and ffmpeg's own VOD playlist of them (loop.m3u8, written last, so its presence
means the loop is complete). Serving costs no encoder: the live playlist is computed from the
wall clock. Segment number n covers [n·D, (n+1)·D) seconds since the epoch (D the nominal
segment length) and plays file n mod N of the loop; a playlist lists the last WINDOW segments
that have ended, so its media sequence moves on by one every D seconds. Each time the loop
starts again its timestamps restart, which is marked with EXT-X-DISCONTINUITY, and
EXT-X-DISCONTINUITY-SEQUENCE counts the restarts already gone from the window.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

LIVE_DIR = "live"
LOOP_PLAYLIST = "loop.m3u8"
# Segments in a live playlist (20 s). Players start three segments from the end; the rest is
# the margin a slow phone has to fetch its first segment before the window slides past it.
WINDOW = 10


@dataclass(frozen=True)
class Loop:
    """An encoded loop: its segment files (names) and their durations, in order."""

    code: str
    segment_seconds: float
    files: tuple[str, ...]
    durations: tuple[float, ...]


class LoopError(ValueError):
    """The loop on disk is missing or unreadable."""


def loop_dir(code: str) -> Path:
    return Path(settings.MEDIA_ROOT) / LIVE_DIR / code


def segment_url(code: str, name: str) -> str:
    return f"{settings.MEDIA_URL}{LIVE_DIR}/{code}/{name}"


# Parsed loops by playlist path, with the file's modification time: a re-encoded loop is read
# again, an unchanged one is never re-read by a warm process.
_loops: dict[str, tuple[float, Loop]] = {}


def parse_loop(code: str, text: str) -> Loop:
    """Read ffmpeg's VOD playlist: EXTINF durations and segment names, the nominal length."""
    files: list[str] = []
    durations: list[float] = []
    target = None
    pending: float | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#EXT-X-TARGETDURATION:"):
            target = float(line.split(":", 1)[1])
        elif line.startswith("#EXTINF:"):
            pending = float(line.split(":", 1)[1].split(",", 1)[0])
        elif line and not line.startswith("#"):
            if pending is None or "/" in line:
                raise LoopError(f"{code}: unexpected playlist line {line!r}")
            files.append(line)
            durations.append(pending)
            pending = None
    if not files or target is None:
        raise LoopError(f"{code}: the loop playlist lists no segments")
    # The loop is cut at forced keyframes every D seconds: D is the median duration, rounded
    # to the millisecond (AAC frames make audio segments a few ms longer than asked).
    nominal = round(sorted(durations)[len(durations) // 2], 3)
    # An audio-only loop ends with the encoder's last frame (a few ms) as a segment of its
    # own: played in a loop it would be a pointless jump, so it is left out.
    if len(files) > 1 and durations[-1] < nominal / 2:
        files.pop()
        durations.pop()
    return Loop(code=code, segment_seconds=nominal, files=tuple(files),
                durations=tuple(durations))


def read_loop(code: str) -> Loop | None:
    """The channel's encoded loop, or None when none was made."""
    path = loop_dir(code) / LOOP_PLAYLIST
    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        return None
    known = _loops.get(str(path))
    if known is not None and known[0] == mtime:
        return known[1]
    loop = parse_loop(code, path.read_text(encoding="utf-8"))
    _loops[str(path)] = (mtime, loop)
    return loop


def _iso(moment: float) -> str:
    stamp = dt.datetime.fromtimestamp(moment, tz=dt.UTC)
    return stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def live_playlist(loop: Loop, now: float, window: int = WINDOW) -> str:
    """The live media playlist at wall-clock time `now` (seconds since the epoch)."""
    count = len(loop.files)
    length = loop.segment_seconds
    # The newest segment listed is the last one that has ended by `now`.
    first = max(0, math.floor(now / length) - window)
    # Restarts before the window: segment numbers 1..first-1 that are multiples of the loop.
    discontinuities = max(0, (first - 1) // count)
    target = max(math.ceil(max(loop.durations)), math.ceil(length))
    lines = [
        "#EXTM3U",
        "#EXT-X-VERSION:3",
        f"#EXT-X-TARGETDURATION:{target}",
        f"#EXT-X-MEDIA-SEQUENCE:{first}",
        f"#EXT-X-DISCONTINUITY-SEQUENCE:{discontinuities}",
    ]
    for number in range(first, first + window):
        index = number % count
        if index == 0 and number > 0:
            lines.append("#EXT-X-DISCONTINUITY")
        lines.append(f"#EXT-X-PROGRAM-DATE-TIME:{_iso(number * length)}")
        lines.append(f"#EXTINF:{loop.durations[index]:.3f},")
        lines.append(segment_url(loop.code, loop.files[index]))
    return "\n".join(lines) + "\n"


def seconds_to_next_segment(loop: Loop, now: float) -> float:
    """How long the playlist at `now` stays current."""
    length = loop.segment_seconds
    return length - (now % length)
