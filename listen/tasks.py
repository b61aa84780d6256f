"""Making an article's audio in the background (django-tasks, run by `manage.py db_worker`).

Generated speech is stored by its cache key (listen/speech/<key>.mp3): text read once by a
voice is never read again, whichever article asks. A recording becomes
listen/recordings/<article>/<version>.mp3. Files are written under a hidden name and renamed
when complete, and each run writes its result only if the row still asks for what it made
(the same text key, the same upload), under a row lock: a newer edit always wins.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from core.editions import edition_of
from listen.conf import conf
from listen.models import ArticleAudio, AudioState
from listen.speech import SpeechEngine, SpeechError, configured_engine
from listen.text import speech_key, spoken_text
from news.models import Article
from transcode.media import SERVER_ERROR, MediaError, encode_voice_mp3, probe

logger = logging.getLogger(__name__)

SPEECH_DIR = "listen/speech"
RECORDINGS_DIR = "listen/recordings"


def editor_message(message) -> str:
    """The editor's message in Vietnamese, whatever language the worker runs in."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)


def media_path(relative: str) -> Path:
    return Path(settings.MEDIA_ROOT) / relative


def speech_relative_path(key: str) -> str:
    return f"{SPEECH_DIR}/{key[:2]}/{key}.mp3"


def _encode_into(source: Path, relative: str, bitrate: str) -> float:
    """Encode `source` to MEDIA_ROOT/`relative` (renamed into place when whole); its duration."""
    final = media_path(relative)
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = final.with_name(f".tmp-{uuid.uuid4().hex}.mp3")
    try:
        info = encode_voice_mp3(source, staging, bitrate)
        staging.replace(final)
    finally:
        staging.unlink(missing_ok=True)
    return info.duration


def _finish(article_id: int, match: dict, **fields) -> bool:
    """Write a run's result when the row still asks for it; a real save purges the pages."""
    with transaction.atomic():
        audio = ArticleAudio.objects.select_for_update().filter(
            pk=article_id, **match).first()
        if audio is None:
            return False
        for name, value in fields.items():
            setattr(audio, name, value)
        audio.save()
    return True


class NoVoice(SpeechError):
    """The engine has no voice for the article's language: no audio, and no fault either."""


@dataclass(frozen=True)
class SpeechPlan:
    """What the machine voice would read for an article, and the key of that audio."""

    engine: SpeechEngine
    language: str
    text: str
    key: str


def plan_speech(article) -> SpeechPlan | None:
    """The engine, language, words and cache key for `article`; None when generated audio is
    turned off. Raises NoVoice for a language without a voice, SpeechError for no text."""
    engine = configured_engine()
    if engine is None:
        return None
    language = edition_of(article)
    if language not in engine.languages:
        raise NoVoice(_("The speech engine %(engine)s has no voice for this article's "
                        "language (%(language)s).") % {"engine": engine.name,
                                                      "language": language},
                      f"no {language} voice")
    text = spoken_text(article)
    if not text:
        raise SpeechError(_("The article has no text to read."), "empty text")
    return SpeechPlan(engine, language, text,
                      speech_key(text, engine.name, engine.voice(language)))


def make_speech(article_id: int, key: str) -> str:
    """Read the article's text aloud for the key it was queued with; returns the state."""
    claimed = ArticleAudio.objects.filter(
        pk=article_id, speech_key=key, speech_state=AudioState.PENDING,
    ).update(speech_state=AudioState.PROCESSING, speech_error="")
    if not claimed:
        return "stale"
    match = {"speech_key": key}
    try:
        plan = plan_speech(Article.objects.get(pk=article_id))
        if plan is None or plan.key != key:
            # Published again (or the settings changed) since: that publication queues its own
            # run, or turned generated audio off.
            _finish(article_id, match, speech_state=AudioState.PENDING if plan else "")
            return "stale"
        relative = speech_relative_path(key)
        if media_path(relative).is_file():
            duration = probe(media_path(relative)).duration
        else:
            wav = plan.engine.synthesize(plan.text, plan.language)
            try:
                duration = _encode_into(wav, relative, str(conf.LISTEN_SPEECH_BITRATE))
            finally:
                wav.unlink(missing_ok=True)
    except (SpeechError, MediaError) as error:
        logger.warning("Article %s speech: %s (%s)", article_id, error.message, error.detail)
        state = AudioState.NO_VOICE if isinstance(error, NoVoice) else AudioState.FAILED
        _finish(article_id, match, speech_state=state,
                speech_error=editor_message(error.message), speech_path="",
                speech_duration=None)
        return state
    except BaseException:
        _finish(article_id, match, speech_state=AudioState.FAILED,
                speech_error=editor_message(SERVER_ERROR), speech_path="", speech_duration=None)
        raise
    _finish(article_id, match, speech_state=AudioState.READY, speech_error="",
            speech_engine=plan.engine.name, speech_path=relative,
            speech_duration=round(duration, 3))
    return AudioState.READY


def encode_recording(article_id: int, upload_name: str) -> str:
    """Turn an announcer's upload into the MP3 readers get; returns the state."""
    claimed = ArticleAudio.objects.filter(
        pk=article_id, recording_upload=upload_name, recording_state=AudioState.PENDING,
    ).update(recording_state=AudioState.PROCESSING, recording_error="")
    if not upload_name or not claimed:
        return "stale"
    match = {"recording_upload": upload_name}
    relative = f"{RECORDINGS_DIR}/{article_id}/{uuid.uuid4().hex[:12]}.mp3"
    try:
        duration = _encode_into(media_path(upload_name), relative,
                                str(conf.LISTEN_RECORDING_BITRATE))
    except MediaError as error:
        logger.warning("Article %s recording: %s (%s)", article_id, error.message, error.detail)
        _finish(article_id, match, recording_state=AudioState.FAILED,
                recording_error=editor_message(error.message), recording_path="",
                recording_duration=None)
        return AudioState.FAILED
    except BaseException:
        _finish(article_id, match, recording_state=AudioState.FAILED,
                recording_error=editor_message(SERVER_ERROR), recording_path="",
                recording_duration=None)
        raise
    if not _finish(article_id, match, recording_state=AudioState.READY, recording_error="",
                   recording_path=relative, recording_duration=round(duration, 3)):
        media_path(relative).unlink(missing_ok=True)
        return "stale"
    remove_recordings(article_id, keep=relative)
    return AudioState.READY


def remove_recordings(article_id: int, keep: str = "") -> None:
    """Delete an article's encoded recordings except `keep`."""
    folder = media_path(f"{RECORDINGS_DIR}/{article_id}")
    if folder.is_dir():
        for entry in folder.iterdir():
            if entry.is_file() and f"{RECORDINGS_DIR}/{article_id}/{entry.name}" != keep:
                entry.unlink(missing_ok=True)


@task()
def generate_article_speech(article_id: int, key: str) -> str:
    """The worker's entry point for generated audio; never run inside a request."""
    return make_speech(article_id, key)


@task()
def encode_article_recording(article_id: int, upload_name: str) -> str:
    """The worker's entry point for an announcer's upload."""
    return encode_recording(article_id, upload_name)
