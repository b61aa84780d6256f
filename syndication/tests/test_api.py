"""The public read API: filters, keyset pages, detail, caching headers and the rate limit."""

from __future__ import annotations

import pytest
from django.utils import timezone

API = "/api/v1"


def get(client, url: str, status: int = 200):
    response = client.get(API + url)
    assert response.status_code == status, response.content
    return response


def test_article_list_filters_and_hides_drafts(client, portal):
    body = get(client, "/articles").json()
    assert [a["id"] for a in body["items"]] == [
        portal["lead"].id, portal["national_story"].id, portal["second"].id]
    assert body["next"] is None
    first = body["items"][0]
    assert first["url"] == f"http://testserver{portal['lead'].get_absolute_url()}"
    assert first["section"] == {"id": portal["local"].id, "slug": "tin-dia-phuong",
                                "name": "Tin địa phương"}
    assert first["image"].startswith("http://testserver/media/images/")

    by_parent = get(client, "/articles?section=tin-tuc").json()["items"]
    assert len(by_parent) == 3
    by_child = get(client, "/articles?section=tin-trong-nuoc").json()["items"]
    assert [a["id"] for a in by_child] == [portal["national_story"].id]
    by_tag = get(client, f"/articles?tag={portal['tag'].slug}").json()["items"]
    assert [a["id"] for a in by_tag] == [portal["lead"].id]
    today = timezone.localdate()
    recent = get(client, f"/articles?date_from={today - timezone.timedelta(days=1)}").json()
    assert portal["second"].id not in [a["id"] for a in recent["items"]]
    older = get(client, f"/articles?date_to={today - timezone.timedelta(days=2)}").json()
    assert [a["id"] for a in older["items"]] == [portal["second"].id]
    get(client, "/articles?section=khong-co", status=404)


