"""The admin import through Wagtail's real URLs, as an editor; reporters may not import."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from newsroom import roles
from newsroom.tests.conftest import PASSWORD, client_for
from schedule.models import Slot
from schedule.tests.conftest import WEEK_ROWS, csv_bytes, slot_table, xlsx_bytes

pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/lich-phat-song/nhap/"


def member_of(role: str, username: str):
    """A user in one of the newsroom's groups, with the rights its migration gave it."""
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(db):
    return member_of(roles.EDITOR, "bientap")


@pytest.fixture
def reporter(db):
    return member_of(roles.REPORTER, "phongvien")


def test_editor_reaches_the_import_from_the_menu_and_imports_a_workbook(editor, channels):
    client = client_for(editor)
    dashboard = client.get("/admin/").content.decode()
    # The sidebar menu is JSON in the page (non-ASCII escaped).
    assert json.dumps("Lịch phát sóng") in dashboard and IMPORT_URL in dashboard
    page = client.get(IMPORT_URL)
    assert page.status_code == 200
    assert "Nhập lịch phát sóng" in page.content.decode()
    upload = SimpleUploadedFile("lich-tuan.xlsx", xlsx_bytes(WEEK_ROWS))
    response = client.post(IMPORT_URL, {"file": upload, "channel": channels["stv1"].pk},
                           follow=True)
    assert response.redirect_chain == [(IMPORT_URL, 302)]
    assert "Đã nhập 4 chương trình cho kênh stv1 từ 07/12/2026 đến 08/12/2026" in \
        response.content.decode()
    assert len(slot_table(channels["stv1"])) == 4
    listing = client.get("/admin/snippets/schedule/slot/")
    assert listing.status_code == 200 and "Thời sự tối" in listing.content.decode()


def test_a_refused_file_lists_its_rows_and_changes_nothing(editor, channels):
    client = client_for(editor)
    client.post(IMPORT_URL, {"file": SimpleUploadedFile("a.csv", csv_bytes(WEEK_ROWS)),
                             "channel": channels["stv1"].pk})
    before = slot_table(channels["stv1"])
    rows = [["07/12/2026", "05:30", "30", "Thời sự sáng", ""],
            ["07/12/2026", "05:45", "30", "Ca nhạc", ""],
            ["07/12/2026", "sáu giờ", "30", "Phim", ""]]
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("b.csv", csv_bytes(rows)),
                                        "channel": channels["stv1"].pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tệp bị từ chối: lịch phát sóng chưa thay đổi gì." in body
    assert "Dòng 4: giờ bắt đầu &quot;sáu giờ&quot; không đúng dạng giờ (hh:mm)" in body
    assert slot_table(channels["stv1"]) == before
    missing = client.post(IMPORT_URL, {"channel": channels["stv1"].pk})
    assert missing.status_code == 200 and Slot.objects.count() == 4


def test_reporters_cannot_import(reporter, channels):
    client = client_for(reporter)
    assert IMPORT_URL not in client.get("/admin/").content.decode()
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("a.csv", csv_bytes(WEEK_ROWS)),
                                        "channel": channels["stv1"].pk})
    assert response.status_code in (302, 403)
    assert not Slot.objects.exists()
