"""The article written for a story moves the story's status.

Connected to Wagtail's own signals (the ones the news and newsroom apps already use): an
article submitted to the approval workflow (or resubmitted: every task start says so) makes
its story "submitted", one sent back for changes makes it "writing" again, and a publication
makes it "published". A scheduled publication (the article not yet live) leaves the story as
it is until the scheduler publishes it, which sends the same signal.
"""

from __future__ import annotations

from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.signals import published, task_submitted, workflow_rejected

from news.models import Article


def move_stories_of(article, status: str, *, only_from: set[str] | None = None) -> int:
    """Move the stories linked to the article forward to `status` (or back, from `only_from`)."""
    from planning.models import STATUS_ORDER, Story, StoryStatus

    stories = Story.objects.filter(article=article).exclude(status=status)
    if only_from is not None:
        stories = stories.filter(status__in=only_from)
    else:
        stories = stories.filter(status__in=STATUS_ORDER[: STATUS_ORDER.index(status)])
    if status != StoryStatus.PROPOSED:
        # A story carried along by its article has, by then, a reporter: the article's owner.
        stories.filter(assignee__isnull=True).update(assignee=article.owner_id)
    return stories.update(status=status, updated_at=timezone.now())


def article_published(sender, instance, **kwargs) -> None:
    from planning.models import StoryStatus

    if instance.live:
        move_stories_of(instance, StoryStatus.PUBLISHED)


def _article_of(state: WorkflowState):
    if state.base_content_type_id != Article.get_base_content_type().pk:
        return None
    return Article.objects.filter(pk=state.object_id).first()


def article_submitted(sender, instance, **kwargs) -> None:
    """A workflow task started: first submission, or resubmission after changes."""
    from planning.models import StoryStatus

    if article := _article_of(instance.workflow_state):
        move_stories_of(article, StoryStatus.SUBMITTED)


def article_sent_back(sender, instance: WorkflowState, **kwargs) -> None:
    from planning.models import StoryStatus

    if article := _article_of(instance):
        move_stories_of(article, StoryStatus.WRITING, only_from={StoryStatus.SUBMITTED})


def connect() -> None:
    published.connect(article_published, sender=Article, dispatch_uid="planning-published")
    # Sent by every task state whatever its class: connected without a sender.
    task_submitted.connect(article_submitted, dispatch_uid="planning-submitted")
    workflow_rejected.connect(article_sent_back, sender=WorkflowState,
                              dispatch_uid="planning-sent-back")
