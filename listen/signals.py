"""Each publication of an article asks for its machine-voice audio; deleting audio removes its
recording files. Connected in ListenConfig.ready(): news knows nothing of audio.

The audio is keyed by the text it reads: a publication that leaves the words alone (a new
title, a new section) changes nothing; one that changes them marks the audio pending at once,
so readers never hear the old words, and queues the new reading.
"""

from __future__ import annotations

from django.db import transaction

from listen.models import ArticleAudio, AudioState
from listen.speech import SpeechError
from listen.tasks import (
    NoVoice,
    editor_message,
    generate_article_speech,
    plan_speech,
    remove_recordings,
)


def request_speech(article, *, again: bool = False) -> str:
    """Bring the article's generated audio in line with its published text; the state.

    `again` (the editor's "bring up to date" button) also restarts a reading left waiting or
    half-made, say by a worker that was stopped."""
    audio = ArticleAudio.objects.filter(pk=article.pk).first()
    try:
        plan = plan_speech(article)
    except SpeechError as error:
        state = AudioState.NO_VOICE if isinstance(error, NoVoice) else AudioState.FAILED
        fields = {"speech_key": "", "speech_state": state,
                  "speech_error": editor_message(error.message), "speech_path": "",
                  "speech_duration": None}
    else:
        if plan is None:
            if audio is None or not audio.speech_state:
                return ""
            fields = {"speech_key": "", "speech_state": "", "speech_error": "",
                      "speech_path": "", "speech_duration": None}
        elif (audio is not None and audio.speech_key == plan.key
              and audio.speech_state != AudioState.FAILED
              and not (again and audio.speech_state != AudioState.READY)):
            return audio.speech_state  # the same words: nothing to read again
        else:
            fields = {"speech_key": plan.key, "speech_state": AudioState.PENDING,
                      "speech_error": "", "speech_path": "", "speech_duration": None,
                      "speech_engine": plan.engine.name}
    audio = audio or ArticleAudio(article=article)
    for name, value in fields.items():
        setattr(audio, name, value)
    audio.save()
    if fields["speech_state"] == AudioState.PENDING:
        article_id, key = article.pk, fields["speech_key"]
        transaction.on_commit(lambda: generate_article_speech.enqueue(article_id, key))
    return fields["speech_state"]


def article_published(sender, instance, **kwargs) -> None:
    """Wagtail's `published` (news.signals stamps the dates on the same signal); a revision
    only scheduled for later leaves the article offline and its audio alone."""
    if instance.live:
        request_speech(instance)


def audio_deleted(sender, instance: ArticleAudio, **kwargs) -> None:
    article_id = instance.pk
    upload = instance.recording_upload

    def remove() -> None:
        remove_recordings(article_id)
        if upload:
            upload.delete(save=False)

    transaction.on_commit(remove)
