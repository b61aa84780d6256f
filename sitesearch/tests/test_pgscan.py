"""PostgreSQL's single-scan path finds exactly the generic path's total, candidates and flags.

Whatever plan the word statistics choose (index walk, GIN bitmap, recent slices widened), and
whether or not the scan fills up, the ranking must equal the four-query path that SQLite runs.
Small caps make the scans fill up and the separate title/tag and exact windows run.
"""

import pytest
from django.db import connection, transaction
from django.utils import timezone

from sitesearch import pgscan
from sitesearch.backends import PostgresFTS, current_backend
from sitesearch.params import SearchParams, check
from sitesearch.pgscan import indexes, statements, stats
from sitesearch.pgscan import plan as costs
from sitesearch.ranking import base as _base
from sitesearch.ranking import candidates as _candidates
from sitesearch.ranking import rank as _rank
from sitesearch.ranking import scanned_candidates as _scanned_candidates
from sitesearch.search import search
from sitesearch.tests.test_quality import PARITY_QUERIES

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

QUERIES = PARITY_QUERIES + ["lửa", "hội", "thôn", "tỉnh sóc trăng", '"lễ hội"', "xã", "năm",
                            '"nông thôn" mới', '"lễ hội" "sóc trăng"', '"hội nông dân tỉnh"']
# plan: (estimated share of the words, walk budget factor, estimated share of a phrase's
# pairs); a factor of 1 makes the walk stop after `limit` rows and hand the older ones to
# the bitmap (words) or the pairs index (phrases).
PLANS = {"walk": (1.0, 4, 1.0), "bitmap": (1e-9, 4, 1e-9), "walk+bitmap": (1.0, 1, 1.0),
         "pairs": (1.0, 4, 1e-9), "walk+pairs": (1.0, 1, 1.0)}


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
    pgscan.STATS.read_at = -stats.STATS_SECONDS
    pgscan.STATS.refresh()
    monkeypatch.setattr(pgscan.STATS, "rows", 1_000_000.0)
    share, budget, pair_share = PLANS[plan]
    monkeypatch.setattr(pgscan.STATS, "share", lambda column, tokens: share)
    if plan == "walk+pairs":  # phrases walked, then their older rows by pairs (made cheap)
        monkeypatch.setattr(costs, "phrase_plan", lambda *args, **kwargs: "walk")
        monkeypatch.setattr(costs, "BITMAP_ROW_COST", 0.0)
    sampled = pgscan.pairs_of
    monkeypatch.setattr(stats, "pairs_of", lambda *args: tuple(
        pgscan.Pairs(pairs.query, pair_share * pgscan.STATS.rows, pairs.expression)
        for pairs in sampled(*args)))
    monkeypatch.setattr(costs, "WALK_BUDGET", budget)
    monkeypatch.setattr(costs, "PHRASE_WALK_BUDGET", budget)
    monkeypatch.setattr(costs, "MIN_WALK_BUDGET", 1)
    monkeypatch.setattr(costs, "MIN_SLICED_WALK_BUDGET", 1)
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
    if plan == "walk+bitmap" and cap < 100:  # phrases walked past the budget: walk on
        assert any("walk+walk" in used for used in plans), plans
    if plan in {"bitmap", "walk+bitmap"} and cap < 100:  # title/tag, exact words by month
        assert any("head:months" in used or "head:walk+months" in used for used in plans)
        assert any("exact:months" in used or "exact:walk+months" in used for used in plans)


def test_pairs_stay_within_a_column(on_postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT sitesearch_pairs('le hoi', 'oc om bok'), "
                       "sitesearch_pairs('', ''), sitesearch_pairs('mot', 'hai')")
        assert cursor.fetchone() == ("'le_hoi' 'oc_om' 'om_bok'", "", "")  # no 'hoi_oc'



def test_triples_stay_within_a_column_and_carry_the_utc_month(on_postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT sitesearch_triples('le hoi lon', 'oc om bok nam', %s), "
                       "sitesearch_triples('', '', %s), sitesearch_triples('mot hai', 'ba', %s)",
                       ["2026-11-28 23:30+07", "2026-12-01 05:00+07", "2027-01-01 06:59+07"])
        assert cursor.fetchone() == ("'_202611' 'le_hoi_lon' 'oc_om_bok' 'om_bok_nam'",
                                     "'_202611'", "'_202612'")


def test_month_slices_start_small_and_double():
    even = dict.fromkeys((202603, 202602, 202601, 202512, 202511, 202510), 100.0)
    # Ten matches expected a month, fifteen wanted first, then thirty.
    assert costs.month_slices(202603, 202510, 0.1, 10, even) == [
        [202603, 202602], [202601, 202512, 202511], [202510]]
    # A rare phrase: one slice reaches back to the first month.
    assert costs.month_slices(202603, 202510, 0.005, 10, even) == [
        [202603, 202602, 202601, 202512, 202511, 202510]]
    # The newest months hold most rows: they alone make the first slice.
    recent = {**even, 202603: 2000.0, 202602: 1500.0}
    assert costs.month_slices(202603, 202510, 0.01, 10, recent)[0] == [202603]


