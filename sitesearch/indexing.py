"""Keep SearchEntry in step with the articles readers can see."""

from __future__ import annotations

import html
import multiprocessing
import re
from collections.abc import Iterable, Iterator

from django.db import connection, connections, transaction
from django.db.models import Max, Min
from django.utils.html import strip_tags

from core.vietnamese import fold, nfc
from news.models import Article
from sitesearch.models import SearchEntry
from sitesearch.search import index_changed
from sitesearch.text import MAX_INDEXED_TOKENS, exact_tokens

SNIPPET_SOURCE_CHARS = 2_000
_SPACE_RE = re.compile(r"\s+")


def _plain(value: str) -> str:
    return _SPACE_RE.sub(" ", html.unescape(strip_tags(value or ""))).strip()


def body_text(raw_body: Iterable[dict] | None) -> str:
    """Readable text of a body StreamField's raw JSON: paragraphs, quotes and captions."""
    parts: list[str] = []
    for block in raw_body or []:
        value = block.get("value")
        kind = block.get("type")
        if kind == "paragraph" and isinstance(value, str):
            parts.append(_plain(value))
        elif isinstance(value, dict):
            for key in ("text", "caption", "attribution"):
                if value.get(key):
                    parts.append(_plain(str(value[key])))
    return " ".join(part for part in parts if part)


def _tokens(text: str) -> tuple[str, str]:
    tokens = exact_tokens(text)[:MAX_INDEXED_TOKENS]
    exact = " ".join(tokens)
    folded = fold(exact)  # one call for the whole text; words stay aligned one to one
    if folded.count(" ") != exact.count(" ") or "  " in folded:
        folded = " ".join(fold(token) for token in tokens)
    return exact, folded


def build_entry(article: Article, tag_names: Iterable[str]) -> SearchEntry:
    """The index row for one article (not saved)."""
    head = " ".join([article.title, *tag_names])
    sapo = _SPACE_RE.sub(" ", article.sapo or "").strip()  # plain text, not HTML
    text = body_text(article.body.raw_data if hasattr(article.body, "raw_data") else article.body)
    head_exact, head_folded = _tokens(head)
    body_exact, body_folded = _tokens(" ".join([sapo, text, article.byline]))
    snippet = nfc(" ".join(p for p in (sapo, text) if p))
    return SearchEntry(
        article_id=article.pk,
        section_id=article.primary_section_id,
        published_at=article.published_at,
        head_exact=head_exact,
        head_folded=head_folded,
        body_exact=body_exact,
        body_folded=body_folded,
        snippet_text=snippet[:SNIPPET_SOURCE_CHARS],
    )


def indexable_articles():
    """Live articles with a date; future-dated ones are indexed and filtered at query time."""
    return Article.objects.filter(live=True, published_at__isnull=False)


def index_article(article_id: int) -> bool:
    """Index one article from the database as it now is; drop it when readers can't see it.

    Returns True when the article is in the index afterwards.
    """
    article = (
        indexable_articles().filter(pk=article_id)
        .only("id", "title", "sapo", "body", "byline", "primary_section_id", "published_at")
        .first()
    )
    if article is None:
        remove_article(article_id)
        return False
    tags = list(article.tags.values_list("name", flat=True))
    entry = build_entry(article, tags)
    with transaction.atomic():
        # Delete then insert keeps the SQLite FTS triggers simple and costs one row either way.
        SearchEntry.objects.filter(pk=article_id).delete()
        entry.save(force_insert=True)
    index_changed()
    return True


def remove_article(article_id: int) -> None:
    if SearchEntry.objects.filter(pk=article_id).delete()[0]:
        index_changed()


def iter_entries(batch_size: int = 1000, first_id: int = 0, last_id: int | None = None,
                 missing_only: bool = False) -> Iterator[list[SearchEntry]]:
    """Index rows for every indexable article (ids first_id..last_id), in batches, streaming.

    missing_only skips articles that already have an entry (resume or top up a big build).
    """
    from news.models import ArticleTag

    queryset = (
        indexable_articles()
        .only("id", "title", "sapo", "body", "byline", "primary_section_id", "published_at")
        .order_by("id")
    )
    if last_id is not None:
        queryset = queryset.filter(id__lte=last_id)
    if missing_only:
        queryset = queryset.filter(search_entry__isnull=True)
    cursor = first_id - 1
    while True:
        articles = list(queryset.filter(id__gt=cursor)[:batch_size])
        if not articles:
            return
        ids = [a.id for a in articles]
        tags: dict[int, list[str]] = {}
        for object_id, name in ArticleTag.objects.filter(content_object_id__in=ids).values_list(
            "content_object_id", "tag__name"
        ):
            tags.setdefault(object_id, []).append(name)
        yield [build_entry(a, tags.get(a.id, [])) for a in articles]
        cursor = ids[-1]


def _index_range(batch_size: int, first_id: int, last_id: int | None, missing_only: bool,
                 progress=None) -> int:
    total = 0
    for batch in iter_entries(batch_size, first_id, last_id, missing_only):
        with transaction.atomic():
            SearchEntry.objects.filter(pk__in=[entry.pk for entry in batch]).delete()
            SearchEntry.objects.bulk_create(batch, batch_size=batch_size)
        total += len(batch)
        index_changed()
        if progress:
            progress(total)
    return total


def _index_range_in_child(args: tuple[int, int, int, bool]) -> int:
    from django.db import connections

    connections.close_all()  # a forked child must not share its parent's connection
    return _index_range(*args)


PG_GIN_INDEXES = {
    "search_head_gin": "head_lex",
    "search_folded_gin": "folded_lex",
    "search_exact_gin": "exact_lex",
}


def rebuild(batch_size: int = 1000, progress=None, workers: int = 1,
            defer_indexes: bool = False, missing_only: bool = False) -> int:
    """Re-index every indexable article batch by batch, then drop entries of the others.

    Search keeps answering during the rebuild: each batch replaces its own rows in one
    transaction instead of the whole index being emptied first. For a first build of a big
    corpus on PostgreSQL, `defer_indexes` drops the GIN indexes and builds them once at the
    end (much faster than growing them row by row; searches are slow meanwhile), and
    `workers` > 1 tokenizes id ranges in parallel processes.
    """
    postgres = connection.vendor == "postgresql"
    if defer_indexes and postgres:
        with connection.cursor() as cursor:
            for name in PG_GIN_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
    if workers > 1:
        bounds = indexable_articles().aggregate(low=Min("id"), high=Max("id"))
        low, high = bounds["low"] or 0, bounds["high"] or 0
        step = (high - low) // workers + 1
        ranges = [(batch_size, low + i * step, low + (i + 1) * step - 1, missing_only)
                  for i in range(workers)]
        connections.close_all()
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            total = sum(pool.map(_index_range_in_child, ranges))
    else:
        total = _index_range(batch_size, 0, None, missing_only, progress)
    if defer_indexes and postgres:
        with connection.cursor() as cursor:
            if connection.in_atomic_block:
                # CREATE INDEX refuses to run while deferred FK checks are still queued.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET maintenance_work_mem = '1GB'")
            for name, column in PG_GIN_INDEXES.items():
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON "
                               f"{SearchEntry._meta.db_table} USING gin ({column})")
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
    SearchEntry.objects.exclude(article__in=indexable_articles().values("pk")).delete()
    index_changed()
    return total
