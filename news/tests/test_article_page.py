"""The article page reproduces the seed page's structure, in the seed's order."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from news.models import RelatedArticle
from news.tests.conftest import (
    HCM,
    SEED_BYLINE,
    SEED_CAPTION,
    SEED_FIRST,
    SEED_LAST,
    SEED_TITLE,
    assert_in_order,
    visible_text,
)
from notices.models import Announcement, OfficialDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(station, seed_article, sections, make_article):
    """The seed article with a related story, a featured one, an announcement and a document."""
    picked = make_article(title="Hội Chữ thập đỏ đồng hành cùng ngư dân nghèo vùng biển",
                          primary_section=sections["national"])
    RelatedArticle.objects.create(article=seed_article, target=picked, sort_order=0)
    neighbour = make_article(title="Thống nhất mua 120 hiện vật trưng bày tại bảo tàng tỉnh",
                             primary_section=sections["local"])
    featured = make_article(title="Biến đổi khí hậu gây thiệt hại ngang khủng hoảng tài chính",
                            primary_section=sections["national"], is_featured=True)
    Announcement.objects.create(title="Đài tuyển hợp đồng lao động năm 2024",
                                published_at=timezone.now() - timedelta(days=1))
    OfficialDocument.objects.create(
        number="1963-CV/TU", issuer="Tỉnh ủy Sóc Trăng", issued_on=datetime(2024, 7, 20).date(),
        subject="Về Lễ Quốc tang", published_at=timezone.now() - timedelta(days=1))
    return {"article": seed_article, "picked": picked, "neighbour": neighbour,
            "featured": featured}


def test_article_page_holds_every_element_of_the_seed_in_order(client, portal):
    article = portal["article"]
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert_in_order(text, [
        f"{SEED_TITLE} (Lượt xem: 106)",
        "Trang chủ » TIN TỨC » Tin địa phương",
        "Cập nhật: 29/11/2024",
        "Hội nghị tổng kết công tác Hội năm 2024",  # sapo
        SEED_FIRST,
        SEED_CAPTION,
        SEED_LAST,
        SEED_BYLINE,
        "TIN LIÊN QUAN",
        "Hội Chữ thập đỏ đồng hành cùng ngư dân nghèo…",  # hand-picked first, cut with “…”
        "Thống nhất mua 120 hiện vật trưng bày tại…",  # then the same section's newest
        "Chuyên mục", "Tin địa phương", "Tin trong nước", "Học và làm theo gương Bác",
        "Tin nổi bật", "Biến đổi khí hậu gây thiệt hại ngang khủng hoảng tài chính",
        "Thông báo", "Đài tuyển hợp đồng lao động năm 2024",
        "Văn bản", "1963-CV/TU",
        "TRANG THÔNG TIN ĐIỆN TỬ TỔNG HỢP - ĐÀI PT & TH SÓC TRĂNG.",
        "Cơ quan chủ quản: Ủy ban nhân dân tỉnh Sóc Trăng.",
        "Giám đốc: Nguyễn Văn Bốn.",
        "Giấy phép số: 287/GP-TTĐT cấp ngày 22/12/2016",
        "Địa chỉ: 132 Trần Văn Bảy, Phường 3, TP Sóc Trăng.",
        "Điện thoại: 0299 3822598 - Fax: 0299 3825876.",
        "toasoan@thst.example.vn",
        "® Cấm sao chép dưới mọi hình thức",
        "Ghi rõ nguồn THST.vn khi phát hành lại thông tin.",
    ])


def test_caption_is_a_figcaption_under_its_image(client, portal):
    body = client.get(portal["article"].get_absolute_url()).content.decode()
    assert re.search(r"<figure[^>]*>\s*<picture>(<source[^>]+>)*<img[^>]+></picture>\s*"
                     r"<figcaption>" + re.escape(SEED_CAPTION), body)


def test_related_titles_keep_the_full_title_on_hover(client, portal):
    body = client.get(portal["article"].get_absolute_url()).content.decode()
    related = body[body.index("TIN LIÊN QUAN"):]
    related = related[:related.index("</section>")]
    picked = portal["picked"]
    assert f'title="{picked.title}"' in related
    assert ">Hội Chữ thập đỏ đồng hành cùng ngư dân nghèo…</a>" in related
    # The seed page lists itself among its related stories; the portal never does.
    assert portal["article"].get_absolute_url() not in related


def test_view_count_uses_the_vietnamese_thousands_separator(client, seed_article):
    seed_article.view_count = 1_234_567
    seed_article.save()
    text = visible_text(client.get(seed_article.get_absolute_url()).content.decode())
    assert "(Lượt xem: 1.234.567)" in text


def test_dates_are_shown_in_ho_chi_minh_time(client, seed_article):
    # 20:30 UTC on 28/11 is already 29/11 in Sóc Trăng.
    late = datetime(2024, 11, 28, 20, 30, tzinfo=UTC)
    seed_article.published_at = seed_article.updated_at = late
    seed_article.save()
    text = visible_text(client.get(seed_article.get_absolute_url()).content.decode())
    assert "Cập nhật: 29/11/2024" in text


def test_update_date_wins_over_publication_date(client, seed_article):
    seed_article.updated_at = datetime(2024, 12, 2, 8, 0, tzinfo=HCM)
    seed_article.save()
    text = visible_text(client.get(seed_article.get_absolute_url()).content.decode())
    assert "Cập nhật: 02/12/2024" in text


def test_source_credit_shown_only_when_set(client, seed_article):
    text = visible_text(client.get(seed_article.get_absolute_url()).content.decode())
    assert "Nguồn:" not in text
    seed_article.source_name = "Báo Sóc Trăng"
    seed_article.source_url = "https://example.vn/bai-goc"
    seed_article.save()
    body = client.get(seed_article.get_absolute_url()).content.decode()
    assert_in_order(visible_text(body), [SEED_BYLINE, "Nguồn: Báo Sóc Trăng"])
    assert 'href="https://example.vn/bai-goc"' in body


def test_three_level_breadcrumb(client, sections, make_article):
    from news.models import Section

    district = Section(name="Huyện Mỹ Xuyên", slug="my-xuyen", parent=sections["local"])
    district.full_clean()
    district.save()
    story = make_article(title="Tin huyện", primary_section=district)
    text = visible_text(client.get(story.get_absolute_url()).content.decode())
    assert "Trang chủ » TIN TỨC » Tin địa phương » Huyện Mỹ Xuyên" in text


def test_page_under_vietnamese_has_no_english_chrome(client, portal):
    body = client.get(portal["article"].get_absolute_url()).content.decode()
    for english in ["Views", "Updated", "RELATED NEWS", "Skip to content", "Featured stories",
                    "Most read", "Announcements", "Official documents", "Sections", "Home",
                    "Director", "Address", "Phone", "Licence", "Breadcrumb", "Search news"]:
        assert not re.search(rf"\b{re.escape(english)}\b", body), english


def test_admin_preview_renders_the_unsaved_edit(admin_client, seed_article):
    """Wagtail's preview: post the edit form to the preview URL, then fetch the rendering."""
    from django.urls import reverse
    from wagtail.test.utils.form_data import (
        nested_form_data,
        querydict_from_html,
        rich_text,
        streamfield,
    )

    edit_url = reverse("wagtailsnippets_news_article:edit", args=[seed_article.pk])
    preview_url = reverse("wagtailsnippets_news_article:preview_on_edit", args=[seed_article.pk])
    form = querydict_from_html(admin_client.get(edit_url).content.decode(), form_id="w-editor-form")
    form["title"] = "Tiêu đề đang sửa, chưa lưu"
    # The body editor is drawn by JavaScript, so its fields are posted the way it would.
    form.update(nested_form_data({"body": streamfield([
        ("paragraph", rich_text(f"<p>{SEED_FIRST}</p>")),
    ])}))
    posted = admin_client.post(preview_url, form)
    assert posted.status_code == 200
    assert posted.json()["is_valid"] is True, posted.content
    rendered = admin_client.get(preview_url)
    assert rendered.status_code == 200
    text = visible_text(rendered.content.decode())
    assert_in_order(text, ["Tiêu đề đang sửa, chưa lưu (Lượt xem: 106)",
                           "Trang chủ » TIN TỨC » Tin địa phương", SEED_FIRST, SEED_BYLINE])
    seed_article.refresh_from_db()
    assert seed_article.title == SEED_TITLE  # the preview saved nothing


