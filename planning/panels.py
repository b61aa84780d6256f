"""Dashboard panels (`construct_homepage_panels`): a reporter's or crew member's assignments,
and for editors the proposals waiting for them and everything overdue."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.permissions import policy_registry

from planning.models import Story, StoryStatus

PANEL_SIZE = 15


def _policy():
    return policy_registry.get_by_type(Story)


class MyAssignmentsPanel(Component):
    """Open stories assigned to me or crewed by me, soonest due first, overdue marked."""

    name = "planning_my_assignments"
    template_name = "planning/panels/my_assignments.html"
    order = 90

    def get_context_data(self, parent_context):
        from planning.views import can_write

        request = parent_context["request"]
        user = request.user
        crewed = Story.crew.through.objects.filter(user_id=user.pk).values("story_id")
        stories = list(
            Story.objects.open().filter(Q(assignee=user) | Q(pk__in=crewed))
            .exclude(status=StoryStatus.PROPOSED)
            .select_related("section", "assignee", "article").order_by("due_at", "pk")[:PANEL_SIZE]
        )
        rows = [{"story": story, "can_write": can_write(user, story),
                 "is_crew": story.assignee_id != user.pk} for story in stories]
        return {"rows": rows, "request": request}


class PlanningDeskPanel(Component):
    """For editors: proposals waiting for approval, and stories past their due time."""

    name = "planning_desk"
    template_name = "planning/panels/desk.html"
    order = 95

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        stories = Story.objects.select_related("section", "assignee")
        return {
            "proposed": list(stories.filter(status=StoryStatus.PROPOSED)
                             .order_by("due_at", "pk")[:PANEL_SIZE]),
            "overdue": list(stories.overdue(timezone.now()).order_by("due_at", "pk")[:PANEL_SIZE]),
            "request": request,
        }


def construct_panels(request, panels: list) -> None:
    user = request.user
    policy = _policy()
    if not policy.user_has_permission(user, "add") and not policy.user_has_permission(
        user, "change"
    ):
        # Crew members without a newsroom role still see what they are on.
        if not Story.objects.involving(user).exists():
            return
    panels.append(MyAssignmentsPanel())
    if policy.user_has_permission(user, "assign"):
        panels.append(PlanningDeskPanel())
