"""The search shows exactly what core.visibility lets readers see, at every moment.

Articles in every state match one query; the search must list exactly those that
`Article.objects.visible()` lists, on the ORM path (SQLite, and PostgreSQL's deep pages) and
on PostgreSQL's scan whatever its plan. Time alone then hides an expiring article: no
scheduler runs, no index write happens, and the result cache must not keep serving it.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.caching.generation import bump_generation
from core.visibility import content_withdrawn
from news.models import Article
from sitesearch import pgscan
from sitesearch.models import SearchEntry
from sitesearch.pgscan import plan as costs
from sitesearch.pgscan import stats
from sitesearch.search import SearchParams, search

pytestmark = pytest.mark.django_db

QUERY = "lũ quét"
TITLE = "Lũ quét ở xã Tham Đôn"
API = "/api/v1/search"
PAGE = "/tim-kiem"
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def states(make_article, sections) -> dict[str, int]:
    """One article per state, every one matching QUERY, with newer unrelated stories on top
    (so a budgeted walk on PostgreSQL stops before the matches and hands them on)."""
    now = timezone.now()
    local = sections["local"]

    def article(name: str, **fields) -> Article:
        fields.setdefault("published_at", now - 2 * HOUR)
        return make_article(title=f"{TITLE} ({name})", primary_section=local, **fields)

    ids = {}
    ids["live"] = article("live").pk
    ids["expiring_later"] = article("expiring later", expire_at=now + 24 * HOUR).pk
    ids["draft"] = article("draft", live=False).pk
    ids["dated_future"] = article("dated future", published_at=now + 24 * HOUR).pk
    ids["future_then_expiring"] = article("future then expiring", published_at=now + HOUR,
                                          expire_at=now + 24 * HOUR).pk
    ids["expires_before_it_appears"] = article("never seen", published_at=now + 24 * HOUR,
                                               expire_at=now + 2 * HOUR).pk
    ids["undated"] = article("undated", published_at=None).pk
    ids["withdrawn_on_save"] = article("withdrawn on save", withdrawn_at=now - HOUR).pk
    withdrawn = article("withdrawn by the newsroom")
    ids["withdrawn"] = withdrawn.pk
    # Indexed while it was still visible, then expired: no scheduler has unpublished it.
    with time_machine.travel(now - 48 * HOUR, tick=False):
        ids["expired"] = article("expired", published_at=now - 47 * HOUR,
                                 expire_at=now - HOUR).pk
    assert SearchEntry.objects.filter(pk=ids["expired"]).exists()
    # Taken off the site outside Wagtail's flow, as newsroom.services.withdraw does.
    Article.objects.filter(pk=withdrawn.pk).update(withdrawn_at=now)
    withdrawn.withdrawn_at = now
    content_withdrawn.send(sender=Article, instance=withdrawn)
    for n in range(6):
        make_article(title=f"Tin thời sự số {n}", primary_section=local,
                     published_at=now - dt.timedelta(minutes=n + 1))
    return ids


def visible_ids(states: dict[str, int]) -> set[int]:
    return set(Article.objects.visible().filter(pk__in=states.values())
               .values_list("pk", flat=True))


def found_ids(query: str = QUERY, **params) -> tuple[int, list[int]]:
    """The total and every id the search lists, page after page."""
    ids, page = [], 1
    while True:
        found = search(SearchParams(query=query, page=page, **params))
        ids += [result.id for result in found.results]
        if not found.has_next:
            return found.total, ids
        page += 1


def test_the_states_are_what_the_rule_says(states):
    """The rule itself, so the comparisons below compare with something known."""
    assert visible_ids(states) == {states["live"], states["expiring_later"]}


@pytest.mark.parametrize("sort", ["relevance", "newest"])
@pytest.mark.parametrize("window", [1, 50])
def test_search_lists_exactly_the_visible_articles(states, settings, sort, window):
    # A window of one leaves most matches to the newest-first ORM query after the ranking.
    settings.SEARCH_CANDIDATES = window
    total, ids = found_ids(sort=sort)
    assert sorted(ids) == sorted(visible_ids(states))
    assert total == len(ids)
    phrase_total, phrase_ids = found_ids(f'"{QUERY}" tham đôn', sort=sort)
    assert (phrase_total, sorted(phrase_ids)) == (total, sorted(ids))


# Forced plans of the scan: (share of the words, walk budget factor, phrase plan).
SCAN_PLANS = {"walk": (1.0, 4, "walk"), "bitmap": (1e-9, 4, "bitmap"),
              "walk+bitmap": (1.0, 1, "walk"), "pairs": (1.0, 4, "pairs")}


@pytest.mark.postgres
@pytest.mark.parametrize("plan", sorted(SCAN_PLANS))
@pytest.mark.parametrize("window", [1, 50])
def test_the_postgresql_scan_lists_exactly_the_visible_articles(states, settings, monkeypatch,
                                                                plan, window):
    settings.SEARCH_CANDIDATES, settings.SEARCH_TOTAL_CAP = window, 3
    stats.STATS.read_at = -stats.STATS_SECONDS
    stats.STATS.refresh()
    share, budget, phrase_way = SCAN_PLANS[plan]
    monkeypatch.setattr(stats.STATS, "rows", 1_000_000.0)
    monkeypatch.setattr(stats.STATS, "share", lambda column, tokens: share)
    monkeypatch.setattr(costs, "phrase_plan", lambda *args, **kwargs: phrase_way)
    monkeypatch.setattr(costs, "WALK_BUDGET", budget)
    monkeypatch.setattr(costs, "MIN_WALK_BUDGET", 1)
    monkeypatch.setattr(costs, "MIN_SLICED_WALK_BUDGET", 1)
    used = []
    scan = pgscan.scan

    def recording_scan(*args, **kwargs):
        result = scan(*args, **kwargs)
        used.append(result.plan)
        return result

    monkeypatch.setattr(pgscan, "scan", recording_scan)
    expected = sorted(visible_ids(states))
    for query in (QUERY, f'"{QUERY}" tham đôn'):
        for sort in ("relevance", "newest"):
            total, ids = found_ids(query, sort=sort)
            assert sorted(ids) == expected, (query, sort)
            assert total == len(expected), (query, sort)
    assert used and any(way.startswith(plan) for way in used), used


def api_ids(client) -> set[int]:
    return {result["id"] for result in client.get(API, {"q": QUERY}).json()["results"]}


def test_an_article_leaves_results_when_it_expires_without_a_scheduler(
        client, make_article, sections, settings, django_assert_max_num_queries):
    settings.SEARCH_CACHE_SECONDS = 3600  # far longer than the article has left
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        lasting = make_article(title=f"{TITLE} (lasting)", primary_section=sections["local"],
                               published_at=start - 2 * HOUR)
        expiring = make_article(title=f"{TITLE} (expiring)", primary_section=sections["local"],
                                published_at=start - HOUR,
                                expire_at=start + dt.timedelta(minutes=5))
        assert api_ids(client) == {lasting.pk, expiring.pk}
        assert "(expiring)" in client.get(PAGE, {"q": QUERY}).content.decode()
        found_ids()
        with django_assert_max_num_queries(0):  # the cache answers
            assert sorted(found_ids()[1]) == sorted([lasting.pk, expiring.pk])
    with time_machine.travel(start + dt.timedelta(minutes=6), tick=False):
        assert Article.objects.get(pk=expiring.pk).live  # nothing unpublished it
        assert SearchEntry.objects.filter(pk=expiring.pk).exists()  # nor dropped its entry
        assert found_ids() == (1, [lasting.pk])
        assert api_ids(client) == {lasting.pk}
        html = client.get(PAGE, {"q": QUERY}).content.decode()
        assert "(lasting)" in html and "(expiring)" not in html


def test_an_article_dated_later_appears_by_itself(make_article, sections, settings):
    settings.SEARCH_CACHE_SECONDS = 3600
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        later = make_article(title=TITLE, primary_section=sections["local"],
                             published_at=start + dt.timedelta(minutes=5))
        assert found_ids() == (0, [])
    with time_machine.travel(start + dt.timedelta(minutes=6), tick=False):
        assert found_ids() == (1, [later.pk])


def test_cached_results_follow_the_content_generation(make_article, sections, settings,
                                                      django_assert_max_num_queries):
    settings.SEARCH_CACHE_SECONDS = 3600
    make_article(title=TITLE, primary_section=sections["local"])
    found_ids()
    with django_assert_max_num_queries(0):
        found_ids()
    bump_generation()
    with CaptureQueriesContext(connection) as queries:
        found_ids()
    assert len(queries) > 0  # a new generation: the page is built again
