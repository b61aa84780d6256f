"""The labelled set: every query's expected story comes first, on whichever database runs."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from conftest import require_service
from sitesearch.search import SearchParams, search
from sitesearch.tests.corpus import ARTICLES, PHRASE_EXCLUSIONS, QUERIES

pytestmark = pytest.mark.django_db


def test_labelled_set_is_big_enough():
    assert len(ARTICLES) >= 80
    assert len(QUERIES) >= 60
    assert {key for _query, key in QUERIES} <= set(ARTICLES)


def test_every_labelled_query_ranks_its_story_first(corpus):
    by_id = {pk: key for key, pk in corpus.items()}
    failures = []
    for query, expected in QUERIES:
        results = search(SearchParams(query=query)).results
        got = [by_id[r.id] for r in results[:3]]
        if not got or got[0] != expected:
            failures.append(f"{query!r}: expected {expected}, got {got}")
    assert not failures, "\n".join(failures)


def test_phrases_do_not_match_words_apart(corpus):
    for query, excluded in PHRASE_EXCLUSIONS:
        ids = [r.id for r in search(SearchParams(query=query)).results]
        assert corpus[excluded] not in ids, query
        assert ids, query
    # Unquoted, the same words do find the story with the words apart.
    ids = [r.id for r in search(SearchParams(query="nông thôn mới")).results]
    assert corpus["market"] in ids and ids[0] == corpus["ntm"]


def test_accented_query_puts_exact_spelling_above_folded_matches(corpus):
    ids = [r.id for r in search(SearchParams(query="lửa")).results]
    # The rice story is newer and also matches "lua" once folded, but comes after the fire story.
    assert ids.index(corpus["fire"]) < ids.index(corpus["rice"])
    accentless = [r.id for r in search(SearchParams(query="lua")).results]
    assert {corpus["fire"], corpus["rice"], corpus["scam"]} <= set(accentless)


PARITY_QUERIES = [query for query, _key in QUERIES] + [
    "lua", "hoi", "tỉnh", "người dân", "giá", "nông thôn mới", "sóc trăng", "xe",
]


def rankings(corpus) -> dict[str, list[str]]:
    """Every parity query's full result order (by corpus key), relevance and newest."""
    by_id = {pk: key for key, pk in corpus.items()}
    out = {}
    for query in PARITY_QUERIES:
        for sort in ("relevance", "newest"):
            page = search(SearchParams(query=query, sort=sort))
            out[f"{sort}:{query}"] = [by_id[r.id] for r in page.results] + [str(page.total)]
    return out


def test_rankings_are_deterministic(corpus):
    first = rankings(corpus)
    assert first == rankings(corpus)
    out = os.environ.get("SEARCH_PARITY_OUT")
    if out:  # set by test_same_results_on_the_other_database for its child run
        Path(out).write_text(json.dumps({"vendor": connection.vendor, "rankings": first}))


def _postgres_available(url: str) -> bool:
    try:
        import psycopg

        with psycopg.connect(url.replace("/toasoan_search", "/postgres"), connect_timeout=3):
            return True
    except Exception:
        return False


@pytest.mark.postgres
def test_same_results_on_the_other_database(corpus, tmp_path):
    """Run this app's whole suite on the other backend and compare every ranking with ours.

    On SQLite (the default) the child run uses PostgreSQL (database toasoan_search, tests in
    test_toasoan_search); on PostgreSQL the child uses SQLite.
    """
    env = os.environ.copy()
    if connection.vendor == "sqlite":
        url = os.environ.get("SEARCH_PG_URL", "postgres://postgres@127.0.0.1:5432/toasoan_search")
        require_service(_postgres_available(url), "PostgreSQL")
        env["DATABASE_URL"], other = url, "postgresql"
    else:
        env["DATABASE_URL"], other = f"sqlite:///{tmp_path / 'search.sqlite3'}", "sqlite"
    parity = tmp_path / "parity.json"
    env["SEARCH_PARITY_OUT"] = str(parity)
    root = Path(__file__).resolve().parents[2]
    # On SQLite the tests that need PostgreSQL are left out, as in CI's SQLite pass.
    marks = ["-m", "not postgres"] if other == "sqlite" else []
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--create-db",
         "sitesearch/tests", "-k", "not other_database", *marks],
        cwd=root, env=env, capture_output=True, text=True, timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    child = json.loads(parity.read_text())
    assert child["vendor"] == other
    ours = rankings(corpus)
    differences = [key for key in ours if ours[key] != child["rankings"].get(key)]
    assert not differences, differences