def test_keyset_pages_walk_every_article_once(client, sections, make_article):
    moment = timezone.now() - timezone.timedelta(hours=3)
    # Same timestamp for several rows: the id breaks the tie, nothing is skipped or repeated.
    ids = {make_article(title=f"Bài {n}", primary_section=sections["local"],
                        published_at=moment - timezone.timedelta(minutes=n // 3)).id
           for n in range(12)}
    seen: list[int] = []
    cursor = None
    while True:
        url = "/articles?limit=5" + (f"&after={cursor}" if cursor else "")
        page = get(client, url).json()
        seen += [a["id"] for a in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 12 and set(seen) == ids


@pytest.mark.parametrize("cursor", ["abc", "bm90LWEtY3Vyc29y", "MjAyNC0wMS0wMXwx"])
def test_bad_cursor_is_a_clear_400(client, portal, cursor):
    response = get(client, f"/articles?after={cursor}", status=400)
    assert response.json() == {
        "detail": "Con trỏ trang không hợp lệ: hãy truyền giá trị `next` của trang trước.",
        "field": "after"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("value", ["0", "12/11/2024", "2024-02-30", "20241112", "10000-01-01",
                                   "٢٠٢٤-١١-١٢"])
def test_bad_date_is_refused(client, portal, value):
    data = get(client, f"/articles?date_from={value}", status=400).json()
    assert data["detail"] == ("Giá trị của “date_from” không hợp lệ: xem tài liệu API tại "
                              "/api/v1/docs.")
    assert data["field"] == "date_from" and data["errors"][0]["loc"] == ["query", "date_from"]


def test_dates_at_the_ends_of_the_calendar_are_accepted(client, portal):
    """Year 1 and year 9999 are days: they bound nothing, they break nothing."""
    data = get(client, "/articles?date_from=0001-01-01&date_to=9999-12-31").json()
    assert len(data["items"]) == 3


def test_article_detail(client, portal):
    lead = portal["lead"]
    body = get(client, f"/articles/{lead.id}").json()
    assert body["title"] == lead.title and body["views"] == 0
    assert "<p>Nội dung.</p>" in body["body_html"]
    assert body["tags"] == ["lễ hội"] and body["byline"] == "Bài, ảnh: Hồng Nhung"
    get(client, f"/articles/{portal['draft'].id}", status=404)
    get(client, f"/articles/{portal['future'].id}", status=404)


def test_most_read_by_period(client, portal):
    from metrics.models import ArticleDailyViews
    from news.models import Article

    today = timezone.localdate()
    # Lifetime counters are not what "most read" ranks: only the daily table counts.
    Article.objects.filter(pk=portal["national_story"].pk).update(view_count=10**6)
    ArticleDailyViews.objects.create(article=portal["second"], count=500,
                                     day=today - timezone.timedelta(days=3))
    ArticleDailyViews.objects.create(article=portal["lead"], count=20, day=today)
    day = [a["id"] for a in get(client, "/most-read?period=day").json()]
    week = [a["id"] for a in get(client, "/most-read?period=week").json()]
    assert day[0] == portal["lead"].id and portal["second"].id not in day
    assert week[0] == portal["second"].id
    assert portal["national_story"].id not in day + week
    refused = get(client, "/most-read?period=year", status=400).json()
    assert refused["field"] == "period" and "“period”" in refused["detail"]


def test_sections_tags_and_notices(client, portal):
    from notices.models import Announcement, OfficialDocument

    sections = get(client, "/sections").json()
    assert {s["slug"] for s in sections} >= {"tin-tuc", "tin-dia-phuong"}
    tags = get(client, "/tags").json()
    assert [t["name"] for t in tags["items"]] == ["lễ hội"]
    notice = Announcement.objects.create(title="Thông báo", body="<p>Xem tại đây</p>", live=True)
    hidden = Announcement.objects.create(title="Nháp", live=False)
    document = OfficialDocument.objects.create(
        number="1963-CV/TU", issuer="Tỉnh ủy", issued_on="2024-10-31", subject="Lễ hội",
        live=True)
    assert [a["id"] for a in get(client, "/announcements").json()["items"]] == [notice.id]
    assert get(client, f"/announcements/{notice.id}").json()["body_html"] == "<p>Xem tại đây</p>"
    get(client, f"/announcements/{hidden.id}", status=404)
    listed = get(client, "/documents").json()["items"]
    assert [d["number"] for d in listed] == ["1963-CV/TU"]
    assert get(client, f"/documents/{document.id}").json()["file_url"] is None


def test_answers_are_publicly_cacheable(client, portal, settings):
    settings.SYNDICATION_API_MAX_AGE = 45
    response = get(client, "/articles")
    assert "public" in response["Cache-Control"] and "max-age=45" in response["Cache-Control"]
    assert "no-store" in get(client, "/articles/999999", status=404)["Cache-Control"]


def test_rate_limit_per_client_with_retry_after(client, portal, settings):
    settings.SYNDICATION_API_RATE = "3/hour"  # no window ends during the test
    reader = {"REMOTE_ADDR": "198.51.100.4"}
    for _ in range(3):
        assert client.get(API + "/sections", **reader).status_code == 200
    refused = client.get(API + "/sections", **reader)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert "no-store" in refused["Cache-Control"]
    assert refused.json()["detail"] == (
        f"Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau {refused['Retry-After']} giây.")
    # Every endpoint shares the allowance, the schedule's and the search's included.
    for path in ("/articles", "/schedule?channel=stv1", "/search?q=cau"):
        assert client.get(API + path, **reader).status_code == 429, path
    # Another client keeps its own allowance.
    other = client.get(API + "/sections", REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


def test_forged_forwarding_headers_do_not_escape_the_limit(client, portal, settings):
    """Only nginx's X-Real-IP, and only from the trusted proxy, names the client."""
    settings.SYNDICATION_API_RATE = "2/hour"  # no window ends during the test
    statuses = [client.get(API + "/sections", REMOTE_ADDR="198.51.100.5",
                           HTTP_X_FORWARDED_FOR=f"10.0.0.{i}", HTTP_X_REAL_IP=f"10.1.0.{i}"
                           ).status_code for i in range(5)]
    assert statuses == [200, 200, 429, 429, 429]
    # Behind nginx (the trusted peer), each reader is the address nginx wrote.
    statuses = [client.get(API + "/sections", REMOTE_ADDR="127.0.0.1",
                           HTTP_X_REAL_IP="203.0.113.20", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}"
                           ).status_code for i in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get(API + "/sections", REMOTE_ADDR="127.0.0.1",
                      HTTP_X_REAL_IP="203.0.113.21").status_code == 200


def test_malformed_rate_setting_is_reported(portal, settings):
    from core.ratelimit import parse_rate

    assert parse_rate("120/min") == (120, 60)
    for bad in ("fast", "0/min", "10/fortnight"):
        with pytest.raises(ValueError):
            parse_rate(bad)


def test_openapi_schema_is_published(client, db):
    schema = client.get(API + "/openapi.json").json()
    assert {"/api/v1/articles", "/api/v1/articles/{article_id}", "/api/v1/most-read",
            "/api/v1/sections", "/api/v1/tags", "/api/v1/announcements",
            "/api/v1/documents"} <= set(schema["paths"])


def test_list_query_count_does_not_grow_with_the_page(client, sections, make_article,
                                                      django_assert_max_num_queries):
    from syndication.tests.conftest import make_image

    for number in range(3):
        make_article(title=f"Ảnh {number}", primary_section=sections["local"],
                     featured_image=make_image(title=f"Ảnh {number}"))
    get(client, "/articles")  # renditions are made once, on first use
    with django_assert_max_num_queries(6):
        small = get(client, "/articles?limit=1").json()
    for number in range(6):
        make_article(title=f"Thêm {number}", primary_section=sections["local"],
                     featured_image=make_image(title=f"Thêm {number}"))
    get(client, "/articles?limit=50")
    with django_assert_max_num_queries(6):
        large = get(client, "/articles?limit=50").json()
    assert len(small["items"]) == 1 and len(large["items"]) == 9
    assert all(item["image"] for item in large["items"])


@pytest.mark.parametrize("forged", ["future", "draft", "unknown"])
def test_a_forged_future_cursor_reveals_nothing_unpublished(client, portal, forged):
    """A cursor is only an id: naming a row readers cannot see starts no page beyond it."""
    cursor = 2**62 if forged == "unknown" else portal[forged].id
    ids = [a["id"] for a in get(client, f"/articles?after={cursor}").json()["items"]]
    assert portal["future"].id not in ids and portal["draft"].id not in ids
    assert ids == [portal["lead"].id, portal["national_story"].id, portal["second"].id]
