"""`{% sharedcache "name" %}…{% endsharedcache %}`: HTML shared by every page, rendered once.

The menu, the sidebar boxes and the footer are identical on every public page of a content
generation; rendering them is most of a page's template time. The block is rendered once per
generation and language and reused (core.caching.memo.shared). `requires="var"` renders normally,
uncached, when the page's context lacks that variable (a page with its own sidebar, say).
`key=expression` keeps one copy per value (the breadcrumb of each section, say).
"""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.caching.memo import shared

register = template.Library()


class SharedCacheNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str, requires: str | None,
                 key: template.base.FilterExpression | None = None) -> None:
        self.nodelist = nodelist
        self.name = name
        self.requires = requires
        self.key = key

    def render(self, context: template.Context) -> str:
        if self.requires and self.requires not in context:
            return self.nodelist.render(context)
        name = self.name if self.key is None else f"{self.name}[{self.key.resolve(context)}]"
        return mark_safe(shared(f"html:{name}:{get_language()}",
                                lambda: str(self.nodelist.render(context))))


@register.tag
def sharedcache(parser: template.base.Parser, token: template.base.Token) -> SharedCacheNode:
    bits = token.split_contents()
    if len(bits) not in (2, 3, 4) or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            '{% sharedcache "name" [key=expression] [requires="variable"] %} takes a quoted name')
    requires, key_expression = None, None
    for bit in bits[2:]:
        option, _, value = bit.partition("=")
        if option == "requires" and value and value[0] in "\"'":
            requires = value[1:-1]
        elif option == "key" and value:
            key_expression = parser.compile_filter(value)
        else:
            raise template.TemplateSyntaxError(
                'sharedcache: only key=expression and requires="variable" are allowed')
    nodelist = parser.parse(("endsharedcache",))
    parser.delete_first_token()
    return SharedCacheNode(nodelist, bits[1][1:-1], requires, key_expression)
