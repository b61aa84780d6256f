"""The planning board in the admin: a filterable list of stories (status, section, reporter,
due date, overdue) and a board grouping them by status."""

from __future__ import annotations

import django_filters
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from planning import views
from planning.forms import StoryForm, newsroom_people
from planning.models import Story, StoryStatus

ASSIGN = "planning.assign_story"


class StoryFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=StoryStatus.choices)
    assignee = django_filters.ModelChoiceFilter(label=_("reporter"),
                                                queryset=lambda request: newsroom_people())
    due_at = django_filters.DateFromToRangeFilter(label=_("due"),
                                                  widget=DateRangePickerWidget)
    overdue = django_filters.BooleanFilter(label=_("overdue"), method="filter_overdue")

    class Meta:
        model = Story
        fields = ["status", "section", "assignee", "due_at"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue(timezone.now())
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class StatusColumn(Column):
    """The status as a coloured tag, with "Quá hạn" beside it when the due time has passed."""

    cell_template_name = "planning/tables/status_cell.html"


class PersonColumn(Column):
    def get_value(self, instance):
        person = instance.assignee
        return (person.get_full_name() or person.get_username()) if person else ""


class StoryViewSet(ModelViewSet):
    model = Story
    name = "planning_story"
    url_prefix = "planning/stories"
    icon = "tasks"
    menu_label = _("Story planning")
    menu_order = 150
    add_to_admin_menu = True
    index_view_class = views.StoryIndexView
    add_view_class = views.StoryCreateView
    edit_view_class = views.StoryEditView
    delete_view_class = views.StoryDeleteView
    inspect_view_class = views.StoryInspectView
    history_view_class = views.StoryHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = StoryFilterSet
    search_fields = ["title", "brief"]
    ordering = ["due_at", "pk"]
    list_per_page = 50
    list_display = [
        "title",
        "section",
        PersonColumn("assignee", label=_("Reporter")),
        "due_at",
        StatusColumn("status", label=_("Status"), sort_key="status"),
    ]
    inspect_view_fields = ["title", "brief", "section", "due_at", "status", "assignee", "crew",
                           "article", "proposed_by", "assigned_by", "created_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("brief"),
            FieldRowPanel([FieldPanel("section"), FieldPanel("due_at")]),
            MultiFieldPanel(
                [
                    FieldPanel("status", permission=ASSIGN),
                    FieldPanel("assignee", permission=ASSIGN),
                    FieldPanel("crew", permission=ASSIGN),
                    FieldPanel("article", permission=ASSIGN),
                ],
                heading=_("Assignment"),
            ),
        ],
        base_form_class=StoryForm,
    )

    def get_urlpatterns(self):
        assign = views.AssignView.as_view(
            index_url_name=self.get_url_name("index"),
            edit_url_name=self.get_url_name("assign"),
        )
        board = views.BoardView.as_view(
            index_url_name=self.get_url_name("index"), filterset_class=self.filterset_class,
        )
        patterns = [
            *super().get_urlpatterns(),
            path("assign/<int:pk>/", assign, name="assign"),
            path("write/<int:pk>/", views.write_article, name="write"),
            path("board/", board, name="board"),
        ]
        for pattern in patterns:
            pattern.callback = views.forbidden_not_redirected(pattern.callback)
        return patterns
