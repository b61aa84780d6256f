"""Settings of the transcode app with their defaults (core.conf.AppSettings)."""

from __future__ import annotations

from core.conf import AppSettings

conf = AppSettings({
    # Largest episode upload accepted. Bigger uploads are cut off while they stream in
    # (transcode.uploads) and refused by the form; nginx's client_max_body_size for the episode
    # admin must be at least this (deploy/nginx/toasoan-site.conf).
    "TRANSCODE_MAX_UPLOAD_BYTES": 2 * 1024**3,
    "TRANSCODE_FFMPEG": "ffmpeg",
    "TRANSCODE_FFPROBE": "ffprobe",
    # One ffmpeg run may take this long before it is killed and the episode marked failed:
    # generous, as a two-hour 1080p programme takes a while on two cores.
    "TRANSCODE_TIMEOUT_SECONDS": 6 * 3600,
    "TRANSCODE_PROBE_TIMEOUT_SECONDS": 60,
    # Niceness of ffmpeg in the worker, so page rendering keeps the CPU it needs.
    "TRANSCODE_NICE": 10,
    # x264 preset: faster presets cost bandwidth, slower ones CPU time.
    "TRANSCODE_X264_PRESET": "veryfast",
    # A running transcode writes a heartbeat this often; one silent for TRANSCODE_STALL_SECONDS
    # is taken for a dead worker (killed, machine restarted) and started again by the
    # scheduler, at most TRANSCODE_MAX_ATTEMPTS runs per upload before it is marked failed.
    "TRANSCODE_HEARTBEAT_SECONDS": 30,
    "TRANSCODE_STALL_SECONDS": 300,
    "TRANSCODE_MAX_ATTEMPTS": 3,
    # ffmpeg threads (0 lets ffmpeg choose from the CPU count).
    "TRANSCODE_THREADS": 0,
})
