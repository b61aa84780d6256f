"""Keep the reader-facing dates right whenever Wagtail publishes an article."""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from wagtail.signals import published

from news.models import Article, Section
from news.selectors import forget_sections


def stamp_publication_dates(sender, instance: Article, **kwargs) -> None:
    """First publication fixes the publication date; every publication is an update."""
    now = timezone.now()
    changes = {"updated_at": now}
    if instance.published_at is None:
        changes["published_at"] = instance.first_published_at or now
    Article.objects.filter(pk=instance.pk).update(**changes)
    for field, value in changes.items():
        setattr(instance, field, value)


def sections_changed(sender, **kwargs) -> None:
    forget_sections()


def connect() -> None:
    published.connect(stamp_publication_dates, sender=Article, dispatch_uid="news-stamp-dates")
    post_save.connect(sections_changed, sender=Section, dispatch_uid="news-sections-saved")
    post_delete.connect(sections_changed, sender=Section, dispatch_uid="news-sections-deleted")
