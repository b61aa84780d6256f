"""A planned story (đề tài): proposed by anyone in the newsroom, approved and assigned by an
editor, then moved along by the article written for it (newsroom publishing signals)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from news.models import Article, Section


class StoryStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("story status", "Proposed")
    ASSIGNED = "assigned", pgettext_lazy("story status", "Assigned")
    WRITING = "writing", pgettext_lazy("story status", "Writing")
    SUBMITTED = "submitted", pgettext_lazy("story status", "Submitted")
    PUBLISHED = "published", pgettext_lazy("story status", "Published")


STATUS_ORDER = [status.value for status in StoryStatus]
# A status from which the story needs a reporter (the assignee).
NEEDS_ASSIGNEE = {StoryStatus.ASSIGNED, StoryStatus.WRITING, StoryStatus.SUBMITTED,
                  StoryStatus.PUBLISHED}


def step(status: str) -> int:
    return STATUS_ORDER.index(status)


def manual_move_allowed(old: str, new: str) -> bool:
    """By hand, a story moves one step forward or back; the article's own events
    (write, submit, publish) are what carry it further in one go."""
    return abs(step(new) - step(old)) <= 1


def move_refusal(old: str, new: str) -> str:
    return _("A story cannot move from “%(old)s” to “%(new)s”; it moves one step at a time.") % {
        "old": StoryStatus(old).label, "new": StoryStatus(new).label,
    }


class StoryQuerySet(models.QuerySet):
    def involving(self, user) -> StoryQuerySet:
        """Stories the user proposed, was assigned, or crews (photo or camera)."""
        crewed = Story.crew.through.objects.filter(user_id=user.pk).values("story_id")
        return self.filter(Q(proposed_by=user) | Q(assignee=user) | Q(pk__in=crewed))

    def overdue(self, now=None) -> StoryQuerySet:
        """Due time passed and not yet published."""
        return self.filter(due_at__lt=now or timezone.now()).exclude(
            status=StoryStatus.PUBLISHED
        )

    def open(self) -> StoryQuerySet:
        return self.exclude(status=StoryStatus.PUBLISHED)


class Story(models.Model):
    title = models.CharField(_("title"), max_length=300)
    brief = models.TextField(
        _("brief"), blank=True,
        help_text=_("The angle, the people to interview, the pictures needed."),
    )
    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.PROTECT,
                                related_name="planned_stories")
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(_("status"), max_length=20, choices=StoryStatus.choices,
                              default=StoryStatus.PROPOSED)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reporter"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="assigned_stories",
    )
    crew = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("photographers and camera crew"), blank=True,
        related_name="crewed_stories",
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="planned_stories",
        help_text=_("The article written for this story; its progress moves the status."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True, blank=True,
        editable=False, on_delete=models.SET_NULL, related_name="proposed_stories",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, blank=True,
        editable=False, on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("planned story")
        verbose_name_plural = _("planned stories")
        ordering = ["due_at", "pk"]
        permissions = [("assign_story", "Can approve and assign planned stories")]
        indexes = [models.Index(fields=["status", "due_at"], name="story_status_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status != StoryStatus.PUBLISHED and self.due_at < timezone.now()

    def clean(self) -> None:
        if self.status in NEEDS_ASSIGNEE and self.assignee_id is None:
            raise ValidationError(
                {"assignee": _("Choose the reporter before assigning the story.")}
            )

    def status_from_article(self) -> str | None:
        """Where the linked article says the story stands: published, submitted or writing."""
        article = self.article
        if article is None:
            return None
        if article.live:
            return StoryStatus.PUBLISHED
        if article.workflow_in_progress:
            return StoryStatus.SUBMITTED
        return StoryStatus.WRITING
