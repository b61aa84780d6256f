"""Per-day view counts and the view-log consumer's committed position."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleDailyViews(models.Model):
    """Views of one article on one local day: "most read" today or this week, from an index."""

    article = models.ForeignKey("news.Article", on_delete=models.CASCADE,
                                related_name="daily_views", verbose_name=_("article"))
    day = models.DateField(_("day"))
    count = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="daily_views_article_day"),
        ]
        indexes = [
            models.Index(fields=["day", "-count"], name="daily_views_day_count"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} {self.day}: {self.count}"


class ViewLogCursor(models.Model):
    """How far the consumer has counted a beacon log, saved in the same transaction as the counts.

    ``offset`` is the byte after the last counted line; ``window_offset`` is where the lines of
    the last dedup window (60 s) begin, replayed on restart to rebuild "seen recently" exactly.
    """

    name = models.CharField(max_length=500, unique=True)
    inode = models.BigIntegerField(default=0)
    offset = models.BigIntegerField(default=0)
    window_offset = models.BigIntegerField(default=0)
    lines = models.BigIntegerField(default=0)
    counted = models.BigIntegerField(default=0)
    duplicates = models.BigIntegerField(default=0)
    # Beyond an address's views per article and minute (METRICS_VIEWS_PER_ADDRESS_MINUTE).
    capped = models.BigIntegerField(default=0)
    crawlers = models.BigIntegerField(default=0)
    errors = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} @ {self.offset}"


class ViewFlush(models.Model):
    """A Redis buffer batch already applied: makes retrying a half-finished flush harmless."""

    batch_id = models.CharField(max_length=64, unique=True)
    applied_at = models.DateTimeField(auto_now_add=True)
    views = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return self.batch_id
