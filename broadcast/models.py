"""Channels (STV1, STV2, radio), programmes and their episodes on demand, and embedded clips.

The live pages (app `live`), the broadcast schedule (app `schedule`) and the transcoding of
uploaded episodes (app `transcode`) build on these models.
"""

from __future__ import annotations

import uuid

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PublishingPanel
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

from core.vietnamese import slugify_vi
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
    # Outputs, as paths under MEDIA_ROOT: the HLS master playlist, the poster, the MP3.
    hls_playlist = models.CharField(max_length=300, blank=True, editable=False)
    poster_path = models.CharField(max_length=300, blank=True, editable=False)
    audio_path = models.CharField(max_length=300, blank=True, editable=False)
    audio_bytes = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    processed_at = models.DateTimeField(null=True, blank=True, editable=False)

    revisions = GenericRelation(
        "wagtailcore.Revision", content_type_field="base_content_type",
        object_id_field="object_id", related_query_name="episode", for_concrete_model=False,
    )

    objects = VisibleQuerySet.as_manager()

    panels = [FieldPanel("programme"), FieldPanel("title"), FieldPanel("description"),
              FieldPanel("source_file"), FieldPanel("published_at"), PublishingPanel()]
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
        super().save(*args, **kwargs)

    @property
    def media_ready(self) -> bool:
        return self.media_state == self.State.READY

    def get_absolute_url(self) -> str:
        return reverse("broadcast:episode", kwargs={
            "programme_slug": self.programme.slug, "slug": self.slug, "pk": self.pk})


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

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify_vi(self.title, max_length=120) or "video"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("broadcast:clip", kwargs={"slug": self.slug, "pk": self.pk})
