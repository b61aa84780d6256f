"""Khmer search: words found inside unspaced text, phrases, zero-width spaces, Khmer punctuation
and digits, one edition at a time, and the labelled Khmer set on both databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from conftest import require_service
from core import khmer
from sitesearch.search import SearchError, SearchParams, search
from sitesearch.tests.khmer_corpus import ARTICLES, QUERIES, create_khmer_corpus
from sitesearch.tests.test_quality import _postgres_available
from sitesearch.text import parse_query, tokenize

ZWSP = "\u200b"


@pytest.fixture(scope="module")
def khmer_corpus(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            yield create_khmer_corpus()
            transaction.set_rollback(True)


# --- Words ---------------------------------------------------------------------------------


def test_unspaced_text_is_cut_into_dictionary_words():
    assert khmer.words("ប្រជាជនគួរកម្ចាត់ទឹកដក់") == ["ប្រជា", "ជន", "គួរ", "កម្ចាត់", "ទឹក", "ដក់"]
    # A compound ICU keeps whole is split into its words, so each is found alone.
    assert khmer.words("ជំងឺគ្រុនឈាម") == ["ជំងឺ", "គ្រុន", "ឈាម"]
    assert khmer.words("អ្នកនេសាទ") == ["អ្នក", "នេសាទ"]


def test_zero_width_spaces_punctuation_digits_and_nfc():
    plain = khmer.words("អ្នកនេសាទត្រី")
    assert khmer.words(ZWSP.join(["អ្នក", "នេសាទ", "ត្រី"])) == plain
    assert tokenize("ត្រី។ ផ្សារ៕ ព័ត៌មាន៖ ចប់") == ["ត្រី", "ផ្សារ", "ព័ត៌មាន", "ចប់"]
    assert tokenize("ឆ្នាំ២០២៦") == ["ឆ្នាំ", "2026"] == tokenize("ឆ្នាំ 2026")
    # U+17C1 U+17B8 and its NFC form are the same word.
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "សៀវភៅ")
    assert tokenize(decomposed) == tokenize("សៀវភៅ")


def test_queries_keep_a_khmer_run_as_one_phrase_and_latin_words_apart():
    parsed = parse_query("ST25 ស្រូវថ្មី Sóc Trăng")
    assert [clause.exact for clause in parsed.clauses] == [
        ("st25",), ("ស្រូវ", "ថ្មី"), ("sóc",), ("trăng",)]
    assert not parsed.accented or parsed.clauses[2].folded == ("soc",)
    zero_width = parse_query("ផ្សារ" + ZWSP + "ព្រឹក")
    assert [clause.exact for clause in zero_width.clauses] == [("ផ្សារ", "ព្រឹក")]
    assert [c.exact for c in parse_query('"ទឹក ស្អាត" ទឹក').clauses] == [
        ("ទឹក", "ស្អាត"), ("ទឹក",)]


# --- The labelled set ------------------------------------------------------------------------


def test_labelled_khmer_set_is_big_enough():
    khmer_articles = [key for key, item in ARTICLES.items() if item["lang"] == "km"]
    khmer_queries = [query for query in QUERIES if query["lang"] == "km"]
    assert len(khmer_articles) >= 30 and len(khmer_queries) >= 20
    for query in QUERIES:
        assert set(query["expect"]) <= set(ARTICLES), query
        assert all(ARTICLES[key]["lang"] == query["lang"] for key in query["expect"]), query


def evaluate(corpus: dict[str, int]) -> tuple[list[str], dict[str, float]]:
    """Failures of the labelled set, and its figures (micro precision and recall, passes)."""
    by_id = {pk: key for key, pk in corpus.items()}
    failures, found, relevant, correct, passed = [], 0, 0, 0, 0
    for query in QUERIES:
        page = search(SearchParams(query=query["q"], language=query["lang"]))
        got = [by_id.get(result.id, f"#{result.id}") for result in page.results]
        expected = set(query["expect"])
        found, relevant = found + len(got), relevant + len(expected)
        correct += len(expected & set(got))
        ok = set(got) == expected and page.total == len(expected) and (
            not query["first"] or (got and got[0] == query["first"]))
        passed += ok
        if not ok:
            failures.append(f"{query['q']!r} ({query['lang']}): expected {sorted(expected)} "
                            f"first {query['first']}, got {got}")
    figures = {"queries": len(QUERIES), "passed": passed,
               "precision": correct / found if found else 1.0,
               "recall": correct / relevant if relevant else 1.0}
    return failures, figures


@pytest.mark.django_db
def test_every_labelled_khmer_query_finds_exactly_its_articles(khmer_corpus):
    failures, figures = evaluate(khmer_corpus)
    print(f"\n{connection.vendor}: {figures}")
    assert not failures, "\n".join(failures)
    assert figures["precision"] == figures["recall"] == 1.0


@pytest.mark.django_db
def test_each_edition_searches_only_its_own_articles(khmer_corpus):
    by_id = {pk: key for key, pk in khmer_corpus.items()}
    for query in QUERIES:
        for language in ("vi", "km"):
            results = search(SearchParams(query=query["q"], language=language)).results
            assert all(ARTICLES[by_id[r.id]]["lang"] == language for r in results), query
    # The same Khmer word: the Khmer article in /km/, the Vietnamese one that quotes it in /.
    assert [by_id[r.id] for r in search(SearchParams(query="អកអំបុក", language="km")).results] \
        == ["okombok"]
    assert [by_id[r.id] for r in search(SearchParams(query="អកអំបុក")).results] == [
        "vi_okombok"]


@pytest.mark.django_db
def test_matches_inside_unspaced_text_are_highlighted(khmer_corpus):
    page = search(SearchParams(query="នេសាទ", language="km"))
    assert "<mark>នេសាទ</mark>" in page.results[0].snippet


@pytest.mark.django_db
def test_an_unknown_edition_is_refused(khmer_corpus, client):
    with pytest.raises(SearchError) as refused:
        search(SearchParams(query="វត្ត", language="xx"))
    assert refused.value.field == "lang"
    response = client.get("/api/v1/search", {"q": "វត្ត", "lang": "xx"})
    assert response.status_code == 400 and response.json()["field"] == "lang"
    found = client.get("/api/v1/search", {"q": "ស្ពាន", "lang": "km"}).json()
    assert [item["id"] for item in found["results"]] == [khmer_corpus["bridge"]]


@pytest.mark.django_db
def test_the_rebuild_command_indexes_khmer_and_its_language(khmer_corpus):
    from sitesearch.models import SearchEntry

    call_command("rebuild_search_index", verbosity=0)
    entry = SearchEntry.objects.get(pk=khmer_corpus["dengue"])
    assert entry.language == "km" and " គ្រុន ឈាម " in f" {entry.head_exact} "
    assert SearchEntry.objects.get(pk=khmer_corpus["vi_rice"]).language == "vi"
    failures, _figures = evaluate(khmer_corpus)
    assert not failures, failures


# --- Both databases ----------------------------------------------------------------------------


def rankings(corpus: dict[str, int]) -> dict[str, list[str]]:
    by_id = {pk: key for key, pk in corpus.items()}
    out = {}
    for query in QUERIES:
        for sort in ("relevance", "newest"):
            page = search(SearchParams(query=query["q"], language=query["lang"], sort=sort))
            out[f"{query['lang']}:{sort}:{query['q']}"] = (
                [by_id[r.id] for r in page.results] + [str(page.total)])
    return out


@pytest.mark.django_db
def test_khmer_rankings_are_deterministic(khmer_corpus):
    first = rankings(khmer_corpus)
    assert first == rankings(khmer_corpus)
    out = os.environ.get("KHMER_PARITY_OUT")
    if out:  # set by test_khmer_same_results_on_the_other_database for its child run
        Path(out).write_text(json.dumps({"vendor": connection.vendor, "rankings": first}))


@pytest.mark.postgres
@pytest.mark.django_db
def test_khmer_same_results_on_the_other_database(khmer_corpus, tmp_path):
    """This file's tests on the other backend; every Khmer ranking must be the same."""
    env = os.environ.copy()
    if connection.vendor == "sqlite":
        url = os.environ.get("SEARCH_PG_URL", "postgres://postgres@127.0.0.1:5432/toasoan_search")
        require_service(_postgres_available(url), "PostgreSQL")
        env["DATABASE_URL"], other = url, "postgresql"
    else:
        env["DATABASE_URL"], other = f"sqlite:///{tmp_path / 'search.sqlite3'}", "sqlite"
    parity = tmp_path / "parity.json"
    env["KHMER_PARITY_OUT"] = str(parity)
    root = Path(__file__).resolve().parents[2]
    marks = ["-m", "not postgres"] if other == "sqlite" else []
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--create-db",
         "sitesearch/tests/test_khmer.py", "-k", "not other_database", *marks],
        cwd=root, env=env, capture_output=True, text=True, timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    child = json.loads(parity.read_text())
    assert child["vendor"] == other
    ours = rankings(khmer_corpus)
    differences = [key for key in ours if ours[key] != child["rankings"].get(key)]
    assert not differences, differences


