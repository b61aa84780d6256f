"""The Khmer edition under /km/: routing, headers, the language switch, Khmer chrome and dates."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from core.dates import format_clock, format_count, format_day, format_day_month

pytestmark = pytest.mark.django_db

SWITCH = re.compile(r'<a class="edition-switch" href="([^"]+)" lang="([a-z]+)"[^>]*>([^<]+)</a>')


def html_lang(body: str) -> str:
    return re.search(r'<html lang="([^"]+)"', body).group(1)


def switch_of(body: str) -> tuple[str, str, str]:
    found = SWITCH.search(body)
    assert found, "no language switch in the page"
    return found.groups()


def test_reverse_gives_each_edition_its_addresses():
    with translation.override("vi"):
        assert reverse("frontpage:home") == "/"
        assert reverse("news:section", args=["tin-tuc"]) == "/tin-tuc/"
        assert reverse("sitesearch:search") == "/tim-kiem"
    with translation.override("en"):  # the admin in English still links the Vietnamese pages
        assert reverse("notices:announcements") == "/thong-bao/"
    with translation.override("km"):
        assert reverse("frontpage:home") == "/km/"
        assert reverse("news:section", args=["tin-tuc"]) == "/km/tin-tuc/"
        assert reverse("notices:announcements") == "/km/thong-bao/"
        assert reverse("live:index") == "/km/truc-tuyen/"
        assert reverse("schedule:index") == "/km/lich-phat-song/"
        assert reverse("sitesearch:search") == "/km/tim-kiem"


def test_vietnamese_pages_keep_their_headers_whatever_the_browser_language(client, sections,
                                                                           station):
    """No Vary: Accept-Language (it would split nginx's page cache), no Content-Language, and a
    browser asking for Khmer still gets the Vietnamese page at the Vietnamese address."""
    plain = client.get("/")
    asking = client.get("/", HTTP_ACCEPT_LANGUAGE="km,en;q=0.5")
    for response in (plain, asking):
        assert response.status_code == 200
        assert "Accept-Language" not in response.get("Vary", "")
        assert "Content-Language" not in response
        assert html_lang(response.content.decode()) == "vi"
    client.cookies["django_language"] = "km"
    assert html_lang(client.get("/").content.decode()) == "vi"
    section = client.get("/tin-tuc/", HTTP_ACCEPT_LANGUAGE="km")
    assert html_lang(section.content.decode()) == "vi"
    assert "Accept-Language" not in section.get("Vary", "")


def test_khmer_home_is_khmer(client, sections, station):
    response = client.get("/km/")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "km"
    assert "Accept-Language" not in response.get("Vary", "")
    assert html_lang(body) == "km"
    for khmer in ["ទំព័រដើម", "ស្វែងរក", "សេចក្ដីជូនដំណឹង", "រំលងទៅមាតិកា", "អាជ្ញាប័ណ្ណលេខ",
                  "នាយក"]:
        assert khmer in body, khmer
    for vietnamese in ["Trang chủ", "Tìm kiếm", "Chuyển đến nội dung chính", "Giấy phép số"]:
        assert vietnamese not in body, vietnamese
    # The edition's own links stay in the edition.
    assert 'action="/km/tim-kiem"' in body
    assert 'href="/km/thong-bao/"' in body
    # The licence date in Khmer digits and month name (station: 22/12/2016).
    assert "២២ ធ្នូ ២០១៦" in body


def test_khmer_error_pages(client, sections, station, settings):
    settings.DEBUG = False
    missing = client.get("/km/khong-co-trang-nay/")
    assert missing.status_code == 404
    body = missing.content.decode()
    assert html_lang(body) == "km" and "រកមិនឃើញទំព័រ" in body
    assert 'href="/km/"' in body
    vietnamese = client.get("/khong-co-trang-nay/")
    assert "Không tìm thấy trang" in vietnamese.content.decode()
    refused = client.get("/km/thong-bao/?sau=abc")
    assert refused.status_code == 400
    assert "សូមត្រឡប់ទៅទំព័រដំបូងនៃបញ្ជី" in refused.content.decode()


def test_switch_between_the_two_homes(client, sections, station):
    href, lang, label = switch_of(client.get("/").content.decode())
    assert (href, lang, label) == ("/km/", "km", "ភាសាខ្មែរ")
    href, lang, label = switch_of(client.get("/km/").content.decode())
    assert (href, lang, label) == ("/", "vi", "Tiếng Việt")


def test_switch_on_a_page_without_translations_leads_to_the_same_page(client, sections, station):
    body = client.get("/km/lich-phat-song/", follow=True).content.decode()
    assert switch_of(body)[0].startswith("/lich-phat-song/")
    assert switch_of(client.get("/km/tim-kiem?q=a").content.decode())[0] == "/tim-kiem"


def test_khmer_dates_and_numbers():
    moment = dt.datetime(2026, 3, 7, 7, 5, tzinfo=dt.UTC)  # 14:05 in Sóc Trăng
    assert format_day(moment, "km") == "៧ មីនា ២០២៦"
    assert format_day(moment, "km", with_time=True) == "៧ មីនា ២០២៦ ម៉ោង ១៤:០៥"
    assert format_day(dt.date(2026, 12, 31), "km") == "៣១ ធ្នូ ២០២៦"
    assert format_day_month(dt.date(2026, 2, 1), "km") == "១ កុម្ភៈ"
    assert format_clock(moment, "km") == "១៤:០៥"
    assert format_count(1234567, "km") == "១.២៣៤.៥៦៧"
    # Vietnamese stays as it was.
    assert format_day(moment, "vi") == "07/03/2026"
    assert format_day(moment, "vi", with_time=True) == "07/03/2026 14:05"
    assert format_day_month(dt.date(2026, 2, 1), "vi") == "01/02"
    assert format_clock(moment, "vi") == "14:05"
    assert format_count(1234567, "vi") == "1.234.567"


@pytest.fixture
def editions(sections, make_article, station):
    """A Vietnamese story with its Khmer translation, a Khmer-only story in a Khmer-only
    section, and a Vietnamese story nobody translated."""
    from wagtail.models import Locale

    from news.models import Section
    from notices.models import Announcement

    khmer, _ = Locale.objects.get_or_create(language_code="km")
    local_km = Section.objects.create(
        name="ព័ត៌មានក្នុងស្រុក", slug="tin-dia-phuong", locale=khmer,
        translation_key=sections["local"].translation_key)
    culture = Section.objects.create(name="វប្បធម៌", slug="van-hoa", locale=khmer)
    original = make_article(title="Đua ghe Ngo trên sông Maspero",
                            primary_section=sections["local"], is_featured=True)
    translated = make_article(title="ការប្រណាំងទូកងនៅលើទន្លេម៉ាស្ប៉េរ៉ូ", slug="dua-ghe-ngo",
                              primary_section=local_km, locale=khmer, is_featured=True,
                              translation_key=original.translation_key)
    khmer_only = make_article(title="ពិធីសំពះព្រះខែ", slug="cung-trang", primary_section=culture,
                              locale=khmer)
    untranslated = make_article(title="Khánh thành cầu nông thôn",
                                primary_section=sections["local"])
    notice_km = Announcement.objects.create(title="សេចក្ដីជូនដំណឹង STV2", slug="thong-bao-stv2",
                                            body="<p>ម៉ោងផ្សាយ</p>", locale=khmer)
    notice_vi = Announcement.objects.create(title="Thông báo tuyển dụng", body="<p>Nội dung</p>")
    return {"original": original, "translated": translated, "khmer_only": khmer_only,
            "untranslated": untranslated, "local_km": local_km, "culture": culture,
            "notice_km": notice_km, "notice_vi": notice_vi}


def test_switch_leads_to_the_translation_both_ways(client, editions):
    original, translated = editions["original"], editions["translated"]
    assert translated.get_absolute_url().startswith("/km/tin-dia-phuong/")
    body = client.get(original.get_absolute_url()).content.decode()
    assert switch_of(body) == (translated.get_absolute_url(), "km", "ភាសាខ្មែរ")
    body = client.get(translated.get_absolute_url()).content.decode()
    assert html_lang(body) == "km"
    assert switch_of(body) == (original.get_absolute_url(), "vi", "Tiếng Việt")
    # Sections too: the Khmer twin of Tin địa phương, and a Khmer-only section goes home.
    assert switch_of(client.get("/tin-dia-phuong/").content.decode())[0] == "/km/tin-dia-phuong/"
    assert switch_of(client.get("/km/van-hoa/").content.decode())[0] == "/"


def test_switch_without_a_visible_translation_leads_to_the_other_home(client, editions):
    body = client.get(editions["untranslated"].get_absolute_url()).content.decode()
    assert switch_of(body)[0] == "/km/"
    assert switch_of(client.get(editions["khmer_only"].get_absolute_url())
                     .content.decode())[0] == "/"
    # A translation readers may not see yet (a draft) is no destination.
    from news.models import Article

    Article.objects.filter(pk=editions["translated"].pk).update(live=False)
    body = client.get(editions["original"].get_absolute_url()).content.decode()
    assert switch_of(body)[0] == "/km/"


def test_each_edition_lists_only_its_own_content(client, editions):
    khmer_titles = [editions["translated"].title, editions["khmer_only"].title]
    vietnamese_titles = [editions["original"].title, editions["untranslated"].title]
    km_home = client.get("/km/").content.decode()
    vi_home = client.get("/").content.decode()
    for title in khmer_titles:
        assert title in km_home and title not in vi_home, title
    for title in vietnamese_titles:
        assert title in vi_home and title not in km_home, title
    # The menus: each edition's own section tree.
    assert 'href="/km/van-hoa/"' in km_home and "Tin tức" not in km_home
    assert "/km/van-hoa/" not in vi_home
    assert editions["khmer_only"].get_absolute_url() not in vi_home
    section = client.get("/km/tin-dia-phuong/").content.decode()
    assert editions["translated"].title in section
    assert editions["original"].title not in section
    notices_km = client.get("/km/thong-bao/").content.decode()
    assert "សេចក្ដីជូនដំណឹង STV2" in notices_km and "Thông báo tuyển dụng" not in notices_km
    notices_vi = client.get("/thong-bao/").content.decode()
    assert "Thông báo tuyển dụng" in notices_vi and "STV2" not in notices_vi


def test_an_item_is_served_at_its_own_editions_address(client, editions):
    """A Khmer story or notice asked for without /km/ (or a Vietnamese one with it) is sent,
    permanently, to its own address."""
    translated, notice = editions["translated"], editions["notice_km"]
    wrong = translated.get_absolute_url().removeprefix("/km")
    response = client.get(wrong)
    assert response.status_code == 301 and response["Location"] == translated.get_absolute_url()
    assert notice.get_absolute_url() == f"/km/thong-bao/thong-bao-stv2-{notice.pk}.html"
    response = client.get(notice.get_absolute_url().removeprefix("/km"))
    assert response.status_code == 301 and response["Location"] == notice.get_absolute_url()
    assert client.get(notice.get_absolute_url()).status_code == 200
    # The address does not depend on the edition being rendered.
    with translation.override("km"):
        assert editions["notice_vi"].get_absolute_url().startswith("/thong-bao/")
