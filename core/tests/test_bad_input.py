"""Input no page can answer is refused with 400 and a Vietnamese sentence, in one place each:
days (core.dates), row ids in paths (core.converters), NUL characters anywhere in the address
(core.badinput), and the 400 answer itself (core.views.bad_request)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import Client, RequestFactory
from django.urls import resolve

from core.converters import IdConverter
from core.dates import EARLIEST, LATEST, BadDay, day_end, day_start, parse_day
from core.views import bad_request
from news.tests.conftest import visible_text


@pytest.mark.parametrize("text", ["2024-02-29", " 2024-02-29 ", "0001-01-01", "9999-12-31"])
def test_a_day_is_yyyy_mm_dd(text):
    assert parse_day(text) == dt.date.fromisoformat(text.strip())


@pytest.mark.parametrize("text", ["", "2024-02-30", "2024-13-01", "0000-01-01", "10000-01-01",
                                  "-2024-01-01", "20240101", "2024-W01-1", "2024-1-1",
                                  "٢٠٢٤-٠١-٠١", "２０２４-０１-０１", "2024-01-01T00:00",
                                  "2024-01-01\x00", "1e308", "NaN"])
def test_anything_else_is_a_bad_day(text):
    with pytest.raises(BadDay):
        parse_day(text)


def test_day_bounds_hold_at_both_ends_of_the_calendar(settings):
    """The local midnight of year 1 is before year 1 in UTC, and 9999-12-31 has no next day:
    the bounds are clamped to a range every database stores, whatever the time zone."""
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    assert day_start(dt.date.min) == day_start(EARLIEST)
    assert day_start(dt.date.min).astimezone(dt.UTC).year == 1899
    assert day_end(dt.date.max) == day_start(LATEST + dt.timedelta(days=1))
    assert day_end(dt.date(2024, 2, 28)) == day_start(dt.date(2024, 2, 29))
    assert day_start(dt.date(2024, 2, 29)).utcoffset() == dt.timedelta(hours=7)


@pytest.mark.parametrize(("digits", "matches"), [
    ("1", True), (str(2**63 - 1), True), (str(2**63), False), ("9" * 19, False),
    ("0", False), ("00", False), ("9" * 20, False), ("1" * 5000, False)])
def test_an_id_segment_holds_only_a_stored_id(digits, matches):
    converter = IdConverter()
    if not re.fullmatch(converter.regex, digits):
        assert not matches
        return
    if matches:
        assert converter.to_python(digits) == int(digits)
        assert converter.to_url(int(digits)) == digits
    else:
        with pytest.raises(ValueError):
            converter.to_python(digits)


def test_public_addresses_read_ids_with_the_id_converter():
    assert resolve("/tin-tuc/bai-viet-42.html").kwargs["pk"] == 42
    assert resolve("/thong-bao/thong-bao-7.html").kwargs["pk"] == 7


@pytest.mark.django_db
@pytest.mark.parametrize("address", [
    "/tin-tuc/bai-viet-9223372036854775808.html", "/in/tin-tuc/bai-viet-0.html",
    "/van-ban/van-ban-99999999999999999999.html", "/video/clip-" + "1" * 5000 + ".html",
    "/documents/" + "1" * 5000 + "/ke-hoach.pdf"])
def test_an_id_beyond_the_database_is_a_missing_page(client, station, address):
    response = client.get(address)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in visible_text(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["q=%00", "utm_source=a%00b", "x%00=1", "sau=1&sau=%00"])
def test_a_nul_anywhere_in_the_query_is_refused_before_the_view(client, query,
                                                                 django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(f"/tin-tuc/?{query}")
    assert response.status_code == 400
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert '<p role="alert">Giá trị của “' in page and "chứa ký tự không được phép" in page
    assert "Yêu cầu không hợp lệ" in visible_text(page)


@pytest.mark.django_db
def test_a_nul_in_the_path_is_refused(client):
    response = client.get("/media/a%00b")
    assert response.status_code == 400
    assert "Địa chỉ trang chứa ký tự không được phép." in response.content.decode()


@pytest.mark.django_db
def test_under_the_api_the_refusal_is_json(client):
    response = client.get("/api/v1/articles?tag=a%00b")
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "detail": "Giá trị của “tag” chứa ký tự không được phép.", "field": "tag"}


def test_what_django_refuses_gets_the_vietnamese_page_without_its_details(db):
    request = RequestFactory().get("/tin-tuc/")
    response = bad_request(request, SuspiciousOperation("secret internals"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Địa chỉ không hợp lệ. Vui lòng kiểm tra lại rồi thử lại." in page
    assert "secret internals" not in page


@pytest.mark.django_db
def test_too_many_parameters_and_a_foreign_host_get_the_400_page(settings,
                                                                 django_assert_num_queries):
    client = Client(raise_request_exception=False)
    many = "&".join(f"k{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.get(f"/tin-tuc/?{many}")
    assert response.status_code == 400 and "Yêu cầu không hợp lệ" in response.content.decode()
    api = client.get(f"/api/v1/articles?{many}")
    assert api.status_code == 400
    assert api.json() == {"detail": "Địa chỉ không hợp lệ. Vui lòng kiểm tra lại rồi thử lại.",
                          "field": ""}
    settings.ALLOWED_HOSTS = ["thst.example.vn"]
    with django_assert_num_queries(0):
        foreign = client.get("/", HTTP_HOST="attacker.example")
    assert foreign.status_code == 400
    assert "Yêu cầu không hợp lệ" in foreign.content.decode()