def test_body_plays_embedded_and_file_video_with_captions(client, sections, make_article):
    story = make_article(title="Bài có video", primary_section=sections["local"], body=[
        {"type": "video", "value": {"video_url": "", "embed_url": "https://www.youtube.com/embed/x",
                                    "poster": None, "caption": "Phóng sự truyền hình."}},
        {"type": "video", "value": {"video_url": "https://media.example.vn/a.mp4",
                                    "embed_url": "", "poster": None, "caption": ""}},
        {"type": "quote", "value": {"text": "Câu trích dẫn.", "attribution": "Ông A"}},
    ])
    body = client.get(story.get_absolute_url()).content.decode()
    assert '<iframe src="https://www.youtube.com/embed/x"' in body
    assert "<figcaption>Phóng sự truyền hình.</figcaption>" in body
    assert 'src="https://media.example.vn/a.mp4"' in body
    assert "Câu trích dẫn." in body and "Ông A" in body


def test_video_block_needs_a_url():
    from wagtail.blocks import StructBlockValidationError

    from news.blocks import VideoBlock

    block = VideoBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"video_url": "", "embed_url": "", "caption": "x"}))


def test_admin_preview_of_a_new_unsaved_article(admin_client, sections, make_article):
    from django.urls import reverse
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    make_article(title="Tin cùng mục đã đăng", primary_section=sections["local"])
    preview_url = reverse("wagtailsnippets_news_article:preview_on_add")
    data = nested_form_data({
        "title": "Bài mới chưa lưu", "sapo": "Sapo thử.", "byline": "Bài, ảnh: Hồng Nhung",
        "source_name": "", "source_url": "", "slug": "", "correction_note": "", "tags": "",
        "primary_section": sections["local"].pk, "genre": "news", "layout": "standard",
        "featured_image_caption": "",
        "published_at": "", "body": streamfield([("paragraph", rich_text("<p>Đoạn một.</p>"))]),
        "related_links-TOTAL_FORMS": 0, "related_links-INITIAL_FORMS": 0,
        "related_links-MIN_NUM_FORMS": 0, "related_links-MAX_NUM_FORMS": 1000,
    })
    assert admin_client.post(preview_url, data).json()["is_valid"] is True
    text = visible_text(admin_client.get(preview_url).content.decode())
    assert_in_order(text, ["Bài mới chưa lưu (Lượt xem: 0)", "Trang chủ » TIN TỨC » Tin địa phương",
                           "Sapo thử.", "Đoạn một.", "Bài, ảnh: Hồng Nhung", "TIN LIÊN QUAN",
                           "Tin cùng mục đã đăng"])
    from news.models import Article

    assert not Article.objects.filter(title="Bài mới chưa lưu").exists()


def test_article_page_names_its_canonical_address(client, seed_article):
    body = client.get(seed_article.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="http://testserver{seed_article.get_absolute_url()}">' \
        in body
