"""Admin views for planned stories: every one asks the permission policy about the very
story it acts on, so a forged request (someone else's story, an assignment without the
right) is refused with 403 and changes nothing."""

from __future__ import annotations

import functools
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.views import generic
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log
from wagtail.permissions import policy_registry

from news.models import Article
from planning.forms import AssignForm
from planning.models import Story, StoryStatus


def forbidden_not_redirected(view):
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard; a refused story
    action answers 403 instead, so a forged request is plainly refused, never half-done."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return HttpResponseForbidden(_("You are not allowed to do this with this story."),
                                         content_type="text/plain; charset=utf-8")

    return wrapped


def story_policy():
    return policy_registry.get_by_type(Story)


def article_policy():
    return policy_registry.get_by_type(Article)


def can_write(user, story: Story) -> bool:
    """'Viết bài': the assignee (or an editor) starts the article of an assigned story."""
    return (
        story.article_id is None
        and story.status in {StoryStatus.ASSIGNED, StoryStatus.WRITING}
        and (story.assignee_id == user.pk
             or story_policy().user_has_permission_for_instance(user, "change", story))
        and article_policy().user_has_permission(user, "add")
    )


class InstancePermissionMixin:
    """Generic views check the model permission; stories need it per object."""

    instance_permission = "change"

    def get_object(self, *args, **kwargs):
        story = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.instance_permission, story
        ):
            raise PermissionDenied
        return story


class StoryIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            self.permission_policy.instances_user_has_any_permission_for(
                self.request.user, ["view"]
            ).select_related("section", "assignee", "article")
        )

    def get_edit_url(self, instance):
        if self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", instance
        ):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
        if self.permission_policy.user_has_permission_for_instance(
            self.request.user, "delete", instance
        ):
            return super().get_delete_url(instance)
        return None

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        user = self.request.user
        if (self.permission_policy.user_has_permission(user, "assign")
                and instance.status != StoryStatus.PUBLISHED):
            buttons.append(Button(_("Approve and assign"),
                                  reverse("planning_story:assign", args=[instance.pk]),
                                  icon_name="user", priority=20))
        if can_write(user, instance):
            buttons.append(Button(_("Write the article"),
                                  reverse("planning_story:write", args=[instance.pk]),
                                  icon_name="edit", priority=5))
        elif instance.article_id and article_policy().user_has_permission_for_instance(
            user, "change", instance.article
        ):
            buttons.append(Button(
                _("Open the article"),
                reverse("wagtailsnippets_news_article:edit", args=[instance.article_id]),
                icon_name="doc-full", priority=6,
            ))
        return buttons


class StoryCreateView(generic.CreateView):
    def save_instance(self):
        story = self.form.save(commit=False)
        story.proposed_by = self.request.user
        if "status" not in self.form.fields:
            story.status = StoryStatus.PROPOSED
        if story.status != StoryStatus.PROPOSED:
            story.assigned_by = self.request.user
        story.save()
        self.form.save_m2m()
        return story


class StoryEditView(InstancePermissionMixin, generic.EditView):
    def save_instance(self):
        story = self.form.save(commit=False)
        if story.status != StoryStatus.PROPOSED and story.assigned_by_id is None:
            story.assigned_by = self.request.user
        story.save()
        self.form.save_m2m()
        return story


class StoryDeleteView(InstancePermissionMixin, generic.DeleteView):
    instance_permission = "delete"


class StoryInspectView(InstancePermissionMixin, generic.InspectView):
    instance_permission = "view"


class StoryHistoryView(InstancePermissionMixin, generic.HistoryView):
    instance_permission = "view"


class AssignView(generic.EditView):
    """Approve a proposal and assign it: reporter, crew, due time. Needs `assign_story`."""

    model = Story
    form_class = AssignForm
    permission_required = "assign"
    page_title = gettext_lazy("Approve and assign")
    success_message = gettext_lazy("Story “%(object)s” assigned.")
    template_name = "wagtailadmin/generic/edit.html"
    header_icon = "user"

    def get_success_url(self):
        return reverse(self.index_url_name)

    def save_instance(self):
        story = self.form.save(commit=False)
        if story.status == StoryStatus.PROPOSED:
            story.status = StoryStatus.ASSIGNED
        story.assigned_by = self.request.user
        story.save()
        self.form.save_m2m()
        return story

    def get_delete_url(self):
        return None

    def get_history_url(self):
        return None

    def get_usage_url(self):
        return None


@require_POST
def write_article(request, pk: int):
    """'Viết bài': create the draft article for an assigned story, linked to it, and open it."""
    story = get_object_or_404(Story.objects.select_related("section"), pk=pk)
    if not can_write(request.user, story):
        raise PermissionDenied
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        if not can_write(request.user, story):
            raise PermissionDenied
        article = Article(title=story.title, sapo=story.brief, primary_section=story.section,
                          owner=request.user, live=False)
        article.save()
        article.save_revision(user=request.user, log_action=True)
        story.article = article
        story.status = StoryStatus.WRITING
        story.save(update_fields=["article", "status", "updated_at"])
        log(instance=story, action="wagtail.edit", user=request.user)
    messages.success(request, _("Draft article created for the story “%(title)s”.")
                     % {"title": story.title})
    return HttpResponseRedirect(reverse("wagtailsnippets_news_article:edit", args=[article.pk]))



class BoardView(PermissionCheckedMixin, generic.BaseListingView):
    """The stories the user may see, in one column per status (published: the last week)."""

    model = Story
    template_name = "planning/board.html"
    page_title = gettext_lazy("Planning board")
    header_icon = "tasks"
    any_permission_required = ["add", "change", "view"]
    index_url_name = None
    paginate_by = None
    recent_published = timedelta(days=7)

    def get_base_queryset(self):
        stories = story_policy().instances_user_has_any_permission_for(self.request.user, ["view"])
        published_since = timezone.now() - self.recent_published
        return (stories.exclude(status=StoryStatus.PUBLISHED, updated_at__lt=published_since)
                .select_related("section", "assignee").order_by("due_at", "pk"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stories = list(context["object_list"])
        context["columns"] = [
            {"status": status, "label": status.label,
             "stories": [s for s in stories if s.status == status]}
            for status in StoryStatus
        ]
        context["list_url"] = reverse(self.index_url_name)
        return context
