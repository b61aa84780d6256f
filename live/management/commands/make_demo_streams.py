"""`manage.py make_demo_streams`: encode, once, a short looping stream per demo channel.

Television: a generated test picture with the channel's name and a tone, H.264 baseline + AAC
(what every browser and hls.js play); radio: the tone alone, AAC. Each loop is cut into
fixed-length MPEG-TS segments under MEDIA_ROOT/live/<code>/, which live.streams then serves as
an endless live playlist. Nothing is encoded while the site serves them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from broadcast.models import Channel
from live import streams

SEGMENT_SECONDS = 2
DEFAULT_SECONDS = 12
STAMP = "source.json"
FONT_CANDIDATES = ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
                   "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"]
PICTURES = ["testsrc2", "smptebars"]
TONES = [440, 660, 523]


def local_playlist(code: str) -> str:
    """The address of a channel's demo stream on this site."""
    return reverse("live_stream:playlist", kwargs={"code": code})


def has_drawtext(ffmpeg: str) -> bool:
    listed = subprocess.run([ffmpeg, "-hide_banner", "-filters"], capture_output=True,
                            text=True, timeout=30).stdout
    return any(line.split()[1:2] == ["drawtext"] for line in listed.splitlines())


def font_file() -> str | None:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", "sans:bold"], capture_output=True,
                               text=True, timeout=30).stdout.strip()
        return found or None
    return None


# A test picture and a tone need little: 2-s segments of about 70 KB keep the demo cheap to
# serve and to fetch on a phone (a station's real stream sets its own bitrates).
VIDEO_BITRATE = "200k"
AUDIO_BITRATE = "64k"


