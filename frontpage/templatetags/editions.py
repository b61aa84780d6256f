"""`{% edition_switch %}`: the header link to the other edition (Vietnamese ⇄ Khmer).

It leads to the translation of the page being read (the same translation_key in the other
language, visible to readers), or to the other edition's home when there is none. Pages whose
object is not translated per language (a document, a video, the schedule) or that have no
object (a listing, the search) are the same page in the other edition.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse
from django.urls.base import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.edition_routing import KHMER, current_edition

register = template.Library()

# Each edition's own name, in its own language and script.
EDITION_NAMES = {"vi": "Tiếng Việt", KHMER: "ភាសាខ្មែរ"}
# Context names under which the views put the object a page shows, most specific first (an
# article page also has its section).
PAGE_OBJECTS = ("article", "item", "section")


def other_edition(language: str) -> str:
    return settings.LANGUAGE_CODE if language == KHMER else KHMER


def edition_home(language: str) -> str:
    with translation.override(language):
        return reverse("frontpage:home")


def translation_of(item, language: str):
    """The visible version of `item` in `language`, or None (core.visibility's rule)."""
    model = type(item)
    key = getattr(item, "translation_key", None)
    if key is None:
        return None
    manager = model._default_manager
    rows = manager.visible() if hasattr(manager, "visible") else manager.all()
    return rows.filter(translation_key=key, locale__language_code=language).first()


def switch_url(context: template.Context, language: str) -> str:
    """Where the switch to `language` leads from the page rendered with `context`."""
    for name in PAGE_OBJECTS:
        item = context.get(name)
        if item is None or not hasattr(item, "_meta"):
            continue
        if getattr(item, "translation_key", None) is None:
            break  # an object shown alike in both editions: the same page over there
        found = translation_of(item, language)
        if found is None:
            return edition_home(language)
        with translation.override(language):
            return found.get_absolute_url()
    request = context.get("request")
    if request is None:
        return edition_home(language)
    other = translate_url(request.path, language)  # the address itself when it has no route
    return other if other != request.path else edition_home(language)


@register.simple_tag(takes_context=True)
def edition_switch(context: template.Context) -> SafeString:
    language = other_edition(current_edition())
    return format_html('<a class="edition-switch" href="{}" lang="{}" hreflang="{}">{}</a>',
                       switch_url(context, language), language, language,
                       EDITION_NAMES[language])
