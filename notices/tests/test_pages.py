"""Announcement and document list and detail pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document

from news.tests.conftest import assert_in_order, visible_text
from notices.models import Announcement, AnnouncementAttachment, OfficialDocument

pytestmark = pytest.mark.django_db


def _pdf(title: str) -> Document:
    document = Document(title=title)
    document.file.save("van-ban.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    return document


@pytest.fixture
def notices():
    now = timezone.now()
    older = Announcement.objects.create(title="Thông báo cũ", body="<p>Nội dung cũ.</p>",
                                        published_at=now - timedelta(days=3))
    newer = Announcement.objects.create(title="Thông báo tuyển dụng", body="<p>Hạn 15/12.</p>",
                                        published_at=now - timedelta(days=1))
    AnnouncementAttachment.objects.create(announcement=newer, document=_pdf("Toàn văn"),
                                          label="Toàn văn thông báo")
    Announcement.objects.create(title="Thông báo nháp", live=False)
    Announcement.objects.create(title="Thông báo hẹn giờ", published_at=now + timedelta(days=1))
    document = OfficialDocument.objects.create(
        number="1963-CV/TU", issuer="Tỉnh ủy Sóc Trăng", issued_on=date(2024, 7, 20),
        subject="Về Lễ Quốc tang", file=_pdf("Công văn 1963"),
        published_at=now - timedelta(days=2))
    OfficialDocument.objects.create(number="1-CV/NHAP", issuer="Đài", issued_on=date(2024, 1, 1),
                                    subject="Văn bản nháp", live=False)
    return {"older": older, "newer": newer, "document": document}


def test_announcement_list_newest_first_without_drafts(client, notices):
    response = client.get("/thong-bao/")
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert_in_order(text, ["Trang chủ » Thông báo", "Thông báo tuyển dụng", "Thông báo cũ"])
    assert "nháp" not in text and "hẹn giờ" not in text


def test_announcement_detail_has_date_body_and_attachment(client, notices):
    item = notices["newer"]
    assert item.get_absolute_url() == f"/thong-bao/thong-bao-tuyen-dung-{item.pk}.html"
    response = client.get(item.get_absolute_url())
    body = response.content.decode()
    text = visible_text(body)
    local = timezone.localtime(item.published_at).strftime("%d/%m/%Y")
    assert_in_order(text, ["Thông báo tuyển dụng", f"Ngày: {local}", "Hạn 15/12.",
                           "Tệp đính kèm", "Toàn văn thông báo (PDF)"])
    assert "/documents/" in body


def test_document_list_and_detail(client, notices):
    document = notices["document"]
    text = visible_text(client.get("/van-ban/").content.decode())
    assert_in_order(text, ["Trang chủ » Văn bản", "Số hiệu", "Cơ quan ban hành",
                           "Ngày ban hành", "Trích yếu", "1963-CV/TU", "Tỉnh ủy Sóc Trăng",
                           "20/07/2024", "Về Lễ Quốc tang"])
    assert "Văn bản nháp" not in text
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    detail = visible_text(response.content.decode())
    assert_in_order(detail, ["Công văn số 1963-CV/TU - Về Lễ Quốc tang", "Loại văn bản",
                             "Công văn", "Số hiệu", "1963-CV/TU", "Ngày ban hành", "20/07/2024",
                             "Tải văn bản (PDF)"])


def test_wrong_slug_redirects_and_drafts_are_404(client, notices):
    item = notices["newer"]
    response = client.get(f"/thong-bao/ten-cu-{item.pk}.html")
    assert response.status_code == 301 and response["Location"] == item.get_absolute_url()
    draft = Announcement.objects.get(title="Thông báo nháp")
    assert client.get(draft.get_absolute_url()).status_code == 404
    draft_doc = OfficialDocument.objects.get(number="1-CV/NHAP")
    assert client.get(draft_doc.get_absolute_url()).status_code == 404


def test_announcement_pagination_continues_after_cursor(client):
    now = timezone.now()
    items = [Announcement.objects.create(title=f"Thông báo {n}",
                                         published_at=now - timedelta(hours=n))
             for n in range(25)]
    first = client.get("/thong-bao/").content.decode()
    assert f'href="?sau={items[19].pk}"' in first
    second = visible_text(client.get(f"/thong-bao/?sau={items[19].pk}").content.decode())
    assert_in_order(second, [f"Thông báo {n}" for n in range(20, 25)])
    assert "Thông báo 19 " not in second
