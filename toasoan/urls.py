"""URL map. Fixed public paths come before the catch-all section and article paths."""

from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from toasoan.api import api

handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    path("", include("syndication.urls")),  # feeds, sitemaps, robots.txt, print view
    path("v/", include("metrics.urls")),  # view beacon and live count (metrics)
    path("", include("notices.urls")),
    path("", include("broadcast.urls")),
    path("", include("schedule.urls")),  # /lich-phat-song/
    path("", include("sitesearch.urls")),
    path("", include("frontpage.urls")),
    path("", include("news.urls")),
]

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
