"""Hook the newsroom into Wagtail's admin: dashboard, takedown and purge, audit-log labels,
two-step sign-in."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.snippets.action_menu import ActionMenuItem
from wagtail.snippets.models import register_snippet

from news.models import Article
from news.viewsets import ArticleViewSet, NewsViewSetGroup, SectionViewSet
from newsroom import panels, services, twofactor_views, views

app_name = "newsroom"
urlpatterns = [
    path("takedown/<int:pk>/", views.takedown, name="takedown"),
    # The same for announcements and official documents ("notices.announcement", …).
    path("takedown/<str:model>/<int:pk>/", views.takedown, name="takedown_item"),
    path("takedowns/", views.takedown_log, name="takedown_log"),
    path("takedowns/export.csv", views.takedown_log_csv, name="takedown_log_csv"),
    path("purge/<int:pk>/", views.purge, name="purge"),
    # Two-step sign-in (newsroom.twofactor); deploy/nginx rate-limits POSTs to these.
    path("two-factor/", twofactor_views.verify, name="two_factor_verify"),
    path("two-factor/setup/", twofactor_views.setup, name="two_factor_setup"),
    path("two-factor/off/", twofactor_views.turn_off, name="two_factor_off"),
    path("purge/<str:model>/<int:pk>/", views.purge, name="purge_item"),
]


def _item_url(name: str, instance) -> str:
    """The takedown or purge address of an article, announcement or official document."""
    if isinstance(instance, Article):
        return reverse(f"newsroom:{name}", args=[instance.pk])
    return reverse(f"newsroom:{name}_item",
                   kwargs={"model": services.model_label(type(instance)), "pk": instance.pk})


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("newsroom/", include((urlpatterns, app_name), namespace=app_name))]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {"url": reverse("newsroom:two_factor_setup"), "label": _("Two-step sign-in"),
            "help_text": _("Ask for a code from an authenticator app as well as the password.")}


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panel_list):
    panels.construct_panels(request, panel_list)


hooks.register("before_delete_snippet", views.withdraw_instead_of_delete)


class TakedownLogMenuItem(MenuItem):
    def is_shown(self, request):
        return services.can_withdraw(request.user)


@hooks.register("register_reports_menu_item")
def register_takedown_log_menu_item():
    return TakedownLogMenuItem(_("Takedown log"), reverse("newsroom:takedown_log"),
                               icon_name="warning", order=900)


@hooks.register("register_snippet_listing_buttons")
def retained_listing_buttons(snippet, user, next_url=None):
    """Takedown and, once withdrawn, purge: for every item the retention rule covers."""
    if not services.is_retained(snippet):
        return []
    buttons = []
    if (services.can_withdraw(user, type(snippet))
            and (snippet.live or snippet.withdrawn_at is None)):
        buttons.append(Button(_("Urgent takedown"), _item_url("takedown", snippet),
                              icon_name="warning", priority=90))
    if user.has_perm(services.PURGE_PERMISSION) and snippet.withdrawn_at is not None:
        buttons.append(Button(_("Purge"), _item_url("purge", snippet), icon_name="bin",
                              priority=95))
    return buttons


class TakedownMenuItem(ActionMenuItem):
    """"Gỡ bài khẩn cấp" in the editor's action menu (articles, announcements, documents),
    for approvers."""

    label = _("Urgent takedown")
    name = "action-newsroom-takedown"
    icon_name = "warning"
    order = 90

    def is_shown(self, context):
        instance = context.get("instance")
        return bool(
            context.get("view") == "edit" and instance is not None and instance.pk
            and services.can_withdraw(context["request"].user, type(instance))
            and (instance.live or instance.withdrawn_at is None)
        )

    def get_url(self, parent_context):
        return _item_url("takedown", parent_context["instance"])


@hooks.register("register_snippet_action_menu_item")
def register_takedown_menu_item(model):
    return TakedownMenuItem() if model in services.RETAINED_MODELS.values() else None


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("newsroom.takedown", _("Take down"), _("Taken down (urgent)"))
    actions.register_action("newsroom.withdrawal", _("Withdraw"),
                            _("Withdrawn instead of deleted"))
    actions.register_action("newsroom.purge", _("Purge"), _("Purged after retention"))


class NewsroomArticleViewSet(ArticleViewSet):
    """Reporters own what they write; published articles are withdrawn, not deleted."""

    list_display = [*ArticleViewSet.list_display, views.OWNER_COLUMN, views.WITHDRAWN_COLUMN]
    add_view_class = views.ArticleCreateView
    edit_view_class = views.ArticleEditView
    delete_view_class = views.ArticleDeleteView


class NewsroomViewSetGroup(NewsViewSetGroup):
    items = (NewsroomArticleViewSet, SectionViewSet)


register_snippet(NewsroomViewSetGroup)
