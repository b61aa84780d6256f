"""Home and section pages, keyset pagination, related stories and what readers never see."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from broadcast.models import Clip
from core.pagination import keyset_page
from news import selectors
from news.models import Article, RelatedArticle
from news.tests.conftest import assert_in_order, visible_text
from notices.models import Announcement, OfficialDocument

pytestmark = pytest.mark.django_db


def _walk(client, url: str) -> tuple[list[int], int]:
    """Follow ?sau= links from the first page; return the article ids in order and page count."""
    import re

    ids, pages, next_url = [], 0, url
    while next_url:
        body = client.get(next_url).content.decode()
        pages += 1
        ids += [int(pk) for pk in re.findall(r'class="card[^"]*">.*?-(\d+)\.html"', body, re.S)]
        match = re.search(r'rel="next" href="\?sau=(\d+)"', body)
        next_url = f"{url}?sau={match.group(1)}" if match else None
        assert pages < 50, "pagination does not end"
    return ids, pages


@pytest.fixture
def crowded_section(sections, make_article):
    """45 stories in Tin địa phương, in groups of five sharing the same publication time."""
    base = timezone.now().replace(microsecond=0) - timedelta(days=1)
    stories = []
    for n in range(45):
        stories.append(make_article(title=f"Tin số {n}", primary_section=sections["local"],
                                    published_at=base - timedelta(minutes=n // 5)))
    return sorted(stories, key=lambda a: (a.published_at, a.pk), reverse=True)


def test_section_pages_continue_exactly_without_gaps_or_duplicates(client, crowded_section):
    ids, pages = _walk(client, "/tin-dia-phuong/")
    assert ids == [a.pk for a in crowded_section]
    assert pages == 3  # 20 + 20 + 5


def test_keyset_page_after_a_tied_row_starts_with_its_tied_neighbour(crowded_section):
    queryset = selectors.section_articles(crowded_section[0].primary_section)
    first, cursor = keyset_page(queryset, None, size=7)  # ends inside a tie group
    second, _ = keyset_page(queryset, cursor, size=7)
    assert [a.pk for a in first + second] == [a.pk for a in crowded_section[:14]]
    assert first[-1].published_at == second[0].published_at


def test_deep_pages_cost_the_same_indexed_query_as_the_first(crowded_section):
    queryset = selectors.section_articles(crowded_section[0].primary_section)
    with CaptureQueriesContext(connection) as first:
        keyset_page(queryset, None, size=5)
    with CaptureQueriesContext(connection) as deep:
        keyset_page(queryset, crowded_section[39].pk, size=5)
    assert len(deep) <= len(first) + 1  # one extra lookup for the cursor row, nothing per page
    assert not any("OFFSET" in q["sql"].upper() for q in deep.captured_queries)


def test_bad_cursor_is_refused_with_a_link_to_the_first_page(client, crowded_section):
    for bad in ["abc", "-5", "0", "1" * 30, "9223372036854775808", "%ED%A0%80", "1&sau=x"]:
        response = client.get(f"/tin-dia-phuong/?sau={bad}")
        assert response.status_code == 400
        page = response.content.decode()
        assert "Liên kết tới trang tiếp theo bị hỏng" in visible_text(page)
        assert '<a href="/tin-dia-phuong/">Về trang đầu của danh sách</a>' in page
        assert "no-store" in response["Cache-Control"]
        assert response["X-Accel-Expires"] == "0"
    # A cursor that is a row id, but of no row in this list, still starts at page one.
    response = client.get("/tin-dia-phuong/?sau=999999")
    assert response.status_code == 200
    assert f"-{crowded_section[0].pk}.html" in response.content.decode()


def test_section_page_lists_subsections_newest_first(client, sections, make_article):
    now = timezone.now()
    older = make_article(title="Tin địa phương cũ", primary_section=sections["local"],
                         published_at=now - timedelta(days=2))
    newer = make_article(title="Tin trong nước mới", primary_section=sections["national"],
                         published_at=now - timedelta(hours=2))
    text = visible_text(client.get("/tin-tuc/").content.decode())
    assert_in_order(text, ["Trang chủ » TIN TỨC", newer.title, older.title])


def test_topic_page_lists_tagged_articles(client, sections, make_article):
    story = make_article(title="Học Bác mỗi ngày", primary_section=sections["local"])
    story.topic_sections.add(sections["topic"])
    story.save()  # a parental many-to-many is written with its article
    make_article(title="Không thuộc chuyên đề", primary_section=sections["local"])
    body = client.get("/hoc-va-lam-theo-guong-bac/").content.decode()
    assert "Học Bác mỗi ngày" in visible_text(body.split('<aside')[0])
    assert "Không thuộc chuyên đề" not in visible_text(body.split('<aside')[0])


def test_unknown_section_is_404(client, sections):
    assert client.get("/khong-co-chuyen-muc/").status_code == 404


def test_home_shows_featured_latest_per_section_notices_and_a_video(client, station, sections,
                                                                    make_article):
    make_article(title="Tin nổi bật của tuần", primary_section=sections["local"],
                 is_featured=True)
    make_article(title="Tin trong nước hôm nay", primary_section=sections["national"])
    # Enough older stories for the latest list and a section block: the home never shows a
    # story twice (curation.home), so each place needs its own.
    for day in range(1, 17):
        make_article(title=f"Tin trong nước cũ {day}", primary_section=sections["national"],
                     published_at=timezone.now() - timedelta(days=day))
    Announcement.objects.create(title="Thông báo tuyển dụng phóng viên",
                                published_at=timezone.now() - timedelta(hours=1))
    OfficialDocument.objects.create(number="18-KH/ĐPTTH", issuer="Đài", subject="Kế hoạch năm",
                                    issued_on=timezone.localdate(),
                                    published_at=timezone.now() - timedelta(hours=1))
    Clip.objects.create(title="Bản tin thời sự tối", embed_url="https://example.vn/embed/1",
                        published_at=timezone.now() - timedelta(hours=1))
    response = client.get("/")
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert_in_order(text, ["Tin nổi bật của tuần", "Tin trong nước hôm nay", "Tin mới nhất",
                           "Tin trong nước cũ 4", "Tin trong nước cũ 11",
                           "Tin trong nước cũ 12"])
    for expected in ["Video", "Bản tin thời sự tối", "Thông báo tuyển dụng phóng viên",
                     "18-KH/ĐPTTH", "Giám đốc: Nguyễn Văn Bốn."]:
        assert expected in text
    assert 'src="https://example.vn/embed/1"' in response.content.decode()


def test_related_lists_picked_first_then_same_section_never_self_nor_invisible(
        sections, make_article):
    now = timezone.now()
    story = make_article(title="Bài chính", primary_section=sections["local"],
                         published_at=now - timedelta(hours=5))
    picked_far = make_article(title="Chọn tay từ mục khác", primary_section=sections["national"],
                              published_at=now - timedelta(days=30))
    picked_draft = make_article(title="Chọn tay nhưng là nháp",
                                primary_section=sections["local"], live=False)
    neighbours = [make_article(title=f"Cùng mục {n}", primary_section=sections["local"],
                               published_at=now - timedelta(hours=n)) for n in range(1, 4)]
    make_article(title="Cùng mục hẹn giờ", primary_section=sections["local"],
                 published_at=now + timedelta(hours=1))
    RelatedArticle.objects.create(article=story, target=picked_draft, sort_order=0)
    RelatedArticle.objects.create(article=story, target=picked_far, sort_order=1)
    RelatedArticle.objects.create(article=story, target=story, sort_order=2)  # a slip
    related = selectors.related_articles(story)
    assert related == [picked_far, *neighbours]
    assert len(selectors.related_articles(story, limit=2)) == 2


@pytest.fixture
def hidden(sections, make_article):
    """A draft and a scheduled story that would otherwise top every list."""
    future = timezone.now() + timedelta(days=1)
    return [
        make_article(title="BẢN NHÁP BÍ MẬT", primary_section=sections["local"], live=False,
                     is_featured=True, view_count=10**6),
        make_article(title="TIN HẸN GIỜ BÍ MẬT", primary_section=sections["local"],
                     published_at=future, is_featured=True, view_count=10**6),
    ]


def test_drafts_and_scheduled_articles_are_invisible_everywhere(client, sections, make_article,
                                                                hidden):
    shown = make_article(title="Tin công khai", primary_section=sections["local"])
    for story in hidden:
        RelatedArticle.objects.create(article=shown, target=story)
        story.topic_sections.add(sections["topic"])
        assert client.get(story.get_absolute_url()).status_code == 404
    for url in ["/", "/tin-tuc/", "/tin-dia-phuong/", "/hoc-va-lam-theo-guong-bac/",
                shown.get_absolute_url(), "/thong-bao/", "/van-ban/", "/video/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "BÍ MẬT" not in body, url
    assert "Tin công khai" in client.get("/").content.decode()


def test_unpublished_draft_changes_of_a_live_article_stay_private(client, sections,
                                                                  make_article):
    story = make_article(title="Bản đã đăng", primary_section=sections["local"])
    story.save_revision().publish()
    editing = Article.objects.get(pk=story.pk)
    editing.title = "Bản đang sửa chưa duyệt"
    editing.save_revision()  # a draft revision only; the public row keeps the live version
    body = client.get(story.get_absolute_url()).content.decode()
    assert "Bản đã đăng" in body
    assert "Bản đang sửa chưa duyệt" not in body


def test_most_read_box_ranks_by_views(client, sections, make_article):
    from metrics.models import ArticleDailyViews

    few = make_article(title="Ít người đọc", primary_section=sections["local"], view_count=3)
    many = make_article(title="Nhiều người đọc", primary_section=sections["local"],
                        view_count=2345)
    # Lifetime counts do not rank the box: the views of the last seven days do.
    make_article(title="Cũ mà nhiều lượt xem", primary_section=sections["local"],
                 view_count=99999)
    today = timezone.localdate()
    ArticleDailyViews.objects.create(article=few, day=today, count=3)
    ArticleDailyViews.objects.create(article=many, day=today - timedelta(days=6), count=2345)
    text = visible_text(client.get("/").content.decode())
    assert_in_order(text, ["Đọc nhiều", "Nhiều người đọc", "Ít người đọc"])
    assert "Cũ mà nhiều lượt xem" not in text.split("Đọc nhiều", 1)[1]



def test_section_page_queries_do_not_grow_with_its_articles(client, sections, make_article,
                                                            test_image):
    """Cards with pictures are read in the listing query itself: no query per card."""
    def count_queries() -> int:
        client.get("/tin-dia-phuong/")  # warm caches (menu, renditions)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/tin-dia-phuong/").status_code == 200
        return len(queries)

    for n in range(2):
        make_article(title=f"Có ảnh {n}", primary_section=sections["local"],
                     featured_image=test_image)
    few = count_queries()
    for n in range(2, 20):
        make_article(title=f"Có ảnh {n}", primary_section=sections["local"],
                     featured_image=test_image)
    assert count_queries() == few
