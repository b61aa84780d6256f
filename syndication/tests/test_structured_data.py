"""What Google, Facebook and Zalo read from an article page, extracted by extruct."""

from __future__ import annotations

import extruct
from django.utils import timezone
from lxml import html


def extract(client, url: str) -> tuple[dict, html.HtmlElement]:
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    data = extruct.extract(text, base_url=f"http://testserver{url}",
                           syntaxes=["json-ld", "opengraph"], uniform=True)
    return data, html.fromstring(text)


def by_type(items: list[dict], kind: str) -> dict:
    (found,) = [item for item in items if item.get("@type") == kind]
    return found


def test_news_article_json_ld(client, portal):
    lead = portal["lead"]
    data, _ = extract(client, lead.get_absolute_url())
    article = by_type(data["json-ld"], "NewsArticle")
    url = f"http://testserver{lead.get_absolute_url()}"
    assert article["headline"] == lead.title
    assert article["url"] == url and article["mainEntityOfPage"]["@id"] == url
    assert timezone.datetime.fromisoformat(article["datePublished"]) == lead.published_at
    assert timezone.datetime.fromisoformat(article["dateModified"]) == lead.updated_at
    assert article["author"] == [{"@type": "Person", "name": "Bài, ảnh: Hồng Nhung"}]
    assert article["publisher"]["@type"] == "Organization"
    assert article["publisher"]["name"]
    assert article["publisher"]["logo"]["url"].startswith("http://testserver/static/")
    assert article["publisher"]["logo"]["url"].endswith(".png")
    (image,) = article["image"]
    assert image.startswith("http://testserver/media/images/") and image.endswith(".png")
    assert article["articleSection"] == "Tin địa phương"
    assert article["description"] == lead.sapo


def test_breadcrumb_list(client, portal):
    lead = portal["lead"]
    data, _ = extract(client, lead.get_absolute_url())
    crumbs = by_type(data["json-ld"], "BreadcrumbList")["itemListElement"]
    assert [c["position"] for c in crumbs] == [1, 2, 3, 4]
    assert [c["name"] for c in crumbs][1:] == ["Tin tức", "Tin địa phương", lead.title]
    assert [c["item"] for c in crumbs] == [
        "http://testserver/", "http://testserver/tin-tuc/", "http://testserver/tin-dia-phuong/",
        f"http://testserver{lead.get_absolute_url()}"]


def test_opengraph_twitter_and_canonical(client, portal):
    lead = portal["lead"]
    data, page = extract(client, lead.get_absolute_url())
    og = data["opengraph"][0]
    url = f"http://testserver{lead.get_absolute_url()}"
    assert og["og:title"] == lead.title
    assert og["og:description"] == lead.sapo
    assert og["og:url"] == url
    assert og["@type"] == "article"
    assert og["og:image"].startswith("http://testserver/media/images/")
    twitter = {m.get("name"): m.get("content") for m in page.xpath("//meta[@name]")}
    assert twitter["twitter:card"] == "summary_large_image"
    assert twitter["twitter:title"] == lead.title
    assert twitter["twitter:description"] == lead.sapo
    assert twitter["twitter:image"] == og["og:image"]
    assert page.xpath("//link[@rel='canonical']/@href") == [url]
    assert page.xpath("//link[@type='application/rss+xml']/@href") == [
        "/rss/", "/rss/tin-dia-phuong.rss"]


def test_canonical_drops_tracking_but_keeps_the_page_cursor(client, portal):
    _, page = extract(client, "/tin-dia-phuong/?utm_source=zalo&sau=5")
    assert page.xpath("//link[@rel='canonical']/@href") == [
        "http://testserver/tin-dia-phuong/?sau=5"]


def test_json_ld_cannot_break_out_of_its_script(client, sections, make_article):
    story = make_article(title="Tiêu đề </script><script>alert(1)</script>",
                         primary_section=sections["local"])
    data, page = extract(client, story.get_absolute_url())
    assert by_type(data["json-ld"], "NewsArticle")["headline"] == story.title
    assert not page.xpath("//script[contains(., 'alert(1)') and not(@type)]")


def test_article_without_byline_or_image_falls_back_to_the_station(client, sections,
                                                                    make_article):
    story = make_article(title="Tin ngắn", byline="", primary_section=sections["national"])
    data, page = extract(client, story.get_absolute_url())
    article = by_type(data["json-ld"], "NewsArticle")
    assert article["author"][0]["@type"] == "Organization"
    assert "image" not in article
    twitter = {m.get("name"): m.get("content") for m in page.xpath("//meta[@name]")}
    assert twitter["twitter:card"] == "summary"


def test_share_links_and_print_view(client, portal):
    lead = portal["lead"]
    response = client.get(lead.get_absolute_url())
    page = html.fromstring(response.content)
    url = f"http://testserver{lead.get_absolute_url()}"
    facebook = page.xpath("//a[contains(@class,'share-facebook')]/@href")[0]
    assert facebook.startswith("https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2F")
    assert page.xpath("//a[contains(@class,'share-zalo')]/@href")
    copy = page.xpath("//a[contains(@class,'share-copy')]")[0]
    assert copy.get("href") == url and copy.get("data-copy-url") == url
    print_url = page.xpath("//a[contains(@class,'share-print')]/@href")[0]
    assert print_url == "/in" + lead.get_absolute_url()

    printed = client.get(print_url)
    assert printed.status_code == 200
    assert printed["X-Robots-Tag"] == "noindex"
    sheet = html.fromstring(printed.content)
    assert not sheet.xpath("//nav | //header | //aside | //footer")
    assert sheet.xpath("//h1/text()")[0] == lead.title
    assert sheet.xpath("//link[@rel='canonical']/@href") == [url]


def test_print_view_hides_drafts_and_fixes_the_address(client, portal):
    draft = portal["draft"]
    assert client.get(f"/in/tin-dia-phuong/ban-nhap-{draft.pk}.html").status_code == 404
    lead = portal["lead"]
    response = client.get(f"/in/sai-muc/sai-ten-{lead.pk}.html")
    assert response.status_code == 301
    assert response["Location"] == "/in" + lead.get_absolute_url()
