"""`load_demo_content` and `ensure_admin`, the two steps `make run` adds to a fresh database."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from core.management.commands import ensure_admin

pytestmark = pytest.mark.django_db

COUNTED = ["news.Section", "news.Article", "news.RelatedArticle", "news.ArticleTag",
           "notices.Announcement", "notices.AnnouncementAttachment", "notices.OfficialDocument",
           "broadcast.Channel", "broadcast.Programme", "broadcast.Clip", "wagtailimages.Image",
           "wagtaildocs.Document", "wagtailcore.Revision", "core.StationSettings"]


def _counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in COUNTED}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_demo_content_loads_once_and_a_second_run_adds_nothing(media, client):
    call_command("load_demo_content", stdout=StringIO())
    first = _counts()
    # Tin tức, its eleven sections and two topics; the Khmer edition's three sections.
    assert first["news.Section"] == 17
    assert apps.get_model("news.Section").objects.in_language("vi").count() == 14
    assert first["news.Article"] >= 12
    assert first["notices.Announcement"] and first["notices.OfficialDocument"]
    assert first["broadcast.Clip"] == 0  # the demo's video is its episodes
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert _counts() == first
    assert "nothing added" in out.getvalue() and "articles: 0" in out.getvalue()


def test_demo_content_builds_the_seed_section_tree(media):
    from news.models import Section

    call_command("load_demo_content", stdout=StringIO())
    news = Section.objects.get(slug="tin-tuc")
    assert news.name == "Tin tức" and news.parent is None
    children = list(news.children.order_by("sort_order").values_list("name", flat=True))
    assert children == [
        "Tin địa phương", "Tin trong nước", "Đời sống - Xã hội", "Tin thế giới",
        "Doanh nghiệp - Người tiêu dùng", "Giáo dục - Khoa học & Công nghệ",
        "Nông nghiệp - Nông thôn", "Pháp luật - Cải cách hành chính", "Lực lượng vũ trang",
        "Đoàn thể", "Góc doanh nghiệp",
    ]
    topics = set(Section.objects.filter(is_topic=True).values_list("name", flat=True))
    assert topics == {"Học và làm theo gương Bác",
                      "Lễ hội Oóc-om-bóc - Đua ghe Ngo tỉnh Sóc Trăng"}


def test_demo_portal_pages_all_render(media, client):
    """Every page the README lists answers 200 on the demo content."""
    from broadcast.models import Programme
    from news.models import Article
    from notices.models import Announcement, OfficialDocument

    call_command("load_demo_content", stdout=StringIO())
    urls = ["/", "/tin-tuc/", "/tin-dia-phuong/", "/hoc-va-lam-theo-guong-bac/", "/thong-bao/",
            "/van-ban/", "/video/", "/lich-phat-song/stv1/", "/lich-phat-song/stv2/",
            "/lich-phat-song/radio/"]
    urls += [model.objects.visible().first().get_absolute_url()
             for model in (Article, Announcement, OfficialDocument)]
    urls.append(Programme.objects.get(slug="thoi-su").get_absolute_url())
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Giấy phép số" in response.content.decode(), url
        assert "Đọc nhiều" in response.content.decode(), url  # the sidebar's weekly ranking
    credited = Article.objects.visible().exclude(source_name="").get()
    page = client.get(credited.get_absolute_url()).content.decode()
    assert "Nguồn: Thông tấn xã Việt Nam" in page


@pytest.fixture
def password_file(tmp_path, monkeypatch):
    path = tmp_path / ".admin-password"
    monkeypatch.setattr(ensure_admin, "PASSWORD_FILE", path)
    monkeypatch.delenv("ADMIN_USERNAME", raising=False)
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    return path


def _run_ensure_admin() -> str:
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def _credentials(output: str) -> tuple[str, str]:
    match = re.search(r"user: (\S+)\s+password: (\S+)", output)
    assert match, output
    return match.group(1), match.group(2)


def _signs_in(client, username: str, password: str) -> bool:
    """Through the admin's real sign-in form (the lockout backend needs the request)."""
    return client.post("/admin/login/", {"username": username,
                                         "password": password}).status_code == 302


def test_ensure_admin_prints_the_password_once_and_is_idempotent(password_file, client):
    username, password = _credentials(_run_ensure_admin())
    assert username == "admin" and len(password) >= 12
    assert password_file.read_text().strip() == password
    assert _signs_in(client, username, password)
    again = _run_ensure_admin()
    assert password not in again  # not printed again on every `make run`
    assert f"password: kept in {password_file}" in again
    assert get_user_model().objects.filter(username="admin").count() == 1
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff


def test_ensure_admin_takes_name_and_password_from_the_environment(password_file, monkeypatch):
    monkeypatch.setenv("ADMIN_USERNAME", "bientap")
    monkeypatch.setenv("ADMIN_PASSWORD", "mat-khau-rat-dai-2024")
    assert _credentials(_run_ensure_admin()) == ("bientap", "mat-khau-rat-dai-2024")
    assert not password_file.exists()  # nothing written when the operator chose the password
    assert "mat-khau-rat-dai-2024" not in _run_ensure_admin()


@pytest.mark.parametrize("weak", ["12345678901", "password123", "admin", "ngan",
                                  "quantri-quantri"])
def test_ensure_admin_refuses_a_weak_chosen_password(password_file, monkeypatch, weak):
    monkeypatch.setenv("ADMIN_USERNAME", "quantri-quantri")
    monkeypatch.setenv("ADMIN_PASSWORD", weak)
    with pytest.raises(CommandError, match="Mật khẩu"):
        _run_ensure_admin()
    assert not get_user_model().objects.exists()
    assert not password_file.exists()


def test_ensure_admin_never_resets_a_changed_password(password_file):
    username, password = _credentials(_run_ensure_admin())
    user = get_user_model().objects.get(username=username)
    user.set_password("doi-mat-khau-moi-2024")
    user.save()
    out = _run_ensure_admin()
    assert "exists with a password set elsewhere" in out
    assert password not in out
    user.refresh_from_db()
    assert user.check_password("doi-mat-khau-moi-2024")
