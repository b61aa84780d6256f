"""An article reaching its expiry disappears from every public place at that moment.

No scheduler runs here: Wagtail's `publish_scheduled` never unpublishes the article, so only
the one visibility rule (core.visibility) and the caches that follow it hide it. Runs on SQLite
and, in CI's second pass, on PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from metrics.models import ArticleDailyViews
from syndication.sitemaps import chunk_size

TITLE = "Phiên chợ nông sản cuối tuần"


@pytest.fixture
def expiring(db, sections, make_article):
    """A featured, much-read article that expires in ten minutes, and a neighbour."""
    now = timezone.now()
    neighbour = make_article(title="Tin cùng chuyên mục", primary_section=sections["local"],
                             published_at=now - timedelta(hours=3))
    story = make_article(title=TITLE, primary_section=sections["local"], is_featured=True,
                         sapo="Nông sản sạch bán tại chợ phường.",
                         published_at=now - timedelta(hours=2))
    story.expire_at = now + timedelta(minutes=10)
    story.save()
    ArticleDailyViews.objects.create(article=story, day=timezone.localdate(), count=500)
    return story, neighbour


def public_places(story, neighbour) -> dict[str, str]:
    """Every public address where the article would be listed or shown."""
    return {
        "article page": story.get_absolute_url(),
        "section": "/tin-dia-phuong/",
        "parent section": "/tin-tuc/",
        "home": "/",
        "related list of a neighbour": neighbour.get_absolute_url(),
        "RSS": "/rss/",
        "section RSS": "/rss/tin-dia-phuong.rss",
        "news sitemap": "/sitemap-news.xml",
        "article sitemap": f"/sitemap-articles-{story.id // chunk_size()}.xml",
        "API list": "/api/v1/articles",
        "API section list": "/api/v1/articles?section=tin-tuc",
        "API detail": f"/api/v1/articles/{story.id}",
        "API most read (day)": "/api/v1/most-read?period=day",
        "API most read (week)": "/api/v1/most-read?period=week",
        "search page": "/tim-kiem?q=phien+cho+nong+san",
        "search API": "/api/v1/search?q=phien+cho+nong+san",
    }


def shows(client, path: str, story) -> bool:
    response = client.get(path)
    if response.status_code == 404:
        return False
    assert response.status_code == 200, (path, response.status_code)
    body = response.content.decode()
    # Pages and feeds carry the title; JSON escapes it, but every listing links the article.
    return TITLE in body or story.get_absolute_url() in body


@pytest.mark.django_db(transaction=True)
def test_an_expired_article_disappears_everywhere_at_its_expiry(client, expiring):
    story, neighbour = expiring
    places = public_places(story, neighbour)
    before = {name: shows(client, path, story) for name, path in places.items()}
    assert all(before.values()), [name for name, seen in before.items() if not seen]

    with time_machine.travel(story.expire_at + timedelta(seconds=1), tick=False):
        after = {name: shows(client, path, story) for name, path in places.items()}
    assert not any(after.values()), [name for name, seen in after.items() if seen]
    story.refresh_from_db()
    assert story.live  # nothing unpublished it: the rule alone hides it


@pytest.mark.django_db(transaction=True)
def test_a_page_cached_before_the_expiry_is_not_kept_past_it(client, expiring):
    story, _ = expiring
    response = client.get(story.get_absolute_url())
    kept = int(response["X-Accel-Expires"])
    assert 0 < kept < 600  # nginx may keep it only until the expiry, ten minutes away
