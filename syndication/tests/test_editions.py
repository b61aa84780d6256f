"""The open web of the Khmer edition: feeds per edition and section, sitemaps with hreflang
alternates, canonical and alternate links in page heads, JSON-LD inLanguage, the API's
?lang= and the page cache's purge of Khmer pages."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone
from lxml import etree
from wagtail.models import Locale

from news.models import Article, Section
from notices.models import Announcement

from .conftest import XSD_DIR

XHTML = "{http://www.w3.org/1999/xhtml}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
KHMER_TITLE = "ខេត្ត\u200bឃ្លាំង\u200bប្រារព្ធ\u200bពិធី\u200bបុណ្យ\u200bអុំទូក"

pytestmark = pytest.mark.django_db


@pytest.fixture
def km():
    return Locale.objects.get(language_code="km")


@pytest.fixture
def editions(sections, make_article, km):
    """A Vietnamese story with its Khmer translation, and a Khmer-only story."""
    khmer_local = Section.objects.create(
        name="ព័ត៌មានក្នុងស្រុក", slug="tin-dia-phuong", locale=km,
        translation_key=sections["local"].translation_key)
    khmer_culture = Section.objects.create(name="វប្បធម៌", slug="van-hoa", locale=km)
    original = make_article(title="Lễ hội đua ghe Ngo", slug="dua-ghe-ngo",
                            primary_section=sections["local"])
    translation = make_article(title=KHMER_TITLE, slug="dua-ghe-ngo", locale=km,
                               primary_section=khmer_local,
                               translation_key=original.translation_key)
    khmer_only = make_article(title="ពិធីបុណ្យចូលឆ្នាំថ្មី", slug="chol-chnam-thmey",
                              locale=km, primary_section=khmer_culture)
    vietnamese_only = make_article(title="Tin trong nước", slug="tin-trong-nuoc-1",
                                   primary_section=sections["national"])
    return {"original": original, "translation": translation, "khmer_only": khmer_only,
            "vietnamese_only": vietnamese_only, "khmer_local": khmer_local,
            "khmer_culture": khmer_culture}


def feed_items(response) -> tuple[str, list[str]]:
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    return (channel.findtext("language"),
            [item.findtext("link") for item in channel.findall("item")])


def test_addresses_carry_the_edition_prefix(editions):
    assert editions["translation"].get_absolute_url() == (
        f"/km/tin-dia-phuong/dua-ghe-ngo-{editions['translation'].pk}.html")
    assert editions["original"].get_absolute_url() == (
        f"/tin-dia-phuong/dua-ghe-ngo-{editions['original'].pk}.html")
    assert editions["khmer_culture"].get_absolute_url() == "/km/van-hoa/"
    assert editions["translation"].language_code == "km"
    assert set(Article.objects.in_language("km")) == {editions["translation"],
                                                      editions["khmer_only"]}
    notice = Announcement.objects.create(title="សេចក្តីជូនដំណឹង", slug="thong-bao-km",
                                         locale=Locale.objects.get(language_code="km"))
    assert notice.get_absolute_url().startswith("/km/thong-bao/")


def test_each_edition_has_its_own_feeds(client, editions):
    language, links = feed_items(client.get("/km/rss/"))
    assert language == "km"
    assert sorted(links) == sorted(f"http://testserver{editions[name].get_absolute_url()}"
                                   for name in ("translation", "khmer_only"))
    language, links = feed_items(client.get("/rss/"))
    assert language == "vi"
    assert all("/km/" not in link for link in links) and len(links) == 2
    language, links = feed_items(client.get("/km/rss/van-hoa.rss"))
    assert links == [f"http://testserver{editions['khmer_only'].get_absolute_url()}"]
    # The Vietnamese feed of the same slug lists the Vietnamese section only.
    _language, links = feed_items(client.get("/rss/tin-dia-phuong.rss"))
    assert links == [f"http://testserver{editions['original'].get_absolute_url()}"]
    assert client.get("/km/rss/khong-co.rss").status_code == 404
    assert client.get("/rss/van-hoa.rss").status_code == 404


def test_sitemaps_list_both_editions_with_hreflang_alternates(client, editions):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    entries = [loc.text for loc in index.iter(f"{SM}loc")]
    validator = etree.XMLSchema(etree.parse(str(XSD_DIR / "sitemap-hreflang.xsd")))
    urls = {}
    for entry in entries:
        if "sitemap-news" in entry:
            continue
        response = client.get(entry.replace("http://testserver", ""))
        document = etree.fromstring(response.content)
        assert validator.validate(document), (entry, validator.error_log)
        for url in ET.fromstring(response.content).iter(f"{SM}url"):
            urls[url.findtext(f"{SM}loc")] = {
                link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
    base = "http://testserver"
    original = base + editions["original"].get_absolute_url()
    translation = base + editions["translation"].get_absolute_url()
    expected = {"vi": original, "km": translation, "x-default": original}
    assert urls[original] == expected and urls[translation] == expected
    assert urls[base + editions["khmer_only"].get_absolute_url()] == {}
    assert urls[base + "/km/tin-dia-phuong/"] == {
        "vi": base + "/tin-dia-phuong/", "km": base + "/km/tin-dia-phuong/",
        "x-default": base + "/tin-dia-phuong/"}
    assert base + "/km/van-hoa/" in urls


def test_google_news_sitemap_names_each_articles_language(client, editions):
    document = ET.fromstring(client.get("/sitemap-news.xml").content)
    languages = {url.findtext(f"{SM}loc"): url.findtext(
        ".//{http://www.google.com/schemas/sitemap-news/0.9}language")
        for url in document.iter(f"{SM}url")}
    assert languages[f"http://testserver{editions['translation'].get_absolute_url()}"] == "km"
    assert languages[f"http://testserver{editions['original'].get_absolute_url()}"] == "vi"


def test_article_page_links_its_translation(client, editions):
    html = client.get(editions["original"].get_absolute_url()).content.decode()
    base = "http://testserver"
    assert (f'<link rel="canonical" href="{base}{editions["original"].get_absolute_url()}">'
            in html)
    links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert links == {"vi": base + editions["original"].get_absolute_url(),
                     "km": base + editions["translation"].get_absolute_url(),
                     "x-default": base + editions["original"].get_absolute_url()}
    ld = [json.loads(block) for block in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html)]
    assert next(d for d in ld if d["@type"] == "NewsArticle")["inLanguage"] == "vi"
    # A story in one edition only has no alternates.
    html = client.get(editions["vietnamese_only"].get_absolute_url()).content.decode()
    assert '<link rel="alternate" hreflang=' not in html


def test_khmer_head_tags(editions):
    request = RequestFactory().get(editions["translation"].get_absolute_url())
    template = Template("{% load syndication_tags %}{% hreflang_links %}{% feed_links %}"
                        "{% article_head article %}")
    html = template.render(Context({"request": request, "article": editions["translation"],
                                    "section": editions["khmer_local"]}))
    assert 'hreflang="km" href="http://testserver/km/tin-dia-phuong/' in html
    assert 'hreflang="x-default" href="http://testserver/tin-dia-phuong/' in html
    assert 'href="/km/rss/"' in html and 'href="/km/rss/tin-dia-phuong.rss"' in html
    assert '"inLanguage":"km"' in html and 'content="km_KH"' in html


def test_home_pages_are_each_others_alternates(client, editions):
    html = client.get("/").content.decode()
    links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert links == {"vi": "http://testserver/", "km": "http://testserver/km/",
                     "x-default": "http://testserver/"}


def test_api_lists_one_edition(client, editions):
    response = client.get("/api/v1/articles?lang=km")
    assert response.status_code == 200
    items = response.json()["items"]
    assert {item["id"] for item in items} == {editions["translation"].pk,
                                              editions["khmer_only"].pk}
    assert all(item["language"] == "km" and "/km/" in item["url"] for item in items)
    vietnamese = client.get("/api/v1/articles").json()["items"]
    assert {item["id"] for item in vietnamese} == {editions["original"].pk,
                                                   editions["vietnamese_only"].pk}
    section = client.get("/api/v1/articles?lang=km&section=tin-dia-phuong").json()["items"]
    assert [item["id"] for item in section] == [editions["translation"].pk]
    sections = client.get("/api/v1/sections?lang=km").json()
    assert {s["slug"] for s in sections} == {"tin-dia-phuong", "van-hoa"}
    assert all(s["url"].startswith("http://testserver/km/") for s in sections)


def test_most_read_lists_one_edition(client, editions):
    from metrics.models import ArticleDailyViews

    today = timezone.localdate()
    for name, count in (("original", 50), ("translation", 40), ("khmer_only", 30)):
        ArticleDailyViews.objects.create(article=editions[name], count=count, day=today)
    khmer = [item["id"] for item in client.get("/api/v1/most-read?lang=km").json()]
    assert khmer == [editions["translation"].pk, editions["khmer_only"].pk]
    vietnamese = [item["id"] for item in client.get("/api/v1/most-read").json()]
    assert vietnamese == [editions["original"].pk]


@pytest.mark.parametrize("url", ["/api/v1/articles?lang=fr", "/api/v1/sections?lang=KM",
                                 "/api/v1/most-read?lang=fr",
                                 "/api/v1/announcements?lang=", "/api/v1/articles?lang=km%00"])
def test_api_refuses_an_unknown_edition_in_vietnamese(client, editions, url):
    response = client.get(url)
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "lang" and "“lang”" in body["detail"]


def test_openapi_schema_documents_lang(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/articles", "/api/v1/sections", "/api/v1/announcements",
                 "/api/v1/most-read"):
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        lang = parameters["lang"]
        assert lang["schema"]["enum"] == ["vi", "km"], lang
        assert "km" in lang["description"]


@pytest.mark.django_db(transaction=True)
def test_khmer_changes_purge_the_page_cache(sections, make_article):
    """The page cache keeps Khmer pages under the same namespaces as Vietnamese ones, and a
    change to a Khmer article or section moves the generation that empties it."""
    from core.caching import registry
    from core.caching.generation import read_generation

    km, _ = Locale.objects.get_or_create(language_code="km")
    section = Section.objects.create(name="វប្បធម៌", slug="van-hoa", locale=km)
    assert Section in registry.purging_models() and Article in registry.purging_models()
    assert {"news", "frontpage", "notices"} <= set(registry.cached_namespaces())
    story = make_article(title=KHMER_TITLE, locale=km, primary_section=section, live=False,
                         published_at=None)
    for change in (lambda: story.save_revision().publish(),
                   lambda: section.save(),
                   lambda: Announcement.objects.create(title="សេចក្តីជូនដំណឹង", locale=km,
                                                       live=True,
                                                       published_at=timezone.now())):
        start = read_generation()
        change()
        assert read_generation() > start
