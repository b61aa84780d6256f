"""The hand-written result query gives exactly what the ORM gave (SQLite and PostgreSQL)."""

import pytest

from news.models import Article
from sitesearch import results as results_module
from sitesearch import snippets
from sitesearch.models import SearchEntry
from sitesearch.results import Result
from sitesearch.search import SearchParams, search
from sitesearch.snippets import highlight
from sitesearch.tests.test_quality import PARITY_QUERIES
from sitesearch.text import ParsedQuery, parse_query

pytestmark = pytest.mark.django_db


def orm_results(ids: list[int], parsed: ParsedQuery) -> list[Result]:
    """The ORM version the raw query replaced: the reference."""
    articles = {
        a.id: a
        for a in Article.objects.filter(pk__in=ids)
        .select_related("primary_section", "search_entry")
        .only("id", "title", "slug", "published_at", "primary_section__slug",
              "primary_section__name", "search_entry__snippet_text")
    }
    results = []
    for article_id in ids:
        article = articles.get(article_id)
        if article is None:
            continue
        entry = getattr(article, "search_entry", None)
        results.append(Result(
            id=article.id, title=article.title, url=article.get_absolute_url(),
            section=article.primary_section.slug, section_name=article.primary_section.name,
            published_at=article.published_at,
            snippet=highlight(entry.snippet_text if entry is not None else "", parsed),
        ))
    return results


def comparable(results: list[Result]) -> list[tuple]:
    return [(r.id, r.title, r.url, r.section, r.section_name, r.published_at.isoformat(),
             r.published_at.utcoffset(), r.snippet) for r in results]


@pytest.mark.parametrize("query", [*PARITY_QUERIES, "tỉnh", '"lễ hội"', "soc trang"])
def test_result_rows_equal_the_orm(corpus, query):
    parsed = parse_query(query)
    ids = [r.id for r in search(SearchParams(query=query)).results]
    assert comparable(results_module.results(ids, parsed)) == comparable(
        orm_results(ids, parsed))


def test_missing_ids_and_entries_are_handled_like_the_orm(corpus):
    parsed = parse_query("lửa")
    ids = list(Article.objects.order_by("-id").values_list("id", flat=True)[:5])
    SearchEntry.objects.filter(article_id=ids[0]).delete()  # no snippet source
    ids = [999_999_999, *ids, ids[1]]  # an unknown id, and one twice
    got = results_module.results(ids, parsed)
    assert comparable(got) == comparable(orm_results(ids, parsed))
    assert got and got[0].snippet == ""


def test_padded_substring_is_contains_sequence():
    import random

    from sitesearch.ranking import _has, _padded
    from sitesearch.text import contains_sequence

    rng = random.Random(5)
    words = ["a", "ab", "b", "ba", "le", "hoi", "lễ", "hội", "1", "12"]
    for _ in range(5_000):
        head = " ".join(rng.choice(words) for _ in range(rng.randrange(0, 7)))
        needle = tuple(rng.choice(words) for _ in range(rng.randrange(0, 4)))
        assert _has(_padded(head), needle) == contains_sequence(head.split(), needle), (
            head, needle)


def reference_highlight(text: str, parsed: ParsedQuery) -> str:
    """highlight() as it was before it converted only a prefix: the reference."""
    import re

    from django.utils.html import escape

    from core.vietnamese import fold, normalize_tone_placement
    from sitesearch.snippets import SNIPPET_BEFORE, SNIPPET_CHARS, _cut, _mark_pattern

    if not text:
        return ""
    attempts = []
    if parsed.accented:
        attempts.append((lambda: normalize_tone_placement(text).lower().replace("ð", "đ"),
                         {t for c in parsed.clauses for t in c.exact}))
    attempts.append((lambda: fold(text), {t for c in parsed.clauses for t in c.folded}))
    found: tuple[str, re.Pattern[str]] | None = None
    for make_haystack, tokens in attempts:
        pattern = _mark_pattern(tokens)
        haystack = make_haystack()
        if pattern is not None and len(haystack) == len(text) and pattern.search(haystack):
            found = haystack, pattern
            break
    first = found[1].search(found[0]).start() if found else 0
    start, end = _cut(text, max(0, first - SNIPPET_BEFORE),
                      min(len(text), max(0, first - SNIPPET_BEFORE) + SNIPPET_CHARS))
    out, cursor = [], start
    if found:
        haystack, pattern = found
        for match in pattern.finditer(haystack, start, end):
            out.append(escape(text[cursor:match.start()]))
            out.append(f"<mark>{escape(text[match.start():match.end()])}</mark>")
            cursor = match.end()
    out.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(out).strip() + suffix


