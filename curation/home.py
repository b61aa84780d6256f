"""The home page's stories, composed in this one place: editors' slots first, rules after.

Places come in page order (lead, highlights row, latest news, then one block per menu
section). Each shows the editor's picks that readers can see, then tops up from its rule
(lead: newest featured; row: newest featured, then newest; latest: newest; section: that
section's newest). No story appears twice: a pick belongs to the first place that picked it,
and a rule skips every story picked anywhere or already shown above. An empty or expired slot
is simply all rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from core.edition_routing import current_edition
from curation.models import HomeSlot
from curation.selectors import live_slots
from news import selectors
from news.models import Article, Section

LATEST_COUNT = 8


@dataclass
class HomeContent:
    lead: list[Article] = field(default_factory=list)
    row: list[Article] = field(default_factory=list)
    latest: list[Article] = field(default_factory=list)
    section_blocks: list[dict] = field(default_factory=list)

    def article_ids(self) -> list[int]:
        """Every story on the page in page order (tests check there are no repeats)."""
        ids = [a.id for a in (*self.lead, *self.row, *self.latest)]
        for block in self.section_blocks:
            ids += [a.id for a in block["articles"]]
        return ids


class _Filler:
    """Hands out stories in page order, each at most once; editors' picks are reserved first,
    so a rule never takes a story an editor placed further down the page."""

    def __init__(self, picks: dict[tuple[str, int | None], list[int]],
                 places: list[tuple[tuple[str, int | None], int]], language: str) -> None:
        wanted = {pk for ids in picks.values() for pk in ids}
        found = selectors.edition_articles(language).in_bulk(wanted) if wanted else {}
        self.used: set[int] = set()
        self.reserved: dict[tuple[str, int | None], list[Article]] = {}
        for key, size in places:
            chosen = []
            for pk in picks.get(key, []):
                if pk in found and pk not in self.used and len(chosen) < size:
                    chosen.append(found[pk])
                    self.used.add(pk)
            self.reserved[key] = chosen

    def fill(self, key: tuple[str, int | None] | None, size: int,
             *rules: QuerySet[Article]) -> list[Article]:
        chosen = list(self.reserved.get(key, [])) if key else []
        for rule in rules:
            if len(chosen) >= size:
                break
            for article in rule.exclude(pk__in=self.used)[:size - len(chosen)]:
                chosen.append(article)
                self.used.add(article.id)
        return chosen


def _home_sections(language: str) -> list[Section]:
    """The edition's sections with a block, in menu order: a root with subsections (Tin tức)
    is shown through them, one block each."""
    sections_by_slug = {s.slug: s for s in Section.objects.in_language(language)}
    found = []
    for entry in selectors.menu_sections(language):
        for slug in [child["slug"] for child in entry["children"]] or [entry["slug"]]:
            if slug in sections_by_slug:
                found.append(sections_by_slug[slug])
    return found


def compose_home(now: dt.datetime | None = None, language: str | None = None) -> HomeContent:
    """The stories of every place on an edition's home page (the current one by default),
    without repeats; editors' picks in another language are not shown."""
    now = now or timezone.now()
    language = language or current_edition()
    kind, sizes = HomeSlot.Kind, HomeSlot.SIZES
    sections = _home_sections(language)
    places = [((kind.LEAD, None), sizes[kind.LEAD]), ((kind.ROW, None), sizes[kind.ROW])]
    places += [((kind.SECTION, section.id), sizes[kind.SECTION]) for section in sections]
    filler = _Filler(live_slots(now), places, language)
    featured = selectors.edition_articles(language).filter(is_featured=True)
    newest = selectors.edition_articles(language)
    content = HomeContent(
        lead=filler.fill((kind.LEAD, None), sizes[kind.LEAD], featured),
        row=filler.fill((kind.ROW, None), sizes[kind.ROW], featured, newest),
    )
    content.latest = filler.fill(None, LATEST_COUNT, newest)
    for section in sections:
        articles = filler.fill((kind.SECTION, section.id), sizes[kind.SECTION],
                               selectors.section_articles(section))
        if articles:
            content.section_blocks.append({"section": section, "articles": articles})
    return content
