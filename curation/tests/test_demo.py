"""`load_demo_content` arranges the front page and puts up a breaking-news line."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from curation.home import compose_home
from curation.models import BreakingNews, HomeSlot
from demo.demo_content import DEMO_TICKER

pytestmark = pytest.mark.django_db


def test_demo_arranges_the_home_once_with_a_live_ticker(settings, tmp_path, client):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.DEMO_EPISODE_MEDIA = False
    call_command("load_demo_content", stdout=StringIO())
    assert set(HomeSlot.objects.filter(live=True).values_list("kind", flat=True)) == {
        "lead", "row", "section"}
    content = compose_home()
    assert content.lead[0].title.startswith("Rộn ràng tập luyện đua ghe Ngo")
    ids = content.article_ids()
    assert len(ids) == len(set(ids))
    body = client.get("/").content.decode()
    assert "breaking-news" in body and DEMO_TICKER in body
    call_command("load_demo_content", stdout=StringIO())
    assert HomeSlot.objects.count() == 3 and BreakingNews.objects.count() == 1