def test_rows_per_month_follow_the_date_histogram():
    import datetime as dt

    bounds = [dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
              dt.datetime(2026, 3, 16, tzinfo=dt.UTC)]
    months = stats._rows_per_month(bounds, 1000.0)
    assert set(months) == {202601, 202602, 202603}
    assert months[202603] == pytest.approx(500.0)
    assert months[202601] == pytest.approx(500.0 * 31 / 59)
    assert sum(months.values()) == pytest.approx(1000.0)


# (months a slice may span, slices before the rest is asked at once): 0 months asks
# everything at once, 1 slice asks one month and then everything older.
@pytest.mark.parametrize("max_months,max_slices", [(6, 3), (0, 3), (6, 1)])
@pytest.mark.parametrize("cap,window", [(4, 2), (30, 3)])
def test_phrases_listed_month_by_month_give_the_generic_candidates(on_postgres, corpus,
                                                                   settings, monkeypatch,
                                                                   cap, window, max_months,
                                                                   max_slices):
    settings.SEARCH_TOTAL_CAP, settings.SEARCH_CANDIDATES = cap, window
    monkeypatch.setattr(costs, "MAX_SLICE_MONTHS", max_months)
    monkeypatch.setattr(costs, "MAX_MONTH_SLICES", max_slices)
    pgscan.STATS.read_at = -stats.STATS_SECONDS
    pgscan.STATS.refresh()
    monkeypatch.setattr(costs, "phrase_plan", lambda *args, **kwargs: "pairs")
    monkeypatch.setattr(costs, "SLICE_MARGIN", 1e-6)  # one month first, then 2, 4, 8 …
    asked = []
    fetch = statements.fetch

    def counting_fetch(*args, pairs=None, **kwargs):
        if pairs is not None and "'_" in pairs[1]:
            asked.append(pairs[1])
        return fetch(*args, pairs=pairs, **kwargs)

    monkeypatch.setattr(statements, "fetch", counting_fetch)
    long_phrases = [query for query in QUERIES
                    if any(len(part.split()) >= 3 for part in query.split('"')[1::2])]
    assert long_phrases
    for query in long_phrases:
        params = SearchParams(query=query)
        assert scanned(params, cap, window) == generic(params, cap), query
    # Searches went on from the newest month to older ones, and the slices joined up exactly.
    if not max_months:
        assert asked == []
    else:
        assert len(asked) >= min(max_slices, 2) * len(long_phrases)


@pytest.mark.parametrize("query,shingles,size", [
    ('"nông thôn mới" về đích', "'nong_thon_moi'", 3),
    ('"lễ hội" "nông thôn mới ở" Sóc Trăng', "'nong_thon_moi' & 'thon_moi_o'", 3),
    ('"lễ hội" "Oóc Om"', "'le_hoi' & 'ooc_om'", 2),
])
def test_long_phrases_are_narrowed_by_their_triples(query, shingles, size):
    clauses = check(SearchParams(query=query)).parsed.clauses
    assert PostgresFTS().pairs_expression(clauses) == (
        shingles, size)


def test_pair_shares_are_sampled(on_postgres, corpus):
    with transaction.atomic(), connection.cursor() as cursor:
        listed = pgscan.refresh_pair_stats(cursor)
        cursor.execute("SELECT count(*), min(share) > 0, max(share) <= 1 FROM sitesearch_pairstats")
        assert cursor.fetchone() == (listed, True, True)
        assert listed > 0
        pairs, head = pgscan.pairs_of(current_backend(), cursor,
                                      check(SearchParams(query='"lễ hội" lớn')).parsed.clauses)
        assert pairs.query == head.query == "'le_hoi'"
        assert (pairs.expression, head.expression) == (indexes.PAIRS, indexes.HEAD_PAIRS)
        assert 0 < head.rows <= pairs.rows <= pgscan.STATS.rows
        triples, head = pgscan.pairs_of(current_backend(), cursor, check(SearchParams(
            query='"lễ hội lớn"')).parsed.clauses)
        assert triples.query == "'le_hoi_lon'"
        assert (triples.expression, head.expression) == (indexes.TRIPLES, indexes.HEAD_TRIPLES)
        cursor.execute("SELECT count(*) FROM sitesearch_pairstats WHERE pair LIKE '%\\_%\\_%'")
        assert cursor.fetchone()[0] > 0  # triples are sampled too


def test_sort_by_date_pages_come_from_the_scan(on_postgres, corpus, settings):
    settings.SEARCH_TOTAL_CAP = 5
    every = search(SearchParams(query="tỉnh", sort="newest")).results
    assert every
    dates = [r.published_at for r in every]
    assert dates == sorted(dates, reverse=True)
