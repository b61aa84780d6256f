"""Video on demand: list and clip pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from broadcast.models import Channel, Clip, Programme
from news.tests.conftest import assert_in_order, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def clips():
    channel = Channel.objects.create(code="stv1", name="STV1")
    programme = Programme.objects.create(name="Thời sự", slug="thoi-su", channel=channel)
    now = timezone.now()
    return {
        "mp4": Clip.objects.create(title="Phóng sự đua ghe Ngo", programme=programme,
                                   media_url="https://media.example.vn/ghe-ngo.mp4",
                                   published_at=now - timedelta(hours=1)),
        "embed": Clip.objects.create(title="Bản tin sáng", embed_url="https://example.vn/e/2",
                                     published_at=now - timedelta(hours=3)),
        "draft": Clip.objects.create(title="Clip nháp", embed_url="https://example.vn/e/3",
                                     live=False),
    }


def test_clip_list_newest_first_without_drafts(client, clips):
    response = client.get("/video/")
    text = visible_text(response.content.decode())
    assert_in_order(text, ["Trang chủ » Video", "Phóng sự đua ghe Ngo", "Bản tin sáng"])
    assert "Clip nháp" not in text


def test_clip_detail_plays_the_file(client, clips):
    clip = clips["mp4"]
    assert clip.get_absolute_url() == f"/video/phong-su-dua-ghe-ngo-{clip.pk}.html"
    body = client.get(clip.get_absolute_url()).content.decode()
    assert '<video controls preload="none" playsinline src="https://media.example.vn/ghe-ngo.mp4"' \
        in body
    assert "Thời sự" in visible_text(body)


def test_clip_wrong_slug_redirects_and_draft_is_404(client, clips):
    clip = clips["embed"]
    response = client.get(f"/video/sai-{clip.pk}.html")
    assert response.status_code == 301 and response["Location"] == clip.get_absolute_url()
    assert client.get(clips["draft"].get_absolute_url()).status_code == 404


def test_video_list_pages_the_video_episodes_above_the_clips(client, clips):
    """The station's own video episodes fill /video/, paged with the shared cursor; audio
    episodes and drafts stay out; the clips from elsewhere follow on page one only."""
    from broadcast import views
    from broadcast.models import Episode, MediaKind

    programme = Programme.objects.get(slug="thoi-su")
    now = timezone.now()
    for number in range(views.VIDEOS_PER_PAGE + 2):
        Episode.objects.create(programme=programme, title=f"Tập video số {number:02d}",
                               media_state=Episode.State.READY, media_kind=MediaKind.VIDEO,
                               published_at=now - timedelta(minutes=number))
    Episode.objects.create(programme=programme, title="Tập âm thanh", media_kind="audio",
                           media_state=Episode.State.READY, published_at=now)
    Episode.objects.create(programme=programme, title="Tập nháp", media_kind="video",
                           live=False, published_at=now)
    first = visible_text(client.get("/video/").content.decode())
    assert_in_order(first, ["Tập video số 00", "Tập video số 11", "Thời sự",
                            "Phóng sự đua ghe Ngo", "Bản tin sáng"])
    assert "Tập video số 12" not in first
    assert "Tập âm thanh" not in first and "Tập nháp" not in first
    last_on_first = Episode.objects.get(title="Tập video số 11")
    second = visible_text(client.get(f"/video/?sau={last_on_first.pk}").content.decode())
    assert_in_order(second, ["Tập video số 12", "Tập video số 13"])
    assert "Tập video số 11" not in second and "Phóng sự đua ghe Ngo" not in second
