"""Withdrawal, urgent takedown and purge: the legal side of the newsroom.

One rule for everything the station publishes under its licence (articles, announcements and
official documents, `RETAINED_MODELS`): every published version is kept for the retention
period; a published item is withdrawn (off every public page, with a line in the takedown
log), never deleted; only "Quản trị" purges it, and only once the period is over.
"""

from __future__ import annotations

import time

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import WorkflowState
from wagtail.permissions import policy_registry

from core.visibility import content_withdrawn
from news.models import Article
from newsroom.models import RetainedRevision, TakedownRecord
from notices.models import Announcement, OfficialDocument

TAKEDOWN = "takedown"
WITHDRAWAL = "withdrawal"
PURGE_PERMISSION = "newsroom.purge_withdrawn"

# What the retention rule covers, by "app_label.model" (the admin URLs name them so).
RETAINED_MODELS: dict[str, type[models.Model]] = {
    "news.article": Article,
    "notices.announcement": Announcement,
    "notices.officialdocument": OfficialDocument,
}


def model_label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def retained_model(label: str) -> type[models.Model]:
    """The model a URL names; 404 for anything the retention rule does not cover."""
    try:
        return RETAINED_MODELS[label]
    except KeyError:
        raise Http404(label) from None


def is_retained(instance: object) -> bool:
    return type(instance) in RETAINED_MODELS.values()


def was_published(item: models.Model) -> bool:
    """Ever went live: such an item is withdrawn, never deleted, within retention."""
    return bool(
        item.live
        or getattr(item, "first_published_at", None) is not None
        or RetainedRevision.objects.for_object(item).exists()
    )


def can_withdraw(user, model: type[models.Model] = Article) -> bool:
    """Who may publish an item may also take it down (approvers and "Quản trị")."""
    return policy_registry.get_by_type(model).user_has_permission(user, "publish")


def withdraw(item: models.Model, user, reason: str, kind: str = TAKEDOWN) -> TakedownRecord:
    """Take an item off every public page at once and record who, when and why.

    Unpublishing (Wagtail's action: audit log + `unpublished` signal) removes it from every
    query that lists it; scheduled versions and a running workflow are cancelled so nothing
    brings it back by itself; `core.visibility.content_withdrawn` tells caches and indexes.
    """
    model = type(item)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("A reason is required."))
    if not can_withdraw(user, model):
        raise PermissionDenied
    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        item = model.objects.select_for_update().get(pk=item.pk)
        if item.live:
            item.unpublish(user=user)
        item.revisions.exclude(approved_go_live_at=None).update(approved_go_live_at=None)
        for state in WorkflowState.objects.active().filter(
            base_content_type=item.get_base_content_type(), object_id=str(item.pk)
        ):
            state.cancel(user=user)
        model.objects.filter(pk=item.pk).update(withdrawn_at=now)
        item.withdrawn_at = now
        record = TakedownRecord.objects.create(
            article=item if isinstance(item, Article) else None,
            content_type=ContentType.objects.get_for_model(model), article_pk=item.pk,
            article_title=str(item.title)[:300], article_url=_safe_url(item), reason=reason,
            kind=kind, user=user, user_name=_display_name(user), created_at=now,
        )
        log(instance=item, action=f"newsroom.{kind}", user=user,
            data={"reason": reason, "record": record.pk})
    # Outside the transaction: committed, so receivers never race a rollback.
    content_withdrawn.send(sender=model, instance=item, record=record, user=user)
    record.seconds_to_offline = time.perf_counter() - started
    TakedownRecord.objects.filter(pk=record.pk).update(
        seconds_to_offline=record.seconds_to_offline
    )
    return record


def purge_blockers(item: models.Model, now=None) -> list[str]:
    """Why an item cannot be purged yet (empty when it can)."""
    now = now or timezone.now()
    problems = []
    if item.live:
        problems.append(_("It is still published."))
    kept = RetainedRevision.objects.for_object(item).filter(retain_until__gt=now)
    if kept.exists():
        until = max(kept.values_list("retain_until", flat=True))
        problems.append(
            _("Published versions must be kept until %(date)s.")
            % {"date": timezone.localtime(until).strftime("%d/%m/%Y %H:%M")}
        )
    return problems


def purge(item: models.Model, user) -> None:
    """Delete an item and all its revisions once the retention period is over."""
    if not user.has_perm(PURGE_PERMISSION):
        raise PermissionDenied
    problems = purge_blockers(item)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        log(instance=item, action="newsroom.purge", user=user, data={"title": str(item.title)})
        RetainedRevision.objects.for_object(item).delete()
        item.delete()


def _safe_url(item: models.Model) -> str:
    try:
        return item.get_absolute_url()
    except Exception:  # noqa: BLE001 - a broken section must not block a takedown
        return ""


def _display_name(user) -> str:
    if user is None:
        return ""
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()
