"""Index an article the moment Wagtail publishes it; drop it when it is unpublished or deleted.

Indexing runs synchronously in the signal, inside the publishing transaction, so the article is
searchable (or gone) as soon as that transaction commits.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.signals import published, unpublished

from core.visibility import content_withdrawn
from news.models import Article, ArticleTag
from sitesearch import indexing

# Saves that touch only these fields never change what is searchable.
_IRRELEVANT_FIELDS = frozenset({
    "view_count", "latest_revision", "has_unpublished_changes", "locked", "locked_at",
    "locked_by", "draft_title", "updated_at",
})


def article_published(sender, instance: Article, **kwargs) -> None:
    indexing.index_article(instance.pk)


def article_unpublished(sender, instance: Article, **kwargs) -> None:
    indexing.index_article(instance.pk)  # removes it unless another live version remains


def article_saved(sender, instance: Article, update_fields=None, raw=False, **kwargs) -> None:
    """Direct saves (imports, scripts, fixtures) keep the index right too."""
    if raw or (update_fields and set(update_fields) <= _IRRELEVANT_FIELDS):
        return
    indexing.index_article(instance.pk)


def article_deleted(sender, instance: Article, **kwargs) -> None:
    indexing.remove_article(instance.pk)


def tag_changed(sender, instance, raw=False, **kwargs) -> None:
    """Tags are written after the article's own post_save (modelcluster commits them later)."""
    origin = kwargs.get("origin")
    if isinstance(origin, Article) or getattr(origin, "model", None) is Article:
        return  # the article itself is being deleted
    if not raw and instance.content_object_id:
        indexing.index_article(instance.content_object_id)


def article_withdrawn(sender, instance: Article, **kwargs) -> None:
    """Taken off the site outside Wagtail's flow (core.visibility.content_withdrawn)."""
    indexing.index_article(instance.pk)  # withdrawn: removed


def connect() -> None:
    published.connect(article_published, sender=Article, dispatch_uid="search-published")
    unpublished.connect(article_unpublished, sender=Article, dispatch_uid="search-unpublished")
    post_save.connect(article_saved, sender=Article, dispatch_uid="search-saved")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid="search-deleted")
    post_save.connect(tag_changed, sender=ArticleTag, dispatch_uid="search-tag-saved")
    post_delete.connect(tag_changed, sender=ArticleTag, dispatch_uid="search-tag-deleted")
    content_withdrawn.connect(article_withdrawn, sender=Article, dispatch_uid="search-withdrawn")