def encode_command(ffmpeg: str, channel: Channel, seconds: int, number: int, work: Path,
                   label: Path | None, font: str | None) -> list[str]:
    """ffmpeg's arguments: the loop into `work`, segments cut at forced keyframes."""
    tone = TONES[number % len(TONES)]
    command = [ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin", "-y"]
    audio_in = f"sine=frequency={tone}:sample_rate=48000:duration={seconds}"
    if channel.kind == Channel.Kind.RADIO:
        command += ["-f", "lavfi", "-i", audio_in, "-vn"]
    else:
        picture = PICTURES[number % len(PICTURES)]
        command += ["-f", "lavfi", "-i", f"{picture}=size=640x360:rate=25:duration={seconds}",
                    "-f", "lavfi", "-i", audio_in]
        if label is not None and font is not None:
            # The name is read from a file: no escaping of the filter's own syntax needed.
            command += ["-vf", (f"drawtext=fontfile={font}"
                                f":textfile={label.resolve()}:fontsize=44:fontcolor=white"
                                ":box=1:boxcolor=black@0.6:boxborderw=14"
                                ":x=(w-text_w)/2:y=h-text_h-36")]
        keyframe_every = 25 * SEGMENT_SECONDS
        command += ["-c:v", "libx264", "-profile:v", "baseline", "-level", "3.0",
                    "-preset", "veryfast", "-pix_fmt", "yuv420p", "-b:v", VIDEO_BITRATE,
                    "-maxrate", VIDEO_BITRATE, "-bufsize", VIDEO_BITRATE,
                    "-g", str(keyframe_every), "-keyint_min", str(keyframe_every),
                    "-sc_threshold", "0",
                    "-force_key_frames", f"expr:gte(t,n_forced*{SEGMENT_SECONDS})"]
    command += ["-c:a", "aac", "-b:a", AUDIO_BITRATE, "-ac", "2",
                "-f", "hls", "-hls_time", str(SEGMENT_SECONDS), "-hls_list_size", "0",
                "-hls_playlist_type", "vod",
                "-hls_segment_filename", str(work / "seg%03d.ts"),
                str(work / streams.LOOP_PLAYLIST)]
    return command


class Command(BaseCommand):
    help = ("Encode a short looping demo stream for each channel whose live stream is this "
            "site's demo playlist (or for the channels named), once, with ffmpeg.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="*", help="channel codes (default: the channels "
                            "whose stream address is their demo playlist)")
        parser.add_argument("--seconds", type=int, default=DEFAULT_SECONDS,
                            help=f"length of each loop, a multiple of {SEGMENT_SECONDS}")
        parser.add_argument("--force", action="store_true", help="encode again even when done")

    def handle(self, *args, codes: list[str], seconds: int, force: bool, **options) -> None:
        if seconds < 2 * SEGMENT_SECONDS or seconds % SEGMENT_SECONDS:
            raise CommandError(f"--seconds must be a multiple of {SEGMENT_SECONDS}, at least "
                               f"{2 * SEGMENT_SECONDS} (got {seconds})")
        if codes:
            found = {channel.code: channel for channel in Channel.objects.filter(code__in=codes)}
            unknown = [code for code in codes if code not in found]
            if unknown:
                raise CommandError(f"no channel with code {', '.join(unknown)}")
            chosen = [found[code] for code in codes]
        else:
            chosen = [channel for channel in Channel.objects.all()
                      if channel.stream_url == local_playlist(channel.code)]
        if not chosen:
            self.stdout.write("No channel uses a demo stream: nothing to encode.")
            return
        ffmpeg = shutil.which("ffmpeg")
        if ffmpeg is None:
            self.stdout.write(self.style.WARNING(
                "ffmpeg not found: demo streams not made, the live pages will say the stream "
                "cannot be loaded (apt-get install ffmpeg, then run make_demo_streams)."))
            return
        drawtext = has_drawtext(ffmpeg)
        font = font_file() if drawtext else None
        if font is None:
            self.stdout.write("Without ffmpeg's drawtext or a font: pictures carry no name.")
        for number, channel in enumerate(chosen):
            self.make(ffmpeg, channel, seconds, number, font, force)

    def make(self, ffmpeg: str, channel: Channel, seconds: int, number: int, font: str | None,
             force: bool) -> None:
        target = streams.loop_dir(channel.code)
        wanted = {"kind": channel.kind, "name": channel.name, "seconds": seconds,
                  "segment_seconds": SEGMENT_SECONDS, "picture": font is not None,
                  "bitrates": [VIDEO_BITRATE, AUDIO_BITRATE]}
        stamp = target / STAMP
        done = (target / streams.LOOP_PLAYLIST).exists() and stamp.exists()
        if done and not force and json.loads(stamp.read_text(encoding="utf-8")) == wanted:
            self.stdout.write(f"{channel.code}: demo stream already made ({target}).")
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        # Encoded beside the target and swapped in whole: a reader never meets half a loop.
        work = Path(tempfile.mkdtemp(prefix=f".{channel.code}-", dir=target.parent))
        try:
            label = None
            if font is not None and channel.kind != Channel.Kind.RADIO:
                label = work / "label.txt"
                label.write_text(f"{channel.name} · DEMO", encoding="utf-8")
            result = subprocess.run(encode_command(ffmpeg, channel, seconds, number, work,
                                                   label, font),
                                    capture_output=True, text=True, timeout=600)
            if result.returncode != 0:
                raise CommandError(f"{channel.code}: ffmpeg failed: {result.stderr[-2000:]}")
            if label is not None:
                label.unlink()
            streams.parse_loop(channel.code,
                               (work / streams.LOOP_PLAYLIST).read_text(encoding="utf-8"))
            (work / STAMP).write_text(json.dumps(wanted, ensure_ascii=False), encoding="utf-8")
            if target.exists():
                old = target.with_name(f".{channel.code}-old")
                shutil.rmtree(old, ignore_errors=True)
                target.rename(old)
                shutil.rmtree(old, ignore_errors=True)
            work.chmod(0o755)  # mkdtemp's 0700 would hide the segments from nginx
            work.rename(target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        self.stdout.write(self.style.SUCCESS(
            f"{channel.code}: {seconds} s demo stream made in {target}."))
