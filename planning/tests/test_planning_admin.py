"""Story planning through the real admin URLs, role by role: a reporter proposes, an editor
approves and assigns, the reporter sees it on the dashboard, writes the article from it,
submits it, the approver publishes it, and the story follows; overdue stories stand out;
forged requests are refused and change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from news.models import Article
from newsroom.tests.conftest import admin_url, article_data, client_for, local_input
from planning.models import Story, StoryStatus

pytestmark = pytest.mark.django_db

INDEX = reverse("planning_story:index")
ADD = reverse("planning_story:add")
BOARD = reverse("planning_story:board")
DASHBOARD = reverse("wagtailadmin_home")


def edit_url(story):
    return reverse("planning_story:edit", args=[story.pk])


def assign_url(story):
    return reverse("planning_story:assign", args=[story.pk])


def write_url(story):
    return reverse("planning_story:write", args=[story.pk])


def proposal_data(section, *, title="Phóng sự mùa nước nổi ở Cù Lao Dung", due_at=None,
                  **extra) -> dict:
    due = due_at or timezone.now() + timedelta(days=2)
    data = {"title": title, "brief": "Gặp bà con trồng mía, ghi hình cảnh nước lên.",
            "section": section.pk, "due_at": local_input(due) if not isinstance(due, str)
            else due}
    data.update(extra)
    return data


def make_story(section, proposer, *, status=StoryStatus.PROPOSED, assignee=None,
               due_at=None, title="Đề tài mẫu", **fields) -> Story:
    return Story.objects.create(
        title=title, brief="Tóm tắt.", section=section, proposed_by=proposer, status=status,
        assignee=assignee, due_at=due_at or timezone.now() + timedelta(days=1), **fields,
    )


def test_whole_path_from_proposal_to_publication(sections, reporter, editor, approver,
                                                 make_user):
    section = sections["local"]
    camera = make_user("quayphim", "Phóng viên")
    as_reporter, as_editor, as_approver = (client_for(u) for u in (reporter, editor, approver))

    # 1. The reporter proposes; status fields are not theirs, so a forged status is ignored.
    response = as_reporter.post(ADD, proposal_data(section, status="published",
                                                   assignee=editor.pk))
    assert response.status_code == 302, response.content[:3000]
    story = Story.objects.get()
    assert (story.status, story.proposed_by, story.assignee) == (StoryStatus.PROPOSED,
                                                                 reporter, None)

    # 2. The editor sees it waiting on the dashboard, approves and assigns it with a crew.
    dashboard = as_editor.get(DASHBOARD).content.decode()
    assert "Đề tài chờ duyệt" in dashboard and story.title in dashboard
    due = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    response = as_editor.post(assign_url(story), {"assignee": reporter.pk,
                                                  "crew": [camera.pk],
                                                  "due_at": local_input(due)})
    assert response.status_code == 302, response.content[:3000]
    story.refresh_from_db()
    assert story.status == StoryStatus.ASSIGNED
    assert (story.assignee, story.assigned_by, story.due_at) == (reporter, editor, due)
    assert list(story.crew.all()) == [camera]

    # 3. The reporter and the cameraman see it on their dashboards.
    dashboard = as_reporter.get(DASHBOARD).content.decode()
    assert f'data-planning-assignment="{story.pk}"' in dashboard
    assert "Được giao" in dashboard and "Viết bài" in dashboard
    camera_dashboard = client_for(camera).get(DASHBOARD).content.decode()
    assert f'data-planning-assignment="{story.pk}"' in camera_dashboard
    assert "Viết bài" not in camera_dashboard  # the crew does not write the article

    # 4. "Viết bài" creates the draft article linked to the story and opens it.
    response = as_reporter.post(write_url(story))
    story.refresh_from_db()
    article = story.article
    assert article is not None and not article.live and article.owner == reporter
    assert response["Location"] == admin_url("edit", article.pk)
    assert (story.status, article.title, article.primary_section) == (
        StoryStatus.WRITING, story.title, section)
    assert as_reporter.get(response["Location"]).status_code == 200

    # 5. The reporter submits the article for review: the story is "submitted".
    response = as_reporter.post(admin_url("edit", article.pk),
                                article_data(section, title=story.title,
                                             **{"action-submit": "1"}))
    assert response.status_code == 302, response.content[:3000]
    story.refresh_from_db()
    assert story.status == StoryStatus.SUBMITTED

    # 6. Sent back by the editor: writing again; resubmitted: submitted.
    state = WorkflowState.objects.active().get(object_id=str(article.pk))
    as_editor.post(admin_url("workflow_action", article.pk, "reject",
                             state.current_task_state.pk), {"comment": "Thêm ảnh."})
    story.refresh_from_db()
    assert story.status == StoryStatus.WRITING
    as_reporter.post(admin_url("edit", article.pk),
                     article_data(section, title=story.title, **{"action-submit": "1"}))
    story.refresh_from_db()
    assert story.status == StoryStatus.SUBMITTED

    # 7. The editor passes it, the approver publishes it: the story is "published".
    state = WorkflowState.objects.active().get(object_id=str(article.pk))
    as_editor.post(admin_url("workflow_action", article.pk, "approve",
                             state.current_task_state.pk), {"comment": ""})
    state = WorkflowState.objects.active().get(object_id=str(article.pk))
    response = as_approver.post(admin_url("workflow_action", article.pk, "approve",
                                          state.current_task_state.pk), {"comment": ""})
    assert response.status_code == 302
    article.refresh_from_db()
    story.refresh_from_db()
    assert article.live
    assert story.status == StoryStatus.PUBLISHED
    listing = as_approver.get(INDEX).content.decode()
    assert 'data-planning-status="published"' in listing and "Đã đăng" in listing
    # Done: no longer among the reporter's open assignments.
    dashboard = as_reporter.get(DASHBOARD).content.decode()
    assert f'data-planning-assignment="{story.pk}"' not in dashboard


def test_reporters_see_only_their_own(sections, reporter, other_reporter, editor, approver):
    section = sections["local"]
    mine = make_story(section, reporter, title="Đề tài của tôi")
    given = make_story(section, editor, title="Đề tài được giao cho tôi",
                       status=StoryStatus.ASSIGNED, assignee=reporter)
    theirs = make_story(section, other_reporter, title="Đề tài của đồng nghiệp")
    listing = client_for(reporter).get(INDEX).content.decode()
    assert mine.title in listing and given.title in listing
    assert theirs.title not in listing
    for user in (editor, approver):
        listing = client_for(user).get(INDEX).content.decode()
        assert all(s.title in listing for s in (mine, given, theirs))
    as_reporter = client_for(reporter)
    assert as_reporter.get(reverse("planning_story:inspect", args=[theirs.pk])).status_code == 403
    assert as_reporter.get(reverse("planning_story:inspect", args=[given.pk])).status_code == 200
    board = as_reporter.get(BOARD).content.decode()
    assert mine.title in board and theirs.title not in board
    # Searching does not reach past what the reporter may see.
    assert theirs.title not in as_reporter.get(INDEX, {"q": "đồng nghiệp"}).content.decode()
    found = client_for(editor).get(INDEX, {"q": "đồng nghiệp"}).content.decode()
    assert theirs.title in found and mine.title not in found


def test_forged_requests_are_refused_and_change_nothing(sections, reporter, other_reporter,
                                                        editor):
    section = sections["local"]
    theirs = make_story(section, other_reporter, title="Đề tài của đồng nghiệp")
    given = make_story(section, editor, title="Đề tài đã giao", status=StoryStatus.ASSIGNED,
                       assignee=reporter)
    mine = make_story(section, reporter, title="Đề xuất của tôi")
    as_reporter = client_for(reporter)
    before = {s.pk: (s.title, s.status, s.assignee_id) for s in Story.objects.all()}

    # Assigning is an editor's right, even for one's own proposal.
    response = as_reporter.post(assign_url(mine), {"assignee": reporter.pk,
                                                   "due_at": local_input(timezone.now())})
    assert response.status_code == 403
    assert "không có quyền" in response.content.decode()
    # Someone else's proposal, and an assignment once taken up, are not the reporter's to edit.
    for story in (theirs, given):
        response = as_reporter.post(edit_url(story), proposal_data(section, title="Sửa trộm"))
        assert response.status_code == 403
        response = as_reporter.post(reverse("planning_story:delete", args=[story.pk]))
        assert response.status_code == 403
    # Writing someone else's assignment.
    assert as_reporter.post(write_url(theirs)).status_code == 403
    assert not Article.objects.exists()
    assert {s.pk: (s.title, s.status, s.assignee_id) for s in Story.objects.all()} == before

    # The reporter may still edit their own proposal (forged status ignored).
    response = as_reporter.post(edit_url(mine), proposal_data(section, title="Đề xuất sửa lại",
                                                              status="published"))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.title, mine.status) == ("Đề xuất sửa lại", StoryStatus.PROPOSED)


@pytest.mark.parametrize("field, value", [
    ("status", "da-dang-hack"),
    ("due_at", "ngày mai"),
    ("due_at", "31/02/2026 25:61"),
    ("section", "999999"),
    ("assignee", "abc"),
])
def test_hostile_input_is_a_form_error(sections, reporter, editor, field, value):
    section = sections["local"]
    story = make_story(section, reporter, title="Đề tài gốc")
    data = proposal_data(section, title="Đổi tên", status="proposed", assignee="", crew=[],
                         article="")
    data[field] = value
    response = client_for(editor).post(edit_url(story), data)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field)
    story.refresh_from_db()
    assert (story.title, story.status) == ("Đề tài gốc", StoryStatus.PROPOSED)


def test_invalid_transition_is_refused_in_vietnamese(sections, reporter, editor):
    section = sections["local"]
    story = make_story(section, reporter)
    data = proposal_data(section, status="published", assignee=reporter.pk, crew=[], article="")
    response = client_for(editor).post(edit_url(story), data)
    assert response.status_code == 200
    error = " ".join(response.context["form"].errors["status"])
    assert "Không thể chuyển đề tài từ “Đề xuất” sang “Đã đăng”" in error
    story.refresh_from_db()
    assert story.status == StoryStatus.PROPOSED
    # Assigning without a reporter is refused too.
    data = proposal_data(section, status="assigned", assignee="", crew=[], article="")
    response = client_for(editor).post(edit_url(story), data)
    assert "Hãy chọn phóng viên" in " ".join(response.context["form"].errors["assignee"])
    # One step with a reporter is fine.
    data = proposal_data(section, status="assigned", assignee=reporter.pk, crew=[], article="")
    assert client_for(editor).post(edit_url(story), data).status_code == 302
    story.refresh_from_db()
    assert (story.status, story.assigned_by) == (StoryStatus.ASSIGNED, editor)


def test_assign_refuses_garbage_and_published(sections, reporter, editor):
    section = sections["local"]
    story = make_story(section, reporter)
    response = client_for(editor).post(assign_url(story), {"assignee": reporter.pk,
                                                           "due_at": "không phải ngày"})
    assert response.status_code == 200 and response.context["form"].errors["due_at"]
    story.refresh_from_db()
    assert story.status == StoryStatus.PROPOSED and story.assignee is None
    story.status, story.assignee = StoryStatus.PUBLISHED, reporter
    story.save()
    response = client_for(editor).post(assign_url(story), {
        "assignee": editor.pk, "due_at": local_input(timezone.now())})
    assert response.status_code == 200
    story.refresh_from_db()
    assert story.assignee == reporter


def test_linking_a_live_article_in_the_form_publishes_the_story(sections, reporter, editor,
                                                               make_article):
    section = sections["local"]
    article = make_article(primary_section=section, owner=reporter)
    story = make_story(section, reporter, status=StoryStatus.ASSIGNED, assignee=reporter)
    data = proposal_data(section, status="assigned", assignee=reporter.pk, crew=[],
                         article=article.pk)
    response = client_for(editor).post(edit_url(story), data)
    assert response.status_code == 302, response.context["form"].errors
    story.refresh_from_db()
    assert (story.article, story.status) == (article, StoryStatus.PUBLISHED)


def test_overdue_stories_stand_out(sections, reporter, editor):
    section = sections["local"]
    late = make_story(section, editor, title="Đề tài trễ hạn", status=StoryStatus.ASSIGNED,
                      assignee=reporter, due_at=timezone.now() - timedelta(hours=3))
    on_time = make_story(section, editor, title="Đề tài còn hạn", status=StoryStatus.ASSIGNED,
                         assignee=reporter)
    done_late = make_story(section, editor, title="Đã đăng dù trễ",
                           status=StoryStatus.PUBLISHED, assignee=reporter,
                           due_at=timezone.now() - timedelta(days=1))
    for user in (reporter, editor):
        listing = client_for(user).get(INDEX).content.decode()
        assert f'data-planning-overdue="{late.pk}"' in listing and "Quá hạn" in listing
        assert f'data-planning-overdue="{on_time.pk}"' not in listing
        assert f'data-planning-overdue="{done_late.pk}"' not in listing
    dashboard = client_for(reporter).get(DASHBOARD).content.decode()
    assert f'data-planning-overdue="{late.pk}"' in dashboard
    dashboard = client_for(editor).get(DASHBOARD).content.decode()
    assert "Đề tài quá hạn" in dashboard and f'data-planning-overdue="{late.pk}"' in dashboard
    # The list filters: overdue only, by status, by reporter, by due date.
    filtered = client_for(editor).get(INDEX, {"overdue": "true"}).content.decode()
    assert late.title in filtered and on_time.title not in filtered
    filtered = client_for(editor).get(INDEX, {"status": "published"}).content.decode()
    assert done_late.title in filtered and late.title not in filtered
    filtered = client_for(editor).get(INDEX, {
        "due_at_from": timezone.localtime(on_time.due_at).strftime("%d/%m/%Y")}).content.decode()
    assert on_time.title in filtered and late.title not in filtered
    filtered = client_for(editor).get(INDEX, {"assignee": reporter.pk,
                                              "section": section.pk}).content.decode()
    assert all(s.title in filtered for s in (late, on_time, done_late))
    board = client_for(editor).get(BOARD).content.decode()
    assert 'data-planning-column="assigned"' in board
    assert f'data-planning-overdue="{late.pk}"' in board


def test_a_scheduled_publication_waits_for_go_live(sections, reporter, approver):
    section = sections["local"]
    story = make_story(section, reporter, status=StoryStatus.ASSIGNED, assignee=reporter)
    client_for(reporter).post(write_url(story))
    story.refresh_from_db()
    go_live = timezone.now() + timedelta(hours=2)
    response = client_for(approver).post(
        admin_url("edit", story.article_id),
        article_data(section, title=story.title, go_live_at=local_input(go_live),
                     **{"action-publish": "1"}))
    assert response.status_code == 302, response.content[:2000]
    story.refresh_from_db()
    assert story.status == StoryStatus.WRITING


def test_demo_stories_cover_every_state_once(sections, make_article, editor):
    from demo import demo_content

    article = make_article(primary_section=sections["local"])
    now = timezone.now()
    assert demo_content.load_planning([article], now) == 5
    assert demo_content.load_planning([article], now) == 0
    assert set(Story.objects.values_list("status", flat=True)) == set(StoryStatus.values)
    assert Story.objects.overdue(now).count() == 1
    assert Story.objects.get(status=StoryStatus.PUBLISHED).article == article
    board = client_for(editor).get(BOARD).content.decode()
    assert all(f'data-planning-story="{pk}"' in board
               for pk in Story.objects.values_list("pk", flat=True))
