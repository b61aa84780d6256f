"""What each role *can* do (so the refusals elsewhere are not a broken admin), the groups and
workflow the migration creates, the audit log screen, and `create_newsroom_user`."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Workflow

from news.models import Article, Section
from newsroom import roles

from .conftest import admin_url, article_data, client_for
from .test_role_boundaries import make_draft, make_live


def test_migration_creates_the_groups_and_the_two_step_workflow(db):
    assert set(roles.ROLES) <= set(Group.objects.values_list("name", flat=True))
    workflow = Article.get_default_workflow()
    assert workflow is not None and workflow.name == roles.WORKFLOW_NAME
    steps = [(task.name, sorted(g.name for g in task.specific.groups.all()))
             for task in workflow.tasks.order_by("workflow_tasks__sort_order")]
    assert steps == [
        (roles.STEP_EDIT, sorted([roles.EDITOR, roles.ADMINISTRATOR])),
        (roles.STEP_APPROVE, sorted([roles.APPROVER, roles.ADMINISTRATOR])),
    ]
    assert Workflow.objects.filter(name=roles.WORKFLOW_NAME).count() == 1
    reporter = Group.objects.get(name=roles.REPORTER)
    assert not reporter.permissions.filter(codename__in=["publish_article",
                                                         "change_article"]).exists()
    administrator = Group.objects.get(name=roles.ADMINISTRATOR)
    assert administrator.permissions.filter(codename="purge_withdrawn").exists()
    assert administrator.permissions.filter(codename="add_user").exists()


def test_reporter_writes_edits_own_draft_and_uploads_images(sections, reporter):
    client = client_for(reporter)
    draft = make_draft(sections["local"], reporter)
    response = client.post(admin_url("edit", draft.pk),
                           article_data(sections["local"], title="Đã sửa bản nháp"))
    assert response.status_code == 302, response.context["form"].errors
    assert Article.objects.get(pk=draft.pk).latest_revision.as_object().title == "Đã sửa bản nháp"

    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "#c00").save(buffer, "PNG")
    upload = SimpleUploadedFile("le-hoi.png", buffer.getvalue(), content_type="image/png")
    response = client.post(reverse("wagtailimages:add_multiple"),
                           {"files[]": upload, "title": "Lễ hội"},
                           HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 200 and response.json()["success"], response.content
    assert get_image_model().objects.filter(uploaded_by_user=reporter).count() == 1


def test_approver_manages_sections_and_publishes(sections, reporter, approver):
    client = client_for(approver)
    response = client.post(reverse("wagtailsnippets_news_section:add"), {
        "name": "Kinh tế", "slug": "kinh-te", "parent": "", "sort_order": 5,
        "show_in_menu": "on", "description": "",
    })
    assert response.status_code == 302
    assert Section.objects.filter(slug="kinh-te").exists()
    draft = make_draft(sections["local"], reporter)
    response = client.post(admin_url("edit", draft.pk),
                           article_data(sections["local"], **{"action-publish": "1"}))
    assert response.status_code == 302
    assert Article.objects.get(pk=draft.pk).live


def test_administrator_manages_users_and_reads_the_audit_log(sections, reporter, approver,
                                                             administrator):
    article = make_live(sections["local"], reporter)
    client_for(approver).post(admin_url("unpublish", article.pk))
    client = client_for(administrator)
    assert client.get(reverse("wagtailusers_users:index")).status_code == 200
    history = client.get(reverse("wagtailadmin_reports:site_history"))
    assert history.status_code == 200
    assert "Bài đã đăng" in history.content.decode()
    article_history = client.get(admin_url("history", article.pk)).content.decode()
    assert "Gỡ xuất bản" in article_history or "Đã gỡ xuất bản" in article_history


def test_dashboard_shows_recently_published_and_review_queue(sections, reporter, editor):
    from .test_role_boundaries import start_workflow

    live = make_live(sections["local"], reporter, "Tin mới đăng hôm nay")
    waiting = make_draft(sections["local"], reporter, "Tin chờ biên tập")
    start_workflow(waiting, reporter)
    page = client_for(editor).get(reverse("wagtailadmin_home")).content.decode()
    assert f'data-newsroom-published="{live.pk}"' in page
    assert "Tin chờ biên tập" in page  # Wagtail's "awaiting your review", snippets included
    assert "Tin mới đăng hôm nay" in page


def test_create_newsroom_user_command(db):
    out = io.StringIO()
    call_command("create_newsroom_user", "hongnhung", "--role", "phong-vien",
                 "--password", "Lễ-hội-Oóc-Om-Bóc-2026", stdout=out)
    user = get_user_model().objects.get(username="hongnhung")
    assert list(user.groups.values_list("name", flat=True)) == [roles.REPORTER]
    assert user.check_password("Lễ-hội-Oóc-Om-Bóc-2026")
    call_command("create_newsroom_user", "hongnhung", "--role", "bien-tap-vien", stdout=out)
    assert list(user.groups.values_list("name", flat=True)) == [roles.EDITOR]

    with pytest.raises(CommandError):
        call_command("create_newsroom_user", "ai-do", "--role", "tong-bien-tap",
                     "--password", "Lễ-hội-Oóc-Om-Bóc-2026")
    with pytest.raises(CommandError):
        call_command("create_newsroom_user", "ai-do", "--role", "quan-tri", "--password", "123")
    assert not get_user_model().objects.filter(username="ai-do").exists()


def test_article_list_query_count_does_not_grow_with_rows(sections, reporter, editor,
                                                         django_assert_max_num_queries):
    client = client_for(editor)
    make_draft(sections["local"], reporter, "Bài 0")
    client.get(admin_url("list"))  # warm caches (content types, permissions)
    with django_assert_max_num_queries(60) as few:
        client.get(admin_url("list"))
    for number in range(1, 21):
        make_draft(sections["local"], reporter, f"Bài {number}")
    # Wagtail's "Dịch" button (simple_translation) asks once per row whether a language is
    # still missing; nothing else may grow with the rows.
    with django_assert_max_num_queries(len(few.captured_queries) + 3 + 20):
        response = client.get(admin_url("list"))
    assert response.status_code == 200
    assert "Bài 20" in response.content.decode()


def test_editor_revises_an_article_in_review(sections, reporter, editor):
    from .test_role_boundaries import start_workflow

    article = make_draft(sections["local"], reporter, "Bài chờ biên tập")
    start_workflow(article, reporter)
    response = client_for(editor).post(
        admin_url("edit", article.pk),
        article_data(sections["local"], title="Bài chờ biên tập (đã biên tập)"),
    )
    assert response.status_code == 302, response.context["form"].errors
    article.refresh_from_db()
    assert article.latest_revision.user == editor
    assert article.latest_revision.as_object().title == "Bài chờ biên tập (đã biên tập)"
    assert article.workflow_in_progress


def test_retention_period_follows_the_setting(sections, reporter, settings):
    from datetime import timedelta

    from newsroom.models import RetainedRevision

    settings.NEWSROOM_RETENTION_DAYS = 730
    article = make_live(sections["local"], reporter)
    kept = RetainedRevision.objects.for_object(article).get()
    assert kept.retain_until - kept.published_at == timedelta(days=730)
