"""Register the planning board, its dashboard panels and its stylesheet in Wagtail's admin."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from planning import panels
from planning.viewsets import StoryViewSet


@hooks.register("register_admin_viewset")
def register_story_viewset():
    return StoryViewSet()


@hooks.register("construct_homepage_panels")
def add_planning_panels(request, panel_list):
    panels.construct_panels(request, panel_list)


@hooks.register("insert_global_admin_css")
def planning_css():
    return format_html('<link rel="stylesheet" href="{}">', static("planning/planning.css"))
