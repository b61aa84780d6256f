"""Tell nginx which responses it may keep, and for how long.

nginx is configured to cache only what carries `X-Accel-Expires` (it ignores Cache-Control and
Vary for its own decision), so the rules live here, in one place, identical on every stack:

* only GET/HEAD of the public namespaces (home, sections, articles, announcements, documents,
  video) by readers without a session or editor cookie, answered 200/301/404 without cookies;
* never a page whose content generation changed while it was being rendered;
* never longer than the moment the next scheduled item appears or expires.

Browsers get `max-age=0`, so a reader's reload always asks nginx and sees a purge at once.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from core.caching import registry
from core.caching.generation import pin_generation, read_generation
from core.caching.memo import page_cache_seconds
from core.caching.shell import EDITOR_COOKIE, is_editor
from edgecache.schedule import catch_up, seconds_until_next_change

CACHEABLE_STATUS = {200, 301, 404}


def public_namespaces() -> set[str]:
    """The namespaces apps registered with core.caching.registry.cache_pages."""
    return set(registry.cached_namespaces())


class EdgeCacheMiddleware:
    """Pin the generation for the request and label the response for nginx."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request._edgecache_generation = read_generation()
        pin_generation(request._edgecache_generation)
        try:
            response = self.get_response(request)
            self.label(request, response, request._edgecache_generation)
        finally:
            pin_generation(None)
        self.editor_cookie(request, response)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        """Before a public page renders from shared fragments: if a moment at which pages change
        by themselves has passed (an item appeared or expired, a slot began), move on to the
        generation that follows it, so no part of the page is stale."""
        match = request.resolver_match
        if match is None or match.namespace not in public_namespaces():
            return None
        if request.method not in {"GET", "HEAD"}:
            return None
        catch_up()
        current = read_generation()
        if current != request._edgecache_generation:
            request._edgecache_generation = current
            pin_generation(current)
        return None

    def editor_cookie(self, request: HttpRequest, response: HttpResponse) -> None:
        """Set on login, dropped on logout: nginx then bypasses its cache for this browser."""
        event = getattr(request, "_edgecache_editor", None)
        if event == "login":
            response.set_cookie(
                EDITOR_COOKIE, "1", max_age=settings.SESSION_COOKIE_AGE, httponly=True,
                secure=settings.SESSION_COOKIE_SECURE, samesite="Lax",
            )
        elif event == "logout":
            response.delete_cookie(EDITOR_COOKIE, samesite="Lax")

    def label(self, request: HttpRequest, response: HttpResponse, started: int) -> None:
        match = getattr(request, "resolver_match", None)
        public = (
            match is not None
            and match.namespace in public_namespaces()
            and request.method in {"GET", "HEAD"}
        )
        if not public:
            return
        if is_editor(request) or response.cookies or response.has_header("Set-Cookie"):
            patch_cache_control(response, private=True, no_cache=True)
            response["X-Accel-Expires"] = "0"
            return
        cacheable = (
            response.status_code in CACHEABLE_STATUS
            and "no-store" not in response.get("Cache-Control", "")
            and "private" not in response.get("Cache-Control", "")
        )
        ttl = min(page_cache_seconds(), seconds_until_next_change()) if cacheable else 0
        if ttl > 0 and read_generation() != started:
            ttl = 0  # content changed mid-render: this page may already be stale
        response["X-Accel-Expires"] = str(ttl)
        patch_cache_control(response, public=True, max_age=0)
