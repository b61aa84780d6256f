"""Hand-written SQL for the two pages that render on every cache miss: article and section.

Compiling an ORM query cost more than running it (about a millisecond per query for these
shapes), on every uncached page. These two queries are therefore written out once per
database vendor from the models' own table and column names. On PostgreSQL the article query
and a one-section listing run as prepared statements (planning them cost more than running
them; see _PreparedCursor), and the article row becomes a model instance the way
``Model.objects.raw`` makes one (which SQLite still uses). The ORM selectors remain the
reference: tests check both return the same rows on SQLite and PostgreSQL, and the EXPLAIN
tests check the same indexes serve them (for prepared statements, their generic plans).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.pictures import with_renditions
from core.visibility import visible_sql
from news.conf import conf
from news.models import Article, ArticleTag, RelatedArticle, Section, article_path
from news.selectors import descendant_ids, sections_by_id

try:  # PostgreSQL's driver comes with the prod extra; `make run` (SQLite) goes without it.
    import psycopg
except ImportError:
    psycopg = None

# What the article page reads from the row; anything else would cost a query per field.
PAGE_FIELDS = (
    "id", "title", "slug", "sapo", "body", "byline", "source_name", "source_url",
    "correction_note", "primary_section_id", "featured_image_id", "featured_image_caption",
    "published_at", "updated_at", "view_count", "layout", "ai_assisted", "locale_id",
    "translation_key",
)
# What a story card shows (core.templatetags.portal: story_cards).
CARD_FIELDS = ("id", "title", "slug", "sapo", "primary_section_id", "featured_image_id",
               "published_at")


@dataclass(slots=True)
class Card:
    """A listed story: the fields a card shows, without building twenty model instances."""

    id: int
    title: str
    slug: str
    sapo: str
    primary_section: Section
    featured_image_id: int | None
    published_at: dt.datetime
    featured_image: object = None

    @property
    def pk(self) -> int:
        return self.id

    def get_absolute_url(self) -> str:
        return article_path(self.primary_section.slug, self.slug, self.id,
                            self.primary_section.language_code)


def aware_datetime(value) -> dt.datetime:
    """A datetime column as the ORM would give it (SQLite returns naive UTC text)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value

# The visibility rule (core.visibility) over the article alias `a`, and its `now` parameters.
_VISIBLE, _VISIBLE_PARAMS = visible_sql(Article, "a")
_sql_cache: dict[tuple, str] = {}


def _columns(fields: tuple[str, ...]) -> str:
    meta = Article._meta
    return ", ".join(f"a.{meta.get_field(name).column}" for name in fields)


def _visible_params() -> list:
    # Raw SQL skips the ORM's value adaptation: on SQLite a datetime must be written the way
    # Django stores it (naive UTC text) or comparisons go wrong at equal seconds.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    return [now] * _VISIBLE_PARAMS


def _cached_sql(key: tuple, build) -> str:
    sql = _sql_cache.get(key)
    if sql is None:
        sql = _sql_cache[key] = build()
    return sql


def _article_sql(vendor: str) -> str:
    tagged, link = ArticleTag._meta, RelatedArticle._meta
    tag = tagged.get_field("tag").related_model._meta
    if vendor == "postgresql":
        tags_agg = "json_agg(t.name)"
        links_agg = "json_agg(json_build_array(r.sort_order, r.target_id))"
    else:
        tags_agg = "json_group_array(t.name)"
        links_agg = "json_group_array(json_array(r.sort_order, r.target_id))"
    return (
        f"SELECT {_columns(PAGE_FIELDS)}, "
        f"(SELECT {tags_agg} FROM {tagged.db_table} x JOIN {tag.db_table} t ON t.id = x.tag_id "
        f"WHERE x.content_object_id = a.id) AS page_tags, "
        f"(SELECT {links_agg} FROM {link.db_table} r WHERE r.article_id = a.id) AS page_links "
        f"FROM {Article._meta.db_table} a WHERE a.id = %s AND {_VISIBLE}"
    )


def _json_list(value) -> list:
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else list(value)


def _attach_section(story: Article, sections: dict[int, Section]) -> None:
    section = sections.get(story.primary_section_id)
    if section is None:  # a section added since the map was built
        section = Section.objects.get(pk=story.primary_section_id)
    story.primary_section = section


_PreparedCursor = None
if psycopg is not None:

    class _PreparedCursor(psycopg.Cursor):
        """Server-side binding, prepared on first use: planned once per connection.

        Django's cursors bind values on the client (the query text changes with every
        value), so PostgreSQL parsed and planned each execution, which for these short queries
        costs more than running them (docs/benchmarks.md). The
        settings give the connection a preparing threshold nothing reaches (only prepare=True
        prepares) and generic plans, which for these statements are the plans the planner
        picks for any value.
        """

        def execute(self, query, params=None, **kwargs):
            return super().execute(query, params, prepare=True, **kwargs)


def is_prepared_cursor(cursor) -> bool:
    """Whether a (Django-wrapped) cursor runs its queries as prepared statements."""
    return _PreparedCursor is not None and isinstance(getattr(cursor, "cursor", cursor),
                                                      _PreparedCursor)


def _prepared() -> bool:
    return (_PreparedCursor is not None and connection.vendor == "postgresql"
            and conf.PREPARED_PAGE_QUERIES)


def prepared_statements() -> bool:
    """Whether page queries run as prepared statements here (PostgreSQL, setting on)."""
    return _prepared()


def prepared_cursor():
    """A cursor whose queries are prepared once per connection (see _PreparedCursor)."""
    return _cursor(prepared=True)


