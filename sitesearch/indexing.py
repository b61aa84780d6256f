"""Keep SearchEntry in step with the articles readers see, or will see as time passes."""

from __future__ import annotations

import datetime as dt
import html
import multiprocessing
import re
from collections.abc import Iterable, Iterator

from django.db import connection, connections, transaction
from django.db.models import DateTimeField, Exists, F, OuterRef, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.html import strip_tags

from core.editions import language_of_locale
from core.vietnamese import fold, nfc
from core.visibility import is_visible, visible_q
from news.models import Article
from sitesearch.models import SearchEntry
from sitesearch.pgscan import (
    EXACT_MONTHS,
    HEAD_MONTHS,
    HEAD_PAIRS,
    HEAD_TRIPLES,
    PAIRS,
    TRIPLES,
    refresh_pair_stats,
)
from sitesearch.result_cache import index_changed
from sitesearch.text import MAX_INDEXED_TOKENS, tokenize

SNIPPET_SOURCE_CHARS = 2_000
_SPACE_RE = re.compile(r"\s+")


_SIMPLE_TAG_RE = re.compile(r'</?[a-zA-Z][a-zA-Z0-9]*(?:\s+[a-zA-Z_:-]+(?:="[^"<>&]*")?)*\s*/?>')


def _plain(value: str) -> str:
    """Text of an HTML fragment, the same as strip_tags + unescape would give.

    Rich text is mostly plain tags around words: then a regular expression does what
    Django's HTML parser does, far more cheaply (a rebuild converts every article).
    """
    value = value or ""
    if "&" not in value:
        text = _SIMPLE_TAG_RE.sub("", value)
        if "<" not in text and ">" not in text:
            return _SPACE_RE.sub(" ", text).strip()
    return _SPACE_RE.sub(" ", html.unescape(strip_tags(value))).strip()


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
    tokens = tokenize(text)[:MAX_INDEXED_TOKENS]
    # exact_tokens() spelling, translated once for the whole text instead of word by word.
    exact = " ".join(tokens).replace("ð", "đ")
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
        expire_at=article.expire_at,
        head_exact=head_exact,
        head_folded=head_folded,
        body_exact=body_exact,
        body_folded=body_folded,
        snippet_text=snippet[:SNIPPET_SOURCE_CHARS],
        language=language_of_locale(article.locale_id),
    )


_FIELDS = ("id", "title", "sapo", "body", "byline", "primary_section_id", "published_at",
           "expire_at", "live", "withdrawn_at", "locale_id")


def indexable_articles(now: dt.datetime | None = None):
    """Articles readers see now or will see by themselves: core.visibility's rule at `now`,
    or at their publication date when that is later (a story dated in the future).

    The search applies the time part of the rule again at query time (SearchEntry.shown_q),
    so an article that expires later is hidden then, with or without a scheduler.
    """
    moment = Greatest(Value(now or timezone.now(), output_field=DateTimeField()),
                      F("published_at"))
    return Article.objects.filter(visible_q(Article, moment))


def is_indexable(article: Article, now: dt.datetime | None = None) -> bool:
    """`indexable_articles` for one loaded article."""
    now = now or timezone.now()
    published_at = article.published_at
    return published_at is not None and is_visible(article, max(now, published_at))


def index_article(article_id: int) -> bool:
    """Index one article from the database as it now is; drop it when readers can't see it.

    Returns True when the article is in the index afterwards.
    """
    article = Article.objects.filter(pk=article_id).only(*_FIELDS).first()
    if article is None or not is_indexable(article):
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


def _entries_for(ids: list[int]) -> list[SearchEntry]:
    """Index rows for those of `ids` that are indexable, in the order given."""
    from news.models import ArticleTag

    articles = {
        a.id: a for a in indexable_articles().filter(id__in=ids).only(*_FIELDS)
    }
    tags: dict[int, list[str]] = {}
    for object_id, name in ArticleTag.objects.filter(content_object_id__in=ids).values_list(
        "content_object_id", "tag__name"
    ):
        tags.setdefault(object_id, []).append(name)
    return [build_entry(articles[pk], tags.get(pk, [])) for pk in ids if pk in articles]


def _ids_to_index(missing_only: bool) -> list[int]:
    """Every indexable id, oldest publication first.

    A first build then lays the rows out on disk in publication order, as years of
    publishing would, so the newest-first index walks of a search read few, hot pages.
    """
    queryset = indexable_articles()
    if missing_only:
        queryset = queryset.filter(search_entry__isnull=True)
    return list(queryset.order_by("published_at", "id").values_list("id", flat=True)
                .iterator(chunk_size=20_000))


