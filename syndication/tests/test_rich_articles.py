"""Photo galleries, the long-form layout, responsive images and the AI-assisted note, as a
reader's browser receives them."""

from __future__ import annotations

import extruct
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html
from wagtail.images.models import Rendition

from core.caching.memo import forget_local
from core.pictures import SIZES
from news.tasks import make_article_renditions
from syndication.tests.conftest import GALLERY_CAPTIONS, make_image, rich_articles


@pytest.fixture
def stories(portal):
    return {**portal, **rich_articles(portal)}


def cls(name: str) -> str:
    """An XPath test for one class among an element's classes."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def page(client, story) -> html.HtmlElement:
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def test_photo_story_shows_its_gallery_as_figures_with_captions_and_credits(client, stories):
    tree = page(client, stories["gallery_story"])
    (gallery,) = tree.xpath(f"//article[{cls('article-gallery')}]//section[{cls('gallery-story')}]")
    assert gallery.get("aria-label") == "Lễ hội Oóc Om Bóc"
    assert gallery.get("data-label-close") == "Đóng (Esc)"
    assert gallery.get("data-label-next") == "Ảnh sau"
    figures = gallery.xpath(f".//figure[{cls('gallery-item')}]")
    assert len(figures) == len(GALLERY_CAPTIONS)
    for figure, (caption, credit) in zip(figures, GALLERY_CAPTIONS, strict=True):
        text = figure.xpath(".//figcaption")[0].text_content()
        assert caption in text
        assert (f"(Ảnh: {credit})" in text) == bool(credit)
        # Without scripts the link opens the full-size photo; the lightbox reads its size.
        (link,) = figure.xpath(".//a")
        assert link.get("href").endswith(".webp")
        assert int(link.get("data-pswp-width")) == 900
        assert int(link.get("data-pswp-height")) == 600
        assert figure.xpath(".//img")[0].get("alt") == caption
    scripts = [s.get("src") for s in tree.xpath("//script[@src]")]
    assert any(src.endswith("news/vendor/photoswipe.umd.min.js") for src in scripts)
    assert any(src.endswith("news/gallery.js") for src in scripts)


def test_pages_without_a_gallery_load_no_lightbox(client, stories):
    tree = page(client, stories["lead"])
    assert not [s for s in tree.xpath("//script[@src]") if "photoswipe" in s.get("src")]


def test_pictures_have_avif_and_webp_sources_sizes_and_dimensions(client, stories):
    tree = page(client, stories["gallery_story"])
    pictures = tree.xpath(f"//section[{cls('gallery')}]//picture")
    for index, picture in enumerate(pictures):
        (source,) = picture.xpath(".//source")
        assert source.get("type") == "image/avif"
        assert source.get("srcset").count(" 480w") == 1 and ".avif" in source.get("srcset")
        (img,) = picture.xpath(".//img")
        assert img.get("src").endswith(".webp") and " 800w" in img.get("srcset")
        assert img.get("sizes") == SIZES["body"].sizes
        assert int(img.get("width")) == 480 and int(img.get("height")) == 320
        if index == 0:  # the photo story's first frame leads the page
            assert img.get("fetchpriority") == "high" and img.get("loading") is None
        else:
            assert img.get("loading") == "lazy" and img.get("fetchpriority") is None


def test_an_in_article_gallery_is_a_grid_of_thumbnails(client, stories):
    story = stories["gallery_story"]
    story.layout = "standard"
    story.save()
    tree = page(client, story)
    (gallery,) = tree.xpath(f"//section[{cls('gallery')}]")
    assert "gallery-story" not in gallery.get("class")
    img = gallery.xpath(".//img")[0]
    assert img.get("sizes") == SIZES["gallery"].sizes and img.get("loading") == "lazy"
    assert (img.get("width"), img.get("height")) == ("320", "240")


def test_long_form_layout_has_its_own_page(client, stories):
    tree = page(client, stories["longform_story"])
    assert "longform-page" in tree.xpath("//body")[0].get("class")
    assert tree.xpath("//link[contains(@href, 'news/longform')]")
    assert not tree.xpath(f"//aside[{cls('sidebar')}]")  # the story takes the page's width
    (cover,) = tree.xpath(f"//figure[{cls('longform-cover')}]//img")
    assert cover.get("fetchpriority") == "high" and cover.get("sizes") == "100vw"
    (wide,) = tree.xpath(f"//div[{cls('longform-body')}]//figure[{cls('figure-wide')}]")
    assert wide.xpath(".//img")[0].get("sizes") == "100vw"
    assert "Minh Tâm" in wide.xpath(".//figcaption")[0].text_content()
    (quote,) = tree.xpath(f"//blockquote[{cls('pull-quote')}]")
    assert "bàn tay người nông dân" in quote.text_content()
    assert tree.xpath(f"//div[{cls('longform-body')}]//video[@controls]")


def test_full_width_images_are_column_wide_outside_the_long_form_layout(client, stories):
    story = stories["longform_story"]
    story.layout = "standard"
    story.save()
    tree = page(client, story)
    assert not tree.xpath(f"//figure[{cls('figure-wide')}]")
    assert not tree.xpath("//link[contains(@href, 'news/longform')]")


def test_ai_assisted_note_by_the_byline_and_in_json_ld(client, stories):
    story = stories["longform_story"]
    response = client.get(story.get_absolute_url())
    text = response.content.decode()
    tree = html.fromstring(text)
    (byline,) = tree.xpath(f"//p[{cls('byline')}]")
    assert byline.xpath(f".//*[{cls('ai-note')}]")[0].text_content() == "Có sử dụng AI hỗ trợ"
    assert "Bài: Thanh Tùng" in byline.text_content()
    data = extruct.extract(text, base_url="http://testserver/", syntaxes=["json-ld"],
                           uniform=True)
    (article,) = [item for item in data["json-ld"] if item.get("@type") == "NewsArticle"]
    assert article["backstory"].startswith("Có sử dụng AI hỗ trợ")


def test_no_ai_note_when_the_flag_is_off(client, stories):
    text = client.get(stories["gallery_story"].get_absolute_url()).content.decode()
    assert "ai-note" not in text and "backstory" not in text


def test_listing_cards_read_their_renditions_without_a_query_per_card(client, stories,
                                                                       make_article):
    """A section page and the home page cost no more queries for 10 pictured cards than for 5."""
    section = stories["local"]

    def queries(url: str) -> int:
        client.get(url)  # the first view makes the renditions
        cache.clear()  # nothing from the shared fragments or Wagtail's rendition cache
        forget_local()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    # Every place of the home page holds stories before counting (a listing that finds no
    # story skips its rendition query): then only the number of cards differs.
    for index in range(5, 10):
        make_article(title=f"Tin có ảnh {index}", slug=f"tin-co-anh-{index}",
                     primary_section=section, featured_image=make_image(f"Ảnh {index}"),
                     is_featured=index < 8)
    before = {url: queries(url) for url in ("/", section.get_absolute_url())}
    for index in range(5):
        make_article(title=f"Tin có ảnh {index}", slug=f"tin-co-anh-{index}",
                     primary_section=section, featured_image=make_image(f"Ảnh {index}"),
                     is_featured=index < 3)
    after = {url: queries(url) for url in before}
    # Fewer at most: with more featured stories a home place may need one rule less.
    assert all(after[url] <= before[url] for url in before), (before, after)


def test_publishing_prepares_renditions_in_the_background(stories):
    story = stories["gallery_story"]
    assert make_article_renditions(story.pk) == 1 + len(GALLERY_CAPTIONS)
    made = Rendition.objects.count()
    assert made >= len(GALLERY_CAPTIONS) * (len(SIZES["gallery"].filters)
                                            + len(SIZES["body"].filters) + 1)
    assert make_article_renditions(story.pk) == 1 + len(GALLERY_CAPTIONS)
    assert Rendition.objects.count() == made  # nothing made twice


def test_a_deleted_photo_leaves_the_gallery_readable(client, stories):
    stories["photos"][1].delete()
    tree = page(client, stories["gallery_story"])
    assert len(tree.xpath(f"//figure[{cls('gallery-item')}]")) == len(GALLERY_CAPTIONS) - 1
