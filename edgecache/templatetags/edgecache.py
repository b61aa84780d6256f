"""`{% sharedcache "name" %}…{% endsharedcache %}`: HTML shared by every page, rendered once.

The menu, the sidebar boxes and the footer are identical on every public page of a content
generation; rendering them is most of a page's template time. The block is rendered once per
generation and language and reused (edgecache.cache.shared). `requires="var"` renders normally,
uncached, when the page's context lacks that variable (a page with its own sidebar, say).
"""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from edgecache.cache import shared

register = template.Library()


class SharedCacheNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str, requires: str | None) -> None:
        self.nodelist = nodelist
        self.name = name
        self.requires = requires

    def render(self, context: template.Context) -> str:
        if self.requires and self.requires not in context:
            return self.nodelist.render(context)
        return mark_safe(shared(f"html:{self.name}:{get_language()}",
                                lambda: str(self.nodelist.render(context))))


@register.tag
def sharedcache(parser: template.base.Parser, token: template.base.Token) -> SharedCacheNode:
    bits = token.split_contents()
    if len(bits) not in (2, 3) or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            '{% sharedcache "name" [requires="variable"] %} takes a quoted name')
    requires = None
    if len(bits) == 3:
        key, _, value = bits[2].partition("=")
        if key != "requires" or not value or value[0] not in "\"'":
            raise template.TemplateSyntaxError('sharedcache: only requires="variable" is allowed')
        requires = value[1:-1]
    nodelist = parser.parse(("endsharedcache",))
    parser.delete_first_token()
    return SharedCacheNode(nodelist, bits[1][1:-1], requires)
