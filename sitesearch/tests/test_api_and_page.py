"""The JSON endpoint and the search page: shape, filters, paging, highlighting, bad input."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sitesearch.conf import PAGE_SIZE
from sitesearch.models import SearchEntry

pytestmark = pytest.mark.django_db

API = "/api/v1/search"
PAGE = "/tim-kiem"

BAD_QUERIES = [
    "",
    "   ",
    "x" * 10_000,
    '" OR 1=1 --',
    "' OR '1'='1",
    "lửa'; DROP TABLE sitesearch_searchentry; --",
    "NEAR(",
    "NEAR(lửa chợ, 2)",
    "*",
    "lử*",
    "^",
    "^lửa",
    "-",
    "-lửa",
    ":",
    "head_exact : lửa",
    "{head_exact body_exact}: lửa",
    "AND OR NOT",
    '"',
    '"""',
    '"lửa',
    "()",
    "lửa \x00\x01\x1b\x7f chợ",
    "\u202e\u200blửa\ufeff",
    "%",
    "\\",
    "a & b | !c <-> d:*",
]

BAD_PARAMS = [
    {"q": "lửa", "from": "2026-13-45"},
    {"q": "lửa", "from": "hôm qua"},
    {"q": "lửa", "to": "31/12/2025"},
    {"q": "lửa", "from": "2026-03-02", "to": "2026-03-01"},
    {"q": "lửa", "page": "0"},
    {"q": "lửa", "page": "-1"},
    {"q": "lửa", "page": "abc"},
    {"q": "lửa", "page": "1.5"},
    {"q": "lửa", "page": "99999999999999999999"},
    {"q": "lửa", "page": "٣"},
    {"q": "lửa", "sort": "random"},
    {"q": "lửa", "section": "khong-co-muc-nay"},
    {"q": "x" * 10_000},
]

RAW_QUERY_STRINGS = [
    "q=%E0%A4%A",
    "q=%ZZ%",
    "q=%FF%FE%FD",
    "q=l%E1%BB%ADa&page=%",
    "q=%C0%AF",
    "q=%00",
    "q=lua&from=%FF",
]


def test_api_answers_the_documented_shape(client, corpus):
    response = client.get(API, {"q": "lửa"})
    assert response.status_code == 200
    data = response.json()
    assert data["total"] >= 2
    first = data["results"][0]
    assert set(first) == {"id", "title", "url", "section", "published_at", "snippet"}
    assert first["id"] == corpus["fire"]
    assert first["url"].endswith(f"-{corpus['fire']}.html")
    assert first["url"].startswith("/an-ninh/")
    assert first["section"] == "an-ninh"
    assert "<mark>lửa</mark>" in first["snippet"]
    assert client.get(first["url"]).status_code == 200


