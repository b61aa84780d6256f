"""`{% sidebar %}`: the sidebar boxes, drawn by the layout itself rather than passed by views."""

from django import template

from frontpage.sidebar import sidebar_boxes

register = template.Library()


@register.inclusion_tag("includes/sidebar.html", takes_context=True)
def sidebar(context: template.Context) -> dict:
    return {**sidebar_boxes(), "menu_sections": context.get("menu_sections")}
