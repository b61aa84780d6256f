"""Dashboard panels for each role (added with the `construct_homepage_panels` hook).

Wagtail's own "Awaiting your review" panel already covers snippets, so it serves as
"articles waiting for my step"; these add the reporter's drafts with the editor's comment,
the schedule, and what went out recently.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Revision, TaskState, WorkflowState
from wagtail.permissions import policy_registry

from news.models import Article

PANEL_SIZE = 15


def _article_policy():
    return policy_registry.get_by_type(Article)


class MyArticlesPanel(Component):
    """My drafts, my articles in review, and those sent back with the reviewer's comment."""

    name = "newsroom_my_articles"
    template_name = "newsroom/panels/my_articles.html"
    order = 100

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        user = request.user
        articles = list(
            Article.objects.filter(owner=user, withdrawn_at__isnull=True)
            .filter(Q(live=False) | Q(has_unpublished_changes=True))
            .select_related("latest_revision")
            .order_by("-latest_revision__created_at", "-id")[:PANEL_SIZE]
        )
        states = {
            state.object_id: state
            for state in WorkflowState.objects.active()
            .filter(base_content_type=Article.get_base_content_type(),
                    object_id__in=[str(a.pk) for a in articles])
            .select_related("current_task_state__task")
        } if articles else {}
        scheduled = dict(
            Revision.objects.filter(
                base_content_type=Article.get_base_content_type(),
                object_id__in=[str(a.pk) for a in articles], approved_go_live_at__isnull=False,
            ).values_list("object_id", "approved_go_live_at")
        ) if articles else {}
        rows = []
        for article in articles:
            state = states.get(str(article.pk))
            row = {"article": article, "status": "draft", "state": state, "comment": None,
                   "go_live_at": scheduled.get(str(article.pk))}
            if row["go_live_at"] is not None:
                row["status"] = "scheduled"
            elif state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
                rejected = (
                    TaskState.objects.filter(workflow_state=state,
                                             status=TaskState.STATUS_REJECTED)
                    .select_related("finished_by", "task").order_by("-finished_at").first()
                )
                row.update(status="needs_changes", rejection=rejected,
                           comment=rejected.comment if rejected else "")
            elif state is not None:
                row["status"] = "in_review"
            rows.append(row)
        return {"rows": rows, "request": request}


class ScheduledArticlesPanel(Component):
    """Approved articles waiting for their go-live time, and live ones with an expiry."""

    name = "newsroom_scheduled"
    template_name = "newsroom/panels/scheduled.html"
    order = 230

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        shown = _article_policy().user_has_any_permission(request.user, ["change", "publish"])
        going_live, expiring = [], []
        if shown:
            revisions = (
                Revision.objects.filter(
                    base_content_type=Article.get_base_content_type(),
                    approved_go_live_at__isnull=False,
                ).order_by("approved_go_live_at")[:PANEL_SIZE]
            )
            by_id = Article.objects.in_bulk([int(r.object_id) for r in revisions])
            going_live = [
                {"article": by_id[int(r.object_id)], "at": r.approved_go_live_at,
                 "title": r.object_str}
                for r in revisions if int(r.object_id) in by_id
            ]
            expiring = list(
                Article.objects.filter(live=True, expire_at__gt=timezone.now())
                .order_by("expire_at")[:PANEL_SIZE]
            )
        return {"going_live": going_live, "expiring": expiring, "request": request}


class RecentlyPublishedPanel(Component):
    name = "newsroom_recently_published"
    template_name = "newsroom/panels/recently_published.html"
    order = 240

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        articles = list(
            Article.objects.filter(live=True).select_related("primary_section")
            .order_by("-last_published_at", "-id")[:PANEL_SIZE]
        )
        return {"articles": articles, "request": request}


def construct_panels(request, panels: list) -> None:
    """Newsroom panels for anyone who works on articles; drop the page-only panels."""
    if not _article_policy().user_has_any_permission(request.user, ["add", "change", "publish"]):
        return
    panels[:] = [p for p in panels if p.name not in {"recent_edits", "locked_pages"}]
    panels.extend([MyArticlesPanel(), ScheduledArticlesPanel(), RecentlyPublishedPanel()])
