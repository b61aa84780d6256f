"""Sections and articles: the portal's content."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "news"
    verbose_name = _("News")

    def ready(self) -> None:
        from core import visibility
        from core.caching import registry
        from news import selectors, signals
        from news.models import Article, Section

        visibility.register(Article)
        registry.purge_on_change(Section)
        registry.cache_pages("news")
        signals.connect()
        # The related list of an article preview (Article.get_preview_context).
        self.related_articles = selectors.related_articles
