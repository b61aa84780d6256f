"""What the importer remembers between runs, so that re-importing the same input changes nothing."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRecord(models.Model):
    """The fingerprint of the input an article was last imported from.

    Comparing fingerprints of the *input* (not of the article as it is now) means a re-run on an
    unchanged file leaves the article alone even when an editor has since improved it, while a
    changed file is applied as a new revision.
    """

    article = models.OneToOneField(
        "news.Article", verbose_name=_("article"), on_delete=models.CASCADE,
        related_name="import_record",
    )
    fingerprint = models.CharField(_("content fingerprint"), max_length=64)
    source = models.CharField(_("source file"), max_length=500, blank=True)
    source_line = models.PositiveIntegerField(_("line"), default=1)
    imported_at = models.DateTimeField(_("last imported at"), auto_now=True)

    class Meta:
        verbose_name = _("import record")
        verbose_name_plural = _("import records")

    def __str__(self) -> str:
        return f"{self.source}:{self.source_line}"
