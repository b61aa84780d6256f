"""The one keyset pagination: cursors, visibility, and shards merged like a single listing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from core.pagination import BadCursor, keyset_page, parse_cursor
from news.models import Article
from news.selectors import section_shards


@pytest.mark.parametrize("raw", ["abc", "-5", "0", "1.5", "1" * 20, "٣", " 7", "7 "])
def test_anything_but_a_row_id_is_a_bad_cursor(raw):
    with pytest.raises(BadCursor):
        parse_cursor(raw)


def test_no_cursor_and_a_row_id():
    assert parse_cursor(None) is None and parse_cursor("") is None
    assert parse_cursor("42") == 42


@pytest.fixture
def spread(db, sections, make_article):
    """Stories over three sections of one parent, with ties on the publication time."""
    base = timezone.now().replace(microsecond=0) - timedelta(days=1)
    stories = []
    for n in range(23):
        section = [sections["local"], sections["national"], sections["root"]][n % 3]
        stories.append(make_article(title=f"Tin {n}", primary_section=section,
                                    published_at=base - timedelta(minutes=n // 4)))
    return stories


def walk(source, size: int) -> list[int]:
    seen, cursor = [], None
    while True:
        rows, cursor = keyset_page(source, cursor, size)
        seen += [row.id for row in rows]
        if cursor is None:
            return seen


def test_shards_page_exactly_like_one_listing(spread, sections):
    expected = list(Article.objects.visible().newest_first().values_list("id", flat=True))
    assert walk(section_shards(sections["root"]), size=5) == expected
    assert walk(Article.objects.all(), size=7) == expected


def test_only_visible_rows_are_listed_whatever_queryset_is_passed(spread, sections,
                                                                 make_article):
    now = timezone.now()
    hidden = [
        make_article(title="Nháp", primary_section=sections["local"], live=False),
        make_article(title="Hẹn giờ", primary_section=sections["local"],
                     published_at=now + timedelta(hours=1)),
    ]
    expired = make_article(title="Hết hạn", primary_section=sections["local"])
    Article.objects.filter(pk=expired.pk).update(expire_at=now - timedelta(minutes=1))
    hidden.append(expired)
    listed = walk(Article.objects.all(), size=6)
    assert not {story.id for story in hidden} & set(listed)
    assert len(listed) == len(spread)


def test_a_cursor_on_an_invisible_row_reveals_nothing(spread, sections, make_article):
    future = make_article(title="Bài tương lai", primary_section=sections["local"],
                          published_at=timezone.now() + timedelta(days=30))
    rows, _ = keyset_page(Article.objects.all(), future.id, size=50)
    assert [row.id for row in rows] == list(
        Article.objects.visible().newest_first().values_list("id", flat=True))
