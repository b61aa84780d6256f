"""`{{ slot|title_in:LANGUAGE_CODE }}`: a programme's or slot's title for the reader's edition."""

from __future__ import annotations

from collections.abc import Mapping

from django import template

from broadcast.models import title_in as _title_in

register = template.Library()


@register.filter
def title_in(item, language_code: str) -> str:
    """The title of `item` in the edition `language_code`.

    `item` is anything with `title_for` (Programme, Slot), or a plain row of cached values
    holding "title" and "title_km".
    """
    if item is None or item == "":
        return ""
    if isinstance(item, Mapping):
        return _title_in(language_code, item.get("title", ""), item.get("title_km", ""))
    return item.title_for(language_code)
