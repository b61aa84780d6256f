"""Presentation helpers for templates: numbers, dates and shortened titles.

Numbers and dates follow the edition being rendered (core.dates: Latin digits and dd/mm/yyyy
in Vietnamese, Khmer digits and month names in Khmer); the `vi_` names are kept from when the
portal had one edition.
"""

from datetime import date, datetime, time
from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.dates import format_clock, format_count, format_day, format_day_month
from core.vietnamese import truncate_words

register = template.Library()


@register.filter
def vi_number(value) -> str:
    """2345 → “2.345” (“២.៣៤៥” in Khmer), "." between thousands."""
    try:
        return format_count(int(value), get_language())
    except (TypeError, ValueError):
        return ""


@register.filter
def vi_date(value, with_time: bool = False) -> str:
    """dd/mm/yyyy (“៧ ធ្នូ ២០២៦” in Khmer) in Asia/Ho_Chi_Minh, whatever zone it was stored in."""
    if not value:
        return ""
    if isinstance(value, date):  # datetimes too
        return format_day(value, get_language(), bool(with_time))
    return str(value)


@register.filter
def day_month(value) -> str:
    """dd/mm (“៧ ធ្នូ” in Khmer): a day of the schedule's week tabs."""
    return format_day_month(value, get_language()) if isinstance(value, date) else ""


@register.filter
def clock(value) -> str:
    """HH:MM, 24-hour (“១៤:៣០” in Khmer), in the station's time zone."""
    return format_clock(value, get_language()) if isinstance(value, (datetime, time)) else ""


@register.filter
def story_links(items, max_chars: int = 45) -> SafeString:
    """`<li>` links to stories, titles cut at a word with the full title on hover.

    Written in Python rather than a template loop: the related list is a dozen links on every
    article page, and a template loop costs more than the rest of its render. Most
    of those stories are a section's newest, the same objects for every article of the
    section until the content changes (core.caching.memo.shared): each keeps its link once made.
    """
    limit = int(max_chars)
    return mark_safe("".join(_story_link(item, limit) for item in items or ()))  # noqa: S308


def _story_link(item, limit: int) -> str:
    memo = getattr(item, "__dict__", None)
    key = f"_story_link_{limit}"
    if memo is not None and key in memo:
        return memo[key]
    link = (f'<li><a href="{escape(item.get_absolute_url())}" title="{escape(item.title)}">'
            f'{escape(truncate_words(str(item.title or ""), limit))}</a></li>')
    if memo is not None:
        memo[key] = link
    return link


@register.simple_tag
def story_cards(items, show_sapo: bool = False, big: bool = False) -> SafeString:
    """Story cards (image, title, date, optional sapo) for listings and home blocks.

    Built in Python: a section page shows twenty cards, and twenty template includes were
    most of an uncached section page. Images use the same renditions as `{% image %}`.
    """
    language = get_language()
    return mark_safe("".join(_card(item, show_sapo, big, language)  # noqa: S308
                             for item in items or ()))


def _first_words(text: str, count: int) -> str:
    """Django's `truncatewords` (the same output), without its lazy-translation machinery."""
    words = text.split()
    if len(words) <= count:
        return " ".join(words)
    shortened = " ".join(words[:count])
    return shortened if shortened.endswith(" …") else shortened + " …"


def _card(item, show_sapo: bool, big: bool, language: str = "vi") -> str:
    url = escape(item.get_absolute_url())
    title = escape(item.title)
    image = ""
    picture = item.featured_image if item.featured_image_id else None
    if picture is not None:
        rendition = picture.get_rendition("fill-800x450" if big else "fill-320x180")
        image = (f'<a class="card-image" href="{url}" tabindex="-1">'
                 f'{rendition.img_tag({"loading": "lazy", "alt": item.title})}</a>')
    time_tag = ""
    published = item.published_at
    if published is not None:
        if timezone.is_aware(published):
            published = timezone.localtime(published)
        time_tag = (f'<time datetime="{published.strftime("%Y-%m-%dT%H:%M:%S%z")}">'
                    f'{format_day(published, language)}</time>')
    sapo = ""
    if show_sapo and item.sapo:
        sapo = f'\n    <p class="sapo">{escape(_first_words(item.sapo, 40))}</p>'
    return (f'<article class="card{" card-big" if big else ""}">\n  {image}\n'
            f'  <div class="card-text">\n'
            f'    <h3 class="card-title"><a href="{url}">{title}</a></h3>\n'
            f'    <p class="meta">{time_tag}</p>{sapo}\n  </div>\n</article>\n')
