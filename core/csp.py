"""The Content-Security-Policy of every page (django-csp), with the embed hosts set in the
admin.

The policy itself is the CONTENT_SECURITY_POLICY setting: public pages run only our own
scripts and styles, with no inline code, so one policy fits every reader and a page kept in
nginx's cache carries it unchanged. This middleware adds:

- on every page, the hosts of “Máy chủ được phép nhúng” (core.embed_policy) to `frame-src` and
  `media-src`. They are read once per content generation; the station settings are
  registered to purge, so a change of the list empties nginx's cache and the next page of
  every address carries the new policy;
- on the admin (`/admin/`), CONTENT_SECURITY_POLICY_ADMIN_UPDATE: Wagtail's admin writes a
  few inline <script> and <style> elements (date pickers, inline panels), which only the
  admin may run;
- what a view asks for its own response through `allow_sources` (a live channel's stream
  host).
"""

from __future__ import annotations

import logging

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

from core.caching.memo import shared
from core.embed_policy import embed_hosts

EMBED_DIRECTIVES = ("frame-src", "media-src")
logger = logging.getLogger(__name__)


def embed_sources() -> tuple[str, ...]:
    """The admin's embed hosts, once per content generation; none (the strict policy) when
    the database or the cache cannot be read, so an error page still goes out."""
    try:
        return tuple(shared("csp-embed-hosts", lambda: tuple(embed_hosts())))
    except Exception:  # the database or Redis is down: never turn a page into a failure
        logger.warning("embed hosts unreadable; the policy allows no embeds", exc_info=True)
        return ()


def allow_sources(response: HttpResponseBase, directives: dict[str, list[str]]) -> None:
    """Add sources to this response's policy only (django-csp's per-response update)."""
    update = dict(getattr(response, "_csp_update", None) or {})
    for directive, sources in directives.items():
        update[directive] = [*update.get(directive, ()), *sources]
    response._csp_update = update


def _merge(*updates: dict[str, list[str]] | None) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for update in updates:
        for directive, sources in (update or {}).items():
            merged[directive] = [*merged.get(directive, ()), *sources]
    return merged


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's additions and the embed hosts."""

    def get_policy_parts(self, request: HttpRequest, response: HttpResponseBase,
                         report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        # The 400 and 5xx pages (standalone, no sidebar) embed nothing: they keep the strict
        # policy and read no database; the 404 page is a portal page like any other.
        status = response.status_code
        embeds = embed_sources() if status < 400 or status == 404 else ()
        admin = (getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN_UPDATE", None)
                 if request.path_info.startswith(reverse("wagtailadmin_home")) else None)
        parts.update = _merge({directive: list(embeds) for directive in EMBED_DIRECTIVES},
                              admin, parts.update)
        return parts