def _cursor(prepared: bool = True):
    """A cursor for the page queries, inside Django's wrapper (query log, execute wrappers)."""
    if not (prepared and _prepared()):
        return connection.cursor()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = _PreparedCursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(raw)
    return connection.make_cursor(raw)


@functools.cache
def _page_field_order() -> list[tuple[int, str, object]]:
    """(position in the row, attname, converter) in the model's field order (Model.from_db)."""
    positions = {name: index for index, name in enumerate(PAGE_FIELDS)}
    order = []
    for field in Article._meta.concrete_fields:
        if field.attname in positions:
            order.append((positions[field.attname], field.attname,
                          getattr(field, "from_db_value", None)))
    return order


def _prepared_article(sql: str, params: list) -> Article | None:
    """The page query on a prepared statement, turned into an Article as raw() would."""
    with _cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    order = _page_field_order()
    values = [row[index] if convert is None else convert(row[index], None, connection)
              for index, _name, convert in order]
    story = Article.from_db(connection.alias, [name for _i, name, _c in order], values)
    story.page_tags, story.page_links = row[len(PAGE_FIELDS):]
    return story


def page_article(pk: int) -> Article | None:
    """A visible article for its page, with `tag_names` and `related_ids`: one query.

    The section comes from the shared section map and the featured image is only loaded when
    there is one.
    """
    vendor = connection.vendor
    sql = _cached_sql(("article", vendor), lambda: _article_sql(vendor))
    params = [pk, *_visible_params()]
    if _prepared():
        story = _prepared_article(sql, params)
    else:
        found = list(Article.objects.raw(sql, params))
        story = found[0] if found else None
    if story is None:
        return None
    _attach_section(story, sections_by_id())
    story.tag_names = sorted(name for name in _json_list(story.page_tags) if name)
    links = [pair for pair in _json_list(story.page_links) if pair and pair[1] is not None]
    story.related_ids = [target for _, target in sorted(links, key=lambda p: p[0] or 0)]
    return story


def _shard_sql(after: bool, limit: int) -> str:
    """One section's newest visible cards, on its (section, published_at, id) index."""
    table = Article._meta.db_table
    # After the anchor row: a range the index can seek to (the anchor's time, read once by a
    # scalar subquery), its ties excluded by a row filter.
    anchor = (f"AND a.published_at <= (SELECT b.published_at FROM {table} b WHERE b.id = %s) "
              f"AND NOT (a.published_at = (SELECT b.published_at FROM {table} b "
              f"WHERE b.id = %s) AND a.id >= %s) " if after else "")
    return (
        f"SELECT {_columns(CARD_FIELDS)} FROM {table} a "
        f"WHERE {_VISIBLE} AND a.primary_section_id = %s {anchor}"
        f"ORDER BY a.published_at DESC, a.id DESC LIMIT {int(limit)}"
    )


def _listing_sql(count: int, after: bool, limit: int) -> str:
    """A section's listing; a parent section merges one shard per section of its subtree,
    the same strategy as core.pagination's shards (news.selectors.section_shards)."""
    shard = _shard_sql(after, limit)
    if count == 1:
        return shard
    columns = ", ".join(CARD_FIELDS)
    merged = " UNION ALL ".join(
        f"SELECT {columns} FROM ({shard}) AS shard{number}" for number in range(count))
    return f"{merged} ORDER BY published_at DESC, id DESC LIMIT {int(limit)}"


def _listing_params(now_params: list, ids: list[int], after_id: int | None) -> list:
    anchor = [after_id] * 3 if after_id else []
    return [value for pk in ids for value in (*now_params, pk, *anchor)]


def section_page(section: Section, after_id: int | None,
                 size: int) -> tuple[list[Card], int | None]:
    """One keyset page of a (non-topic) section and its subsections, newest first.

    The same rows and cursor as `core.pagination.keyset_page(selectors.section_shards(...))`.
    """
    from wagtail.images import get_image_model

    if section.is_topic:
        raise ValueError("topic sections list through selectors.section_articles")
    ids = descendant_ids(section.id)
    now_params = _visible_params()
    limit = size + 1
    # Each shard has one good plan for any value (its section's own index): prepared once.
    with _cursor() as cursor:
        if after_id:
            sql = _cached_sql(("listing", len(ids), True, limit),
                              lambda: _listing_sql(len(ids), True, limit))
            cursor.execute(sql, _listing_params(now_params, ids, after_id))
            rows = cursor.fetchall()
        if not after_id or not rows and not Article.objects.filter(
                pk=after_id, published_at__isnull=False).exists():
            # Page one, or (like the ORM listing) a cursor row that does not exist.
            sql = _cached_sql(("listing", len(ids), False, limit),
                              lambda: _listing_sql(len(ids), False, limit))
            cursor.execute(sql, _listing_params(now_params, ids, None))
            rows = cursor.fetchall()
    sections = sections_by_id()
    cards = []
    for pk, title, slug, sapo, section_id, image_id, published_at in rows:
        section_of_card = sections.get(section_id) or Section.objects.get(pk=section_id)
        cards.append(Card(pk, title, slug, sapo, section_of_card, image_id,
                          aware_datetime(published_at)))
    image_ids = {card.featured_image_id for card in cards if card.featured_image_id}
    if image_ids:  # one query for every card's picture
        images = with_renditions(get_image_model().objects.all(), "card").in_bulk(image_ids)
        for card in cards:
            card.featured_image = images.get(card.featured_image_id)
    next_after = cards[size - 1].id if len(cards) > size else None
    return cards[:size], next_after
