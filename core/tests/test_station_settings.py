"""The station's legal facts are edited in the admin and printed in every footer."""

import pytest
from django.urls import reverse

from core.models import StationSettings
from news.tests.conftest import visible_text

pytestmark = pytest.mark.django_db


def test_station_settings_are_editable_in_the_admin_and_shown_in_the_footer(admin_client,
                                                                            station):
    url = reverse("wagtailsettings:edit", args=["core", "stationsettings"])
    page = admin_client.get(url, follow=True)
    url = page.redirect_chain[-1][0] if page.redirect_chain else url
    assert page.status_code == 200
    assert "Giấy phép" in page.content.decode()  # the admin form speaks Vietnamese
    data = {field.name: getattr(station, field.name) or ""
            for field in StationSettings._meta.fields if field.name not in {"id"}}
    data.update(director="Trần Thị Năm", licence_date="01/02/2025", phone="0299 111222")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    saved = StationSettings.load()
    assert saved.director == "Trần Thị Năm"
    assert saved.licence_date.isoformat() == "2025-02-01"

    text = visible_text(admin_client.get("/").content.decode())
    assert "Giám đốc: Trần Thị Năm." in text
    assert "Giấy phép số: 287/GP-TTĐT cấp ngày 01/02/2025" in text
    assert "Điện thoại: 0299 111222 - Fax: 0299 3825876." in text


def test_footer_leaves_out_empty_facts(client, db):
    settings = StationSettings.load()
    settings.station_name = "Đài thử nghiệm"
    settings.save()
    text = visible_text(client.get("/").content.decode())
    assert "ĐÀI THỬ NGHIỆM" in text
    assert "Giám đốc:" not in text and "Fax:" not in text
