"""404 and 500 pages speak Vietnamese; the 500 page needs neither the database nor a request."""

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
