"""The Content-Security-Policy header: the same strict policy on every public page, the admin's
few additions only there, embeds only from the hosts set in the admin, a live channel's
stream host only on its page; a setting that tries to inject a directive is refused.

(The browser checks are in tests/test_content_security_policy.py, nginx's copy of the header
in core/tests/test_nginx_uploads.py.)
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.urls import reverse

from core.embeds import host_allowed, parse_embed_hosts, url_source
from core.models import StationSettings

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


def form_errors(response) -> str:
    """The error messages an admin form shows, as text."""
    import html
    import re

    return " ".join(html.unescape(message.strip()) for message in re.findall(
        r'<p class="error-message">(.*?)</p>', response.content.decode(), re.S))


def set_embed_hosts(text: str) -> None:
    station = StationSettings.load()
    station.embed_hosts = text
    station.save()


def test_public_pages_allow_no_inline_code_and_only_listed_embeds(client, station):
    found = policy(client.get("/"))
    assert found["script-src"] == ["'self'"] and found["style-src"] == ["'self'"]
    assert found["object-src"] == ["'none'"] and found["frame-ancestors"] == ["'self'"]
    assert found["base-uri"] == ["'self'"] and found["form-action"] == ["'self'"]
    assert found["frame-src"] == ["'self'", "https://www.youtube.com",
                                  "https://www.youtube-nocookie.com", "https://www.google.com"]
    assert found["media-src"] == found["frame-src"]
    assert "script-src-elem" not in found and "'unsafe-eval'" not in str(found)
    for url in ("/van-ban/", "/tim-kiem?q=le+hoi", "/khong-co-trang-nay/"):
        assert policy(client.get(url)) == found, url


def test_the_admin_alone_may_run_inline_script_and_style_elements(admin_client, station):
    found = policy(admin_client.get("/admin/"))
    assert found["script-src-elem"] == ["'self'", "'unsafe-inline'"]
    assert found["style-src-elem"] == ["'self'", "'unsafe-inline'"]
    assert found["script-src"] == ["'self'"] and found["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy(admin_client.get("/"))["script-src"]


def test_a_change_of_the_list_changes_the_next_page(client, station):
    set_embed_hosts("https://www.youtube.com")
    assert policy(client.get("/"))["frame-src"] == ["'self'", "https://www.youtube.com"]
    set_embed_hosts("https://player.vimeo.com\n*.ban-do.vn")
    assert policy(client.get("/"))["frame-src"] == ["'self'", "https://player.vimeo.com",
                                                    "*.ban-do.vn"]
    set_embed_hosts("")
    assert policy(client.get("/"))["frame-src"] == ["'self'"]


def test_the_policy_is_still_sent_when_the_database_is_down(client, station, monkeypatch):
    def down():
        raise DatabaseError("the database is down")

    monkeypatch.setattr("core.csp.embed_hosts", down)
    found = policy(client.get("/robots.txt"))
    assert found["frame-src"] == ["'self'"] and found["script-src"] == ["'self'"]


INJECTIONS = [
    "https://x.vn; script-src *",
    "https://x.vn 'unsafe-inline'",
    "'unsafe-eval'",
    "*",
    "https://*",
    "javascript:alert(1)",
    "data:",
    "https://x.vn/duong-dan",
    "https://x.vn:99999",
    "x.vn\r\nSet-Cookie: a=b",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_a_setting_cannot_inject_into_the_policy(admin_client, station, value):
    """Before: there was no such setting. Now each entry must be a plain host source."""
    before = StationSettings.load().embed_hosts
    url = reverse("wagtailsettings:edit", args=["core", "stationsettings"])
    url = admin_client.get(url, follow=True).redirect_chain[-1][0]
    data = {field.name: getattr(station, field.name) or ""
            for field in StationSettings._meta.fields if field.name not in {"id"}}
    data["embed_hosts"] = value
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Không phải tên máy chủ:" in form_errors(response), form_errors(response)
    assert StationSettings.load().embed_hosts == before
    assert "unsafe" not in response["Content-Security-Policy"].replace(
        "script-src-elem 'self' 'unsafe-inline'", "").replace(
        "style-src-elem 'self' 'unsafe-inline'", "")


def test_host_entries_and_matching():
    assert parse_embed_hosts(" https://www.YouTube.com/ ,\n*.ban-do.vn  localhost:8000 ") == [
        "https://www.youtube.com", "*.ban-do.vn", "localhost:8000"]
    with pytest.raises(ValidationError):
        parse_embed_hosts("https://a.vn\nhttps://b.vn/x")
    entries = ["https://www.youtube.com", "*.ban-do.vn", "http://cdn.dai.vn:8080"]
    assert host_allowed("https://www.youtube.com/embed/abc", entries)
    assert not host_allowed("http://www.youtube.com.evil.vn/embed", entries)
    assert host_allowed("https://tinh.ban-do.vn/x", entries)
    assert not host_allowed("https://ban-do.vn/x", entries)  # *. covers subdomains only
    assert host_allowed("https://cdn.dai.vn:8080/a.mp4", entries)  # http allows https
    assert not host_allowed("http://cdn.dai.vn/a.mp4", entries)  # another port
    assert url_source("https://cdn.dai.vn:443/live/a.m3u8") == "https://cdn.dai.vn"
    assert url_source("/truc-tuyen/stv1/live.m3u8") is None


@pytest.fixture
def channels(db):
    from broadcast.models import Channel

    return {
        "stv1": Channel.objects.create(code="stv1", name="STV1", sort_order=1,
                                       stream_url="https://live.dai.vn:8443/stv1/index.m3u8"),
        "radio": Channel.objects.create(code="radio", name="Phát thanh", kind="radio",
                                        sort_order=2, stream_url="/truc-tuyen/radio/live.m3u8"),
        "stv2": Channel.objects.create(code="stv2", name="STV2", sort_order=3, on_air=False,
                                       stream_url="https://khac.vn/stv2.m3u8"),
    }


def test_a_live_channel_page_allows_its_own_stream_host(client, station, channels):
    stv1 = policy(client.get("/truc-tuyen/stv1/"))
    assert stv1["media-src"][-2:] == ["blob:", "https://live.dai.vn:8443"]
    assert stv1["connect-src"] == ["'self'", "https://live.dai.vn:8443"]
    radio = policy(client.get("/truc-tuyen/radio/"))
    assert radio["connect-src"] == ["'self'"] and radio["media-src"][-1] == "blob:"
    for other in ("/truc-tuyen/stv2/", "/truc-tuyen/", "/"):
        assert "live.dai.vn" not in client.get(other)["Content-Security-Policy"], other
        assert "khac.vn" not in client.get(other)["Content-Security-Policy"], other


def test_editors_cannot_embed_from_a_host_not_listed(admin_client, station):
    from broadcast.models import Clip

    set_embed_hosts("https://www.youtube.com")
    url = reverse("wagtailsnippets_broadcast_clip:add")
    base = {"title": "Clip thử", "description": "", "published_at": "01/01/2025 10:00"}
    refused = admin_client.post(url, {**base, "embed_url": "https://evil.example/player"})
    assert refused.status_code == 200
    assert ("Trang không được nhúng nội dung từ https://evil.example."
            in form_errors(refused)), form_errors(refused)
    assert not Clip.objects.exists()
    accepted = admin_client.post(url, {**base, "embed_url": "https://www.youtube.com/embed/x"})
    assert accepted.status_code == 302
    assert Clip.objects.get().embed_url == "https://www.youtube.com/embed/x"


def test_an_article_video_from_a_host_not_listed_is_refused(station):
    from news.blocks import VideoBlock

    set_embed_hosts("https://www.youtube.com")
    block = VideoBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"embed_url": "https://evil.example/player"}))
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"video_url": "https://evil.example/a.mp4"}))
    assert block.clean(block.to_python({"embed_url": "https://www.youtube.com/embed/x"}))
