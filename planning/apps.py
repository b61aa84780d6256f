"""Story planning (đề tài): proposals, assignments and their link to the article written."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "planning"
    verbose_name = _("Story planning")

    def ready(self) -> None:
        from wagtail.permissions import register_permission_policy

        from planning import signals
        from planning.models import Story
        from planning.permissions import StoryPermissionPolicy

        # Before the admin viewset asks for it (Wagtail would otherwise create a fallback).
        register_permission_policy(Story, StoryPermissionPolicy(Story))
        signals.connect()
