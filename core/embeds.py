"""The hosts whose players and maps pages may embed (“Máy chủ được phép nhúng”, set in the
admin with the station's facts), as Content-Security-Policy sources and as a check on the
addresses editors give.

Each entry is one CSP host source: a host name, optionally with `*.` in front (its
subdomains), a scheme (`https://`) and a port (`:8443`, `:*`). Anything else (a path, a
quote, a `;`, a bare `*`) is refused when the setting is saved, so a setting can never add a
directive or a keyword such as `'unsafe-inline'` to the policy.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
HOST_SOURCE = re.compile(
    rf"^(?:(?P<scheme>https?)://)?(?P<wildcard>\*\.)?(?P<host>{_LABEL}(?:\.{_LABEL})*)"
    rf"(?::(?P<port>\d{{1,5}}|\*))?/?$")
DEFAULT_PORTS = {"http": 80, "https": 443}
# The players and maps a Vietnamese newsroom embeds most; the setting's initial value.
DEFAULT_EMBED_HOSTS = "\n".join([
    "https://www.youtube.com", "https://www.youtube-nocookie.com", "https://www.google.com",
])


def parse_embed_hosts(text: str) -> list[str]:
    """The entries of the setting (one per line, or separated by spaces or commas), lower
    case and without a trailing slash; ValidationError naming every entry that is not a host."""
    entries, wrong = [], []
    for raw in re.split(r"[\s,]+", text or ""):
        if not raw:
            continue
        entry = raw.lower().rstrip("/")
        match = HOST_SOURCE.match(entry)
        if match is None or (match["port"] not in (None, "*") and not 0 < int(match["port"])
                             < 65536):
            wrong.append(raw)
        elif entry not in entries:
            entries.append(entry)
    if wrong:
        raise ValidationError(
            _("Not a host name: %(entries)s. Write one host per line, such as "
              "https://www.youtube.com or *.example.vn, without a path."),
            code="invalid_host", params={"entries": ", ".join(wrong)})
    return entries


def validate_embed_hosts(text: str) -> None:
    parse_embed_hosts(text)


def url_source(url: str) -> str | None:
    """The CSP source (scheme://host[:port]) of an absolute address; None for an address on
    this site (a path) or one that is not http(s)."""
    parts = urlsplit(url or "")
    if not parts.netloc:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    port = f":{parts.port}" if parts.port and parts.port != DEFAULT_PORTS[parts.scheme] else ""
    return f"{parts.scheme}://{parts.hostname}{port}"


def host_allowed(url: str, entries: list[str]) -> bool:
    """Whether a browser applying these host sources would load `url` (CSP's matching for
    hosts: a scheme given must match, `https` also allows upgrading from `http`; `*.` covers
    subdomains only; without a port only the scheme's default port)."""
    parts = urlsplit(url or "")
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return False
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:
        return False
    host = parts.hostname.lower()
    for entry in entries:
        match = HOST_SOURCE.match(entry)
        if match is None:
            continue
        scheme = match["scheme"]
        if scheme and not (scheme == parts.scheme or (scheme == "http"
                                                      and parts.scheme == "https")):
            continue
        if match["wildcard"]:
            if not host.endswith("." + match["host"]):
                continue
        elif host != match["host"]:
            continue
        wanted = match["port"]
        if wanted == "*" or (wanted is None and port == DEFAULT_PORTS[parts.scheme]) or (
                wanted is not None and wanted != "*" and int(wanted) == port):
            return True
    return False
