"""Short test clips made by ffmpeg (testsrc pictures, a sine tone), shared by the tests."""

from __future__ import annotations

import subprocess
from pathlib import Path


def make_clip(path: Path, *, video: bool = True, seconds: float = 3, size: str = "1280x720",
              rate: int = 25) -> Path:
    """An H.264/AAC MP4 (video) or an MP3-less WAV tone (audio) lasting `seconds`."""
    tone = ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=44100:duration={seconds}"]
    if video:
        args = ["-f", "lavfi", "-i", f"testsrc=size={size}:rate={rate}:duration={seconds}",
                *tone, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-shortest"]
    else:
        args = tone
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *args,
                    str(path)], check=True, timeout=120)
    return path


def probe_duration(path: Path) -> float:
    done = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                           "-of", "default=nw=1:nk=1", str(path)],
                          capture_output=True, check=True, text=True, timeout=60)
    return float(done.stdout.strip())
