"""Admin screens for sections and articles, built on Wagtail's snippet viewsets.

Registered by the newsroom app, which adds its own views (ownership, withdrawal) to them.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from news.admin_paginator import EstimatedCountPaginator
from news.models import Article, Section


class SectionViewSet(SnippetViewSet):
    model = Section
    icon = "folder-open-inverse"
    menu_label = _("Sections")
    list_display = ["name", "slug", "parent", "sort_order", "show_in_menu", "is_topic"]
    list_filter = ["is_topic", "show_in_menu"]
    search_fields = ["name", "slug"]
    ordering = ["sort_order", "name"]


class ArticleFilterSet(WagtailFilterSet):
    class Meta:
        model = Article
        fields = ["primary_section", "live", "is_featured"]


class ArticleIndexView(IndexView):
    """The article list: a million rows are estimated, not counted, on PostgreSQL."""

    paginator_class = EstimatedCountPaginator

    def get_base_queryset(self):
        # The section column would otherwise cost one query per row.
        return super().get_base_queryset().select_related("primary_section")


class ArticleViewSet(SnippetViewSet):
    model = Article
    index_view_class = ArticleIndexView
    icon = "doc-full"
    menu_label = _("Articles")
    list_display = ["title", "primary_section", "byline", "published_at", "view_count"]
    filterset_class = ArticleFilterSet
    ordering = ["-id"]
    list_per_page = 50

    def get_queryset(self, request):
        # The author and section columns without one query per row.
        return Article.objects.select_related("owner", "primary_section")


class NewsViewSetGroup(SnippetViewSetGroup):
    items = (ArticleViewSet, SectionViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("News")
    menu_order = 100
