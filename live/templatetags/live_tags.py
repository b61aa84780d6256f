"""The menu's links to the live pages (frontpage's menu)."""

from __future__ import annotations

from django import template

from live import selectors

register = template.Library()


@register.inclusion_tag("live/includes/menu_links.html")
def live_menu_links() -> dict:
    """Menu items for the first television and the first radio channel's live page.

    The menu is a shared fragment, rendered once per content generation, and a channel's save
    starts a new one.
    """
    return {"links": selectors.menu_channels()}

