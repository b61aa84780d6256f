"""The article audio screen: its address, and the way to it from the article's edit page."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.action_menu import ActionMenuItem

from listen import admin_views
from news.models import Article


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [path("bai-viet/<int:article_id>/", admin_views.article_audio, name="article")]
    return [path("am-thanh/", include((urls, "listen_admin"), namespace="listen_admin"))]


class ArticleAudioMenuItem(ActionMenuItem):
    """A link in the edit page's action menu to the article's audio screen."""

    label = _("Article audio")
    name = "listen-article-audio"
    icon_name = "media"
    order = 900

    def is_shown(self, context) -> bool:
        instance = context.get("instance")
        return (context.get("view") == "edit" and isinstance(instance, Article)
                and admin_views.may_view(context["request"].user, instance))

    def get_url(self, parent_context) -> str:
        return reverse("listen_admin:article", args=[parent_context["instance"].pk])


@hooks.register("register_snippet_action_menu_item")
def article_audio_menu_item(model):
    return ArticleAudioMenuItem() if model is Article else None