def test_simple_characters_convert_one_to_one():
    """Every character the prefix shortcut accepts keeps its length in every form."""
    from core.vietnamese import fold
    from sitesearch.snippets import _SIMPLE_TEXT_RE, _exact_form

    simple = [chr(c) for c in range(0x10000) if _SIMPLE_TEXT_RE.fullmatch(chr(c))]
    assert len(simple) > 700
    for char in simple:
        for text in (char, f"o{char}", f"u{char}", f"{char}a", f"qu{char}"):
            assert len(_exact_form(text)) == len(fold(text)) == len(text), hex(ord(char))


SNIPPET_WORDS = ["tỉnh", "Tỉnh", "lửa", "lúa", "hoà", "hòa", "thuý", "Quý", "nông", "thôn",
                 "mới", "Sóc", "Trăng", "lễ", "hội", "&", "<b>", "“trích”", "ĐẮK", "İstanbul",
                 "Ωmega", "x\u0301", "—", "2026", "le", "hoi", "soc", "trang", "tinh"]


@pytest.mark.parametrize("query", ["tỉnh", "tinh", "lửa", "hòa giải", '"nông thôn mới"',
                                   "soc trang", "thúy", "lễ hội", "istanbul", "zzz"])
def test_highlight_equals_the_whole_text_version(query):
    import random

    rng = random.Random(query)
    parsed = parse_query(query)
    for _ in range(300):
        size = rng.choice([5, 80, 120, 200, 400, 700])
        words = [rng.choice(SNIPPET_WORDS if rng.random() < 0.3 else ["từ", "các", "xã"])
                 for _ in range(size)]
        if rng.random() < 0.5:  # keep it to one-to-one characters: the shortcut's case
            words = [w for w in words if w not in ("İstanbul", "Ωmega", "x\u0301")]
        text = " ".join(words)
        assert highlight(text, parsed) == reference_highlight(text, parsed), (query, text)


def test_highlight_of_corpus_snippets_equals_the_whole_text_version(corpus):
    texts = list(SearchEntry.objects.values_list("snippet_text", flat=True))
    for query in [*PARITY_QUERIES, "tỉnh", "tinh", "người dân", "nguoi dan"]:
        parsed = parse_query(query)
        for text in texts:
            assert highlight(text, parsed) == reference_highlight(text, parsed), query


SHORTCUT_TEXTS = [
    "Cháy rừng: ngọn lửa lan nhanh, người dân hoà giải tranh chấp ở xã Thuý Liễu.",
    "Giá lúa tăng; lừa đảo qua mạng; lửa trại thanh niên. " * 20 + "Ngọn LỬA cuối bài.",
    "ÐẠI HỘI đoàn viên, Đồng Khởi, đồng lúa " + "chữ thập đỏ " * 60,
    "Hoà bình và hòa giải; Thúy và Thuý; khoẻ khỏe.",
    "Lu\u031bi\u0309a decomposed text, lửa composed.",
]


@pytest.mark.parametrize("query", ["lửa", "Lửa rừng", "đại hội", "hòa giải", "Thúy",
                                   "khỏe", "đồng lúa", "\"chữ thập đỏ\""])
def test_the_lower_case_shortcut_marks_what_tone_normalisation_marks(query, monkeypatch):
    parsed = parse_query(query)
    shortcut = [highlight(text, parsed) for text in SHORTCUT_TEXTS]
    monkeypatch.setattr(snippets, "_placement_free", lambda tokens: False)
    assert [highlight(text, parsed) for text in SHORTCUT_TEXTS] == shortcut
    assert any("<mark>" in excerpt for excerpt in shortcut)
