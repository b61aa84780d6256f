"""ffprobe and ffmpeg: what an uploaded file holds, and its HLS renditions, poster and file.

Nothing here touches the database. Every run has a timeout and runs under `nice`; an
error becomes a `MediaError` whose message is meant for the editor (Vietnamese through
gettext), with ffmpeg's own last lines kept in `detail` for the log.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from transcode.conf import conf

# Video renditions (height, video bitrate): each at most the source's height.
VIDEO_LADDER = ((360, "800k"), (720, "2800k"))
PROGRESSIVE_HEIGHT = 720
AUDIO_BITRATE = "128k"
HLS_SEGMENT_SECONDS = 6
# Containers ffprobe reads from a single picture: a still image is not an episode.
STILL_IMAGE_FORMATS = {"image2", "png_pipe", "jpeg_pipe", "gif", "webp_pipe", "bmp_pipe",
                       "tiff_pipe", "svg_pipe"}


# What the editor reads when processing stopped for a reason other than the file itself.
SERVER_ERROR = _("Processing stopped because of a server error; upload the file again.")


class MediaError(Exception):
    """A file that cannot become an episode; `message` is shown to the editor."""

    def __init__(self, message, detail: str = "") -> None:
        super().__init__(str(message))
        self.message = message
        self.detail = detail


@dataclass(frozen=True)
class Probe:
    """What ffprobe found: the duration and the first video and audio streams."""

    duration: float
    has_video: bool
    has_audio: bool
    width: int = 0
    height: int = 0

    @property
    def kind(self) -> str:
        return "video" if self.has_video else "audio"


@dataclass(frozen=True)
class Outputs:
    """Output paths relative to the output folder, and the progressive file's size."""

    kind: str
    duration: float
    hls_playlist: str
    progressive: str
    progressive_bytes: int
    poster: str = ""


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess:
    """Run a tool under `nice` with a timeout; a missing tool or a timeout is a MediaError."""
    tool = shutil.which(args[0])
    if tool is None:
        raise MediaError(_("The media tools (ffmpeg) are not installed on the server."),
                         f"{args[0]} not found")
    command = [tool, *args[1:]]
    if shutil.which("nice") is not None:
        command = ["nice", "-n", str(int(conf.TRANSCODE_NICE)), *command]
    try:
        return subprocess.run(command, capture_output=True, timeout=timeout, check=False,
                              stdin=subprocess.DEVNULL)
    except FileNotFoundError as error:
        raise MediaError(_("The media tools (ffmpeg) are not installed on the server."),
                         str(error)) from error
    except subprocess.TimeoutExpired as error:
        raise MediaError(_("Processing took too long and was stopped."),
                         f"timeout after {timeout} s") from error


def _tail(stderr: bytes, lines: int = 8) -> str:
    return "\n".join(stderr.decode("utf-8", "replace").strip().splitlines()[-lines:])


def probe(path: Path) -> Probe:
    """Duration and streams of `path` (ffprobe's JSON output)."""
    done = _run([conf.TRANSCODE_FFPROBE, "-v", "error", "-print_format", "json",
                 "-show_format", "-show_streams", str(path)],
                timeout=float(conf.TRANSCODE_PROBE_TIMEOUT_SECONDS))
    corrupt = _("The file is damaged or is not a video or audio file.")
    if done.returncode != 0:
        raise MediaError(corrupt, _tail(done.stderr))
    try:
        data = json.loads(done.stdout or b"{}")
    except ValueError as error:
        raise MediaError(corrupt, "ffprobe printed no JSON") from error
    fmt = data.get("format") or {}
    streams = data.get("streams") or []
    if fmt.get("format_name") in STILL_IMAGE_FORMATS:
        raise MediaError(corrupt, f"still image ({fmt.get('format_name')})")
    video = next((s for s in streams if s.get("codec_type") == "video"
                  and not (s.get("disposition") or {}).get("attached_pic")), None)
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    if video is None and audio is None:
        raise MediaError(corrupt, "no audio or video stream")
    try:
        duration = float(fmt.get("duration") or (video or audio).get("duration") or "nan")
    except ValueError:
        duration = math.nan
    if not math.isfinite(duration) or duration <= 0:
        raise MediaError(corrupt, "no duration")
    return Probe(duration=duration, has_video=video is not None, has_audio=audio is not None,
                 width=int((video or {}).get("width") or 0),
                 height=int((video or {}).get("height") or 0))


def _even(value: int) -> int:
    return max(2, value - value % 2)


def _encode(args: list[str]) -> None:
    done = _run([conf.TRANSCODE_FFMPEG, "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
                 *args], timeout=float(conf.TRANSCODE_TIMEOUT_SECONDS))
    if done.returncode != 0:
        raise MediaError(_("The file is damaged or is not a video or audio file."),
                         _tail(done.stderr))


def _h264() -> list[str]:
    """H.264 main profile, a keyframe at every segment boundary so renditions switch cleanly."""
    return ["-c:v", "libx264", "-preset", str(conf.TRANSCODE_X264_PRESET), "-profile:v", "main",
            "-pix_fmt", "yuv420p",
            "-force_key_frames", f"expr:gte(t,n_forced*{HLS_SEGMENT_SECONDS})",
            "-sc_threshold", "0"]


