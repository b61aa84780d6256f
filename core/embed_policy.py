"""The embed hosts the station set in the admin, applied: the policy pages send and the check
an editor's player or media address must pass. Parsing and matching live in core.embeds."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.embeds import host_allowed, parse_embed_hosts, url_source
from core.models import StationSettings


def embed_hosts() -> list[str]:
    """The hosts set in the admin now (one query; pages use core.csp's cached copy)."""
    return parse_embed_hosts(StationSettings.load().embed_hosts)


def check_embed_url(url: str) -> None:
    """Refuse (ValidationError, in Vietnamese) a player or media address that readers'
    browsers would block: one on a host outside the admin's list and not this site's own."""
    if not url or url_source(url) is None:
        return
    own = {host for host in settings.ALLOWED_HOSTS if host and not host.startswith((".", "*"))}
    if (urlsplit(url).hostname or "").lower() in own or host_allowed(url, embed_hosts()):
        return
    raise ValidationError(
        _("Pages may not embed from %(host)s. An administrator can add it under Settings » "
          "Station information » Hosts allowed to embed."),
        code="embed_host", params={"host": url_source(url)})
