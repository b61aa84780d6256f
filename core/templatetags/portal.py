"""Vietnamese presentation helpers for templates: numbers, dates and shortened titles."""

from datetime import date, datetime

from django import template
from django.utils import timezone

from core.vietnamese import format_number_vi, truncate_words

register = template.Library()


@register.filter
def vi_number(value) -> str:
    """2345 → “2.345”, the Vietnamese thousands separator."""
    try:
        return format_number_vi(int(value))
    except (TypeError, ValueError):
        return ""


@register.filter
def vi_date(value, with_time: bool = False) -> str:
    """dd/mm/yyyy in Asia/Ho_Chi_Minh, whatever zone the value was stored in."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@register.filter
def short_title(value: str, max_chars: int = 40) -> str:
    """Cut at a word boundary with “…”; the template keeps the full title in title=""."""
    return truncate_words(str(value or ""), int(max_chars))
