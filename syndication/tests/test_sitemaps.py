"""Sitemap index, article/section/notice sitemaps and the Google News sitemap against the XSDs."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from syndication.tests.conftest import XSD_DIR

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD_DIR / name)))


def fetch_valid(client, url: str, xsd: str) -> etree._Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    document = etree.fromstring(response.content)
    validator = schema(xsd)
    assert validator.validate(document), (url, validator.error_log)
    return document


def index_entries(client) -> list[str]:
    document = fetch_valid(client, "/sitemap.xml", "siteindex.xsd")
    return [urlsplit(loc.text).path for loc in document.iter(f"{SM}loc")]


def locations(document) -> list[str]:
    return [urlsplit(loc.text).path for loc in document.iter(f"{SM}loc")]


def test_the_shipped_schemas_reject_broken_sitemaps():
    """The XSDs must be able to fail, or validating against them proves nothing."""
    bad_priority = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
                    b"<loc>https://thst.vn/a/</loc><priority>2</priority></url></urlset>")
    empty_index = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>'
    no_title = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>'
                b"<loc>https://thst.vn/a/</loc><news:news><news:publication><news:name>T"
                b"</news:name><news:language>vi</news:language></news:publication>"
                b"<news:publication_date>2026-11-28</news:publication_date>"
                b"</news:news></url></urlset>")
    assert not schema("sitemap.xsd").validate(etree.fromstring(bad_priority))
    assert not schema("siteindex.xsd").validate(etree.fromstring(empty_index))
    assert not schema("news-urlset.xsd").validate(etree.fromstring(no_title))


def test_index_and_every_listed_sitemap_validate(client, portal):
    entries = index_entries(client)
    assert "/sitemap-sections.xml" in entries
    assert "/sitemap-news.xml" in entries
    article_maps = [e for e in entries if e.startswith("/sitemap-articles-")]
    assert article_maps
    listed: list[str] = []
    for entry in entries:
        xsd = "news-urlset.xsd" if entry == "/sitemap-news.xml" else "sitemap.xsd"
        document = fetch_valid(client, entry, xsd)
        if entry in article_maps:
            listed += locations(document)
    visible = [portal[k].get_absolute_url() for k in ("lead", "second", "national_story")]
    assert sorted(listed) == sorted(visible)
    assert portal["draft"].get_absolute_url() not in listed
    assert portal["future"].get_absolute_url() not in listed


def test_sections_sitemap_lists_every_section(client, portal):
    document = fetch_valid(client, "/sitemap-sections.xml", "sitemap.xsd")
    assert set(locations(document)) == {
        "/tin-tuc/", "/tin-dia-phuong/", "/tin-trong-nuoc/", "/hoc-va-lam-theo-guong-bac/"}


def test_notices_sitemaps(client, portal):
    from notices.models import Announcement, OfficialDocument

    notice = Announcement.objects.create(title="Thông báo tuyển dụng viên chức", live=True)
    Announcement.objects.create(title="Thông báo nháp", live=False)
    document = OfficialDocument.objects.create(
        number="1963-CV/TU", issuer="Tỉnh ủy Sóc Trăng", issued_on=timezone.localdate(),
        subject="Về việc tổ chức lễ hội", live=True)
    entries = index_entries(client)
    assert "/sitemap-announcements.xml" in entries and "/sitemap-documents.xml" in entries
    assert locations(fetch_valid(client, "/sitemap-announcements.xml", "sitemap.xsd")) == [
        notice.get_absolute_url()]
    assert locations(fetch_valid(client, "/sitemap-documents.xml", "sitemap.xsd")) == [
        document.get_absolute_url()]


def test_google_news_sitemap_holds_the_last_48_hours(client, portal):
    document = fetch_valid(client, "/sitemap-news.xml", "news-urlset.xsd")
    urls = document.findall(f"{SM}url")
    # The 3-day-old story, the draft and the future one stay out.
    assert [urlsplit(u.findtext(f"{SM}loc")).path for u in urls] == [
        portal["lead"].get_absolute_url(), portal["national_story"].get_absolute_url()]
    first = urls[0]
    assert first.findtext(f"{NEWS}news/{NEWS}title") == portal["lead"].title
    assert first.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}language") == "vi"
    assert first.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}name")


def test_empty_news_sitemap_is_left_out_of_the_index(client, sections, make_article):
    make_article(title="Bài cũ", primary_section=sections["local"],
                 published_at=timezone.now() - timezone.timedelta(days=5))
    entries = index_entries(client)
    assert "/sitemap-news.xml" not in entries
    assert any(e.startswith("/sitemap-articles-") for e in entries)


@override_settings(SYNDICATION_SITEMAP_CHUNK=3)
def test_articles_split_by_id_range_without_offset_or_count(client, sections, make_article):
    stories = [make_article(title=f"Bài {n}", primary_section=sections["local"]) for n in range(8)]
    entries = [e for e in index_entries(client) if e.startswith("/sitemap-articles-")]
    assert len(entries) >= 3
    seen: list[str] = []
    for entry in entries:
        with CaptureQueriesContext(connection) as queries:
            document = fetch_valid(client, entry, "sitemap.xsd")
        sql = " ".join(q["sql"].upper() for q in queries.captured_queries)
        assert "OFFSET" not in sql and "COUNT(" not in sql
        urls = locations(document)
        assert 1 <= len(urls) <= 3
        seen += urls
    assert sorted(seen) == sorted(s.get_absolute_url() for s in stories)
    assert client.get("/sitemap-articles-999.xml").status_code == 404
    assert client.get(entries[0] + "?p=2").status_code == 404


@override_settings(SYNDICATION_SITEMAP_CHUNK=60_000)
@pytest.mark.django_db
def test_chunk_above_the_protocol_limit_is_refused():
    from syndication.sitemaps import chunk_size

    with pytest.raises(ValueError):
        chunk_size()


def test_robots_txt(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@override_settings(SYNDICATION_SITEMAP_CHUNK=3)
def test_ranges_without_visible_articles_are_left_out(client, sections, make_article):
    from news.models import Article

    stories = [make_article(title=f"Bài {n}", primary_section=sections["local"]) for n in range(9)]
    size = 3
    emptied = stories[4].id // size
    Article.objects.filter(id__gte=emptied * size, id__lt=(emptied + 1) * size).update(live=False)
    entries = [e for e in index_entries(client) if e.startswith("/sitemap-articles-")]
    assert f"/sitemap-articles-{emptied}.xml" not in entries
    assert client.get(f"/sitemap-articles-{emptied}.xml").status_code == 404
    for entry in entries:
        fetch_valid(client, entry, "sitemap.xsd")
