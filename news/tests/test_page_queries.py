"""The hand-written page queries return exactly what the ORM selectors return."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from core.pagination import keyset_page
from news import page_queries, selectors
from news.models import RelatedArticle

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_sections(sections, make_article):
    """Ties in publication time, subsections, and stories readers must not see."""
    base = timezone.now().replace(microsecond=0) - timedelta(days=2)
    for n in range(30):
        make_article(title=f"Tin địa phương {n}", primary_section=sections["local"],
                     published_at=base - timedelta(minutes=n // 4))
    for n in range(12):
        make_article(title=f"Tin trong nước {n}", primary_section=sections["national"],
                     published_at=base - timedelta(minutes=n // 3, seconds=30))
    make_article(title="Bản nháp", primary_section=sections["local"], live=False)
    make_article(title="Hẹn giờ", primary_section=sections["local"],
                 published_at=timezone.now() + timedelta(hours=2))
    make_article(title="Hết hạn", primary_section=sections["local"],
                 expire_at=timezone.now() - timedelta(minutes=1))
    return sections


def _orm_walk(section, size):
    pages, cursor = [], None
    while True:
        rows, cursor = keyset_page(selectors.section_articles(section), cursor, size=size)
        pages.append(([row.pk for row in rows], cursor))
        if cursor is None:
            return pages


def _fast_walk(section, size):
    pages, cursor = [], None
    while True:
        rows, cursor = page_queries.section_page(section, cursor, size)
        pages.append(([row.pk for row in rows], cursor))
        if cursor is None:
            return pages


@pytest.mark.parametrize("name", ["local", "national", "root"])
@pytest.mark.parametrize("size", [5, 7, 20])
def test_section_pages_match_the_orm_listing_page_by_page(mixed_sections, name, size):
    section = mixed_sections[name]
    assert _fast_walk(section, size) == _orm_walk(section, size)


def test_a_cursor_that_does_not_exist_gives_the_first_page_like_the_orm(mixed_sections):
    section = mixed_sections["local"]
    fast, fast_next = page_queries.section_page(section, 10**12, 5)
    orm, orm_next = keyset_page(selectors.section_articles(section), 10**12, size=5)
    assert [a.pk for a in fast] == [a.pk for a in orm] and fast_next == orm_next


def test_cards_come_with_their_section_without_a_query(mixed_sections):
    selectors.sections_by_id()
    rows, _ = page_queries.section_page(mixed_sections["root"], None, 20)
    with CaptureQueriesContext(connection) as queries:
        urls = [row.get_absolute_url() for row in rows]
    assert len(queries) == 0
    assert all(url.startswith(("/tin-dia-phuong/", "/tin-trong-nuoc/")) for url in urls)


def test_topics_are_refused_they_list_through_the_orm(mixed_sections):
    with pytest.raises(ValueError):
        page_queries.section_page(mixed_sections["topic"], None, 20)


def test_page_article_reads_one_row_with_tags_and_links(sections, make_article):
    story = make_article(title="Bài có thẻ", primary_section=sections["local"], view_count=7)
    first = make_article(title="Liên quan một", primary_section=sections["national"])
    second = make_article(title="Liên quan hai", primary_section=sections["national"])
    story.tags.add("Sóc Trăng", "An toàn giao thông", "Lúa gạo")
    story.save()  # a cluster keeps its tags in memory until saved
    RelatedArticle.objects.create(article=story, target=second, sort_order=0)
    RelatedArticle.objects.create(article=story, target=first, sort_order=1)
    selectors.sections_by_id()  # shared by every page of the generation
    with CaptureQueriesContext(connection) as queries:
        found = page_queries.page_article(story.pk)
    assert len(queries) == 1
    assert found.title == "Bài có thẻ" and found.view_count == 7
    assert found.tag_names == sorted(Tag.objects.values_list("name", flat=True))
    assert found.related_ids == [second.pk, first.pk]
    assert found.primary_section.lineage()[0].slug == "tin-tuc"
    assert [block.block_type for block in found.body] == ["paragraph"]
    related = selectors.related_articles(found)
    assert [a.pk for a in related[:2]] == [second.pk, first.pk]


def test_page_article_without_tags_or_links(sections, make_article):
    story = make_article(primary_section=sections["local"])
    found = page_queries.page_article(story.pk)
    assert found.tag_names == [] and found.related_ids == []


@pytest.mark.parametrize("fields", [
    {"live": False},
    {"published_at": None},
    {"published_at_offset": timedelta(hours=1)},
    {"expire_at_offset": -timedelta(seconds=1)},
])
def test_page_article_hides_what_readers_may_not_see(sections, make_article, fields):
    values = {"primary_section": sections["local"]}
    if "published_at_offset" in fields:
        values["published_at"] = timezone.now() + fields["published_at_offset"]
    elif "expire_at_offset" in fields:
        values["expire_at"] = timezone.now() + fields["expire_at_offset"]
    else:
        values.update(fields)
    story = make_article(**values)
    assert page_queries.page_article(story.pk) is None
    assert not selectors.visible_articles().filter(pk=story.pk).exists()


def test_page_article_of_an_unknown_id_is_none(db):
    assert page_queries.page_article(987654321) is None


def test_a_cursor_on_an_undated_draft_gives_the_first_page_like_the_orm(mixed_sections,
                                                                        make_article):
    draft = make_article(primary_section=mixed_sections["local"], live=False, published_at=None)
    section = mixed_sections["local"]
    fast, fast_next = page_queries.section_page(section, draft.pk, 5)
    orm, orm_next = keyset_page(selectors.section_articles(section), draft.pk, size=5)
    assert [a.pk for a in fast] == [a.pk for a in orm] and fast_next == orm_next
    assert len(fast) == 5


def _page_fields(story) -> dict:
    values = {name: getattr(story, name) for name in page_queries.PAGE_FIELDS}
    values["body"] = list(story.body.raw_data)
    return {**values, "tags": story.tag_names, "links": story.related_ids,
            "section": story.primary_section.pk}


@pytest.mark.postgres  # SQLite has one path only: there the comparison could not fail
def test_the_prepared_article_query_gives_what_the_plain_one_gives(sections, make_article,
                                                                   settings):
    story = make_article(title="Bài “đặc biệt” & <thẻ>", primary_section=sections["local"],
                         byline="Minh Tâm", source_name="TTXVN", view_count=3)
    story.tags.add("Sóc Trăng")
    story.save()
    settings.PREPARED_PAGE_QUERIES = False
    plain = page_queries.page_article(story.pk)
    settings.PREPARED_PAGE_QUERIES = True
    for _twice in range(2):  # the second run uses the statement prepared by the first
        assert _page_fields(page_queries.page_article(story.pk)) == _page_fields(plain)
    assert page_queries.page_article(987654321) is None


@pytest.mark.postgres
def test_the_article_query_is_planned_once_per_connection(sections, make_article, settings):
    settings.PREPARED_PAGE_QUERIES = True
    story = make_article(primary_section=sections["local"])
    for _run in range(3):
        page_queries.page_article(story.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any(s.startswith("SELECT a.id, a.title") and "$1" in s for s in statements)
    with CaptureQueriesContext(connection) as queries:  # Django still sees and logs it
        page_queries.page_article(story.pk)
    assert len(queries) == 1


def test_the_embedded_default_needs_no_postgresql_driver(tmp_path):
    """`make run` installs no psycopg (it is in the prod extra): the pages must still import."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import sys; sys.modules['psycopg'] = None\n"  # makes `import psycopg` fail
        "import django; django.setup()\n"
        "from news import page_queries, views\n"
        "assert page_queries.psycopg is None and not page_queries.is_prepared_cursor(object())\n"
        "print('imported')\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "toasoan.settings.test",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "TOASOAN_VAR_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parents[2],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "imported" in done.stdout
