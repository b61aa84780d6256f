"""The query parameters a cached public page may vary by, named in this one place.

The pages read their parameters by these names (``core.pagination`` takes its cursor from
here), and nginx's configuration is generated from the same table
(``deploy/nginx/toasoan-query-http.conf``, by ``python -m core.caching.query``). For an
anonymous GET or HEAD of a public page, nginx keeps only these parameters, and only values of
the form given, in the order of the table; any other parameter is dropped before nginx makes
its cache key and before Django sees the request. A flood of ``?anything=<random>`` is
therefore one cached page, not one render per request.

The search page, the API, the admin, feeds and sitemaps are never cached, and nginx passes
their query strings unchanged (``$toasoan_never_stored``).

This module imports nothing from Django: ``deploy/prodstack.py`` reads it too.
"""

from __future__ import annotations

import re
import sys

# The keyset cursor of the public listings (?sau=<id of the last story seen>).
CURSOR_PARAM = "sau"

# Each parameter a cached public page reads, with the whole-value pattern nginx keeps.
PAGE_QUERY: dict[str, str] = {
    CURSOR_PARAM: r"[0-9]{1,19}",
}

NGINX_FILE = "toasoan-query-http.conf"

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def nginx_conf() -> str:
    """The http{}-level maps that give ``$toasoan_page_args``: ``?name=value&...`` of the kept
    parameters (empty when none is kept), and ``$toasoan_request_path``, the path as sent."""
    lines = [
        f"# Generated from core/caching/query.py (python -m core.caching.query > {NGINX_FILE}):",
        "# do not edit. http{} level, included before toasoan-site.conf.",
        "# The query parameters a cached public page may vary by; toasoan-http.conf builds the",
        "# cache key and the address Django receives from $toasoan_request_path and",
        "# $toasoan_page_args, so any other parameter never reaches the cache key or Django.",
        "",
    ]
    joined = []
    for name, pattern in PAGE_QUERY.items():
        if not _NAME.match(name) or '"' in pattern:
            raise ValueError(f"unusable page query parameter {name!r} ({pattern!r})")
        lines += [
            f"map $arg_{name} $toasoan_query_{name} {{",
            f'    "~^{pattern}$" "&{name}=$arg_{name}";',
            '    default "";',
            "}",
        ]
        joined.append(f"$toasoan_query_{name}")
    lines += [
        f'map "{"".join(joined)}" $toasoan_page_args {{',
        '    "~^&(?<toasoan_kept_args>.+)$" "?$toasoan_kept_args";',
        '    default "";',
        "}",
        "map $request_uri $toasoan_request_path {",
        '    "~^(?<toasoan_raw_path>[^?]*)" $toasoan_raw_path;',
        "}",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(nginx_conf())
