"""PostgreSQL's single-scan path finds exactly the generic path's total, candidates and flags.

Whatever plan the word statistics choose (index walk, GIN bitmap, recent slices widened), and
whether or not the scan fills up, the ranking must equal the four-query path that SQLite runs.
Small caps make the scans fill up and the separate title/tag and exact windows run.
"""

import pytest
from django.db import connection, transaction
from django.utils import timezone

from sitesearch import pgscan
from sitesearch.backends import current_backend
from sitesearch.search import (
    SearchParams,
    _base,
    _candidates,
    _rank,
    _scanned_candidates,
    check,
    search,
)
from sitesearch.tests.test_quality import PARITY_QUERIES

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

QUERIES = PARITY_QUERIES + ["lửa", "hội", "thôn", "tỉnh sóc trăng", '"lễ hội"', "xã", "năm"]
# plan: (estimated share, walk budget factor); a factor of 1 makes the walk stop after
# `limit` rows and hand the older ones to the bitmap.
PLANS = {"walk": (1.0, 4), "bitmap": (1e-9, 4), "walk+bitmap": (1.0, 1)}


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (DATABASE_URL=postgres://…)")


def generic(params: SearchParams, cap: int) -> tuple[int, list[tuple[int, bool]]]:
    checked = check(params)
    base = _base(checked, timezone.now())
    matches = base.filter(current_backend().condition(checked.parsed.clauses, "folded", False))
    total = matches.order_by().values("article_id")[: cap + 1].count()
    pool = _candidates(base, checked.parsed)
    flags = {c.id: c.exact_all for c in pool}
    return total, [(pk, flags[pk]) for pk in _rank(pool, checked.parsed)]


def scanned(params: SearchParams, cap: int, window: int) -> tuple[int, list[tuple[int, bool]]]:
    checked = check(params)
    filters = pgscan.Filters(timezone.now(), checked.section_ids, checked.start, checked.end)
    with transaction.atomic():
        result = pgscan.scan(current_backend(), checked.parsed, filters, cap + 1, window)
    pool = _scanned_candidates(result.rows)
    flags = {c.id: c.exact_all for c in pool}
    return result.total, [(pk, flags[pk]) for pk in _rank(pool, checked.parsed)]


@pytest.mark.parametrize("plan", sorted(PLANS))
@pytest.mark.parametrize("cap,window", [(4, 2), (12, 5), (30, 3), (1000, 100)])
def test_every_plan_gives_the_generic_candidates(on_postgres, corpus, settings, monkeypatch,
                                                 plan, cap, window):
    settings.SEARCH_TOTAL_CAP, settings.SEARCH_CANDIDATES = cap, window
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE sitesearch_searchentry")  # a published_at histogram to slice
    pgscan.STATS.read_at = -pgscan.STATS_SECONDS
    pgscan.STATS.refresh()
    monkeypatch.setattr(pgscan.STATS, "rows", 1_000_000.0)
    share, budget = PLANS[plan]
    monkeypatch.setattr(pgscan.STATS, "share", lambda column, tokens: share)
    monkeypatch.setattr(pgscan, "WALK_BUDGET", budget)
    monkeypatch.setattr(pgscan, "MIN_WALK_BUDGET", 1)
    plans = set()
    for query in QUERIES:
        for extra in ({}, {"section": "kinh-te"}, {"date_from": "2020-01-01"}):
            params = SearchParams(query=query, **extra)
            assert scanned(params, cap, window) == generic(params, cap), (query, extra)
        checked = check(SearchParams(query=query))
        with transaction.atomic():
            plans.add(pgscan.scan(current_backend(), checked.parsed, pgscan.Filters(
                timezone.now(), None, None, None), cap + 1, window).plan)
    if cap < 100:  # with the full cap the corpus is too small for a walk to stop early
        assert any(used.startswith(plan) for used in plans), plans


def test_sort_by_date_pages_come_from_the_scan(on_postgres, corpus, settings):
    settings.SEARCH_TOTAL_CAP = 5
    every = search(SearchParams(query="tỉnh", sort="newest")).results
    assert every
    dates = [r.published_at for r in every]
    assert dates == sorted(dates, reverse=True)
