"""Keep the reader-facing dates right whenever Wagtail publishes an article."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from wagtail.signals import published

from news.models import Article, Section
from news.selectors import forget_sections


def stamp_publication_dates(sender, instance: Article, **kwargs) -> None:
    """First publication fixes the publication date; every publication is an update.

    Wagtail also sends `published` when it only *schedules* a revision (the article stays
    offline until its go-live time): nothing is stamped then. A scheduled article that goes
    live is dated from its go-live time, not from the minute the scheduler noticed it.
    """
    if not instance.live:
        return
    now = timezone.now()
    first_publication = instance.first_published_at == instance.last_published_at
    changes = {"updated_at": now, "withdrawn_at": None}
    if instance.published_at is None:
        # Empty on first publication, or cleared in the form: the go-live time of a
        # scheduled article, else the moment it first went live.
        go_live_at = instance.go_live_at
        changes["published_at"] = (
            go_live_at if go_live_at and go_live_at <= now
            else instance.first_published_at or now
        )
    if first_publication:
        changes["updated_at"] = changes.get("published_at", instance.published_at) or now
    Article.objects.filter(pk=instance.pk).update(**changes)
    for field, value in changes.items():
        setattr(instance, field, value)


def queue_renditions(sender, instance: Article, **kwargs) -> None:
    """The published page's image renditions are made by the worker (news.tasks)."""
    if not instance.live:
        return
    from news.tasks import prepare_article_renditions

    pk = instance.pk
    transaction.on_commit(lambda: prepare_article_renditions.enqueue(pk))


def sections_changed(sender, **kwargs) -> None:
    forget_sections()


def connect() -> None:
    published.connect(stamp_publication_dates, sender=Article, dispatch_uid="news-stamp-dates")
    published.connect(queue_renditions, sender=Article, dispatch_uid="news-renditions")
    post_save.connect(sections_changed, sender=Section, dispatch_uid="news-sections-saved")
    post_delete.connect(sections_changed, sender=Section, dispatch_uid="news-sections-deleted")
