"""Channels (STV1, STV2, radio), programmes and their episodes on demand, and embedded clips.

The live pages (app `live`), the broadcast schedule (app `schedule`) and the transcoding of
uploaded episodes (app `transcode`) build on these models.
"""

from __future__ import annotations

import uuid

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PublishingPanel
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

from broadcast.forms import EpisodeForm
from core.embed_policy import check_embed_url
from core.vietnamese import fold, slugify_vi
from core.visibility import VisibleQuerySet


class MediaKind(models.TextChoices):
    VIDEO = "video", _("Video")
    AUDIO = "audio", _("Audio")


class Channel(models.Model):
    """A television or radio channel with its live stream and its broadcast schedule."""

    class Kind(models.TextChoices):
        TELEVISION = "tv", _("Television")
        RADIO = "radio", _("Radio")

    code = models.SlugField(_("code"), max_length=20, unique=True,
                            help_text=_("Part of the address: /truc-tuyen/stv1/."))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices,
                            default=Kind.TELEVISION)
    stream_url = models.CharField(
        _("live stream (HLS) address"), max_length=500, blank=True,
        help_text=_("The channel's HLS playlist (.m3u8): a full URL, or a path on this site."),
    )
    on_air = models.BooleanField(
        _("on air"), default=True,
        help_text=_("Off air, the live page says so instead of showing a player."),
    )
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="vi")
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """A programme (Thời sự, Nông nghiệp, a radio magazine) and its episodes on demand."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.PROTECT,
                                related_name="programmes")
    kind = models.CharField(_("kind"), max_length=10, choices=MediaKind.choices,
                            default=MediaKind.VIDEO)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="vi")
    name_km = models.CharField(
        _("name in Khmer"), max_length=200, blank=True,
        help_text=_("Shown in the Khmer edition; the name above when empty."),
    )
    code = models.CharField(
        _("programme code"), max_length=50, blank=True,
        help_text=_("The code schedulers use in their spreadsheets, e.g. TS-TOI."),
    )
    cover = models.ForeignKey("wagtailimages.Image", verbose_name=_("cover image"), null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    # Podcasting 2.0 <podcast:guid>: fixed once, so a feed keeps its identity if it moves.
    podcast_guid = models.UUIDField(default=uuid.uuid4, editable=False)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("broadcast:programme", kwargs={"slug": self.slug})

    def title_for(self, language_code: str | None) -> str:
        """The name readers of the edition `language_code` see."""
        return title_in(language_code, self.name, self.name_km)


def title_in(language_code: str | None, title: str, title_km: str) -> str:
    """The Khmer title in the Khmer edition when there is one, else the title as written."""
    if (language_code or "").split("-")[0] == "km" and title_km:
        return title_km
    return title


class MediaNotReady(Exception):
    """Publishing an episode whose media is not ready: readers would get a page without a
    player. Raised by `Episode.publish`, the one path every publish takes (admin, scheduler,
    `revision.publish()`)."""


# Fields that describe the processed media of an episode as a whole, not one revision of its
# text: publishing or reverting to an older revision keeps them as they are in the database.
MEDIA_FIELDS = ("source_file", "media_state", "media_error", "media_kind", "duration_seconds",
                "hls_playlist", "poster_path", "audio_path", "audio_bytes", "video_path",
                "video_bytes", "processed_at", "media_run", "media_heartbeat", "media_attempts")


class Episode(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """One broadcast of a programme, on demand from an uploaded video or audio file.

    The upload is probed and transcoded in the background (app `transcode`): HLS renditions,
    a poster and, for audio, an MP3. Readers see an episode like any published item
    (core.visibility); it can be published only once its media is ready.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        PROCESSING = "processing", _("processing")
        READY = "ready", _("done")
        FAILED = "failed", _("failed")

    programme = models.ForeignKey(Programme, verbose_name=_("programme"),
                                  on_delete=models.PROTECT, related_name="episodes")
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    source_file = models.FileField(_("video or audio file"), upload_to="episodes/source/%Y/%m/",
                                   blank=True)
    media_state = models.CharField(_("media"), max_length=12, choices=State.choices,
                                   default=State.PENDING, editable=False)
    media_error = models.TextField(_("media error"), blank=True, editable=False)
    media_kind = models.CharField(_("media kind"), max_length=10, choices=MediaKind.choices,
                                  blank=True, editable=False)
    duration_seconds = models.FloatField(_("duration (seconds)"), null=True, blank=True,
                                         editable=False)
    # Outputs, as paths under MEDIA_ROOT: the HLS master playlist, the poster, the MP3 (audio)
    # or the progressive MP4 (video) every browser plays without an HLS library.
    hls_playlist = models.CharField(max_length=300, blank=True, editable=False)
    poster_path = models.CharField(max_length=300, blank=True, editable=False)
    audio_path = models.CharField(max_length=300, blank=True, editable=False)
    audio_bytes = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    video_path = models.CharField(max_length=300, blank=True, editable=False)
    video_bytes = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    processed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The worker run that owns the processing (a token), when it last said it was alive, and how
    # many runs were started for this upload: a run whose worker died is started again
    # (transcode.recovery) until the attempts run out.
    media_run = models.CharField(max_length=32, blank=True, editable=False)
    media_heartbeat = models.DateTimeField(null=True, blank=True, editable=False)
    media_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    # Title and description folded (core.vietnamese.fold) for the site search's episode group.
    search_text = models.TextField(blank=True, editable=False)

    revisions = GenericRelation(
        "wagtailcore.Revision", content_type_field="base_content_type",
        object_id_field="object_id", related_query_name="episode", for_concrete_model=False,
    )

    objects = VisibleQuerySet.as_manager()

    panels = [FieldPanel("programme"), FieldPanel("title"), FieldPanel("description"),
              FieldPanel("source_file"),
              FieldPanel("media_state", read_only=True), FieldPanel("media_error", read_only=True),
              FieldPanel("published_at"), PublishingPanel()]
    base_form_class = EpisodeForm
    search_fields = [index.SearchField("title", boost=2), index.SearchField("description"),
                     index.AutocompleteField("title"), index.FilterField("live")]

    class Meta:
        verbose_name = _("episode")
        verbose_name_plural = _("episodes")
        indexes = [
            models.Index(fields=["programme", "-published_at", "-id"], condition=Q(live=True),
                         name="episode_programme_listing"),
            models.Index(fields=["-published_at", "-id"], condition=Q(live=True),
                         name="episode_listing"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify_vi(self.title, max_length=120) or "tap"
        self.search_text = fold(f"{self.title}\n{self.description}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "description"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def media_ready(self) -> bool:
        return self.media_state == self.State.READY

    @property
    def is_video(self) -> bool:
        return self.media_kind == MediaKind.VIDEO

    def media_url(self, path: str) -> str:
        """The public address of an output path under MEDIA_ROOT."""
        from django.conf import settings

        return f"{settings.MEDIA_URL}{path}" if path else ""

    @property
    def hls_url(self) -> str:
        return self.media_url(self.hls_playlist)

    @property
    def poster_url(self) -> str:
        return self.media_url(self.poster_path)

    @property
    def file_url(self) -> str:
        """The progressive file: the MP4 of a video, the MP3 of an audio episode."""
        return self.media_url(self.video_path if self.is_video else self.audio_path)

    @property
    def duration_iso(self) -> str:
        """ISO 8601 duration (PT1H2M3S) for JSON-LD and sitemaps."""
        total = round(self.duration_seconds or 0)
        hours, rest = divmod(total, 3600)
        minutes, seconds = divmod(rest, 60)
        text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
        return text + (f"{seconds}S" if seconds or total == 0 else "")

    @property
    def duration_clock(self) -> str:
        """H:MM:SS or M:SS, as players show it."""
        total = round(self.duration_seconds or 0)
        hours, rest = divmod(total, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"

    def get_absolute_url(self) -> str:
        return reverse("broadcast:episode", kwargs={
            "programme_slug": self.programme.slug, "slug": self.slug, "pk": self.pk})

    def with_content_json(self, content):
        """A revision's text over the media as it is now: the media belongs to the episode as a
        whole, so publishing a revision saved before the transcode finished keeps the outputs."""
        obj = super().with_content_json(content)
        for name in MEDIA_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    def publish(self, revision, *args, **kwargs):
        """Publish only with ready media, as the database has it now (a revision's copy of the
        state may be older than the transcode)."""
        state = (type(self)._default_manager.filter(pk=self.pk)
                 .values_list("media_state", flat=True).first())
        if state != self.State.READY:
            raise MediaNotReady(_("The episode can be published only once its media is ready."))
        return super().publish(revision, *args, **kwargs)


class Clip(DraftStateMixin, RevisionMixin, models.Model):
    """A video (or audio) on demand, by file/HLS URL or an embeddable player."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, blank=True)
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="clips")
    description = models.TextField(_("description"), blank=True)
    media_url = models.URLField(_("video file or stream URL"), blank=True)
    embed_url = models.URLField(_("player URL"), blank=True)
    poster = models.ForeignKey("wagtailimages.Image", verbose_name=_("poster image"), null=True,
                               blank=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    revisions = GenericRelation(
        "wagtailcore.Revision", content_type_field="base_content_type",
        object_id_field="object_id", related_query_name="clip", for_concrete_model=False,
    )

    objects = VisibleQuerySet.as_manager()

    panels = [FieldPanel("title"), FieldPanel("programme"), FieldPanel("description"),
              FieldPanel("media_url"), FieldPanel("embed_url"), FieldPanel("poster"),
              FieldPanel("published_at"), PublishingPanel()]

    class Meta:
        verbose_name = _("video clip")
        verbose_name_plural = _("video clips")
        indexes = [models.Index(fields=["-published_at", "-id"], condition=Q(live=True),
                                name="clip_listing")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """Refuse a player or file on a host readers' browsers would block (core.embed_policy)."""
        super().clean()
        errors = {}
        for field in ("media_url", "embed_url"):
            try:
                check_embed_url(getattr(self, field))
            except ValidationError as error:
                errors[field] = error
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify_vi(self.title, max_length=120) or "video"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("broadcast:clip", kwargs={"slug": self.slug, "pk": self.pk})
