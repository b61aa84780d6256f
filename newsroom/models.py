"""The newsroom's legal records: retained published revisions and the takedown log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.conf import conf


def retention_days() -> int:
    """How long every published version is kept (legal deposit: at least twelve months)."""
    return int(conf.NEWSROOM_RETENTION_DAYS)


class RetainedQuerySet(models.QuerySet):
    def for_object(self, instance: models.Model) -> RetainedQuerySet:
        """The retained versions of one article, announcement or official document."""
        return self.filter(content_type=ContentType.objects.get_for_model(type(instance)),
                           object_id=instance.pk)


class RetainedRevision(models.Model):
    """One published version of an article, announcement or official document, held for the
    retention period.

    The PROTECT foreign key is the guard: Wagtail's `purge_revisions` (and any cascade from
    deleting the item) meets a ProtectedError and leaves the revision alone. Only the purge
    view for "Quản trị" removes these rows, and only once `retain_until` has passed.
    """

    revision = models.OneToOneField(
        "wagtailcore.Revision", verbose_name=_("revision"), on_delete=models.PROTECT,
        related_name="newsroom_retention",
    )
    content_type = models.ForeignKey(ContentType, verbose_name=_("content type"),
                                     on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField(_("object ID"), db_index=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    retain_until = models.DateTimeField(_("retain until"), db_index=True)

    objects = RetainedQuerySet.as_manager()

    class Meta:
        verbose_name = _("retained published version")
        verbose_name_plural = _("retained published versions")
        ordering = ["-published_at"]
        indexes = [models.Index(fields=["content_type", "object_id"],
                                name="retained_object")]
        permissions = [
            ("purge_withdrawn", _("Can purge withdrawn content after the retention period")),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}@{self.revision_id}"


class TakedownRecord(models.Model):
    """Who withdrew which article (or announcement, or official document), when and why: the
    log the authorities may ask for. `article` is set for articles only; `content_type` and
    `article_pk` name any withdrawn item."""

    article = models.ForeignKey(
        "news.Article", verbose_name=_("article"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="takedowns",
    )
    content_type = models.ForeignKey(ContentType, verbose_name=_("content type"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    # Copies, so the record still reads correctly after a purge.
    article_pk = models.BigIntegerField(_("article ID"))
    article_title = models.CharField(_("title"), max_length=300)
    article_url = models.CharField(_("address"), max_length=500, blank=True)
    reason = models.TextField(_("reason"))
    kind = models.CharField(
        _("kind"), max_length=20, default="takedown",
        choices=[("takedown", _("Urgent takedown")), ("withdrawal", _("Deletion (withdrawn)"))],
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    user_name = models.CharField(_("user name"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    seconds_to_offline = models.FloatField(
        _("seconds until offline"), null=True, blank=True,
        help_text=_("Measured from the request to the moment the article left every listing."),
    )

    class Meta:
        verbose_name = _("takedown record")
        verbose_name_plural = _("takedown log")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.article_title} ({self.created_at:%d/%m/%Y %H:%M})"
