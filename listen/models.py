"""The audio version of an article: an announcer's recording, or speech made from its text.

One row per article that has (or is getting) audio. Both kinds keep their own state, so an
editor sees why one failed; readers get the recording when it is ready, else the generated
audio when it is ready and reads the published text (`speech_key` is the key of the text the
article has now: while its audio is being made again the old file is not shown).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class AudioState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    PROCESSING = "processing", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Error")
    NO_VOICE = "no_voice", _("No voice for this language")


class ArticleAudio(models.Model):
    article = models.OneToOneField(
        "news.Article", verbose_name=_("article"), on_delete=models.CASCADE,
        primary_key=True, related_name="audio",
    )
    # The announcer's recording: the upload as sent, and the MP3 made from it.
    recording_upload = models.FileField(_("recording"), upload_to="listen/uploads/%Y/%m/",
                                        blank=True, max_length=255)
    announcer = models.CharField(_("announcer"), max_length=150, blank=True)
    recording_state = models.CharField(_("recording state"), max_length=16,
                                       choices=AudioState.choices, blank=True)
    recording_error = models.TextField(_("recording error"), blank=True)
    recording_path = models.CharField(max_length=255, blank=True, editable=False)
    recording_duration = models.FloatField(null=True, blank=True, editable=False)
    # Generated speech: the key of the text to read (engine, voice, words) and its audio.
    speech_key = models.CharField(max_length=64, blank=True, editable=False)
    speech_engine = models.CharField(_("speech engine"), max_length=40, blank=True)
    speech_state = models.CharField(_("machine voice state"), max_length=16,
                                    choices=AudioState.choices, blank=True)
    speech_error = models.TextField(_("machine voice error"), blank=True)
    speech_path = models.CharField(max_length=255, blank=True, editable=False)
    speech_duration = models.FloatField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("article audio")
        verbose_name_plural = _("article audio")

    def __str__(self) -> str:
        return str(self.article)

    def playable(self) -> PlayableAudio | None:
        """What readers hear: the recording first, else the machine voice; None if neither
        is ready."""
        if self.recording_state == AudioState.READY and self.recording_path:
            return PlayableAudio(self.recording_path, self.recording_duration or 0.0,
                                 machine=False, announcer=self.announcer)
        if self.speech_state == AudioState.READY and self.speech_path:
            return PlayableAudio(self.speech_path, self.speech_duration or 0.0, machine=True)
        return None


class PlayableAudio:
    """A ready audio file as the player and the JSON-LD describe it."""

    encoding_format = "audio/mpeg"

    def __init__(self, path: str, duration: float, *, machine: bool,
                 announcer: str = "") -> None:
        self.path = path
        self.duration = duration
        self.machine = machine
        self.announcer = announcer

    @property
    def label(self) -> str:
        """Who reads: the machine voice is always said to be one."""
        if self.machine:
            return gettext("Machine voice")
        return gettext("Announcer: %(name)s") % {"name": self.announcer}

    @property
    def url(self) -> str:
        return settings.MEDIA_URL + self.path

    @property
    def iso_duration(self) -> str:
        """ISO 8601 duration (schema.org's `duration`), to the second."""
        minutes, seconds = divmod(max(1, round(self.duration)), 60)
        return f"PT{minutes}M{seconds}S" if minutes else f"PT{seconds}S"

    @property
    def clock(self) -> str:
        """m:ss, as players print a length."""
        minutes, seconds = divmod(max(1, round(self.duration)), 60)
        return f"{minutes}:{seconds:02d}"
