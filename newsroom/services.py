"""Withdrawal, urgent takedown and purge of articles: the legal side of the newsroom."""

from __future__ import annotations

import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import WorkflowState
from wagtail.permissions import policy_registry

from core.visibility import content_withdrawn
from news.models import Article
from newsroom.models import RetainedRevision, TakedownRecord

TAKEDOWN = "takedown"
WITHDRAWAL = "withdrawal"


def was_published(article: Article) -> bool:
    """Ever went live: such an article is withdrawn, never deleted, within retention."""
    return bool(
        article.live
        or article.first_published_at is not None
        or RetainedRevision.objects.filter(article_id=article.pk).exists()
    )


def can_withdraw(user) -> bool:
    return policy_registry.get_by_type(Article).user_has_permission(user, "publish")


def withdraw(article: Article, user, reason: str, kind: str = TAKEDOWN) -> TakedownRecord:
    """Take an article off every public page at once and record who, when and why.

    Unpublishing (Wagtail's action: audit log + `unpublished` signal) removes it from every
    query that lists articles; scheduled versions and a running workflow are cancelled so
    nothing brings it back by itself; `core.visibility.content_withdrawn` tells caches and indexes.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("A reason is required."))
    if not can_withdraw(user):
        raise PermissionDenied
    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.live:
            article.unpublish(user=user)
        article.revisions.exclude(approved_go_live_at=None).update(approved_go_live_at=None)
        for state in WorkflowState.objects.active().filter(
            base_content_type=article.get_base_content_type(), object_id=str(article.pk)
        ):
            state.cancel(user=user)
        Article.objects.filter(pk=article.pk).update(withdrawn_at=now)
        article.withdrawn_at = now
        record = TakedownRecord.objects.create(
            article=article, article_pk=article.pk, article_title=article.title[:300],
            article_url=_safe_url(article), reason=reason, kind=kind, user=user,
            user_name=_display_name(user), created_at=now,
        )
        log(instance=article, action=f"newsroom.{kind}", user=user,
            data={"reason": reason, "record": record.pk})
    # Outside the transaction: committed, so receivers never race a rollback.
    content_withdrawn.send(sender=Article, instance=article, record=record, user=user)
    record.seconds_to_offline = time.perf_counter() - started
    TakedownRecord.objects.filter(pk=record.pk).update(
        seconds_to_offline=record.seconds_to_offline
    )
    return record


def purge_blockers(article: Article, now=None) -> list[str]:
    """Why an article cannot be purged yet (empty when it can)."""
    now = now or timezone.now()
    problems = []
    if article.live:
        problems.append(_("The article is still published."))
    kept = RetainedRevision.objects.filter(article_id=article.pk, retain_until__gt=now)
    if kept.exists():
        until = max(kept.values_list("retain_until", flat=True))
        problems.append(
            _("Published versions must be kept until %(date)s.")
            % {"date": timezone.localtime(until).strftime("%d/%m/%Y %H:%M")}
        )
    return problems


def purge(article: Article, user) -> None:
    """Delete an article and all its revisions once the retention period is over."""
    if not user.has_perm("newsroom.purge_article"):
        raise PermissionDenied
    problems = purge_blockers(article)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        log(instance=article, action="newsroom.purge", user=user,
            data={"title": article.title})
        RetainedRevision.objects.filter(article_id=article.pk).delete()
        article.delete()


def _safe_url(article: Article) -> str:
    try:
        return article.get_absolute_url()
    except Exception:  # noqa: BLE001 - a broken section must not block a takedown
        return ""


def _display_name(user) -> str:
    if user is None:
        return ""
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()
