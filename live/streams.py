"""Local demo streams: a short encoded loop per channel, played as a never-ending live stream.

`make_demo_streams` encodes each loop once with ffmpeg into MEDIA_ROOT/live/<code>/: fixed
length segments and ffmpeg's own VOD playlist of them (loop.m3u8, written last, so its presence
means the loop is complete). Serving costs no encoder: the live playlist is computed from the
wall clock. Segment number n covers [n·D, (n+1)·D) seconds since the epoch (D the nominal
segment length) and plays file n mod N of the loop; a playlist lists the last WINDOW segments
that have ended, so its media sequence moves on by one every D seconds. Each time the loop
starts again its timestamps restart, which is marked with EXT-X-DISCONTINUITY, and
EXT-X-DISCONTINUITY-SEQUENCE counts the restarts already gone from the window.

Both sequence numbers count from the segment a player started at, not from the epoch: the
stream's address is a multivariant playlist naming a media playlist that carries that segment
number (`since`), so a player meets numbers that grow only with its own viewing time. Counted
from the epoch, the discontinuity sequence would be in the hundreds of millions, and hls.js
keeps a sparse array indexed by it that it walks whole (`Array.prototype.some`, `slice`) on
every playlist reload and every new discontinuity: the page's main thread is blocked each
time, Media Source Extensions get no data, and playback never starts.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass, replace
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
    # Peak bit rate of a segment (bits per second), for the multivariant playlist's BANDWIDTH;
    # read_loop measures it from the files (0 for a loop parsed from text alone).
    bandwidth: int = 0


class LoopError(ValueError):
    """The loop on disk is missing or unreadable."""


class NotYetAired(LookupError):
    """A media playlist asked from a segment that has not ended yet (a forged address)."""


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
            if not pending > 0:
                raise LoopError(f"{code}: a segment without duration ({line!r})")
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
    # A segment file missing is a damaged loop too (OSError): better refused here than 404s
    # in the middle of playback.
    peak = max(os.stat(path.parent / name).st_size * 8 / duration
               for name, duration in zip(loop.files, loop.durations, strict=True))
    loop = replace(loop, bandwidth=math.ceil(peak))
    _loops[str(path)] = (mtime, loop)
    return loop


def _iso(moment: float) -> str:
    stamp = dt.datetime.fromtimestamp(moment, tz=dt.UTC)
    return stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def newest_ended(loop: Loop, now: float) -> int:
    """The number of the last segment that has ended by `now` (seconds since the epoch)."""
    return math.floor(now / loop.segment_seconds) - 1


def session_start(loop: Loop, now: float, window: int = WINDOW) -> int:
    """The segment a player arriving at `now` starts its numbering from: the first listed."""
    return max(0, newest_ended(loop, now) + 1 - window)


def master_playlist(loop: Loop, media_uri: str) -> str:
    """The stream's address: one variant, the media playlist numbered for this player."""
    return "\n".join([
        "#EXTM3U",
        "#EXT-X-VERSION:3",
        f"#EXT-X-STREAM-INF:BANDWIDTH={loop.bandwidth}",
        media_uri,
    ]) + "\n"


def _restarts(count: int, after: int, up_to: int) -> int:
    """Loop restarts (segment numbers that are multiples of `count`) in (after, up_to]."""
    return max(0, up_to // count - after // count)


def live_playlist(loop: Loop, now: float, *, since: int, window: int = WINDOW) -> str:
    """The live media playlist at wall-clock time `now` for a player that started at segment
    `since`: its media and discontinuity sequences count from there.

    Raises NotYetAired when `since` has not ended yet. A `since` after the usual window start
    (given by a server whose clock is slightly ahead) shortens the window instead.
    """
    count = len(loop.files)
    length = loop.segment_seconds
    newest = newest_ended(loop, now)
    if since > newest:
        raise NotYetAired(f"{loop.code}: segment {since} has not ended yet")
    first = max(since, newest + 1 - window)
    target = max(math.ceil(max(loop.durations)), math.ceil(length))
    lines = [
        "#EXTM3U",
        "#EXT-X-VERSION:3",
        f"#EXT-X-TARGETDURATION:{target}",
        f"#EXT-X-MEDIA-SEQUENCE:{first - since}",
        # Restarts since the player's first segment and before this window.
        f"#EXT-X-DISCONTINUITY-SEQUENCE:{_restarts(count, since, first - 1)}",
    ]
    for number in range(first, newest + 1):
        index = number % count
        if index == 0 and number > since:
            lines.append("#EXT-X-DISCONTINUITY")
        lines.append(f"#EXT-X-PROGRAM-DATE-TIME:{_iso(number * length)}")
        lines.append(f"#EXTINF:{loop.durations[index]:.3f},")
        lines.append(segment_url(loop.code, loop.files[index]))
    return "\n".join(lines) + "\n"


def seconds_to_next_segment(loop: Loop, now: float) -> float:
    """How long the playlist at `now` stays current."""
    length = loop.segment_seconds
    return length - (now % length)
