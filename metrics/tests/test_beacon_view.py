"""Django's own beacon (embedded default, no nginx): same dedup and crawler rules, never a 500."""

import pytest
from django.core.cache import cache

from metrics import views
from metrics.models import ArticleDailyViews
from metrics.tests.logs import BROWSER

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


def beacon(client, article_id, cookie="reader000001", agent=BROWSER, method="post"):
    if cookie:
        client.cookies["tsvid"] = cookie
    return getattr(client, method)(f"/v/{article_id}", HTTP_USER_AGENT=agent)


def test_each_reader_counts_once_and_the_count_endpoint_shows_it(client, article, clock):
    for i in range(25):
        assert beacon(client, article.pk, cookie=f"reader{i:06d}").status_code == 204
    article.refresh_from_db()
    assert article.view_count == 25
    assert ArticleDailyViews.objects.get(article=article).count == 25
    response = client.get(f"/v/{article.pk}/count")
    assert response.json() == {"id": article.pk, "views": 25}
    assert response["Cache-Control"] == "public, max-age=1"


def test_a_reload_within_sixty_seconds_counts_once_after_that_again(client, article, clock):
    beacon(client, article.pk)
    clock["t"] += 30
    beacon(client, article.pk, method="get")
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
    client.get(f"/v/{article.pk}", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.7")
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
