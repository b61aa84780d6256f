"""URL map. Fixed public paths come before the catch-all section and article paths."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path
from django.views.static import serve
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
    path("truc-tuyen/", include("live.urls")),  # live channel pages
    path("truc-tuyen/", include("live.stream_urls")),  # demo streams' live playlists
    path("", include("sitesearch.urls")),
    path("", include("frontpage.urls")),
    path("", include("news.urls")),
]



def media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploaded files and demo stream segments where no nginx serves /media/ (development,
    the test server). MEDIA_ROOT is read per request, so a test may point it elsewhere."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.DEBUG or settings.SERVE_MEDIA:
    urlpatterns = [re_path(r"^media/(?P<path>.*)$", media)] + urlpatterns
