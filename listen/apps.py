"""Listen to the article: an announcer's recording or a machine voice, played above the body."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "listen"
    verbose_name = _("Article audio")

    def ready(self) -> None:
        from django.db.models.signals import post_delete
        from wagtail.signals import published

        from core.caching import registry
        from listen import signals
        from listen.models import ArticleAudio
        from news.models import Article

        # The page shows the player once the audio is ready: that save purges the cache.
        registry.purge_on_change(ArticleAudio)
        published.connect(signals.article_published, sender=Article,
                          dispatch_uid="listen-article-published")
        post_delete.connect(signals.audio_deleted, sender=ArticleAudio,
                            dispatch_uid="listen-audio-deleted")
