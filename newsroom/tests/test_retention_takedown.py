"""Retention of published versions, delete-as-withdrawal, urgent takedown with its CSV log,
and the purge that only "Quản trị" may run once the retention period is over."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision

from core.visibility import content_withdrawn as article_withdrawn
from news.models import Article
from newsroom.models import RetainedRevision, TakedownRecord

from .conftest import admin_url, assert_refused, client_for
from .test_role_boundaries import make_draft, make_live, snapshot


def published_twice(section, owner) -> Article:
    """A stale draft, two published versions, and an unpublished draft on top."""
    article = make_draft(section, owner, "Tin đã đăng hai lần")
    article.save_revision(user=owner).publish()
    article.title = "Tin đã đăng hai lần (đính chính)"
    article.save_revision(user=owner).publish()
    article.save_revision(user=owner)
    return Article.objects.get(pk=article.pk)


def test_every_published_revision_is_retained_and_survives_purge_revisions(sections, reporter):
    article = published_twice(sections["local"], reporter)
    published_ids = set(RetainedRevision.objects.for_object(article)
                        .values_list("revision_id", flat=True))
    assert len(published_ids) == 2
    assert article.revisions.count() == 4
    retained = RetainedRevision.objects.for_object(article).first()
    assert retained.retain_until - retained.published_at == timedelta(days=365)

    # Thirteen months later Wagtail's purge_revisions runs with --days=30 ...
    with time_machine.travel(timezone.now() + timedelta(days=400), tick=False):
        call_command("purge_revisions", "--days=30", stdout=io.StringIO())
    remaining = set(article.revisions.values_list("id", flat=True))
    # ... the two published versions are untouched; only the stale first draft went.
    assert published_ids <= remaining
    assert len(remaining) == 3


def test_published_article_cannot_be_deleted_in_code(sections, reporter):
    from django.db.models import ProtectedError

    article = make_live(sections["local"], reporter)
    try:
        article.delete()
    except ProtectedError:
        pass
    else:  # pragma: no cover - the assertion below explains the failure
        raise AssertionError("a published article was deleted")
    assert Article.objects.filter(pk=article.pk).exists()


def test_deleting_a_published_article_in_the_admin_withdraws_it(sections, reporter, approver):
    article = make_live(sections["local"], reporter)
    url = article.get_absolute_url()
    assert Client().get(url).status_code == 200
    response = client_for(approver).post(admin_url("delete", article.pk))
    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.live and article.withdrawn_at is not None
    assert article.revisions.count() == 1
    assert Client().get(url).status_code == 404
    record = TakedownRecord.objects.get(article=article)
    assert record.kind == "withdrawal" and record.user == approver


def test_deleting_a_never_published_draft_really_deletes_it(sections, reporter):
    draft = make_draft(sections["local"], reporter)
    response = client_for(reporter).post(admin_url("delete", draft.pk))
    assert response.status_code == 302
    assert not Article.objects.filter(pk=draft.pk).exists()


def test_urgent_takedown_removes_everywhere_and_is_logged(sections, reporter, approver,
                                                         make_article):
    article = make_live(sections["local"], reporter, "Bài phải gỡ khẩn cấp")
    Article.objects.filter(pk=article.pk).update(is_featured=True)
    reader = Client()
    public_url = article.get_absolute_url()
    listings = ("/", sections["local"].get_absolute_url(), sections["root"].get_absolute_url(),
                "/rss/", "/api/v1/articles", "/sitemap-news.xml")
    for url in listings:
        assert public_url in reader.get(url).content.decode(), url
    assert reader.get(f"/api/v1/articles/{article.pk}").status_code == 200
    received = []
    article_withdrawn.connect(lambda sender, **kw: received.append(kw), weak=False,
                              dispatch_uid="test-takedown-receiver")
    try:
        client = client_for(approver)
        # A reason is required: without one nothing happens.
        response = client.post(reverse("newsroom:takedown", args=[article.pk]), {"reason": "  "})
        assert response.status_code == 200
        assert Article.objects.get(pk=article.pk).live
        assert not TakedownRecord.objects.exists()

        response = client.post(reverse("newsroom:takedown", args=[article.pk]),
                               {"reason": "Theo yêu cầu của Sở Thông tin và Truyền thông"})
        assert response.status_code == 302
    finally:
        article_withdrawn.disconnect(dispatch_uid="test-takedown-receiver")
    article.refresh_from_db()
    assert not article.live and article.withdrawn_at is not None
    for url in listings:
        assert public_url not in reader.get(url).content.decode(), url
    assert reader.get(public_url).status_code == 404
    assert reader.get(f"/api/v1/articles/{article.pk}").status_code == 404
    record = TakedownRecord.objects.get()
    assert record.user == approver and record.article_pk == article.pk
    assert record.reason == "Theo yêu cầu của Sở Thông tin và Truyền thông"
    assert record.seconds_to_offline is not None and record.seconds_to_offline < 5
    assert len(received) == 1 and received[0]["record"] == record
    assert ModelLogEntry.objects.filter(object_id=str(article.pk),
                                        action="newsroom.takedown").exists()
    assert ModelLogEntry.objects.filter(object_id=str(article.pk),
                                        action="wagtail.unpublish").exists()


def test_takedown_cancels_a_scheduled_publication(sections, reporter, approver):
    article = make_draft(sections["local"], reporter)
    article.go_live_at = timezone.now() + timedelta(hours=1)
    article.save_revision(user=approver).publish(user=approver)
    assert Revision.objects.filter(object_id=str(article.pk),
                                   approved_go_live_at__isnull=False).exists()
    client_for(approver).post(reverse("newsroom:takedown", args=[article.pk]),
                              {"reason": "Hủy lịch đăng"})
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        call_command("run_scheduler", "--once", stdout=io.StringIO())
    assert not Article.objects.get(pk=article.pk).live


def test_takedown_log_csv_has_vietnamese_headers_and_bom(sections, reporter, approver):
    from newsroom.services import withdraw

    article = make_live(sections["local"], reporter, "Bài viết có dấu: Đắk Lắk – Sóc Trăng")
    withdraw(article, approver, "Nội dung sai sự thật, gỡ theo Nghị định")
    response = client_for(approver).get(reverse("newsroom:takedown_log_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["STT", "Thời gian", "Mã bài", "Tiêu đề", "Địa chỉ", "Loại",
                       "Lý do", "Người thực hiện"]
    assert rows[1][3] == "Bài viết có dấu: Đắk Lắk – Sóc Trăng"
    assert rows[1][6] == "Nội dung sai sự thật, gỡ theo Nghị định"
    assert rows[1][5] == "Gỡ bài khẩn cấp"
    assert "lanhdao" in rows[1][7]
    assert rows[1][4].endswith(article.get_absolute_url())
    page = client_for(approver).get(reverse("newsroom:takedown_log")).content.decode()
    assert "Nội dung sai sự thật, gỡ theo Nghị định" in page


def test_only_administrators_purge_and_only_after_retention(sections, reporter, approver,
                                                           administrator):
    from newsroom.services import withdraw

    article = make_live(sections["local"], reporter)
    withdraw(article, approver, "Gỡ")
    before = snapshot(article)
    purge_url = reverse("newsroom:purge", args=[article.pk])
    admin = client_for(administrator)
    response = admin.post(purge_url)
    assert response.status_code == 409
    assert snapshot(article) == before
    assert_refused(client_for(approver).post(purge_url))

    with time_machine.travel(timezone.now() + timedelta(days=366), tick=False):
        response = client_for(administrator).post(purge_url)
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not Revision.objects.filter(object_id=str(article.pk),
                                       base_content_type__model="article").exists()
    # The takedown log outlives the article.
    assert TakedownRecord.objects.get(article_pk=article.pk).article is None
    assert ModelLogEntry.objects.filter(object_id=str(article.pk),
                                        action="newsroom.purge").exists()


def test_bulk_delete_withdraws_published_and_deletes_drafts(sections, reporter, approver):
    published = make_live(sections["local"], reporter, "Bài đã đăng (xóa hàng loạt)")
    draft = make_draft(sections["local"], reporter, "Bản nháp (xóa hàng loạt)")
    url = reverse("wagtail_bulk_action", args=["news", "article", "delete"])
    response = client_for(approver).post(f"{url}?id={published.pk}&id={draft.pk}")
    assert response.status_code == 302
    assert not Article.objects.filter(pk=draft.pk).exists()
    published.refresh_from_db()
    assert not published.live and published.withdrawn_at is not None
    assert TakedownRecord.objects.filter(article=published, kind="withdrawal").exists()


def test_editor_bulk_delete_is_refused_with_nothing_changed(sections, reporter, editor):
    published = make_live(sections["local"], reporter, "Bài đã đăng")
    before = snapshot(published)
    url = reverse("wagtail_bulk_action", args=["news", "article", "delete"])
    response = client_for(editor).post(f"{url}?id={published.pk}")
    assert response.status_code in (302, 403)
    assert snapshot(published) == before


def test_takedown_is_offered_to_approvers_only(sections, reporter, editor, approver):
    article = make_live(sections["local"], reporter)
    takedown_url = reverse("newsroom:takedown", args=[article.pk])
    for user, offered in ((approver, True), (editor, False)):
        client = client_for(user)
        for screen in (admin_url("edit", article.pk), admin_url("list")):
            assert (takedown_url in client.get(screen).content.decode()) is offered
