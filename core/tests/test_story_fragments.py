"""Story cards and link lists built in Python: escaped, cut like Django's filters."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.template.defaultfilters import truncatewords

from core.templatetags.portal import _first_words, story_cards, story_links


def _story(**fields):
    section = SimpleNamespace(slug="tin-dia-phuong")
    values = {"id": 7, "title": 'Lúa <b>"mới"</b> & giá', "slug": "lua-moi", "sapo": "",
              "featured_image_id": None, "featured_image": None,
              "published_at": datetime(2024, 11, 29, 2, 30, tzinfo=UTC),
              "primary_section": section}
    values.update(fields)
    story = SimpleNamespace(**values)
    story.get_absolute_url = lambda: f"/{section.slug}/{story.slug}-{story.id}.html"
    return story


@pytest.mark.parametrize("text", [
    "", "một", "  nhiều   khoảng\n trắng  ", " ".join(["từ"] * 40), " ".join(["từ"] * 41),
    " ".join(["chữ"] * 39 + ["…"]) + " thêm nữa", "a " * 60 + "…",
])
def test_first_words_matches_djangos_truncatewords(text):
    assert _first_words(text, 40) == truncatewords(text, 40)


def test_cards_escape_titles_and_show_local_dates(settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    html = story_cards([_story(sapo="Tóm tắt <script>")], show_sapo=True)
    assert "Lúa &lt;b&gt;&quot;mới&quot;&lt;/b&gt; &amp; giá" in html
    assert "<script>" not in html and "Tóm tắt &lt;script&gt;" in html
    assert '<time datetime="2024-11-29T09:30:00+0700">29/11/2024</time>' in html
    assert 'href="/tin-dia-phuong/lua-moi-7.html"' in html


def test_cards_without_sapo_or_when_not_asked():
    assert 'class="sapo"' not in story_cards([_story(sapo="Có tóm tắt")])
    assert 'class="sapo"' not in story_cards([_story()], show_sapo=True)
    assert "card-big" in story_cards([_story()], big=True)
    assert story_cards([]) == "" and story_cards(None) == ""


def test_story_links_cut_titles_and_keep_the_full_one_on_hover():
    long_title = "Hội nghị tổng kết công tác Hội và phong trào Chữ thập đỏ năm 2024 <đặc biệt>"
    html = story_links([_story(title=long_title)], 45)
    assert 'title="Hội nghị tổng kết công tác Hội và phong trào Chữ thập đỏ năm 2024 ' \
           '&lt;đặc biệt&gt;"' in html
    shown = html.split('">', 1)[1].split("</a>")[0]
    assert shown.endswith("…") and len(shown) <= 46
