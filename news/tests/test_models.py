"""Sections and articles: slugs, nesting, visibility and stable URLs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from news.models import Article, Section

pytestmark = pytest.mark.django_db


def test_section_slug_folds_vietnamese_including_d_with_stroke():
    section = Section.objects.create(name="Đắk Lắk")
    assert section.slug == "dak-lak"


def test_article_slug_folds_vietnamese(sections, make_article):
    story = make_article(title="Đắk Lắk: Đường về buôn làng", primary_section=sections["local"])
    assert story.slug == "dak-lak-duong-ve-buon-lang"


def test_editor_chosen_slug_is_kept(sections, make_article):
    story = make_article(title="Tiêu đề dài", slug="tieu-de-ngan",
                         primary_section=sections["local"])
    assert story.slug == "tieu-de-ngan"


def test_article_url_shape(sections, make_article):
    story = make_article(title="Cầu mới ở Vĩnh Châu", primary_section=sections["local"])
    assert story.get_absolute_url() == f"/tin-dia-phuong/cau-moi-o-vinh-chau-{story.pk}.html"


def test_sections_nest_at_most_three_levels(sections):
    third = Section(name="Huyện Mỹ Xuyên", slug="my-xuyen", parent=sections["local"])
    third.full_clean()
    third.save()
    fourth = Section(name="Xã Hòa Tú", slug="hoa-tu", parent=third)
    with pytest.raises(ValidationError) as error:
        fourth.full_clean()
    assert "parent" in error.value.message_dict
    assert not Section.objects.filter(name="Xã Hòa Tú").exists()


def test_moving_a_branch_keeps_the_depth_limit(sections):
    """Tin tức has children; putting it under another section would make four levels."""
    Section.objects.create(name="Huyện", slug="huyen", parent=sections["local"])
    other = Section.objects.create(name="Chuyên trang", slug="chuyen-trang")
    root = sections["root"]
    root.parent = other
    with pytest.raises(ValidationError):
        root.full_clean()
    root.refresh_from_db()
    assert root.parent_id is None


def test_a_section_cannot_contain_itself(sections):
    root = sections["root"]
    root.parent = sections["local"]
    with pytest.raises(ValidationError):
        root.full_clean()


@pytest.mark.parametrize("slug", ["admin", "thong-bao", "van-ban", "video", "api", "static"])
def test_reserved_slugs_are_refused(slug):
    section = Section(name="Thử", slug=slug)
    with pytest.raises(ValidationError) as error:
        section.full_clean()
    assert "slug" in error.value.message_dict


def test_visible_means_live_and_not_dated_in_the_future(sections, make_article):
    now = timezone.now()
    shown = make_article(title="Đã đăng", primary_section=sections["local"])
    make_article(title="Bản nháp", primary_section=sections["local"], live=False)
    make_article(title="Hẹn giờ", primary_section=sections["local"],
                 published_at=now + timedelta(hours=2))
    make_article(title="Chưa có ngày", primary_section=sections["local"], published_at=None)
    make_article(title="Đã hết hạn", primary_section=sections["local"],
                 expire_at=now - timedelta(minutes=1))
    assert list(Article.objects.visible()) == [shown]
    assert shown.is_visible
    # The same query evaluated later lets the scheduled story in.
    assert Article.objects.visible(now=now + timedelta(hours=3)).count() == 2


def test_wrong_slug_redirects_permanently_to_the_canonical_url(client, sections, make_article):
    story = make_article(title="Cầu mới ở Vĩnh Châu", primary_section=sections["local"])
    wrong = reverse("news:article", kwargs={"section_slug": "tin-dia-phuong",
                                            "slug": "ten-cu", "pk": story.pk})
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()


def test_wrong_section_redirects_permanently_to_the_canonical_url(client, sections, make_article):
    story = make_article(title="Cầu mới ở Vĩnh Châu", primary_section=sections["local"])
    wrong = f"/tin-trong-nuoc/{story.slug}-{story.pk}.html"
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()


def test_unknown_article_id_is_404(client, sections):
    assert client.get("/tin-dia-phuong/khong-co-999999.html").status_code == 404


def test_publishing_in_wagtail_stamps_publication_and_update_dates(sections):
    story = Article(title="Bài mới", primary_section=sections["local"], live=False)
    story.save()
    assert story.published_at is None
    story.save_revision().publish()
    story.refresh_from_db()
    assert story.live and story.published_at is not None
    assert story.updated_at >= story.published_at
    assert Article.objects.visible().filter(pk=story.pk).exists()


def test_admin_date_inputs_are_day_first(admin_client, sections):
    """“05/11/2024” typed in the admin is 5 November, not 11 May."""
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    data = nested_form_data({
        "title": "Bài nhập từ quản trị", "sapo": "", "byline": "", "source_name": "",
        "source_url": "", "slug": "", "correction_note": "", "tags": "",
        "primary_section": sections["local"].pk, "genre": "news", "layout": "standard",
        "featured_image_caption": "",
        "published_at": "05/11/2024 08:15", "body": streamfield([]),
        "related_links-TOTAL_FORMS": 0, "related_links-INITIAL_FORMS": 0,
        "related_links-MIN_NUM_FORMS": 0, "related_links-MAX_NUM_FORMS": 1000,
    })
    response = admin_client.post(reverse("wagtailsnippets_news_article:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    story = Article.objects.get(title="Bài nhập từ quản trị")
    local = timezone.localtime(story.published_at)
    assert (local.day, local.month, local.year, local.hour) == (5, 11, 2024, 8)
    assert not story.live  # saved as a draft, so still invisible


def test_a_thousand_articles_need_no_page_tree_work(sections):
    """Articles are rows, not pages: bulk_create writes them in a few batched statements."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Locale, Page

    pages_before = Page.objects.count()
    when = timezone.now() - timedelta(hours=1)
    vietnamese = Locale.get_default()
    rows = [Article(title=f"Bài số {n}", slug=f"bai-so-{n}", primary_section=sections["local"],
                    published_at=when, updated_at=when, live=True, locale=vietnamese)
            for n in range(1000)]
    with CaptureQueriesContext(connection) as queries:
        Article.objects.bulk_create(rows, batch_size=250)
    assert len(queries) < 100  # SQLite caps parameters per statement: ~30 batches, not 1000
    assert not any("wagtailcore_page" in q["sql"] for q in queries.captured_queries)
    assert Page.objects.count() == pages_before
    assert Article.objects.visible().filter(primary_section=sections["local"]).count() == 1000


def test_sections_are_edited_in_the_admin_and_bad_slugs_are_refused(admin_client, client,
                                                                    sections):
    url = reverse("wagtailsnippets_news_section:add")
    base = {"name": "Thể thao", "parent": sections["root"].pk, "sort_order": 20,
            "show_in_menu": "on", "description": ""}
    refused = admin_client.post(url, {**base, "slug": "video"})
    assert refused.status_code == 200
    assert "Địa chỉ này đã được cổng thông tin dành riêng." in refused.content.decode()
    assert not Section.objects.filter(name="Thể thao").exists()
    created = admin_client.post(url, {**base, "slug": "the-thao"})
    assert created.status_code == 302
    assert Section.objects.get(slug="the-thao").parent == sections["root"]
    assert 'href="/the-thao/"' in client.get("/").content.decode()  # the menu follows at once
