"""Signals other apps connect to, and the newsroom's own receivers.

`core.visibility.content_withdrawn` is sent once an article has been taken off the site
(urgent takedown or a delete turned into a withdrawal), after the database change is committed.
Receivers drop whatever copy they keep: page caches, search indexes, CDN entries. Wagtail's own
`unpublished` signal has already fired by then for a live article.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models.signals import post_migrate
from django.utils import timezone
from wagtail.signals import published

from core.visibility import content_withdrawn
from newsroom.conf import conf


def retain_published_revision(sender, instance, revision=None, **kwargs) -> None:
    """Every revision that goes live is kept for the retention period (legal deposit)."""
    from django.contrib.contenttypes.models import ContentType

    from newsroom.models import RetainedRevision, retention_days

    if revision is None or not instance.live or instance.live_revision_id != revision.pk:
        return
    now = timezone.now()
    RetainedRevision.objects.get_or_create(
        revision=revision,
        defaults={"content_type": ContentType.objects.get_for_model(type(instance)),
                  "object_id": instance.pk, "published_at": now,
                  "retain_until": now + timedelta(days=retention_days())},
    )


def drop_public_copies(sender, instance, **kwargs) -> None:
    """Default takedown receiver: forget cached pages and the search-index entry."""
    from django.core.cache import cache
    from wagtail.search import index

    if conf.NEWSROOM_TAKEDOWN_CLEARS_CACHE:
        # Rare and urgent: clearing everything is the only way to be sure no cached page,
        # listing or feed still carries the article.
        cache.clear()
    index.remove_object(instance)


def top_up_administrators(sender, app_config=None, apps=None, **kwargs) -> None:
    """After every migrate, "Quản trị" also receives permissions that appeared since."""
    from django.apps import apps as global_apps

    from newsroom import roles

    roles.grant_everything(global_apps)


def connect() -> None:
    from newsroom.services import RETAINED_MODELS

    for label, model in RETAINED_MODELS.items():
        published.connect(retain_published_revision, sender=model,
                          dispatch_uid=f"newsroom-retain-published-{label}")
        content_withdrawn.connect(drop_public_copies, sender=model,
                                  dispatch_uid=f"newsroom-drop-public-copies-{label}")
    post_migrate.connect(top_up_administrators, dispatch_uid="newsroom-top-up-admins")
