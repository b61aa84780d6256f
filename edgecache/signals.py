"""Which changes empty the page cache.

Any article shown anywhere can appear on every page (home, its sections and their parents and
topics, the related lists of its neighbours, the featured and most-read boxes of every sidebar),
so a change is not traced page by page: the generation moves on and nginx's cache is emptied,
after the transaction commits so that no re-render can read the old rows.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import published, unpublished

from core.caching import registry
from core.caching.generation import bump_generation
from core.visibility import content_withdrawn
from edgecache.purge import invalidate


def _invalidate_on_commit(reason: str) -> None:
    """Move the generation now (this process and transaction see the change at once) and
    invalidate everything again once the transaction commits: a render by another process
    between the two may have read the old rows, and the nginx purge is only safe after it."""
    bump_generation()
    transaction.on_commit(lambda: invalidate(reason))


def content_published(sender, instance=None, **kwargs) -> None:
    _invalidate_on_commit(f"{sender.__name__} published")


def content_unpublished(sender, instance=None, **kwargs) -> None:
    _invalidate_on_commit(f"{sender.__name__} unpublished")


# Saves that touch only editorial bookkeeping, never what readers see.
BOOKKEEPING_FIELDS = frozenset({
    "latest_revision", "has_unpublished_changes", "locked", "locked_at", "locked_by",
    "view_count",
})


def content_saved(sender, instance=None, update_fields=None, **kwargs) -> None:
    """A save of something readers may see; drafts of unpublished items are invisible."""
    if sender not in registry.purging_models():
        return
    if getattr(instance, "live", True) is False:
        return  # a never-published draft; unpublishing arrives through `unpublished`
    if update_fields and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    if kwargs.get("created") and getattr(sender, "load", None) is not None:
        return  # a settings model's load() writing its default row: nothing readers saw changes
    _invalidate_on_commit(f"{sender.__name__} saved")


def content_deleted(sender, instance=None, **kwargs) -> None:
    if sender not in registry.purging_models():
        return
    _invalidate_on_commit(f"{sender.__name__} deleted")


def content_withdrawn_received(sender=None, **kwargs) -> None:
    _invalidate_on_commit(f"{getattr(sender, '__name__', 'item')} withdrawn")


def relations_changed(sender, instance=None, action: str = "", **kwargs) -> None:
    """A many-to-many change (an article's topics) of a registered, published item."""
    if type(instance) not in registry.purging_models():
        return
    if action in {"post_add", "post_remove", "post_clear"} and getattr(instance, "live", True):
        _invalidate_on_commit(f"{type(instance).__name__} relations changed")


def mark_editor(sender, request=None, user=None, **kwargs) -> None:
    """Remember to set the editor cookie on this login's response (see EditorCookieMiddleware)."""
    if request is not None:
        request._edgecache_editor = "login"


def unmark_editor(sender, request=None, user=None, **kwargs) -> None:
    if request is not None:
        request._edgecache_editor = "logout"


def connect() -> None:
    """Listen for changes of the models the apps register (core.caching.registry), whenever
    they register them: each receiver checks the registry when it runs."""
    published.connect(content_published, dispatch_uid="edgecache-published")
    unpublished.connect(content_unpublished, dispatch_uid="edgecache-unpublished")
    post_save.connect(content_saved, dispatch_uid="edgecache-save")
    post_delete.connect(content_deleted, dispatch_uid="edgecache-delete")
    m2m_changed.connect(relations_changed, dispatch_uid="edgecache-relations")
    content_withdrawn.connect(content_withdrawn_received, dispatch_uid="edgecache-withdrawn")
    user_logged_in.connect(mark_editor, dispatch_uid="edgecache-login")
    user_logged_out.connect(unmark_editor, dispatch_uid="edgecache-logout")
