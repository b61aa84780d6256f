"""Django's own beacon (embedded default, no nginx): same dedup and crawler rules, never a 500,
and views that cannot be bought: POST from the site's own page only, visible articles only, at
most METRICS_VIEWS_PER_ADDRESS_MINUTE views of an article per address and minute."""

import pytest
from django.core.cache import cache

from metrics import views
from metrics.models import ArticleDailyViews
from metrics.tests.logs import BROWSER, reader_address

pytestmark = pytest.mark.django_db
T0 = 1_764_300_000.0


@pytest.fixture
def clock(monkeypatch):
    now = {"t": T0}
    monkeypatch.setattr(views, "now", lambda: now["t"])
    return now


@pytest.fixture
def article(make_article, sections):
    return make_article(primary_section=sections["local"])


def beacon(client, article_id, cookie="reader000001", agent=BROWSER, method="post",
           address="198.51.100.50", **headers):
    if cookie:
        client.cookies["tsvid"] = cookie
    return getattr(client, method)(f"/v/{article_id}", HTTP_USER_AGENT=agent,
                                   REMOTE_ADDR=address, **headers)


def test_each_reader_counts_once_and_the_count_endpoint_shows_it(client, article, clock):
    for i in range(25):
        assert beacon(client, article.pk, cookie=f"reader{i:06d}",
                      address=reader_address(i)).status_code == 204
    article.refresh_from_db()
    assert article.view_count == 25
    assert ArticleDailyViews.objects.get(article=article).count == 25
    response = client.get(f"/v/{article.pk}/count")
    assert response.json() == {"id": article.pk, "views": 25}
    assert response["Cache-Control"] == "public, max-age=1"


def test_a_reload_within_sixty_seconds_counts_once_after_that_again(client, article, clock):
    beacon(client, article.pk)
    clock["t"] += 30
    beacon(client, article.pk)
    clock["t"] += 29.9
    beacon(client, article.pk)
    article.refresh_from_db()
    assert article.view_count == 1
    clock["t"] += 0.1  # 60 s after the counted view
    beacon(client, article.pk)
    article.refresh_from_db()
    assert article.view_count == 2


def test_without_cookie_address_and_agent_identify_the_reader(client, article, clock):
    beacon(client, article.pk, cookie=None)
    beacon(client, article.pk, cookie=None)
    client.post(f"/v/{article.pk}", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.7")
    article.refresh_from_db()
    assert article.view_count == 2


def test_crawlers_are_answered_but_never_counted(client, article, clock):
    for i, agent in enumerate(["Googlebot/2.1", "coccocbot-image/1.0", "bingbot/2.0",
                               "facebookexternalhit/1.1", "Zalo-bot"]):
        assert beacon(client, article.pk, cookie=f"crawler{i:05d}", agent=agent).status_code == 204
    article.refresh_from_db()
    assert article.view_count == 0


def test_bad_input_is_ignored_safely(client, article, clock):
    assert client.post("/v/abc").status_code == 404
    assert client.post("/v/-3").status_code == 404
    assert client.post("/v/" + "9" * 40).status_code == 204  # too big: ignored
    assert client.post("/v/999999999", HTTP_USER_AGENT=BROWSER).status_code == 204
    assert client.put(f"/v/{article.pk}").status_code == 405
    assert client.get(f"/v/{article.pk}").status_code == 405
    assert client.get("/v/999999999/count").status_code == 404
    assert cache.get(views.ERRORS_KEY) == 2
    article.refresh_from_db()
    assert article.view_count == 0


def test_unpublished_articles_have_no_public_count(client, make_article, sections):
    draft = make_article(primary_section=sections["local"], live=False)
    assert client.get(f"/v/{draft.pk}/count").status_code == 404


def test_the_article_page_loads_the_beacon_script(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert "metrics/views.js" in html
    assert f'data-article-id="{article.pk}"' in html and "data-view-count" in html


def test_only_the_pages_own_post_counts(client, article, clock):
    """GET (a link or an <img> anywhere) and another site's script are refused, uncounted."""
    page = {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}
    assert beacon(client, article.pk, cookie="ownpage00001", **page).status_code == 204
    for i, method in enumerate(("get", "head")):
        response = beacon(client, article.pk, cookie=f"getter{i:06d}", method=method)
        assert response.status_code == 405 and response["Allow"] == "POST"
    elsewhere = [{"HTTP_ORIGIN": "https://mua-luot-xem.example"},
                 {"HTTP_ORIGIN": "null"},
                 {"HTTP_SEC_FETCH_SITE": "cross-site"},
                 {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "http://m.testserver"},
                 {"HTTP_SEC_FETCH_SITE": "none"},
                 {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "cross-site"}]
    for i, headers in enumerate(elsewhere):
        assert beacon(client, article.pk, cookie=f"elsewhere{i:04d}",
                      **headers).status_code == 403, headers
    article.refresh_from_db()
    assert article.view_count == 1


def test_an_address_inventing_cookies_adds_at_most_the_cap_per_minute(client, article, clock,
                                                                      settings):
    settings.METRICS_VIEWS_PER_ADDRESS_MINUTE = 30
    clock["t"] = T0 - T0 % 60  # the start of a clock minute
    for i in range(200):
        assert beacon(client, article.pk, cookie=f"invented{i:06d}",
                      address="203.0.113.66").status_code == 204
    # An IPv6 line rotating through its /64 is one address too.
    for i in range(200):
        beacon(client, article.pk, cookie=f"sixinvent{i:05d}", address=f"2001:db8:7:7::{i + 1:x}")
    article.refresh_from_db()
    assert article.view_count == 30 + 30
    clock["t"] += 60  # the next minute: another 30 at most
    for i in range(200, 400):
        beacon(client, article.pk, cookie=f"invented{i:06d}", address="203.0.113.66")
    # Readers behind other addresses are not affected.
    beacon(client, article.pk, cookie="otherreader1", address="203.0.113.67")
    article.refresh_from_db()
    assert article.view_count == 30 + 30 + 30 + 1


def test_views_of_articles_readers_cannot_see_are_not_counted(client, make_article, sections,
                                                              clock):
    from django.utils import timezone

    draft = make_article(primary_section=sections["local"], live=False)
    future = make_article(primary_section=sections["local"],
                          published_at=timezone.now() + timezone.timedelta(days=1))
    expired = make_article(primary_section=sections["local"],
                           expire_at=timezone.now() - timezone.timedelta(minutes=1))
    for i, hidden in enumerate((draft, future, expired)):
        assert beacon(client, hidden.pk, cookie=f"hidden{i:06d}").status_code == 204
        hidden.refresh_from_db()
        assert hidden.view_count == 0
