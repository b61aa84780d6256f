"""The live pages, the demo playlists' view, the home block and the menu links."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from live import streams
from live.tests.test_playlist import LOOP_TEXT, parse_media_playlist
from news.tests.conftest import assert_in_order, visible_text

pytestmark = pytest.mark.django_db

OFF_AIR = "Kênh tạm ngừng phát sóng."


def test_tv_channel_has_a_labelled_video_player_and_hls_js_from_our_origin(client, channels):
    body = client.get("/truc-tuyen/stv1/").content.decode()
    assert 'data-stream="/truc-tuyen/stv1/live.m3u8"' in body
    assert '<video controls playsinline preload="none" ' \
           'aria-label="Trình phát truyền hình trực tiếp: STV1">' in body
    assert "<audio" not in body
    assert '<script src="/static/live/vendor/hls.min.js" defer>' in body
    assert '<script src="/static/live/player.js" defer>' in body
    # The failure message is on the page, hidden until the player reports an error.
    assert ('<p class="live-message live-failure" role="alert" hidden>Không tải được luồng '
            'trực tiếp. Vui lòng thử lại sau ít phút.</p>') in body
    assert OFF_AIR not in body
    assert "<title>STV1: truyền hình trực tiếp" in body


def test_radio_channel_has_an_audio_player_only(client, channels):
    body = client.get("/truc-tuyen/radio/").content.decode()
    assert '<audio controls preload="none" ' \
           'aria-label="Trình phát phát thanh trực tiếp: Phát thanh Sóc Trăng">' in body
    assert "<video" not in body
    assert "Âm nhạc quê hương" in visible_text(body)


@pytest.mark.parametrize("change", [{"on_air": False}, {"stream_url": ""},
                                    {"stream_url": "javascript:alert(1)"},
                                    {"stream_url": "//elsewhere.example/x.m3u8"}])
def test_off_air_or_without_a_usable_stream_says_so_instead_of_a_player(client, channels,
                                                                       change):
    channel = channels["stv1"]
    for field, value in change.items():
        setattr(channel, field, value)
    channel.save()
    body = client.get("/truc-tuyen/stv1/").content.decode()
    assert f'<p class="live-message live-off-air" role="status">{OFF_AIR}</p>' in body
    for absent in ("<video", "<audio", "hls.min.js", "player.js", "data-stream", "javascript:"):
        assert absent not in body


def test_now_next_and_the_days_schedule(client, channels):
    text = visible_text(client.get("/truc-tuyen/stv1/").content.decode())
    local = timezone.localtime
    current, following = channels["slots"]["current"], channels["slots"]["next"]
    assert_in_order(text, [
        "Trang chủ » Trực tiếp", "STV1 Trực tiếp",
        "Đang phát Thời sự trưa",
        f"{local(current.starts_at):%H:%M}–{local(current.ends_at):%H:%M}",
        "Tiếp theo Nông nghiệp xanh", f"{local(following.starts_at):%H:%M}",
        f"Lịch phát sóng ngày {timezone.localdate():%d/%m/%Y}",
    ])
    body = client.get("/truc-tuyen/stv1/").content.decode()
    assert 'class="live-current" aria-current="true"' in body
    assert body.index("Thời sự trưa</li>") > body.index("aria-current")


def test_unknown_channel_is_404_and_a_channel_without_slots_says_so(client, channels):
    assert client.get("/truc-tuyen/khong-co/").status_code == 404
    text = visible_text(client.get("/truc-tuyen/stv2/").content.decode())
    assert "Không có chương trình nào trong khung giờ này." in text
    assert "Lịch phát sóng ngày này chưa được công bố." in text


def test_index_lists_the_channels_with_what_is_on(client, channels):
    text = visible_text(client.get("/truc-tuyen/").content.decode())
    assert_in_order(text, ["Truyền hình và phát thanh trực tiếp",
                           "STV1 Truyền hình Đang phát Thời sự trưa",
                           "STV2 Truyền hình Kênh tạm ngừng phát sóng.",
                           "Phát thanh Sóc Trăng Phát thanh Đang phát Âm nhạc quê hương"])


def test_live_pages_are_cached_until_the_next_slot_boundary(client, channels):
    response = client.get("/truc-tuyen/stv1/")
    left = (channels["boundary"] - timezone.now()).total_seconds()
    assert 0 < int(response["X-Accel-Expires"]) < left


def test_home_block_follows_the_schedule_without_any_save(client, channels, station):
    body = client.get("/").content.decode()
    text = visible_text(body)
    assert_in_order(text, ["Truyền hình trực tiếp", "STV1: Thời sự trưa", "STV2: tạm ngừng phát "
                           "sóng", "Phát thanh Sóc Trăng: Âm nhạc quê hương"])
    assert '<a href="/truc-tuyen/stv1/">STV1</a>' in body
    # Past the boundary the page cache's generation ends: the next programme shows.
    with time_machine.travel(channels["boundary"] + timedelta(seconds=1), tick=False):
        text = visible_text(client.get("/").content.decode())
    assert "STV1: Nông nghiệp xanh" in text
    assert "Thời sự trưa" not in text


def test_menu_links_to_television_and_radio(client, channels, station):
    body = client.get("/").content.decode()
    assert '<li><a href="/truc-tuyen/stv1/">Truyền hình trực tiếp</a></li>' in body
    assert '<li><a href="/truc-tuyen/radio/">Phát thanh</a></li>' in body


def test_playlist_view_serves_the_loop_live_with_a_short_life(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    assert client.get("/truc-tuyen/stv1/live.m3u8").status_code == 404
    assert client.get("/truc-tuyen/stv1/live/5.m3u8").status_code == 404
    folder = tmp_path / "live" / "stv1"
    folder.mkdir(parents=True)
    for number, size in enumerate([70_000, 75_000, 72_000]):
        (folder / f"seg{number:03d}.ts").write_bytes(b"G" * size)
    (folder / streams.LOOP_PLAYLIST).write_text(LOOP_TEXT)
    with time_machine.travel(1_800_000_001.3, tick=False) as traveller:
        response = client.get("/truc-tuyen/stv1/live.m3u8")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/vnd.apple.mpegurl"
        assert response["Cache-Control"] == "public, max-age=1"
        assert response["X-Accel-Expires"] == "1"
        since = streams.session_start(streams.read_loop("stv1"), 1_800_000_001.3)
        # One variant: the media playlist numbered from this player's first segment; its
        # bandwidth the peak segment's (75 000 bytes in 2 s).
        assert response.content.decode() == (
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=300000\n"
            f"/truc-tuyen/stv1/live/{since}.m3u8\n")
        traveller.shift(timedelta(seconds=4))
        media = client.get(f"/truc-tuyen/stv1/live/{since}.m3u8")
        assert media.status_code == 200
        assert media["X-Accel-Expires"] == "1" and media["Access-Control-Allow-Origin"] == "*"
        playlist = parse_media_playlist(media.content.decode())
        assert playlist["head"]["EXT-X-MEDIA-SEQUENCE"] == "2"
        assert playlist["segments"][0]["uri"].startswith("/media/live/stv1/seg00")
        # A start that has not been broadcast yet is no playlist.
        assert client.get(f"/truc-tuyen/stv1/live/{since + 20}.m3u8").status_code == 404
        assert client.get("/truc-tuyen/stv1/live/-1.m3u8").status_code == 404
    (folder / "seg001.ts").unlink()  # a loop with a segment missing is damaged too
    (folder / streams.LOOP_PLAYLIST).write_text(LOOP_TEXT.replace("#EXTM3U", "#EXTM3U\n"))
    missing = client.get("/truc-tuyen/stv1/live.m3u8")
    assert missing.status_code == 503
    assert "bị hỏng" in missing.content.decode()
    (folder / streams.LOOP_PLAYLIST).write_text("#EXTM3U\nnonsense\n")
    for address in ("/truc-tuyen/stv1/live.m3u8", f"/truc-tuyen/stv1/live/{since}.m3u8"):
        damaged = client.get(address)
        assert damaged.status_code == 503
        assert "bị hỏng" in damaged.content.decode()
    assert client.get("/truc-tuyen/../etc/live.m3u8").status_code == 404
