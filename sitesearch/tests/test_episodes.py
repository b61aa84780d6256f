"""Episodes in the site search: a separate "Chương trình" group matched on folded text."""

from __future__ import annotations

import pytest

from broadcast.models import Channel, Programme
from broadcast.tests.factories import ready_episode
from news.tests.conftest import visible_text
from sitesearch.episodes import episode_matches

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    channel = Channel.objects.create(code="stv1", name="STV1")
    return Programme.objects.create(name="Nông nghiệp", slug="nong-nghiep", channel=channel)


def test_episode_matches_every_word_without_accents(programme):
    rice = ready_episode(programme, "Kỹ thuật trồng lúa", description="Giống lúa mới ở Đại Ngãi")
    ready_episode(programme, "Nuôi tôm nước lợ")
    ready_episode(programme, "Trồng lúa (nháp)", live=False)
    assert episode_matches("trong lua") == [rice]
    assert episode_matches("ĐẠI NGÃI lúa") == [rice]
    assert episode_matches("lúa tôm") == []
    assert episode_matches("   ") == []


def test_search_page_shows_a_programmes_group(client, programme):
    episode = ready_episode(programme, "Kỹ thuật trồng lúa")
    body = client.get("/tim-kiem", {"q": "trong lua"}).content.decode()
    text = visible_text(body)
    assert "Chương trình Kỹ thuật trồng lúa Nông nghiệp" in text
    assert f'href="{episode.get_absolute_url()}"' in body
    assert "Chương trình" not in visible_text(
        client.get("/tim-kiem", {"q": "bong da"}).content.decode()).split("Tìm kiếm", 2)[-1]
