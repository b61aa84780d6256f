"""The page of results readers get: each found article's title, link, section and snippet.

The ids are decided by the search (sitesearch.search); this module only turns them into what
a page or the API shows, in one query whatever the page holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection

from news import page_queries
from news.models import Article, Section, article_path
from news.page_queries import aware_datetime
from sitesearch.conf import MAX_PAGE, PAGE_SIZE
from sitesearch.models import SearchEntry
from sitesearch.snippets import highlight
from sitesearch.text import ParsedQuery


@dataclass
class Result:
    id: int
    title: str
    url: str
    section: str
    section_name: str
    published_at: dt.datetime
    snippet: str


@dataclass
class SearchPage:
    query: ParsedQuery
    total: int
    total_is_capped: bool
    page: int
    results: list[Result] = field(default_factory=list)

    @property
    def has_next(self) -> bool:
        return self.page * PAGE_SIZE < self.total and self.page < MAX_PAGE

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _results_sql(count: int, as_array: bool = False) -> str:
    """The result rows: article, its section and its snippet source, by id (one query).

    `as_array` takes the ids as one array parameter: one statement for any page, which
    PostgreSQL then prepares once per connection (news.page_queries).
    """
    article, section, entry = Article._meta, Section._meta, SearchEntry._meta
    columns = ", ".join(f"a.{article.get_field(name).column}"
                        for name in ("id", "title", "slug", "published_at"))
    return (
        f"SELECT {columns}, s.{section.get_field('slug').column}, "
        f"s.{section.get_field('name').column}, e.{entry.get_field('snippet_text').column} "
        f"FROM {article.db_table} a "
        f"JOIN {section.db_table} s ON s.id = a.{article.get_field('primary_section').column} "
        f"LEFT JOIN {entry.db_table} e ON e.{entry.get_field('article').column} = a.id "
        + ("WHERE a.id = ANY(%s)" if as_array
           else f"WHERE a.id IN ({', '.join(['%s'] * count)})")
    )


def results(ids: list[int], parsed: ParsedQuery, language: str = "vi") -> list[Result]:
    """The page's results in `ids` order, with highlighted snippets and their edition's
    addresses (`language`: every result of a search is in the edition searched).

    Hand-written SQL: compiling the equivalent ORM query (select_related, only) and building
    twenty Article instances costs more than the query itself, on every search; the test
    suite checks it gives what the ORM gives.
    """
    if not ids:
        return []
    if page_queries.prepared_statements():
        with page_queries.prepared_cursor() as cursor:
            cursor.execute(_results_sql(len(ids), as_array=True), [list(ids)])
            rows = {row[0]: row for row in cursor.fetchall()}
    else:
        with connection.cursor() as cursor:
            cursor.execute(_results_sql(len(ids)), list(ids))
            rows = {row[0]: row for row in cursor.fetchall()}
    found = []
    for article_id in ids:
        row = rows.get(article_id)
        if row is None:
            continue
        pk, title, slug, published_at, section_slug, section_name, snippet = row
        found.append(Result(
            id=pk,
            title=title,
            url=article_path(section_slug, slug, pk, language),
            section=section_slug,
            section_name=section_name,
            published_at=aware_datetime(published_at),
            snippet=highlight(snippet or "", parsed),
        ))
    return found
