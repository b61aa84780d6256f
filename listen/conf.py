"""Settings of the listen app with their defaults (core.conf.AppSettings)."""

from __future__ import annotations

from core.conf import AppSettings

conf = AppSettings({
    # The speech engine of generated audio: "espeak-ng" (Debian's, offline, the default),
    # "piper" (a station-installed neural voice, see LISTEN_PIPER_*) or "" for none (only
    # announcers' recordings are then played).
    "LISTEN_ENGINE": "espeak-ng",
    "LISTEN_ESPEAK_BINARY": "espeak-ng",
    # Article language -> espeak-ng voice. Sóc Trăng listens in the southern accent.
    "LISTEN_ESPEAK_VOICES": {"vi": "vi-vn-x-south"},
    # Words per minute (espeak-ng's default of 175 is hurried for news).
    "LISTEN_ESPEAK_SPEED": 150,
    "LISTEN_PIPER_BINARY": "piper",
    # Article language -> path of a Piper voice model (.onnx, its .onnx.json beside it).
    "LISTEN_PIPER_MODELS": {},
    # A speech engine run may take this long before it is stopped.
    "LISTEN_SYNTHESIS_TIMEOUT_SECONDS": 600,
    # Generated audio: small mono MP3 (speech needs little).
    "LISTEN_SPEECH_BITRATE": "32k",
    # Announcers' recordings: MP3 at this bitrate, mono.
    "LISTEN_RECORDING_BITRATE": "64k",
    # Largest recording upload; nginx lets the audio admin page take this much
    # (deploy/nginx/toasoan-site.conf).
    "LISTEN_MAX_UPLOAD_BYTES": 200 * 1024**2,
})
