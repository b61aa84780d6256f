"""Scheduled publishing and expiry, the scheduler loop, revisions (compare, roll back),
locking, the "Cập nhật" time and the correction note."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from newsroom.management.commands import run_scheduler

from .conftest import admin_url, article_data, client_for
from .test_role_boundaries import make_draft, make_live


def schedule(article: Article, user, go_live_at, expire_at=None) -> None:
    article.go_live_at = go_live_at
    article.expire_at = expire_at
    article.save_revision(user=user).publish(user=user)


def test_scheduled_article_goes_live_on_time_and_leaves_at_expiry(sections, reporter, approver):
    article = make_draft(sections["local"], reporter)
    now = timezone.now().replace(second=0, microsecond=0)
    go_live, expire = now + timedelta(hours=1), now + timedelta(hours=5)
    schedule(article, approver, go_live, expire)
    url = article.get_absolute_url()
    reader = Client()

    with time_machine.travel(go_live - timedelta(seconds=30), tick=False):
        call_command("run_scheduler", "--once")
        assert reader.get(url).status_code == 404
    with time_machine.travel(go_live + timedelta(seconds=40), tick=False):
        call_command("run_scheduler", "--once")
        assert reader.get(url).status_code == 200
        article.refresh_from_db()
        assert article.published_at == go_live and article.updated_at == go_live
    with time_machine.travel(expire - timedelta(seconds=30), tick=False):
        call_command("run_scheduler", "--once")
        assert reader.get(url).status_code == 200
    with time_machine.travel(expire + timedelta(seconds=40), tick=False):
        call_command("run_scheduler", "--once")
        assert reader.get(url).status_code == 404
    article.refresh_from_db()
    assert not article.live and article.expired


def test_scheduler_loop_runs_publish_scheduled_until_stopped(sections, reporter, approver,
                                                            monkeypatch):
    article = make_draft(sections["local"], reporter)
    schedule(article, approver, timezone.now() + timedelta(minutes=1))
    stop = threading.Event()
    real = run_scheduler.run_due_jobs
    calls = []

    def run_and_stop() -> str:
        calls.append(timezone.now())
        report = real()
        if len(calls) == 2:
            stop.set()
        return report

    monkeypatch.setattr(run_scheduler, "run_due_jobs", run_and_stop)
    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        assert run_scheduler.run_forever(0.01, stop) == 2
    assert Article.objects.get(pk=article.pk).live


def test_scheduler_ticks_on_the_minute_and_rejects_a_bad_interval():
    assert run_scheduler.seconds_to_next_tick(60, 120.0) == 60
    assert run_scheduler.seconds_to_next_tick(60, 125.5) == pytest.approx(54.5)
    with pytest.raises(CommandError):
        call_command("run_scheduler", "--interval=0")


def test_editing_a_published_article_records_the_update_and_shows_the_correction(
        sections, reporter, approver):
    article = make_live(sections["local"], reporter, "Tin có đính chính")
    first_published = Article.objects.get(pk=article.pk).published_at
    later = timezone.now() + timedelta(hours=3)
    with time_machine.travel(later, tick=False):
        data = article_data(sections["local"], title="Tin có đính chính",
                            **{"action-publish": "1"})
        data["correction_note"] = "Bản trước ghi sai tên xã Đại Tâm; đã sửa lúc 15 giờ."
        response = client_for(approver).post(admin_url("edit", article.pk), data)
        assert response.status_code == 302, response.context["form"].errors
    article.refresh_from_db()
    assert article.published_at == first_published
    assert abs(article.updated_at - later) < timedelta(seconds=1)
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "Bản trước ghi sai tên xã Đại Tâm; đã sửa lúc 15 giờ." in page
    assert timezone.localtime(later).strftime("%d/%m/%Y") in page or "Cập nhật" in page


def test_editor_compares_two_revisions_and_rolls_back(sections, reporter, editor):
    article = make_draft(sections["local"], reporter, "Tiêu đề thứ nhất")
    first = article.latest_revision
    article.title = "Tiêu đề thứ hai"
    second = article.save_revision(user=reporter)
    client = client_for(editor)

    compare = client.get(reverse("wagtailsnippets_news_article:revisions_compare", kwargs={
        "pk": article.pk, "revision_id_a": first.pk, "revision_id_b": second.pk}))
    assert compare.status_code == 200
    body = compare.content.decode()
    assert '<span class="deletion">nhất</span><span class="addition">hai</span>' in body
    history = client.get(admin_url("history", article.pk))
    assert history.status_code == 200

    # Rolling back = opening the old revision in the editor and saving it as the newest.
    revert_url = admin_url("revisions_revert", article.pk, first.pk)
    assert "Tiêu đề thứ nhất" in client.get(revert_url).content.decode()
    response = client.post(revert_url, article_data(sections["local"], title="Tiêu đề thứ nhất"))
    assert response.status_code == 302, response.context["form"].errors
    article.refresh_from_db()
    latest = article.latest_revision
    assert latest.pk not in (first.pk, second.pk)
    assert latest.as_object().title == "Tiêu đề thứ nhất"
    assert latest.user == editor


def test_locked_article_shows_as_locked_and_refuses_other_editors(sections, reporter, editor,
                                                                  make_user):
    from newsroom import roles

    other_editor = make_user("bientap2", roles.EDITOR)
    article = make_draft(sections["local"], reporter, "Bài đang được sửa")
    response = client_for(editor).post(admin_url("lock", article.pk))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.locked and article.locked_by == editor

    other = client_for(other_editor)
    page = other.get(admin_url("edit", article.pk)).content.decode()
    assert "Bientap" in page  # the lock names who holds it
    before = article.latest_revision_id
    response = other.post(admin_url("edit", article.pk),
                          article_data(sections["local"], title="Sửa khi đang bị khóa"))
    assert response.status_code == 200  # the form comes back with the lock error
    article.refresh_from_db()
    assert article.latest_revision_id == before and article.title == "Bài đang được sửa"


def test_someone_editing_is_shown_to_the_next_editor(sections, reporter, editor, make_user):
    """Without an explicit lock, Wagtail's editing sessions tell others who is editing."""
    from newsroom import roles

    other_editor = make_user("bientap2", roles.EDITOR)
    article = make_draft(sections["local"], reporter, "Bài hai người cùng mở")
    first = client_for(editor)
    assert first.get(admin_url("edit", article.pk)).status_code == 200
    ping = reverse("wagtailadmin_editing_sessions:ping",
                   args=["news", "article", str(article.pk), 0])
    assert first.post(ping, {"is_editing": "1"}).status_code == 200
    seen = client_for(other_editor).post(ping).json()
    assert [s["user"] for s in seen["other_sessions"]] == ["Bientap"]
    assert seen["other_sessions"][0]["is_editing"] is True
    # A reporter who may not edit the article learns nothing about it.
    assert client_for(make_user("pv3", roles.REPORTER)).post(ping).status_code == 404
