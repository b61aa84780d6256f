"""The admin's article list stays cheap at a million rows: no N+1, no COUNT(*) of big tables."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news import admin_paginator
from news.admin_paginator import EstimatedCountPaginator
from news.models import Article

pytestmark = pytest.mark.django_db
URL = "/admin/snippets/news/article/"


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("bientap", "bt@example.com", "x")
    client.force_login(user)
    return client


def test_queries_do_not_grow_with_the_rows_listed(editor_client, make_article, sections):
    make_article(primary_section=sections["local"])
    with CaptureQueriesContext(connection) as few:
        assert editor_client.get(URL).status_code == 200
    for i in range(30):
        make_article(title=f"Bài {i}", primary_section=sections["national" if i % 2 else "local"])
    with CaptureQueriesContext(connection) as many:
        response = editor_client.get(URL)
    assert response.status_code == 200
    # Wagtail's own "Dịch" button (simple_translation) asks once per row whether a language is
    # still missing; nothing else may grow with the rows.
    assert len(many) <= len(few) + 2 + 30


def test_big_listings_use_the_estimate_and_small_ones_the_exact_count(monkeypatch, make_article,
                                                                      sections):
    for i in range(3):
        make_article(title=f"Bài {i}", primary_section=sections["local"])
    queryset = Article.objects.order_by("-id")
    monkeypatch.setattr(admin_paginator, "estimated_count", lambda qs: 1_000_000)
    assert EstimatedCountPaginator(queryset, 50).count == 1_000_000
    monkeypatch.setattr(admin_paginator, "estimated_count", lambda qs: 40)
    assert EstimatedCountPaginator(queryset, 50).count == 3
    monkeypatch.setattr(admin_paginator, "estimated_count", lambda qs: None)  # SQLite
    assert EstimatedCountPaginator(queryset, 50).count == 3


def test_estimate_is_none_off_postgresql():
    if connection.vendor == "postgresql":
        assert admin_paginator.estimated_count(Article.objects.all()) >= 0
    else:
        assert admin_paginator.estimated_count(Article.objects.all()) is None
