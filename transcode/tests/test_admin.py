"""The episode admin: upload limit, media state shown, publishing refused until media is ready."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from broadcast.models import Episode, MediaNotReady

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_broadcast_episode:add"
EDIT = "wagtailsnippets_broadcast_episode:edit"
LIST = "wagtailsnippets_broadcast_episode:list"


def form_data(programme, **extra) -> dict:
    data = {"programme": programme.pk, "title": "Thời sự tối", "description": "Bản tin tối.",
            "published_at": timezone.localtime().strftime("%d/%m/%Y %H:%M")}
    data.update(extra)
    return data


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_oversize_upload_is_refused_and_nothing_is_kept(admin_client, programme, media_root,
                                                        settings, monkeypatch):
    settings.TRANSCODE_MAX_UPLOAD_BYTES = 10_000
    # Below the in-memory threshold too: the cut-off must not depend on where the file goes.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 2_000
    big = SimpleUploadedFile("lon.mp4", b"\x00" * 50_000, content_type="video/mp4")
    response = admin_client.post(reverse(ADD), form_data(programme, source_file=big))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["source_file"] == ["Tệp quá lớn: tối đa 9,8\xa0KB."]
    assert not Episode.objects.exists()
    assert not any(path.is_file() for path in media_root.rglob("*"))


def test_upload_within_the_limit_is_saved_and_queued(admin_client, programme, media_root,
                                                     settings, queued,
                                                     django_capture_on_commit_callbacks):
    settings.TRANSCODE_MAX_UPLOAD_BYTES = 10_000
    small = SimpleUploadedFile("nho.mp4", b"\x00" * 9_000, content_type="video/mp4")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse(ADD), form_data(programme, source_file=small))
    assert response.status_code == 302
    episode = Episode.objects.get()
    assert episode.source_file.size == 9_000 and not episode.live
    assert queued == [(episode.pk, episode.source_file.name)]


def test_publishing_before_the_media_is_ready_is_refused(admin_client, programme, media_root):
    episode = Episode.objects.create(programme=programme, title="Chờ video", live=False)
    url = reverse(EDIT, args=[episode.pk])
    response = admin_client.post(url, form_data(programme,
                                                 **{"action-publish": "action-publish"}))
    assert messages_of(response) == [
        "Tập đã được lưu nháp nhưng chưa xuất bản: tập chưa có tệp video hoặc âm thanh."]
    Episode.objects.filter(pk=episode.pk).update(source_file="episodes/source/a.mp4")
    response = admin_client.post(url, form_data(programme, title="Chờ video (sửa)",
                                                 **{"action-publish": "action-publish"}))
    assert response.status_code == 302 and response["Location"] == url
    assert messages_of(response)[-1] == (
        "Tập đã được lưu nháp nhưng chưa xuất bản: tệp đang được xử lý. "
        "Hãy xuất bản khi xử lý xong.")
    episode.refresh_from_db()
    assert not episode.live and episode.latest_revision is not None
    assert not Episode.objects.visible().exists()
    # Every other path refuses too.
    with pytest.raises(MediaNotReady):
        episode.latest_revision.publish()
    episode.refresh_from_db()
    assert not episode.live

    Episode.objects.filter(pk=episode.pk).update(media_state=Episode.State.FAILED,
                                                 media_error="Tệp bị hỏng")
    response = admin_client.post(url, form_data(programme,
                                                **{"action-publish": "action-publish"}))
    assert "không xử lý được" in messages_of(response)[-1]
    episode.refresh_from_db()
    assert not episode.live


def test_publishing_once_ready_keeps_the_outputs(admin_client, programme, media_root):
    episode = Episode.objects.create(programme=programme, title="Đã xong", live=False)
    revision = episode.save_revision()  # saved before the transcode finished
    Episode.objects.filter(pk=episode.pk).update(
        media_state=Episode.State.READY, media_kind="video", duration_seconds=3,
        hls_playlist=f"episodes/{episode.pk}/master.m3u8", video_path="x.mp4")
    episode.refresh_from_db()
    revision.publish()
    episode.refresh_from_db()
    assert episode.live and episode.media_state == Episode.State.READY
    assert episode.hls_playlist == f"episodes/{episode.pk}/master.m3u8"

    url = reverse(EDIT, args=[episode.pk])
    response = admin_client.post(url, form_data(programme, title="Đã xong (sửa)",
                                                 **{"action-publish": "action-publish"}))
    assert response.status_code == 302 and response["Location"] != url
    episode.refresh_from_db()
    assert episode.live and episode.title == "Đã xong (sửa)"
    assert episode.media_state == Episode.State.READY and episode.video_path == "x.mp4"


def test_replacing_the_file_of_a_live_episode_is_refused(admin_client, programme, media_root):
    episode = Episode.objects.create(programme=programme, title="Đang phát", live=True,
                                     media_state=Episode.State.READY)
    new = SimpleUploadedFile("moi.mp4", b"\x00" * 100, content_type="video/mp4")
    response = admin_client.post(reverse(EDIT, args=[episode.pk]),
                                 form_data(programme, source_file=new))
    assert response.status_code == 200
    assert "Hủy xuất bản" in response.context["form"].errors["source_file"][0]
    episode.refresh_from_db()
    assert not episode.source_file and episode.media_state == Episode.State.READY


def test_list_and_edit_view_show_the_state_and_the_reason(admin_client, programme):
    Episode.objects.create(programme=programme, title="Tập lỗi", live=False,
                           media_state=Episode.State.FAILED,
                           media_error="Tệp bị hỏng hoặc không phải video/âm thanh.")
    done = Episode.objects.create(programme=programme, title="Tập xong", live=False,
                                  media_state=Episode.State.READY)
    listing = admin_client.get(reverse(LIST)).content.decode()
    assert "Lỗi: Tệp bị hỏng hoặc không phải video/âm thanh." in listing
    assert "Xong" in listing
    failed = Episode.objects.get(title="Tập lỗi")
    edit = admin_client.get(reverse(EDIT, args=[failed.pk])).content.decode()
    assert "Tệp bị hỏng hoặc không phải video/âm thanh." in edit and "Lỗi" in edit
    assert "Xong" in admin_client.get(reverse(EDIT, args=[done.pk])).content.decode()


def test_create_and_publish_at_once_keeps_a_draft_until_the_media_is_ready(
        admin_client, programme, media_root, queued, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("tap.mp4", b"\x00" * 100, content_type="video/mp4")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse(ADD), form_data(
            programme, source_file=upload, **{"action-publish": "action-publish"}))
    episode = Episode.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(EDIT, args=[episode.pk])
    assert "tệp đang được xử lý" in messages_of(response)[-1]
    assert not episode.live and episode.media_state == Episode.State.PENDING
    assert queued == [(episode.pk, episode.source_file.name)]
