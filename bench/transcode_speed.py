#!/usr/bin/env python3
"""`make bench-transcode`: how long the episode transcode takes per minute of 720p input.

Not a test, a figure. Generates a 60-s 1280×720 25 fps clip (ffmpeg's testsrc2 pattern with
moving grain, so the encoder has detail to work on, and a tone), then runs the same transcode
as the worker (transcode.media.transcode: probe, two HLS renditions 360p/720p, the 720p MP4,
the poster, the check of the result) under the worker's `nice`. Prints seconds per minute of
input and the speed relative to real time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_TRANSCODE_SECONDS", "60"))


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toasoan.settings.dev")
    import django

    django.setup()
    from transcode.conf import conf
    from transcode.media import transcode

    with tempfile.TemporaryDirectory(prefix="toasoan-bench-") as scratch:
        source = Path(scratch) / "input.mp4"
        subprocess.run(
            ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
             "-f", "lavfi", "-i", f"testsrc2=size=1280x720:rate=25:duration={SECONDS}",
             "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={SECONDS}",
             "-vf", "noise=alls=12:allf=t", "-c:v", "libx264", "-preset", "veryfast",
             "-b:v", "5M", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(source)],
            check=True)
        out = Path(scratch) / "out"
        out.mkdir()
        started = time.monotonic()
        outputs = transcode(source, out)
        elapsed = time.monotonic() - started
    per_minute = elapsed / (outputs.duration / 60)
    print(f"input: {outputs.duration:.1f} s of 1280x720 25 fps H.264 + AAC")
    print(f"x264 preset {conf.TRANSCODE_X264_PRESET}, nice {conf.TRANSCODE_NICE}, "
          f"{os.cpu_count()} CPUs")
    print(f"transcode: {elapsed:.1f} s → {per_minute:.1f} s per minute of input "
          f"({outputs.duration / elapsed:.2f}× real time)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
