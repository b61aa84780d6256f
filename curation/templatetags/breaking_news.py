"""`{% breaking_news %}`: the "Tin nóng" line, drawn by the layout on every public page."""

from django import template

from curation.selectors import current_ticker

register = template.Library()


@register.inclusion_tag("curation/includes/breaking_news.html")
def breaking_news() -> dict:
    return {"ticker": current_ticker()}
