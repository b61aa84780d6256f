"""Channels (STV1, STV2), programmes and on-demand clips; live HLS and schedules build on these."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PublishingPanel
from wagtail.models import DraftStateMixin, RevisionMixin

from core.vietnamese import slugify_vi
from core.visibility import VisibleQuerySet


class Channel(models.Model):
    class Kind(models.TextChoices):
        TELEVISION = "tv", _("Television")
        RADIO = "radio", _("Radio")

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices,
                            default=Kind.TELEVISION)
    stream_url = models.URLField(_("live stream (HLS) URL"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="vi")
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.PROTECT,
                                related_name="programmes")

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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
