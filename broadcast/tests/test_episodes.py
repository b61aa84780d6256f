"""Programme and episode pages: newest first with the shared pagination, player, JSON-LD."""

from __future__ import annotations

import extruct
import pytest

from broadcast import views
from broadcast.models import Channel, MediaKind, Programme
from broadcast.tests.factories import ready_episode
from news.tests.conftest import assert_in_order, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def programmes(media_root):
    tv = Channel.objects.create(code="stv1", name="STV1")
    radio = Channel.objects.create(code="radio", name="Phát thanh", kind=Channel.Kind.RADIO)
    return {
        "video": Programme.objects.create(name="Thời sự Sóc Trăng", slug="thoi-su", channel=tv,
                                          description="Bản tin thời sự hằng ngày."),
        "audio": Programme.objects.create(name="Nông nghiệp sáng", slug="nong-nghiep",
                                          channel=radio, kind=MediaKind.AUDIO),
    }


def test_programme_lists_episodes_newest_first_and_pages_with_sau(client, programmes,
                                                                  monkeypatch):
    monkeypatch.setattr(views, "EPISODES_PER_PAGE", 2)
    programme = programmes["video"]
    for hours in (5, 1, 3):
        ready_episode(programme, f"Bản tin {hours} giờ trước", hours_ago=hours)
    ready_episode(programme, "Bản nháp", live=False)
    ready_episode(programmes["audio"], "Tập của chương trình khác")
    first = client.get("/chuong-trinh/thoi-su/")
    text = visible_text(first.content.decode())
    assert_in_order(text, ["Thời sự Sóc Trăng", "Bản tin 1 giờ trước", "Bản tin 3 giờ trước"])
    assert "5 giờ" not in text and "Bản nháp" not in text
    # (the other programme's episode is the sidebar's newest video, not in the list)
    assert [item.title for item in first.context["items"]] == [
        "Bản tin 1 giờ trước", "Bản tin 3 giờ trước"]
    cursor = first.context["next_after"]
    assert cursor is not None and f"?sau={cursor}" in first.content.decode()
    second = visible_text(client.get(f"/chuong-trinh/thoi-su/?sau={cursor}").content.decode())
    assert "Bản tin 5 giờ trước" in second and "Bản tin 1 giờ trước" not in second
    assert client.get("/chuong-trinh/khong-co/").status_code == 404


def test_video_episode_page_plays_hls_then_mp4_and_describes_a_video_object(client,
                                                                            programmes):
    episode = ready_episode(programmes["video"], "Thời sự trưa 7/12", duration=754.4,
                            description="Tin nổi bật trong ngày.")
    url = episode.get_absolute_url()
    assert url == f"/chuong-trinh/thoi-su/thoi-su-trua-7-12-{episode.pk}.html"
    body = client.get(url).content.decode()
    base = f"/media/episodes/{episode.pk}/"
    assert (f'<source src="{base}master.m3u8" type="application/vnd.apple.mpegurl">'
            f'<source src="{base}video.mp4" type="video/mp4">') in body
    assert f'poster="{base}poster.jpg"' in body
    text = visible_text(body)
    assert "Thời lượng: 12:34" in text and "Tin nổi bật trong ngày." in text
    data = extruct.extract(body, base_url=f"http://testserver{url}", syntaxes=["json-ld"],
                           uniform=True)
    (video,) = [item for item in data["json-ld"] if item["@type"] == "VideoObject"]
    assert video["name"] == "Thời sự trưa 7/12"
    assert video["duration"] == "PT12M34S"
    assert video["thumbnailUrl"] == [f"http://testserver{base}poster.jpg"]
    assert video["contentUrl"] == f"http://testserver{base}video.mp4"
    assert video["uploadDate"] == episode.published_at.isoformat()
    assert video["description"] == "Tin nổi bật trong ngày."


def test_audio_episode_page_is_a_podcast_episode_with_its_mp3(client, programmes):
    episode = ready_episode(programmes["audio"], "Kỹ thuật trồng lúa", kind=MediaKind.AUDIO,
                            duration=3725)
    body = client.get(episode.get_absolute_url()).content.decode()
    base = f"/media/episodes/{episode.pk}/"
    assert f'<source src="{base}audio.mp3" type="audio/mpeg">' in body and "<audio" in body
    assert "/chuong-trinh/nong-nghiep/podcast.xml" in body
    data = extruct.extract(body, base_url="http://testserver/", syntaxes=["json-ld"],
                           uniform=True)
    (podcast,) = [item for item in data["json-ld"] if item["@type"] == "PodcastEpisode"]
    audio = podcast["associatedMedia"]
    assert audio["@type"] == "AudioObject" and audio["encodingFormat"] == "audio/mpeg"
    assert audio["duration"] == podcast["timeRequired"] == "PT1H2M5S"
    assert audio["contentUrl"] == f"http://testserver{base}audio.mp3"
    assert audio["thumbnailUrl"] and audio["uploadDate"] == episode.published_at.isoformat()
    assert podcast["partOfSeries"]["name"] == "Nông nghiệp sáng"


def test_draft_episode_is_404_and_wrong_slug_redirects(client, programmes):
    episode = ready_episode(programmes["video"], "Tập đã đăng")
    draft = ready_episode(programmes["video"], "Tập nháp", live=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    response = client.get(f"/chuong-trinh/thoi-su/sai-{episode.pk}.html")
    assert response.status_code == 301 and response["Location"] == episode.get_absolute_url()


def test_video_page_lists_the_newest_video_episodes_and_programmes(client, programmes):
    ready_episode(programmes["video"], "Thời sự tối", hours_ago=1)
    ready_episode(programmes["video"], "Thời sự sáng", hours_ago=6)
    ready_episode(programmes["audio"], "Tập phát thanh", kind=MediaKind.AUDIO)
    text = visible_text(client.get("/video/").content.decode())
    assert_in_order(text, ["Video", "Thời sự tối", "Thời sự sáng", "Chương trình",
                           "Thời sự Sóc Trăng"])
    assert "Tập phát thanh" not in text.split("Chương trình")[0]
