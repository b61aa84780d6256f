"""The whole newsroom path through the admin's real URLs, as the issue's "done when" reads:
a reporter writes and submits, an editor rejects with a comment, the reporter fixes and
resubmits, the editor passes, the approver schedules it, the scheduler publishes it, a reader
sees it, the approver unpublishes it, and it is kept."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, TaskState, WorkflowState

from news.models import Article
from newsroom import roles
from newsroom.models import RetainedRevision

from .conftest import admin_url, article_data, client_for, local_input

REJECTION = "Thiếu nguồn tin và ảnh minh họa; bổ sung trích dẫn của Ban tổ chức."


def current_task_state(article: Article) -> TaskState:
    state = WorkflowState.objects.active().get(
        base_content_type=article.get_base_content_type(), object_id=str(article.pk)
    )
    return state.current_task_state


def test_reporter_to_reader_and_back(sections, reporter, editor, approver):
    section = sections["local"]
    as_reporter, as_editor, as_approver = (client_for(u) for u in (reporter, editor, approver))
    reader = Client()

    # 1. The reporter writes the article and submits it for review.
    response = as_reporter.post(
        admin_url("add"), article_data(section, title="Khai mạc lễ hội (bản nháp)",
                                       **{"action-submit": "1"})
    )
    assert response.status_code == 302, response.content[:2000]
    article = Article.objects.get()
    assert article.owner == reporter and not article.live
    task_state = current_task_state(article)
    assert task_state.task.name == roles.STEP_EDIT

    # 2. The editor sends it back with a comment.
    response = as_editor.post(
        admin_url("workflow_action", article.pk, "reject", task_state.pk), {"comment": REJECTION}
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    # 3. The reporter sees the comment on the dashboard, fixes the article and resubmits.
    dashboard = as_reporter.get(reverse("wagtailadmin_home"))
    assert REJECTION in dashboard.content.decode()
    assert "Khai mạc lễ hội (bản nháp)" in dashboard.content.decode()
    response = as_reporter.post(
        admin_url("edit", article.pk),
        article_data(section, title="Sóc Trăng khai mạc Lễ hội Oóc Om Bóc",
                     body="<p>Theo Ban tổ chức, lễ hội diễn ra ba ngày.</p>",
                     **{"action-submit": "1"}),
    )
    assert response.status_code == 302, response.content[:2000]
    task_state = current_task_state(article)
    assert task_state.task.name == roles.STEP_EDIT

    # 4. The editor passes the first step.
    assert "Sóc Trăng khai mạc" in as_editor.get(reverse("wagtailadmin_home")).content.decode()
    response = as_editor.post(
        admin_url("workflow_action", article.pk, "approve", task_state.pk), {"comment": ""}
    )
    assert response.status_code == 302
    task_state = current_task_state(article)
    assert task_state.task.name == roles.STEP_APPROVE

    # 5. The approver approves with a go-live time in the future: scheduled, not yet live.
    go_live = (timezone.now() + timedelta(hours=2)).replace(second=0, microsecond=0)
    response = as_approver.post(
        admin_url("edit", article.pk),
        article_data(section, title="Sóc Trăng khai mạc Lễ hội Oóc Om Bóc",
                     body="<p>Theo Ban tổ chức, lễ hội diễn ra ba ngày.</p>",
                     go_live_at=local_input(go_live),
                     **{"action-workflow-action": "1", "workflow-action-name": "approve"}),
    )
    assert response.status_code == 302, response.context["form"].errors
    article.refresh_from_db()
    assert not article.live
    assert article.revisions.filter(approved_go_live_at=go_live).exists()
    dashboard = as_approver.get(reverse("wagtailadmin_home")).content.decode()
    assert f'data-newsroom-scheduled="{article.pk}"' in dashboard
    assert timezone.localtime(go_live).strftime("%d/%m/%Y %H:%M") in dashboard
    # The reporter's own dashboard says it is scheduled, and when.
    dashboard = as_reporter.get(reverse("wagtailadmin_home")).content.decode()
    assert f'datetime="{timezone.localtime(go_live).isoformat()}"' in dashboard
    public_url = article.get_absolute_url()
    assert reader.get(public_url).status_code == 404

    # Before its time the scheduler leaves it alone.
    call_command("run_scheduler", "--once")
    article.refresh_from_db()
    assert not article.live

    # 6. At the go-live time (within the minute) the scheduler publishes it, nobody touching it.
    with time_machine.travel(go_live + timedelta(seconds=30), tick=False):
        call_command("run_scheduler", "--once")
        article.refresh_from_db()
        assert article.live
        assert article.published_at == go_live

        # 7. A reader sees it on the public page and on the home page.
        page = reader.get(public_url)
        assert page.status_code == 200
        assert "Theo Ban tổ chức, lễ hội diễn ra ba ngày." in page.content.decode()
        assert public_url in reader.get("/").content.decode()

        # 8. The approver unpublishes it.
        response = as_approver.post(admin_url("unpublish", article.pk))
        assert response.status_code == 302
        assert reader.get(public_url).status_code == 404

    # 9. It is kept: the row, every revision, and the published one under retention.
    article.refresh_from_db()
    assert not article.live
    # Every save was a revision: the reporter's draft, the fix, the approver's scheduling edit.
    assert article.revisions.count() == 3
    retained = RetainedRevision.objects.for_object(article).get()
    assert retained.revision_id == article.latest_revision_id
    assert retained.retain_until >= go_live + timedelta(days=365)

    # The audit log tells the whole story, with who did each step.
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(article.pk))
        .order_by("timestamp", "id").values_list("action", "user__username")
    )
    for expected in [
        ("wagtail.create", "phongvien"),
        ("wagtail.workflow.start", "phongvien"),
        ("wagtail.workflow.reject", "bientap"),
        ("wagtail.edit", "phongvien"),
        ("wagtail.workflow.resume", "phongvien"),
        ("wagtail.workflow.approve", "bientap"),
        ("wagtail.workflow.approve", "lanhdao"),
        ("wagtail.publish.scheduled", None),
        ("wagtail.unpublish", "lanhdao"),
    ]:
        assert expected in actions, (expected, actions)
