"""Keep SearchEntry in step with the articles readers can see."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

from django.db import transaction
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
    return " ".join(tokens), " ".join(fold(token) for token in tokens)


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


def iter_entries(batch_size: int = 1000) -> Iterator[list[SearchEntry]]:
    """Index rows for every indexable article, in batches, streaming from the database."""
    from news.models import ArticleTag

    queryset = (
        indexable_articles()
        .only("id", "title", "sapo", "body", "byline", "primary_section_id", "published_at")
        .order_by("id")
    )
    last_id = 0
    while True:
        articles = list(queryset.filter(id__gt=last_id)[:batch_size])
        if not articles:
            return
        ids = [a.id for a in articles]
        tags: dict[int, list[str]] = {}
        for object_id, name in ArticleTag.objects.filter(content_object_id__in=ids).values_list(
            "content_object_id", "tag__name"
        ):
            tags.setdefault(object_id, []).append(name)
        yield [build_entry(a, tags.get(a.id, [])) for a in articles]
        last_id = ids[-1]


def rebuild(batch_size: int = 1000, progress=None) -> int:
    """Re-index every indexable article batch by batch, then drop entries of the others.

    Search keeps answering during the rebuild: each batch replaces its own rows in one
    transaction instead of the whole index being emptied first.
    """
    total = 0
    for batch in iter_entries(batch_size):
        with transaction.atomic():
            SearchEntry.objects.filter(pk__in=[entry.pk for entry in batch]).delete()
            SearchEntry.objects.bulk_create(batch, batch_size=batch_size)
        total += len(batch)
        index_changed()
        if progress:
            progress(total)
    SearchEntry.objects.exclude(article__in=indexable_articles().values("pk")).delete()
    index_changed()
    return total