@pytest.mark.django_db
def test_the_search_page_searches_the_edition_of_its_address(khmer_corpus, rf):
    from django.utils import translation

    from sitesearch.views import search_page

    with translation.override("km"):
        khmer_page = search_page(rf.get("/km/tim-kiem", {"q": "អកអំបុក"})).content.decode()
    with translation.override("vi"):
        vietnamese_page = search_page(rf.get("/tim-kiem", {"q": "អកអំបុក"})).content.decode()
    okombok, vi_okombok = khmer_corpus["okombok"], khmer_corpus["vi_okombok"]
    assert f"-{okombok}.html" in khmer_page and f"-{vi_okombok}.html" not in khmer_page
    assert f"-{vi_okombok}.html" in vietnamese_page and f"-{okombok}.html" not in vietnamese_page
    # Khmer results link to the Khmer edition's addresses.
    result = search(SearchParams(query="អកអំបុក", language="km")).results[0]
    assert result.url.startswith("/km/")


@pytest.mark.django_db
def test_a_section_is_looked_up_in_the_edition_searched(khmer_corpus):
    by_id = {pk: key for key, pk in khmer_corpus.items()}
    page = search(SearchParams(query="កសិករ", section="km-kaksekam", language="km"))
    assert sorted(by_id[r.id] for r in page.results) == ["rice_st25", "saltwater", "shallot"]
    with pytest.raises(SearchError) as refused:
        search(SearchParams(query="កសិករ", section="km-kaksekam", language="vi"))
    assert refused.value.field == "section"