def iter_entries(batch_size: int = 1000, missing_only: bool = False) -> Iterator[list[SearchEntry]]:
    """Index rows for every indexable article, in batches, oldest publication first.

    missing_only skips articles that already have an entry (resume or top up a big build).
    """
    ids = _ids_to_index(missing_only)
    for start in range(0, len(ids), batch_size):
        yield _entries_for(ids[start : start + batch_size])


COPY_COLUMNS = ("article_id", "section_id", "published_at", "expire_at", "head_exact",
                "head_folded", "body_exact", "body_folded", "snippet_text", "language")


def _write(batch: list[SearchEntry]) -> None:
    """Replace these entries in one transaction (COPY on PostgreSQL: far cheaper than INSERT)."""
    with transaction.atomic():
        SearchEntry.objects.filter(pk__in=[entry.pk for entry in batch]).delete()
        if connection.vendor != "postgresql":
            SearchEntry.objects.bulk_create(batch, batch_size=len(batch) or 1)
            return
        table = SearchEntry._meta.db_table
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({', '.join(COPY_COLUMNS)}) FROM STDIN") as copy:
                for entry in batch:
                    copy.write_row([getattr(entry, column) for column in COPY_COLUMNS])


def _index_ids(ids: list[int]) -> int:
    batch = _entries_for(ids)
    if batch:
        _write(batch)
    return len(batch)


def _close_inherited_connections() -> None:
    connections.close_all()  # a forked child must not share its parent's connection


PG_GIN_INDEXES = {
    "search_head_gin": "head_lex",
    "search_folded_gin": "folded_lex",
    "search_exact_gin": "exact_lex",
    "search_pairs_gin": PAIRS,  # adjacent word pairs (migration 0004)
    "search_head_pairs_gin": HEAD_PAIRS,
    "search_triples_gin": TRIPLES,  # consecutive word triples (migration 0005)
    "search_head_triples_gin": HEAD_TRIPLES,
    "search_head_months_gin": HEAD_MONTHS,  # words with their month (migration 0006)
    "search_exact_months_gin": EXACT_MONTHS,
}
# Expression indexes: ANALYZE would compute their expression for every sampled row.
PAIR_INDEXES = ("search_pairs_gin", "search_head_pairs_gin", "search_triples_gin",
                "search_head_triples_gin", "search_head_months_gin", "search_exact_months_gin")


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
    ids = _ids_to_index(missing_only)
    chunks = [ids[start : start + batch_size] for start in range(0, len(ids), batch_size)]
    total = 0
    if workers > 1 and len(chunks) > 1:
        connections.close_all()
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=_close_inherited_connections) as pool:
            # In order, so the rows still reach the table roughly oldest first.
            for count in pool.imap(_index_ids, chunks):
                total += count
                index_changed()
                if progress:
                    progress(total)
    else:
        for chunk in chunks:
            total += _index_ids(chunk)
            index_changed()
            if progress:
                progress(total)
    if defer_indexes and postgres:
        with connection.cursor() as cursor:
            if connection.in_atomic_block:
                # CREATE INDEX refuses to run while deferred FK checks are still queued.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET maintenance_work_mem = '1GB'")
            for name, column in PG_GIN_INDEXES.items():
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON "
                               f"{SearchEntry._meta.db_table} USING gin ({column})")
            for name in PAIR_INDEXES:
                # ANALYZE would compute the pairs of every sampled row (see migration 0004).
                cursor.execute(f"ALTER INDEX {name} ALTER COLUMN 1 SET STATISTICS 0")
    # NOT EXISTS, not NOT IN: PostgreSQL runs NOT IN over a million ids as a nested loop.
    SearchEntry.objects.filter(
        ~Exists(indexable_articles().filter(pk=OuterRef("article_id")))
    ).delete()
    if postgres:
        with connection.cursor() as cursor:
            # Fresh word frequencies for the plan choice (sitesearch.pgscan), and, outside a
            # transaction, a visibility map so counting can skip heap pages.
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            cursor.execute(f"{verb} {SearchEntry._meta.db_table}")
            with transaction.atomic():  # its sample table lives until the commit
                refresh_pair_stats(cursor)
    index_changed()
    return total
