"""Every role boundary of issue 3, crossed through the admin's real URLs and refused with
nothing changed (rows, revisions, workflow states, publication)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Revision, TaskState, WorkflowState

from core.models import StationSettings
from news.models import Article, Section
from newsroom import roles

from .conftest import admin_url, article_data, assert_refused, client_for


def make_draft(section, owner, title="Bản nháp của phóng viên") -> Article:
    article = Article(title=title, primary_section=section, owner=owner, live=False,
                      sapo="Tóm tắt.")
    article.save()
    article.save_revision(user=owner)
    return article


def make_live(section, owner, title="Bài đã đăng") -> Article:
    article = make_draft(section, owner, title)
    article.latest_revision.publish()
    article.refresh_from_db()
    assert article.live
    return article


def snapshot(article: Article) -> tuple:
    fresh = Article.objects.get(pk=article.pk)
    return (
        fresh.title, fresh.live, fresh.withdrawn_at, fresh.latest_revision_id,
        Revision.objects.filter(object_id=str(article.pk)).count(),
        list(WorkflowState.objects.filter(object_id=str(article.pk))
             .values_list("status", flat=True)),
        list(TaskState.objects.filter(workflow_state__object_id=str(article.pk))
             .values_list("status", flat=True)),
    )


def start_workflow(article: Article, user, through_step: int = 0) -> TaskState:
    """Submit an article and approve `through_step` steps as superuser-free reviewers."""
    workflow = article.get_workflow()
    state = workflow.start(article, user)
    for _ in range(through_step):
        state.refresh_from_db()
        task_state = state.current_task_state.specific
        task_state.approve(user=None)
    state.refresh_from_db()
    return state.current_task_state


# --- Phóng viên --------------------------------------------------------------------------

def test_reporter_cannot_publish(sections, reporter):
    client = client_for(reporter)
    section = sections["local"]
    response = client.post(admin_url("add"), article_data(section, **{"action-publish": "1"}))
    assert_refused(response)
    assert not Article.objects.exists()

    draft = make_draft(section, reporter)
    before = snapshot(draft)
    response = client.post(admin_url("edit", draft.pk),
                           article_data(section, title="Tự đăng", **{"action-publish": "1"}))
    assert_refused(response)
    assert snapshot(draft) == before


def test_reporter_cannot_unpublish_or_take_down(sections, reporter, approver):
    article = make_live(sections["local"], reporter)
    before = snapshot(article)
    client = client_for(reporter)
    assert_refused(client.post(admin_url("unpublish", article.pk)))
    assert_refused(client.post(reverse("newsroom:takedown", args=[article.pk]),
                               {"reason": "Muốn gỡ"}))
    assert snapshot(article) == before


def test_reporter_cannot_edit_or_delete_someone_elses_article(sections, reporter,
                                                              other_reporter):
    theirs = make_draft(sections["local"], other_reporter, "Bài của người khác")
    before = snapshot(theirs)
    client = client_for(reporter)
    assert_refused(client.get(admin_url("edit", theirs.pk)))
    assert_refused(client.post(admin_url("edit", theirs.pk),
                               article_data(sections["local"], title="Sửa trộm")))
    assert_refused(client.post(admin_url("edit", theirs.pk),
                               article_data(sections["local"], title="Sửa trộm",
                                            **{"action-submit": "1"})))
    assert_refused(client.post(admin_url("delete", theirs.pk)))
    revision = theirs.latest_revision
    assert_refused(client.post(admin_url("revisions_revert", theirs.pk, revision.pk),
                               article_data(sections["local"], title="Khôi phục trộm")))
    assert snapshot(theirs) == before


def test_reporter_cannot_approve_own_article(sections, reporter):
    article = make_draft(sections["local"], reporter)
    task_state = start_workflow(article, reporter)
    before = snapshot(article)
    client = client_for(reporter)
    response = client.post(admin_url("workflow_action", article.pk, "approve", task_state.pk))
    assert_refused(response)
    assert snapshot(article) == before


def test_reporter_cannot_edit_own_published_article_after_withdrawal(sections, reporter,
                                                                     approver):
    from newsroom.services import withdraw

    article = make_live(sections["local"], reporter)
    withdraw(article, approver, "Sai sự thật")
    before = snapshot(article)
    response = client_for(reporter).post(admin_url("edit", article.pk),
                                         article_data(sections["local"], title="Đăng lại"))
    assert_refused(response)
    assert snapshot(article) == before


def test_reporter_cannot_change_sections_or_settings(sections, reporter):
    client = client_for(reporter)
    section = sections["local"]
    response = client.post(reverse("wagtailsnippets_news_section:edit", args=[section.pk]),
                           {"name": "Đổi tên", "slug": "doi-ten", "sort_order": 1})
    assert_refused(response)
    response = client.post(reverse("wagtailsnippets_news_section:add"),
                           {"name": "Chuyên mục mới", "slug": "moi", "sort_order": 9})
    assert_refused(response)
    assert Section.objects.get(pk=section.pk).name == "Tin địa phương"
    assert Section.objects.count() == 4

    station = StationSettings.load()
    settings_url = reverse("wagtailsettings:edit", args=["core", "stationsettings", station.pk])
    assert_refused(client.get(settings_url))
    response = client.post(settings_url, {"portal_name": "Bị đổi", "station_name": "Bị đổi"})
    assert_refused(response)
    assert StationSettings.load().station_name == station.station_name


# --- Biên tập viên -----------------------------------------------------------------------

def test_editor_cannot_publish_or_pass_the_final_step(sections, reporter, editor):
    article = make_draft(sections["local"], reporter)
    task_state = start_workflow(article, reporter, through_step=1)
    assert task_state.task.name == roles.STEP_APPROVE
    before = snapshot(article)
    client = client_for(editor)
    assert_refused(client.post(admin_url("workflow_action", article.pk, "approve",
                                         task_state.pk)))
    response = client.post(admin_url("edit", article.pk),
                           article_data(sections["local"], **{"action-publish": "1"}))
    assert_refused(response)
    assert snapshot(article) == before
    assert not Article.objects.get(pk=article.pk).live


def test_editor_cannot_unpublish_delete_or_take_down(sections, reporter, editor):
    article = make_live(sections["local"], reporter)
    before = snapshot(article)
    client = client_for(editor)
    assert_refused(client.post(admin_url("unpublish", article.pk)))
    assert_refused(client.post(admin_url("delete", article.pk)))
    assert_refused(client.post(reverse("newsroom:takedown", args=[article.pk]),
                               {"reason": "Không được phép"}))
    assert snapshot(article) == before


def test_editor_cannot_change_sections(sections, editor):
    client = client_for(editor)
    section = sections["local"]
    assert_refused(client.post(reverse("wagtailsnippets_news_section:delete",
                                       args=[section.pk])))
    assert Section.objects.filter(pk=section.pk).exists()


# --- Lãnh đạo duyệt bài ------------------------------------------------------------------

def test_approver_cannot_manage_users_or_settings(sections, approver):
    client = client_for(approver)
    users_before = get_user_model().objects.count()
    assert_refused(client.get(reverse("wagtailusers_users:index")))
    response = client.post(reverse("wagtailusers_users:add"), {
        "username": "moi", "email": "moi@example.vn", "first_name": "Mới", "last_name": "Mới",
        "password1": "Mật-khẩu-rất-dài-2026", "password2": "Mật-khẩu-rất-dài-2026",
        "is_superuser": "on",
    })
    assert_refused(response)
    assert get_user_model().objects.count() == users_before
    station = StationSettings.load()
    settings_url = reverse("wagtailsettings:edit", args=["core", "stationsettings", station.pk])
    assert_refused(client.get(settings_url))
    assert_refused(client.post(settings_url, {"portal_name": "Bị đổi", "station_name": "X"}))
    assert StationSettings.load().station_name == station.station_name


def test_approver_cannot_purge(sections, reporter, approver):
    article = make_live(sections["local"], reporter)
    before = snapshot(article)
    assert_refused(client_for(approver).post(reverse("newsroom:purge", args=[article.pk])))
    assert snapshot(article) == before


@pytest.mark.parametrize("role", [roles.REPORTER, roles.EDITOR])
def test_takedown_log_is_for_approvers_only(role, make_user):
    client = client_for(make_user("nguoi-dung", role))
    assert_refused(client.get(reverse("newsroom:takedown_log")))
    assert_refused(client.get(reverse("newsroom:takedown_log_csv")))
