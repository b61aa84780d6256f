"""The search index: one row per article readers see or will see, holding its words in the two
token forms and the dates that decide, at query time, whether readers see it now."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def shown_q(now: dt.datetime) -> Q:
    """The time part of core.visibility's rule, for index rows.

    Whether an article is live and not withdrawn is decided when its row is written
    (sitesearch.indexing); its dates are kept on the row because time alone changes them:
    a story dated in the future appears, an expired one disappears, with no save.
    """
    return Q(published_at__lte=now) & (Q(expire_at__isnull=True) | Q(expire_at__gt=now))


def shown_sql(now: dt.datetime) -> tuple[str, list]:
    """`shown_q` as SQL over the index table's columns (the PostgreSQL scan's form)."""
    return "published_at <= %s AND (expire_at IS NULL OR expire_at > %s)", [now, now]


class SearchEntry(models.Model):
    """Tokens of one article, space-separated, split by weight class.

    *head* is title and tags (they weigh more), *body* is sapo, body text and byline. Each class
    is stored *exact* (diacritics kept) and *folded* (no diacritics). The database's own full-text
    index is built over these columns: an FTS5 table on SQLite, generated tsvector columns with
    GIN indexes on PostgreSQL (see the migrations).
    """

    article = models.OneToOneField(
        "news.Article", primary_key=True, on_delete=models.CASCADE, related_name="search_entry",
        verbose_name=_("article"),
    )
    section_id = models.BigIntegerField(_("section"), db_index=False)
    published_at = models.DateTimeField(_("publication date"))
    expire_at = models.DateTimeField(_("expiry date/time"), null=True, blank=True)
    head_exact = models.TextField(blank=True)
    head_folded = models.TextField(blank=True)
    body_exact = models.TextField(blank=True)
    body_folded = models.TextField(blank=True)
    # Plain text of sapo and body as readers see it, for the highlighted snippet.
    snippet_text = models.TextField(blank=True)
    # The article's language (its locale's code): each edition searches its own articles.
    language = models.CharField(_("language"), max_length=8, default="vi")

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        indexes = [
            models.Index(fields=["-published_at", "-article"], name="search_recent"),
            models.Index(fields=["section_id", "-published_at", "-article"],
                         name="search_section_recent"),
        ]

    def __str__(self) -> str:
        return f"search entry {self.article_id}"
