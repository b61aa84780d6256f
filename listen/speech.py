"""Speech engines behind one small interface: text in, a WAV file out.

espeak-ng (Debian's package) is the offline default; Piper reads with a neural voice a station
installs itself (the `piper` program and a model per language). LISTEN_ENGINE chooses one.
An engine knows which languages it has a voice for: an article in another language (Khmer has
no espeak-ng voice) gets no generated audio. A missing program or a failed run is a
`SpeechError` whose message is meant for the editor; nothing pretends to have succeeded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Protocol, runtime_checkable

from django.utils.translation import gettext_lazy as _

from listen.conf import conf


class SpeechError(Exception):
    """Speech could not be made; `message` is shown to the editor, `detail` goes to the log."""

    def __init__(self, message, detail: str = "") -> None:
        super().__init__(str(message))
        self.message = message
        self.detail = detail


@runtime_checkable
class SpeechEngine(Protocol):
    """What the audio task needs from an engine."""

    name: str

    @property
    def languages(self) -> frozenset[str]:
        """Language codes the engine has a voice for."""

    def voice(self, language: str) -> str:
        """The voice reading `language` (part of the audio cache key)."""

    def synthesize(self, text: str, language: str) -> Path:
        """A WAV file reading `text`; the caller deletes it."""


def _wav_path() -> Path:
    handle, name = tempfile.mkstemp(prefix="listen-", suffix=".wav")
    os.close(handle)
    return Path(name)


def _run(command: list[str], text: str, output: Path, program_label: str) -> Path:
    """Run an engine with `text` on its standard input; its WAV must come out non-empty."""
    program = shutil.which(command[0])
    if program is None:
        output.unlink(missing_ok=True)
        raise SpeechError(
            _("The speech program %(program)s is not installed on the server.")
            % {"program": program_label}, f"{command[0]} not found")
    try:
        done = subprocess.run([program, *command[1:]], input=text.encode("utf-8"),
                              capture_output=True, check=False,
                              timeout=float(conf.LISTEN_SYNTHESIS_TIMEOUT_SECONDS))
    except subprocess.TimeoutExpired as error:
        output.unlink(missing_ok=True)
        raise SpeechError(_("Reading the article took too long and was stopped."),
                          str(error)) from error
    if done.returncode != 0 or not output.is_file() or output.stat().st_size <= 44:
        output.unlink(missing_ok=True)
        detail = done.stderr.decode("utf-8", "replace").strip()[-500:]
        raise SpeechError(
            _("The speech program %(program)s failed: %(detail)s")
            % {"program": program_label, "detail": detail or f"exit {done.returncode}"},
            detail)
    return output


class EspeakEngine:
    """espeak-ng: robotic but offline, fast and in Debian."""

    name = "espeak-ng"

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(conf.LISTEN_ESPEAK_VOICES)

    def voice(self, language: str) -> str:
        return str(conf.LISTEN_ESPEAK_VOICES[language])

    def synthesize(self, text: str, language: str) -> Path:
        output = _wav_path()
        return _run([str(conf.LISTEN_ESPEAK_BINARY), "-v", self.voice(language),
                     "-s", str(int(conf.LISTEN_ESPEAK_SPEED)), "-w", str(output), "--stdin"],
                    text, output, "espeak-ng")


class PiperEngine:
    """Piper: a neural voice the station installs (program and model files)."""

    name = "piper"

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(conf.LISTEN_PIPER_MODELS)

    def voice(self, language: str) -> str:
        return Path(str(conf.LISTEN_PIPER_MODELS[language])).name

    def synthesize(self, text: str, language: str) -> Path:
        model = Path(str(conf.LISTEN_PIPER_MODELS[language]))
        if not model.is_file():
            raise SpeechError(_("The Piper voice model %(model)s is missing on the server.")
                              % {"model": str(model)}, f"{model} not found")
        output = _wav_path()
        return _run([str(conf.LISTEN_PIPER_BINARY), "--model", str(model),
                     "--output_file", str(output)], text, output, "piper")


ENGINES: dict[str, type] = {EspeakEngine.name: EspeakEngine, PiperEngine.name: PiperEngine}


def configured_engine() -> SpeechEngine | None:
    """The engine LISTEN_ENGINE names; None when generated audio is turned off."""
    name = str(conf.LISTEN_ENGINE or "")
    if not name:
        return None
    try:
        return ENGINES[name]()
    except KeyError as error:
        raise SpeechError(_("Unknown speech engine “%(name)s” in the settings.")
                          % {"name": name}, f"LISTEN_ENGINE={name!r}") from error
