"""404, 500 and 503 pages speak Vietnamese; the 500 and 503 pages need neither the database nor
a request, and nginx's copy of the 503 page is the template's own render."""

import pytest
from django.test import Client

from news.tests.conftest import visible_text

pytestmark = pytest.mark.django_db


def test_404_page_is_vietnamese_inside_the_portal_layout(client, station):
    response = client.get("/khong-ton-tai/trang-nay-1.html")
    assert response.status_code == 404
    text = visible_text(response.content.decode())
    assert "Không tìm thấy trang" in text
    assert "Trang bạn tìm không tồn tại hoặc đã bị gỡ bỏ." in text
    assert "Về trang chủ" in text
    assert "Giám đốc: Nguyễn Văn Bốn." in text  # the footer is there too
    assert "Page not found" not in text and "Not Found" not in text


@pytest.mark.urls("core.tests.urls_raising")
def test_500_page_is_vietnamese(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/loi-thu/")
    assert response.status_code == 500
    text = visible_text(response.content.decode())
    assert "Lỗi máy chủ" in text
    assert "Xin lỗi, hệ thống đang gặp sự cố. Vui lòng thử lại sau ít phút." in text
    assert "Server Error" not in text and "Server error" not in text
    assert "deliberate failure" not in text


def test_500_template_renders_without_a_database(django_db_blocker):
    from core.views import server_error

    with django_db_blocker.block():
        response = server_error(None)
    assert response.status_code == 500
    assert "Lỗi máy chủ" in response.content.decode()


@pytest.mark.urls("core.tests.urls_raising")
@pytest.mark.parametrize("path", ["/csdl-ngung/", "/redis-ngung/"])
def test_a_service_that_is_down_gives_a_vietnamese_503_to_come_back_to(settings, path):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    text = visible_text(response.content.decode())
    assert "Tạm thời gián đoạn" in text
    assert "Vui lòng thử lại sau ít phút." in text
    assert "Connection refused" not in text and "Service Unavailable" not in text


def test_nginx_serves_the_503_template_as_rendered_in_vietnamese():
    """The committed copy nginx answers with while the app server is down (write_error_page)."""
    from frontpage.management.commands.write_error_page import STATIC_COPY, render_error_page

    assert STATIC_COPY.read_text(encoding="utf-8") == render_error_page(), (
        "run `manage.py write_error_page` after changing 503.html or its translation")
    assert "Tạm thời gián đoạn" in STATIC_COPY.read_text(encoding="utf-8")