def test_page_lists_results_with_highlighted_snippets(client, corpus):
    response = client.get(PAGE, {"q": "thuy lieu"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ca sĩ Thuý Liễu về quê biểu diễn từ thiện" in html
    assert "<mark>Thuý</mark> <mark>Liễu</mark>" in html
    assert 'value="thuy lieu"' in html


def test_snippet_is_escaped(client, make_article, sections):
    make_article(
        title="Bài có mã độc",
        sapo='Chuỗi <script>alert("x")</script> & "nháy" trong tóm tắt về virus.',
        body=[{"type": "paragraph", "value": "<p>Thẻ &lt;img onerror=x&gt; giữa bài.</p>"}],
        primary_section=sections["local"],
    )
    snippet = client.get(API, {"q": "virus"}).json()["results"][0]["snippet"]
    assert "<script>" not in snippet and "<img" not in snippet
    assert "&lt;/script&gt;" in snippet and "&lt;img onerror=x&gt;" in snippet
    assert "<mark>virus</mark>" in snippet


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_queries_never_fail_the_api(client, corpus, query):
    before = SearchEntry.objects.count()
    response = client.get(API, {"q": query})
    assert response.status_code in (200, 400)
    data = response.json()
    if response.status_code == 200:
        assert isinstance(data["results"], list)
    else:
        assert data["detail"] and data["field"] == "q"
    assert SearchEntry.objects.count() == before


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_queries_never_fail_the_page(client, corpus, query):
    response = client.get(PAGE, {"q": query})
    assert response.status_code in (200, 400)
    assert "<html" in response.content.decode()


def test_fts_syntax_is_searched_as_words(client, corpus):
    # Operators are separators: what is left are ordinary words.
    for query in ("-lửa", "lửa*", "^lửa", "(lửa)", "lửa:", "{lửa}", "(lửa) *"):
        data = client.get(API, {"q": query}).json()
        assert data["results"][0]["id"] == corpus["fire"], query
    assert client.get(API, {"q": '" OR 1=1 --'}).json()["total"] == 0


@pytest.mark.parametrize("params", BAD_PARAMS, ids=lambda p: ",".join(p)[:40])
def test_bad_parameters_get_a_400_with_a_message(client, corpus, params):
    response = client.get(API, params)
    assert response.status_code == 400
    assert response.json()["error"]
    page = client.get(PAGE, params)
    assert page.status_code == 400
    assert 'role="alert"' in page.content.decode()


@pytest.mark.parametrize("raw", RAW_QUERY_STRINGS)
def test_invalid_percent_encoding(client, corpus, raw):
    for path in (API, PAGE):
        response = client.get(f"{path}?{raw}")
        assert response.status_code in (200, 400), (path, raw)


def test_vietnamese_error_message(client, corpus):
    response = client.get(API, {"q": "lửa", "page": "0"}, headers={"accept-language": "vi"})
    assert response.json()["error"] == "Số trang phải là số nguyên từ 1 trở lên."


def test_pagination_is_complete_and_disjoint(client, make_article, sections):
    now = timezone.now()
    for n in range(PAGE_SIZE + 5):
        make_article(title=f"Tin giông lốc số {n}", primary_section=sections["local"],
                     published_at=now - timedelta(hours=n + 1))
    first = client.get(API, {"q": "giông lốc"}).json()
    second = client.get(API, {"q": "giông lốc", "page": 2}).json()
    third = client.get(API, {"q": "giông lốc", "page": 3}).json()
    assert first["total"] == PAGE_SIZE + 5
    assert len(first["results"]) == PAGE_SIZE and first["has_next"]
    assert len(second["results"]) == 5 and not second["has_next"]
    assert third["results"] == []
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert len(set(ids)) == PAGE_SIZE + 5
    html = client.get(PAGE, {"q": "giông lốc"}).content.decode()
    assert "page=2" in html


def test_section_filter_includes_child_sections(client, corpus):
    data = client.get(API, {"q": "giá", "section": "kinh-te"}).json()
    sections = {r["section"] for r in data["results"]}
    assert sections and sections <= {"kinh-te", "nong-nghiep"}
    assert corpus["rice"] in {r["id"] for r in data["results"]}
    only_child = client.get(API, {"q": "giá", "section": "nong-nghiep"}).json()
    assert {r["section"] for r in only_child["results"]} == {"nong-nghiep"}


def test_date_filter_is_inclusive_in_local_days(client, corpus):
    today = timezone.localdate()
    start = (today - timedelta(days=6)).isoformat()
    data = client.get(API, {"q": "tỉnh", "from": start, "to": today.isoformat()}).json()
    assert data["total"] > 0
    for result in data["results"]:
        published = timezone.localtime(
            timezone.datetime.fromisoformat(result["published_at"])).date()
        assert start <= published.isoformat() <= today.isoformat()
    assert client.get(API, {"q": "tỉnh", "to": "2000-01-01"}).json()["total"] == 0


def test_sort_newest(client, corpus):
    data = client.get(API, {"q": "lửa", "sort": "newest"}).json()
    dates = [r["published_at"] for r in data["results"]]
    assert dates == sorted(dates, reverse=True)
    assert data["results"][0]["id"] == corpus["rice"]


def test_unpublished_and_future_articles_are_not_found(client, make_article, sections):
    make_article(title="Tin tương lai về sương muối", primary_section=sections["local"],
                 published_at=timezone.now() + timedelta(days=1))
    make_article(title="Bản nháp về sương muối", primary_section=sections["local"], live=False)
    assert client.get(API, {"q": "sương muối"}).json()["total"] == 0


def test_the_json_written_directly_is_what_the_documented_schema_writes():
    import datetime as dt
    import json
    from types import SimpleNamespace

    from sitesearch.api import SearchOut, page_data, page_json

    results = [SimpleNamespace(id=n, title="Lễ hội “Oóc Om Bóc” <b>&</b>", url=f"/a/b-{n}.html",
                               section="tin-dia-phuong", published_at=moment,
                               snippet="… <mark>lửa</mark> \\ \"x\"")
               for n, moment in enumerate([
                   dt.datetime(2026, 11, 28, 3, 4, 5, tzinfo=dt.UTC),
                   dt.datetime(2026, 11, 28, 3, 4, 5, 123456, tzinfo=dt.UTC),
                   dt.datetime(2026, 11, 28, 10, 4, 5,
                               tzinfo=dt.timezone(dt.timedelta(hours=7))),
               ])]
    found = SimpleNamespace(total=3, total_is_capped=False, page=1, has_next=False,
                            results=results)
    documented = SearchOut.model_validate(page_data(found)).model_dump_json()
    assert json.loads(page_json(found)) == json.loads(documented)
