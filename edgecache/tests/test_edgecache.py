"""The cache rules, on the embedded default (no nginx): labels, generation, purge, fragments."""

from __future__ import annotations

import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.caching.generation import bump_generation, read_generation
from core.caching.memo import page_cache_seconds
from edgecache.middleware import EDITOR_COOKIE
from edgecache.purge import (
    CacheDirError,
    invalidate,
    is_marked,
    marker_path,
    prepare_cache_dir,
    purge_edge_cache,
)


@pytest.fixture
def story(sections, make_article):
    return make_article(title="Lễ hội Oóc Om Bóc khai mạc", primary_section=sections["local"])


def ttl(response) -> int | None:
    value = response.headers.get("X-Accel-Expires")
    return None if value is None else int(value)


@pytest.mark.django_db
def test_anonymous_public_pages_may_be_stored_but_browsers_revalidate(client, story, sections):
    for path in ("/", story.get_absolute_url(), sections["local"].get_absolute_url(),
                 "/thong-bao/", "/van-ban/", "/video/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert ttl(response) == page_cache_seconds(), path
        assert "max-age=0" in response["Cache-Control"] and "public" in response["Cache-Control"]


@pytest.mark.django_db
def test_missing_article_404_is_stored_briefly_like_any_page(client, sections):
    response = client.get("/tin-dia-phuong/khong-co-99999.html")
    assert response.status_code == 404
    assert ttl(response) == page_cache_seconds()


@pytest.mark.django_db
@pytest.mark.parametrize("cookie", ["sessionid", EDITOR_COOKIE])
def test_possible_editor_is_never_stored(client, story, cookie):
    client.cookies[cookie] = "x"
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert ttl(response) == 0
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_admin_api_and_post_are_not_labelled(client, story, admin_user):
    assert "X-Accel-Expires" not in client.get("/admin/login/").headers
    assert "X-Accel-Expires" not in client.post(story.get_absolute_url()).headers
    client.force_login(admin_user)
    assert "X-Accel-Expires" not in client.get("/admin/").headers


@pytest.mark.django_db
def test_login_sets_and_logout_drops_the_editor_cookie(client):
    get_user_model().objects.create_superuser("bientap", "", "mat-khau-dai-123")
    response = client.post("/admin/login/", {"username": "bientap",
                                             "password": "mat-khau-dai-123"})
    assert response.status_code == 302
    assert response.cookies[EDITOR_COOKIE].value == "1"
    assert response.cookies[EDITOR_COOKIE]["httponly"]
    response = client.post("/admin/logout/")
    assert response.cookies[EDITOR_COOKIE]["max-age"] == 0


@pytest.mark.django_db
def test_wrong_login_sets_no_editor_cookie(client):
    get_user_model().objects.create_superuser("bientap", "", "mat-khau-dai-123")
    response = client.post("/admin/login/", {"username": "bientap", "password": "sai"})
    assert response.status_code == 200
    assert EDITOR_COOKIE not in response.cookies


@pytest.mark.django_db
def test_page_rendered_across_a_change_is_not_stored(client, story, monkeypatch):
    from news import selectors

    original = selectors.related_articles

    def related_with_concurrent_publish(article):
        bump_generation()  # an editor publishes while this page renders
        return original(article)

    monkeypatch.setattr(selectors, "related_articles", related_with_concurrent_publish)
    assert ttl(client.get(story.get_absolute_url())) == 0


@pytest.mark.django_db(transaction=True)
def test_publish_edit_unpublish_move_the_generation(sections, make_article):
    story = make_article(title="Bản nháp", primary_section=sections["local"], live=False,
                         published_at=None)
    start = read_generation()
    story.title = "Bản nháp sửa"
    story.save()  # a never-published draft: readers see nothing new
    assert read_generation() == start
    story.save_revision().publish()
    after_publish = read_generation()
    assert after_publish > start
    story.title = "Đã sửa"
    story.save_revision().publish()
    after_edit = read_generation()
    assert after_edit > after_publish
    story.refresh_from_db()
    story.unpublish()
    assert read_generation() > after_edit


@pytest.mark.django_db(transaction=True)
def test_bookkeeping_saves_do_not_purge(story):
    start = read_generation()
    story.save(update_fields=["view_count"])
    assert read_generation() == start


@pytest.mark.django_db(transaction=True)
def test_sections_announcements_and_station_settings_purge(sections):
    from core.models import StationSettings
    from notices.models import Announcement

    for change in (
        lambda: sections["local"].save(),
        lambda: Announcement.objects.create(title="Thông báo tuyển dụng", live=True),
        lambda: StationSettings.load().save(),
        lambda: sections["topic"].delete(),
    ):
        start = read_generation()
        change()
        assert read_generation() > start


@pytest.mark.django_db
def test_nginx_is_purged_only_after_the_transaction_commits(story, settings, tmp_path,
                                                             django_capture_on_commit_callbacks):
    cache_dir = tmp_path / "cache"
    prepare_cache_dir(cache_dir)
    (cache_dir / "a" / "1f").mkdir(parents=True)
    settings.EDGE_CACHE_DIR = str(cache_dir)
    settings.EDGE_CACHE_REPURGE_DELAY = 0.01
    start = read_generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        story.save_revision().publish()
    # Fragments move on at once (this transaction sees its own change)...
    assert read_generation() > start
    # ...but nginx keeps its pages until the new rows are visible to every reader.
    assert (cache_dir / "a").exists()
    for callback in callbacks:
        callback()
    assert list(cache_dir.iterdir()) == []


def test_purge_empties_the_nginx_cache_directory(tmp_path, settings):
    cache_dir = tmp_path / "cache"
    prepare_cache_dir(cache_dir)
    for level in ("a/1f", "b/2e", "c/3d"):
        (cache_dir / level).mkdir(parents=True)
        (cache_dir / level / "0123456789abcdef").write_text("KEY: /")
    settings.EDGE_CACHE_DIR = str(cache_dir)
    assert purge_edge_cache() == 3
    assert list(cache_dir.iterdir()) == []


def test_purge_without_nginx_is_a_no_op(settings):
    settings.EDGE_CACHE_DIR = ""
    assert purge_edge_cache() == 0


def _tree(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() if path.is_file() else b"<dir>"
            for path in sorted(root.rglob("*"))}


@pytest.mark.parametrize("marker", ["none", "for another directory", "a symlink"])
def test_purge_pointed_at_another_directory_deletes_nothing(tmp_path, settings, caplog,
                                                           marker):
    """A mistyped TOASOAN_NGINX_CACHE_DIR (here: the media folder) is not emptied."""
    media = tmp_path / "media"
    for name in ("original_images/cau.jpg", "documents/cong-van-245.pdf", "a/1f/page"):
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(name.encode())
    elsewhere = tmp_path / "pages"
    prepare_cache_dir(elsewhere)
    if marker == "for another directory":
        marker_path(media).write_text(marker_path(elsewhere).read_text())
    elif marker == "a symlink":
        marker_path(media).symlink_to(marker_path(elsewhere))
    before = _tree(tmp_path)
    settings.EDGE_CACHE_DIR = str(media)
    settings.EDGE_CACHE_REPURGE_DELAY = 0.01

    assert purge_edge_cache() == 0
    invalidate("test")
    time.sleep(0.1)  # the repurge would have run by now

    assert _tree(tmp_path) == before
    assert not media.with_name("media.trash").exists()
    assert "not marked as toasoan's page cache" in caplog.text


def test_the_cache_set_up_refuses_a_directory_holding_other_files(tmp_path):
    media = tmp_path / "media"
    (media / "original_images").mkdir(parents=True)
    with pytest.raises(CacheDirError):
        prepare_cache_dir(media)
    assert not marker_path(media).exists()
    # What nginx writes (hex level directories) is taken; the marker sits beside the cache,
    # where nginx's cache loader never looks.
    pages = tmp_path / "pages"
    (pages / "a" / "1f").mkdir(parents=True)
    assert prepare_cache_dir(pages) is True
    assert prepare_cache_dir(pages) is False
    assert marker_path(pages).parent == pages.parent and list(pages.iterdir()) == [pages / "a"]


def test_prepare_edge_cache_command_marks_the_configured_directory(tmp_path, settings):
    settings.EDGE_CACHE_DIR = str(tmp_path / "cache" / "pages")
    call_command("prepare_edge_cache", stdout=StringIO())
    assert is_marked(tmp_path / "cache" / "pages")
    settings.EDGE_CACHE_DIR = str(tmp_path)
    with pytest.raises(CommandError):
        call_command("prepare_edge_cache", stdout=StringIO())


@pytest.mark.django_db
def test_pages_expire_when_a_dated_story_becomes_visible(client, story, sections,
                                                         make_article):
    soon = timezone.now() + timedelta(seconds=42)
    make_article(title="Bài hẹn giờ", primary_section=sections["local"], published_at=soon)
    response = client.get("/")
    assert "Bài hẹn giờ" not in response.content.decode()
    assert 39 <= ttl(response) <= 41


@pytest.mark.django_db
def test_dated_story_moves_the_generation_once_it_is_due(client, story, sections,
                                                         make_article, monkeypatch):
    moment = timezone.now() + timedelta(seconds=30)
    make_article(title="Bài đến giờ", primary_section=sections["local"], published_at=moment)
    assert "Bài đến giờ" not in client.get("/").content.decode()
    start = read_generation()
    later = moment + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.get("/")
    assert "Bài đến giờ" in response.content.decode()
    # The generation moved on before the page rendered: no part of it is stale.
    assert ttl(response) == page_cache_seconds()
    assert read_generation() > start
    response = client.get("/")
    assert "Bài đến giờ" in response.content.decode()
    assert ttl(response) == page_cache_seconds()


@pytest.mark.django_db
def test_shared_parts_are_built_once_per_generation(client, story):
    path = story.get_absolute_url()
    client.get(path)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as warm:
        client.get(path)
    bump_generation()
    with CaptureQueriesContext(connection) as cold:
        client.get(path)
    assert len(warm) < len(cold)
    assert len(warm) <= 6


@pytest.mark.django_db(transaction=True)
def test_sidebar_shows_a_new_featured_story_after_publish(client, story, sections, make_article):
    client.get(story.get_absolute_url())
    other = make_article(title="Tin nổi bật mới", primary_section=sections["national"],
                         is_featured=True, live=False)
    other.save_revision().publish()
    assert "Tin nổi bật mới" in client.get(story.get_absolute_url()).content.decode()
