"""Render a public page as its own blocks poured into a cached *shell* of base.html.

Everything base.html draws around a page's blocks (header, menu, sidebar, footer, script and
style links) is identical for every page of a template in one content generation. The shell is
base.html rendered once with a marker in place of each block the page's template overrides;
a request then renders only those blocks and joins them with the shell's literal pieces. The
result is byte for byte what `render()` gives (tests compare the two), at a fraction of the
template work, which is what an uncached page costs on a cache miss.

Readers only: a request that may belong to a logged-in editor (Wagtail's user bar, messages)
takes the ordinary full render.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import Template as DjangoTemplate
from django.template.context import make_context
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode
from django.utils.translation import get_language

from core.caching.memo import shared

_MARKER = "\x00page-shell-block:{}\x00"
_MARKER_RE = re.compile("\x00page-shell-block:([a-z_]+)\x00")
# base.html blocks whose default content depends on the request (its URL, its section, its
# translations for hreflang and the language switch): always rendered per page, never baked
# into the shell.
PER_PAGE_BLOCKS = ("canonical", "hreflang", "feeds", "edition_switch")
# Per template name: the compiled template the blocks were taken from, and its blocks. A
# template reloaded in development is a new object, so its blocks are taken again.
_blocks_by_template: dict[str, tuple[DjangoTemplate, dict[str, BlockNode]]] = {}


EDITOR_COOKIE = "toasoan_editor"


def is_editor(request: HttpRequest) -> bool:
    """A session or the editor marker means someone may be logged in: never share their page."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or EDITOR_COOKIE in request.COOKIES


def is_reader(request: HttpRequest) -> bool:
    """No session and no editor marker: nobody can be logged in on this request."""
    return not is_editor(request)


def _page_blocks(template_name: str) -> tuple[DjangoTemplate, dict[str, BlockNode]]:
    template = get_template(template_name).template
    known = _blocks_by_template.get(template_name)
    blocks = known[1] if known is not None and known[0] is template else None
    if blocks is None:
        extends = template.nodelist.get_nodes_by_type(ExtendsNode)
        if not extends or extends[0].parent_name.var != "base.html":
            raise ValueError(f"{template_name} must extend base.html to use the page shell")
        base = get_template("base.html").template
        base_blocks = {node.name: node for node in base.nodelist.get_nodes_by_type(BlockNode)}
        blocks = {name: base_blocks[name] for name in PER_PAGE_BLOCKS}
        blocks.update(extends[0].blocks)
        _blocks_by_template[template_name] = (template, blocks)
    return template, blocks


def _build_shell(template_name: str, names: list[str], context: Mapping[str, Any],
                 request: HttpRequest) -> list[str]:
    """base.html with a marker for each of the page's blocks, split into pieces.

    Even positions are literal HTML, odd positions are block names.
    """
    source = '{% extends "base.html" %}' + "".join(
        f"{{% block {name} %}}{_MARKER.format(name)}{{% endblock %}}" for name in names)
    engine = get_template(template_name).template.engine
    shell = engine.from_string(source)
    html = shell.render(make_context(dict(context), request))
    return _MARKER_RE.split(html)


def render_in_shell(request: HttpRequest, template_name: str,
                    context: Mapping[str, Any]) -> HttpResponse:
    """The same response as `render(request, template_name, context)`, faster for readers.

    With DEBUG on (development) pages are always rendered whole, so an edited base.html shows
    at once instead of when the shell's generation ends.
    """
    if settings.DEBUG or not is_reader(request):
        return render(request, template_name, context)
    template, blocks = _page_blocks(template_name)
    names = sorted(blocks)
    pieces = shared(f"shell:{template_name}:{get_language()}",
                    lambda: _build_shell(template_name, names, context, request))
    page_context = make_context(dict(context), request)
    rendered: dict[str, str] = {}
    with page_context.bind_template(template):
        for name in names:
            rendered[name] = blocks[name].render(page_context)
    parts = [piece if index % 2 == 0 else rendered[piece]
             for index, piece in enumerate(pieces)]
    return HttpResponse("".join(parts))
