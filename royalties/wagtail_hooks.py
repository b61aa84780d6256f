"""The report under "Báo cáo", and the rate cards as a snippet (approvers edit them)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from royalties import views
from royalties.models import RateCard

app_name = "royalties"
urlpatterns = [
    path("", views.report, name="report"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("lock/", views.lock, name="lock"),
    path("unlock/", views.unlock, name="unlock"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("royalties/", include((urlpatterns, app_name), namespace=app_name))]


@hooks.register("register_reports_menu_item")
def register_royalty_report_menu_item():
    # Everyone with admin access: a reporter sees their own articles only.
    return MenuItem(_("Output and royalties"), reverse("royalties:report"), icon_name="table",
                    order=800)


class RateCardViewSet(SnippetViewSet):
    model = RateCard
    icon = "table"
    menu_label = _("Royalty rates")
    list_display = ["__str__", "valid_from", "point_value", "note"]


register_snippet(RateCardViewSet)
