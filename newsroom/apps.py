"""Roles, approval workflow, scheduling, retention and takedowns."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self) -> None:
        from wagtail.permissions import register_permission_policy

        from news.models import Article
        from newsroom import checks, signals  # noqa: F401 (checks register on import)
        from newsroom.permissions import ArticlePermissionPolicy

        # Before any admin code asks for it (Wagtail would otherwise create a fallback).
        register_permission_policy(Article, ArticlePermissionPolicy(Article))
        signals.connect()
