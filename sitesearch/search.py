"""The search's entry point: `search(params)` answers one page, from the cache or the database.

It decides which ids a page shows: the total (capped), then either the ranked candidates
(sitesearch.ranking) followed by the other matches newest first, or every match newest first.
On PostgreSQL one scan (sitesearch.pgscan) answers the count and the candidate windows; the
rarer deep pages, and SQLite, use the ORM. Both read only index rows readers see at that
moment (`SearchEntry.shown_q` / `shown_sql`: core.visibility's rule, its time part applied
at query time).
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.db.models import QuerySet

from sitesearch import conf, pgscan, ranking
from sitesearch.backends import current_backend
from sitesearch.conf import MAX_PAGE, PAGE_SIZE
from sitesearch.models import SearchEntry
from sitesearch.params import DEFAULT_LANGUAGE, Checked, SearchError, SearchParams, check
from sitesearch.result_cache import cached
from sitesearch.results import Result, SearchPage, results

__all__ = ["PAGE_SIZE", "Result", "SearchError", "SearchPage", "SearchParams", "search"]


def search(params: SearchParams) -> SearchPage:
    """One page of results; raises SearchError for parameters a reader must correct."""
    checked = check(params)
    return cached(checked, lambda now: _search(checked, now))


def _planned(query) -> list:
    """Rows of an ORM query of the rarer paths (deep pages), planned as the scan's are."""
    if connection.vendor != "postgresql":
        return list(query)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("; ".join(f"SET LOCAL {name} = {value}"
                                     for name, value in pgscan.SCAN_SETTINGS.items()))
        return list(query)


def _search(checked: Checked, now: dt.datetime) -> SearchPage:
    parsed = checked.parsed
    if parsed.is_empty:
        return SearchPage(query=parsed, total=0, total_is_capped=False, page=checked.page)

    def matching() -> QuerySet[SearchEntry]:
        # Built only where used: on PostgreSQL only the rarer paths (deep pages) need it.
        return ranking.base(checked, now).filter(
            current_backend().condition(parsed.clauses, "folded", head_only=False))

    cap = conf.total_cap()
    scanned = None
    if connection.vendor == "postgresql":
        filters = pgscan.Filters(now, checked.section_ids, checked.start, checked.end,
                                 language=checked.language, main_language=DEFAULT_LANGUAGE)
        scanned = pgscan.scan(current_backend(), parsed, filters, cap + 1,
                              conf.candidates_per_set(), candidates=checked.sort != "newest")
        total = scanned.total
    else:
        total = matching().order_by().values("article_id")[: cap + 1].count()
    page = SearchPage(query=parsed, total=min(total, cap), total_is_capped=total > cap,
                      page=checked.page)
    if checked.page > MAX_PAGE:
        return page
    offset = (checked.page - 1) * PAGE_SIZE
    if offset >= total:
        return page
    if checked.sort == "newest":
        if scanned is not None and (offset + PAGE_SIZE <= len(scanned.newest)
                                    or len(scanned.newest) == total):  # it holds them all
            ids = [row.id for row in scanned.newest[offset : offset + PAGE_SIZE]]
        else:
            ids = _planned(matching().order_by(*ranking.ORDER)
                           .values_list("article_id", flat=True)[offset : offset + PAGE_SIZE])
    else:
        pool = (ranking.scanned_candidates(scanned.rows) if scanned is not None
                else ranking.candidates(ranking.base(checked, now), parsed))
        ranked = ranking.rank(pool, parsed)
        ids = ranked[offset : offset + PAGE_SIZE]
        if len(ids) < PAGE_SIZE and total > len(ranked):
            # Past the ranked window: the remaining matches, newest first.
            rest_offset = max(0, offset - len(ranked))
            ids += _planned(
                matching().exclude(article_id__in=ranked).order_by(*ranking.ORDER)
                .values_list("article_id", flat=True)
                [rest_offset : rest_offset + PAGE_SIZE - len(ids)]
            )
    page.results = results(ids, parsed, checked.language)
    return page
