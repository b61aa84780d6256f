"""URL map. Fixed public paths come before the catch-all section and article paths."""

from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core.edition_routing import edition_patterns
from core.media import serve_media
from core.views import page_not_found
from toasoan.api import api

handler400 = "core.views.bad_request"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail reads /documents/<digits>/ with int(): more digits than Python converts (4300)
    # raise ValueError. No stored id has more than 19 digits.
    re_path(r"^documents/[0-9]{20,}/", page_not_found),
    path("documents/", include(wagtaildocs_urls)),
    # A document in a private collection sends a visitor to Wagtail's front-end login by this
    # name; the portal has no reader accounts, so it is the admin's sign-in page.
    path("_util/login/", RedirectView.as_view(pattern_name="wagtailadmin_login",
                                              query_string=True), name="wagtailcore_login"),
    path("api/v1/", api.urls),
    path("", include("syndication.urls")),  # feeds, sitemaps, robots.txt, print view
    path("v/", include("metrics.urls")),  # view beacon and live count (metrics)
    path("truc-tuyen/", include("live.stream_urls")),  # demo streams' live playlists
    # The reader's pages, in each edition: unprefixed in Vietnamese, under /km/ in Khmer
    # (core.edition_routing).
    *edition_patterns(
        path("", include("notices.urls")),
        path("", include("broadcast.urls")),
        path("", include("schedule.urls")),  # /lich-phat-song/
        path("truc-tuyen/", include("live.urls")),  # live channel pages
        path("", include("sitesearch.urls")),
        path("", include("frontpage.urls")),
        path("", include("news.urls")),
    ),
]

# Media without a web server in front (DEBUG, `make run`, SERVE_MEDIA=1), with byte ranges for
# players; the view answers 404 otherwise, and in production nginx serves /media/ itself.
urlpatterns.insert(0, re_path(r"^media/(?P<path>.+)$", serve_media, name="media"))
