"""Announcements (Thông báo) and official documents (Văn bản / Công văn) the station publishes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, PublishingPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin, TranslatableMixin
from wagtail.search import index

from core.editions import edition_of, edition_path
from core.vietnamese import slugify_vi
from core.visibility import VisibleQuerySet
from notices.forms import AnnouncementAdminForm


class AnnouncementQuerySet(VisibleQuerySet):
    def in_language(self, code: str) -> AnnouncementQuerySet:
        return self.filter(locale__language_code=code)


class Announcement(TranslatableMixin, DraftStateMixin, RevisionMixin, index.Indexed,
                   ClusterableModel):
    """A notice to the public, in one edition's language (a Khmer notice may have no
    Vietnamese twin)."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, blank=True)
    published_at = models.DateTimeField(_("date"), default=timezone.now)
    body = RichTextField(_("content"), blank=True)
    # Newsroom: a published announcement or document is withdrawn (kept for the legal
    # retention period, off every public page) instead of deleted; see newsroom.services.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True,
                                        editable=False)

    revisions = GenericRelation(
        "wagtailcore.Revision", content_type_field="base_content_type",
        object_id_field="object_id", related_query_name="announcement", for_concrete_model=False,
    )

    objects = AnnouncementQuerySet.as_manager()
    base_form_class = AnnouncementAdminForm

    panels = [
        FieldPanel("title"),
        FieldPanel("published_at"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("Attachments")),
        PublishingPanel(),
    ]
    search_fields = [index.SearchField("title", boost=2), index.SearchField("body"),
                     index.AutocompleteField("title")]

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        indexes = [models.Index(fields=["-published_at", "-id"], condition=Q(live=True),
                                name="announcement_listing")]
        constraints = [
            models.UniqueConstraint(fields=("translation_key", "locale"),
                                    name="unique_translation_key_locale_notices_announcement"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify_vi(self.title, max_length=120) or "thong-bao"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        # reverse() follows the edition being rendered (core.edition_routing): take the
        # unprefixed address, then the announcement's own edition's prefix.
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse("notices:announcement", kwargs={"slug": self.slug, "pk": self.pk})
        return edition_path(path, edition_of(self))

    @property
    def language_code(self) -> str:
        return edition_of(self)


class AnnouncementAttachment(Orderable):
    announcement = ParentalKey(Announcement, on_delete=models.CASCADE,
                               related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("file"),
                                 on_delete=models.CASCADE, related_name="+")
    label = models.CharField(_("label"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("label")]


class OfficialDocument(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """A dispatch such as “Công văn số 1963-CV/TU”, with its PDF.

    Language-neutral: dispatches are issued in Vietnamese by public bodies, and both
    editions list the same documents.
    """

    number = models.CharField(_("number"), max_length=100,
                              help_text=_("As printed, e.g. 1963-CV/TU."))
    document_type = models.CharField(_("document type"), max_length=100, default="Công văn")
    issuer = models.CharField(_("issuing body"), max_length=200)
    issued_on = models.DateField(_("issue date"))
    subject = models.CharField(pgettext_lazy("official document", "subject"), max_length=500)
    slug = models.SlugField(_("slug"), max_length=120, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    file = models.ForeignKey("wagtaildocs.Document", verbose_name=_("PDF file"), null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    # Newsroom: a published announcement or document is withdrawn (kept for the legal
    # retention period, off every public page) instead of deleted; see newsroom.services.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True,
                                        editable=False)

    revisions = GenericRelation(
        "wagtailcore.Revision", content_type_field="base_content_type",
        object_id_field="object_id", related_query_name="official_document",
        for_concrete_model=False,
    )

    objects = VisibleQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("document_type"), FieldPanel("number")]),
        FieldRowPanel([FieldPanel("issuer"), FieldPanel("issued_on")]),
        FieldPanel("subject"),
        FieldPanel("summary"),
        FieldPanel("file"),
        FieldPanel("published_at"),
        PublishingPanel(),
    ]
    search_fields = [index.SearchField("subject", boost=2), index.SearchField("number"),
                     index.SearchField("issuer"), index.AutocompleteField("subject")]

    class Meta:
        verbose_name = _("official document")
        verbose_name_plural = _("official documents")
        indexes = [models.Index(fields=["-published_at", "-id"], condition=Q(live=True),
                                name="document_listing")]

    def __str__(self) -> str:
        return f"{self.document_type} {self.number}: {self.subject}"

    @property
    def title(self) -> str:
        return f"{self.document_type} số {self.number} - {self.subject}"

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify_vi(f"{self.document_type} {self.number} {self.subject}",
                                   max_length=120) or "van-ban"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("notices:document", kwargs={"slug": self.slug, "pk": self.pk})