def _threads() -> list[str]:
    return ["-threads", str(int(conf.TRANSCODE_THREADS))]


def transcode_video(source: Path, out: Path, info: Probe) -> Outputs:
    """HLS renditions with a master playlist, a 720p (at most) MP4 and a poster JPEG."""
    # One encode for every rendition (a split filter graph feeding one encoder each).
    source_height = _even(info.height or PROGRESSIVE_HEIGHT)
    ladder = [(_even(min(height, source_height)), rate) for height, rate in VIDEO_LADDER]
    ladder = [rung for index, rung in enumerate(ladder)
              if index == 0 or rung[0] > ladder[index - 1][0]]
    audio_map = ["-map", "0:a:0"] if info.has_audio else []
    split = ";".join(f"[v{i}]scale=-2:{height}[o{i}]" for i, (height, _r) in enumerate(ladder))
    graph = f"[0:v:0]split={len(ladder)}" + "".join(f"[v{i}]" for i in range(len(ladder)))
    args = ["-i", str(source), *_threads(), "-filter_complex", f"{graph};{split}"]
    for index, (_height, rate) in enumerate(ladder):
        args += ["-map", f"[o{index}]", *audio_map]
        args += [f"-b:v:{index}", rate, f"-maxrate:v:{index}", rate, f"-bufsize:v:{index}", rate]
    args += _h264()
    if info.has_audio:
        args += ["-c:a", "aac", "-b:a", AUDIO_BITRATE, "-ac", "2"]
    stream_map = " ".join(f"v:{i},a:{i}" if info.has_audio else f"v:{i}"
                          for i in range(len(ladder)))
    args += ["-f", "hls", "-hls_time", str(HLS_SEGMENT_SECONDS), "-hls_playlist_type", "vod",
             "-hls_segment_filename", str(out / "v%v" / "seg%04d.ts"),
             "-master_pl_name", "master.m3u8", "-var_stream_map", stream_map,
             str(out / "v%v" / "index.m3u8")]
    _encode(args)

    # The progressive MP4 is the top rendition's segments copied into one file: no second
    # encode, the same picture as the HLS players get.
    top = len(ladder) - 1
    _encode(["-i", str(out / f"v{top}" / "index.m3u8"), "-map", "0:v:0",
             *(["-map", "0:a:0"] if info.has_audio else []), "-c", "copy",
             *(["-bsf:a", "aac_adtstoasc"] if info.has_audio else []),
             "-movflags", "+faststart", str(out / "video.mp4")])
    mp4_height = ladder[top][0]

    at = f"{info.duration * 0.1:.3f}"
    _encode(["-ss", at, "-i", str(source), "-map", "0:v:0", "-frames:v", "1",
             "-vf", f"scale=-2:{mp4_height}", "-q:v", "3", str(out / "poster.jpg")])
    if not (out / "poster.jpg").is_file():
        raise MediaError(_("The file is damaged or is not a video or audio file."),
                         "no poster frame")
    return Outputs(kind="video", duration=info.duration, hls_playlist="master.m3u8",
                   progressive="video.mp4",
                   progressive_bytes=(out / "video.mp4").stat().st_size, poster="poster.jpg")


def transcode_audio(source: Path, out: Path, info: Probe) -> Outputs:
    """AAC HLS (one rendition: its playlist is the one players load) and an MP3 for podcasts."""
    (out / "a").mkdir()
    _encode(["-i", str(source), *_threads(), "-map", "0:a:0", "-vn",
             "-c:a", "aac", "-b:a", AUDIO_BITRATE, "-ac", "2",
             "-f", "hls", "-hls_time", "10", "-hls_playlist_type", "vod",
             "-hls_segment_filename", str(out / "a" / "seg%04d.ts"), str(out / "a" / "index.m3u8"),
             "-map", "0:a:0", "-vn", "-c:a", "libmp3lame", "-b:a", AUDIO_BITRATE,
             "-id3v2_version", "3", str(out / "audio.mp3")])
    return Outputs(kind="audio", duration=info.duration, hls_playlist="a/index.m3u8",
                   progressive="audio.mp3",
                   progressive_bytes=(out / "audio.mp3").stat().st_size)


def transcode(source: Path, out: Path) -> Outputs:
    """Probe `source` and write every output into the empty folder `out`."""
    info = probe(source)
    outputs = transcode_video(source, out, info) if info.has_video else transcode_audio(
        source, out, info)
    check = probe(out / outputs.progressive)
    if abs(check.duration - info.duration) > max(1.0, info.duration * 0.02):
        raise MediaError(_("The file is damaged or is not a video or audio file."),
                         f"output lasts {check.duration:.2f} s, source {info.duration:.2f} s")
    return outputs


def encode_voice_mp3(source: Path, dest: Path, bitrate: str) -> Probe:
    """The first audio stream of `source` as a mono MP3 (a voice reading an article)."""
    _encode(["-i", str(source), *_threads(), "-map", "0:a:0", "-vn", "-ac", "1",
             "-c:a", "libmp3lame", "-b:a", bitrate, "-id3v2_version", "3", "-f", "mp3",
             str(dest)])
    return probe(dest)
