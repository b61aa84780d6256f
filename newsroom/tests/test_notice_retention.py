"""Announcements and official documents follow the articles' retention rule, through the real
admin URLs: every published version is kept, a delete withdraws, and only "Quản trị" purges,
only after the retention period."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from newsroom.models import RetainedRevision, TakedownRecord
from notices.models import Announcement, OfficialDocument

from .conftest import assert_refused, client_for, local_input

KINDS = ["announcement", "officialdocument"]


def make_live(kind: str, user):
    if kind == "announcement":
        item = Announcement.objects.create(
            title="Thông báo tuyển cộng tác viên", body="<p>Đài tuyển cộng tác viên.</p>",
            published_at=timezone.now() - timedelta(hours=1), live=False)
    else:
        item = OfficialDocument.objects.create(
            number="245-CV/ĐPTTH", issuer="Đài PT-TH Sóc Trăng", issued_on=date(2026, 5, 4),
            subject="Lịch phát sóng trực tiếp kỳ họp", live=False,
            published_at=timezone.now() - timedelta(hours=1))
    item.save_revision(user=user).publish(user=user)
    item.refresh_from_db()
    assert item.live
    return item


def snippet_url(kind: str, action: str, *args) -> str:
    return reverse(f"wagtailsnippets_notices_{kind}:{action}", args=args)


def item_url(name: str, kind: str, pk: int) -> str:
    return reverse(f"newsroom:{name}_item", kwargs={"model": f"notices.{kind}", "pk": pk})


def state(item) -> tuple:
    fresh = type(item).objects.get(pk=item.pk)
    return (fresh.live, fresh.withdrawn_at, fresh.revisions.count(),
            RetainedRevision.objects.for_object(fresh).count())


def test_publishing_an_announcement_in_the_admin_keeps_that_version(approver):
    data = nested_form_data({
        "title": "Thông báo tạm ngừng phát sóng để bảo trì",
        "published_at": local_input(timezone.now() - timedelta(minutes=5)),
        "body": rich_text("<p>Đài tạm ngừng phát sóng từ 0 giờ đến 5 giờ.</p>"),
        "attachments": inline_formset([]),
        "go_live_at": "", "expire_at": "",
    })
    data["action-publish"] = "action-publish"
    response = client_for(approver).post(snippet_url("announcement", "add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    announcement = Announcement.objects.get()
    assert announcement.live
    retained = RetainedRevision.objects.for_object(announcement).get()
    assert retained.revision_id == announcement.live_revision_id
    assert retained.retain_until - retained.published_at == timedelta(days=365)
    # Deleting it in code meets the guard, as for an article.
    with pytest.raises(ProtectedError):
        announcement.delete()


@pytest.mark.parametrize("kind", KINDS)
def test_deleting_a_published_notice_in_the_admin_withdraws_it(kind, approver):
    item = make_live(kind, approver)
    public = item.get_absolute_url()
    listing = "/thong-bao/" if kind == "announcement" else "/van-ban/"
    reader = Client()
    assert reader.get(public).status_code == 200
    assert public in reader.get(listing).content.decode()

    response = client_for(approver).post(snippet_url(kind, "delete", item.pk))

    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.live and item.withdrawn_at is not None
    assert item.revisions.count() == 1
    assert reader.get(public).status_code == 404
    assert public not in reader.get(listing).content.decode()
    record = TakedownRecord.objects.get(content_type=ContentType.objects.get_for_model(item),
                                        article_pk=item.pk)
    assert record.kind == "withdrawal" and record.user == approver and record.article is None
    assert record.article_url == public
    log = client_for(approver).get(reverse("newsroom:takedown_log")).content.decode()
    assert str(item.title) in log


@pytest.mark.parametrize("kind", KINDS)
def test_deleting_a_never_published_notice_really_deletes_it(kind, approver):
    item = make_live(kind, approver)
    type(item).objects.filter(pk=item.pk).update(live=False)
    draft = type(item).objects.create(
        **({"title": "Bản nháp thông báo"} if kind == "announcement" else
           {"number": "1-NHAP", "issuer": "Đài", "issued_on": date(2026, 1, 1),
            "subject": "Bản nháp văn bản"}), live=False)
    response = client_for(approver).post(snippet_url(kind, "delete", draft.pk))
    assert response.status_code == 302
    assert not type(item).objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_only_administrators_purge_a_notice_and_only_after_retention(kind, approver,
                                                                    administrator, editor):
    item = make_live(kind, approver)
    client_for(approver).post(snippet_url(kind, "delete", item.pk))
    before = state(item)
    purge_url = item_url("purge", kind, item.pk)
    admin = client_for(administrator)

    # The listing offers "Quản trị" the purge; the page says why it must wait.
    assert purge_url in admin.get(snippet_url(kind, "list")).content.decode()
    page = admin.get(purge_url)
    assert page.status_code == 200 and "lưu giữ đến" in page.content.decode()
    assert admin.post(purge_url).status_code == 409
    assert state(item) == before
    assert_refused(client_for(approver).post(purge_url))
    assert_refused(client_for(editor).post(purge_url))
    assert state(item) == before
    # Wagtail's own revision purge cannot take the retained version either.
    with time_machine.travel(timezone.now() + timedelta(days=400), tick=False):
        call_command("purge_revisions", "--days=30", stdout=io.StringIO())
    assert state(item) == before

    with time_machine.travel(timezone.now() + timedelta(days=366), tick=False):
        response = client_for(administrator).post(purge_url)
    assert response.status_code == 302
    assert not type(item).objects.filter(pk=item.pk).exists()
    content_type = ContentType.objects.get_for_model(item)
    assert not Revision.objects.filter(base_content_type=content_type,
                                       object_id=str(item.pk)).exists()
    assert not RetainedRevision.objects.filter(content_type=content_type,
                                               object_id=item.pk).exists()
    # The takedown log outlives the item; the purge is in the audit log.
    assert TakedownRecord.objects.filter(content_type=content_type, article_pk=item.pk).exists()
    assert ModelLogEntry.objects.filter(object_id=str(item.pk),
                                        action="newsroom.purge").exists()


@pytest.mark.parametrize("kind", KINDS)
def test_urgent_takedown_of_a_notice_needs_a_reason_and_an_approver(kind, approver, editor):
    item = make_live(kind, approver)
    url = item_url("takedown", kind, item.pk)
    assert_refused(client_for(editor).post(url, {"reason": "Không có quyền"}))
    assert client_for(approver).post(url, {"reason": "  "}).status_code == 200
    assert type(item).objects.get(pk=item.pk).live
    response = client_for(approver).post(url, {"reason": "Sai số hiệu văn bản"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.live and item.withdrawn_at is not None
    record = TakedownRecord.objects.get(article_pk=item.pk)
    assert record.kind == "takedown" and record.reason == "Sai số hiệu văn bản"
    assert Client().get(item.get_absolute_url()).status_code == 404


def test_the_purge_address_accepts_only_what_the_rule_covers(administrator):
    url = reverse("newsroom:purge_item", kwargs={"model": "auth.user",
                                                 "pk": administrator.pk})
    assert client_for(administrator).post(url).status_code == 404
    assert type(administrator).objects.filter(pk=administrator.pk).exists()
