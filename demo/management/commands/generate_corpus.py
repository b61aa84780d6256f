"""Fill the database with N synthetic Vietnamese articles (load tests, `make bench`).

    manage.py generate_corpus --articles 1000000 --seed 1 [--batch 5000] [--until 2026-11-28]

Generated articles are written straight into the article table: on PostgreSQL with COPY, on
SQLite with bulk_create, in batches of one transaction each. They are published (``live=True``,
``first/last_published_at`` = their publication date) but have NO revision and no entry in the
search index and no Wagtail page-tree or log entries: they exist to measure listings and pages at
scale. Editing one in the admin works as usual (its first save creates its first revision).

Article ``i`` of seed ``S`` carries ``import_key = "gen:S:i"`` and is the same whatever N is, so
running the command again with a larger N adds only the missing articles (idempotent top-up).
"""

from __future__ import annotations

import time
import uuid
from contextlib import nullcontext
from datetime import UTC, date, datetime
from datetime import time as dtime

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from taggit.models import Tag

from core.editions import DEFAULT, locale_id_of
from core.vietnamese import slugify_vi
from demo.corpus import CorpusWriter, GeneratedArticle, import_key, tag_vocabulary
from demo.demo_content import NEWS_ROOT, NEWS_SECTIONS, TOPIC_SECTIONS
from news.models import Article, ArticleTag, Section

# Local news is what a provincial station publishes most; weight it accordingly.
SECTION_WEIGHTS = {"tin-dia-phuong": 6, "tin-trong-nuoc": 2, "tin-the-gioi": 2}


def ensure_sections() -> tuple[list[int], list[int]]:
    """Create the seed's section tree when missing; return (listing section ids, topic ids).

    Ids come in a fixed slug order, so the same seed spreads articles the same way everywhere.
    The corpus is the Vietnamese edition's: a slug is unique only within one edition.
    """
    sections = Section.objects.in_language(DEFAULT)
    root, _ = sections.get_or_create(
        slug=NEWS_ROOT[1], defaults={"name": NEWS_ROOT[0], "sort_order": 0})
    news_ids = [root.id]
    for order, (name, slug) in enumerate(NEWS_SECTIONS, start=1):
        section, _ = sections.get_or_create(
            slug=slug, defaults={"name": name, "parent": root, "sort_order": order})
        news_ids.extend([section.id] * SECTION_WEIGHTS.get(slug, 1))
    topic_ids = []
    for order, (name, slug) in enumerate(TOPIC_SECTIONS, start=50):
        topic, _ = sections.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order, "is_topic": True})
        topic_ids.append(topic.id)
    return news_ids, topic_ids


def ensure_tags() -> dict[str, int]:
    """Bulk-create the corpus' tag vocabulary; return tag id by name."""
    names = tag_vocabulary()
    Tag.objects.bulk_create(
        [Tag(name=name, slug=slugify_vi(name, max_length=100)) for name in names],
        ignore_conflicts=True, batch_size=1000,
    )
    return dict(Tag.objects.filter(name__in=names).values_list("name", "id"))


def existing_indices(seed: int) -> set[int]:
    prefix = import_key(seed, 0)[:-1]
    keys = Article.objects.filter(import_key__startswith=prefix).values_list(
        "import_key", flat=True).iterator(chunk_size=20000)
    return {int(key[len(prefix):]) for key in keys if key[len(prefix):].isdigit()}


DEFER_INDEXES_MIN = 100_000


def drop_plain_indexes() -> list[str]:
    """Drop the article table's indexes that back no constraint; return their definitions."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid
            WHERE i.indrelid = %s::regclass AND c.oid IS NULL
            """,
            [Article._meta.db_table],
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f"DROP INDEX {name}")
    return [definition for _name, definition in found]


class ProgressPrinter:
    def __init__(self, stdout, total: int, started: float, every: int) -> None:
        self.stdout, self.total, self.started, self.every = stdout, total, started, every
        self.done = 0

    def advance(self, n: int) -> None:
        before, self.done = self.done, self.done + n
        if self.done // self.every != before // self.every or self.done == self.total:
            rate = self.done / max(time.monotonic() - self.started, 1e-6)
            self.stdout.write(f"  {self.done}/{self.total} ({rate:,.0f} articles/s)")


class RowTemplate:
    """The article table's columns with their default values, so a generated row only overrides
    what varies (and a column another app adds with a default needs no change here)."""

    def __init__(self) -> None:
        sample = Article(title="x", primary_section_id=0, live=True)
        self.fields = [f for f in Article._meta.concrete_fields if not f.primary_key]
        self.columns = [f.column for f in self.fields]
        self.defaults = {}
        # Generated articles are Vietnamese; each needs its own translation key.
        self.locale_id = locale_id_of(DEFAULT)
        for f in self.fields:
            value = f.pre_save(sample, add=True)
            self.defaults[f.attname] = value

    def values(self, article: GeneratedArticle, seed: int) -> dict:
        row = dict(self.defaults)
        row.update(
            title=article.title, slug=article.slug, sapo=article.sapo, body=article.body,
            byline=article.byline, primary_section_id=article.section_id,
            published_at=article.published_at, updated_at=article.published_at,
            first_published_at=article.published_at, last_published_at=article.published_at,
            view_count=article.view_count, is_featured=article.is_featured,
            import_key=import_key(seed, article.index), live=True,
            has_unpublished_changes=False, translation_key=uuid.uuid4(),
            locale_id=self.locale_id,
        )
        return row


class Command(BaseCommand):
    help = "Create N synthetic Vietnamese articles (deterministic per seed; re-runs top up)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--articles", type=int, required=True, help="total articles wanted")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument(
            "--until", default=None,
            help="newest publication date, YYYY-MM-DD (default: today); articles span ten years "
                 "before it. Same seed and --until give byte-identical articles.")

    def handle(self, *args, **options) -> None:
        total, seed, batch = options["articles"], options["seed"], options["batch"]
        if total < 0 or total > 50_000_000:
            raise CommandError("--articles must be between 0 and 50,000,000.")
        if seed < 0 or batch < 1 or batch > 100_000:
            raise CommandError("--seed must be ≥ 0 and --batch between 1 and 100,000.")
        try:
            until_day = date.fromisoformat(options["until"]) if options["until"] else (
                datetime.now(UTC).date())
        except ValueError as exc:
            raise CommandError(f"--until: {exc}") from exc
        until = datetime.combine(until_day, dtime(0, 0), tzinfo=UTC)

        started = time.monotonic()
        news_ids, topic_ids = ensure_sections()
        tag_ids = ensure_tags()
        have = existing_indices(seed)
        missing = [i for i in range(total) if i not in have]
        self.stdout.write(f"{len(have)} generated articles present for seed {seed}; "
                          f"adding {len(missing)}.")
        writer = CorpusWriter(seed, news_ids, topic_ids, until)
        template = RowTemplate()
        postgres = connection.vendor == "postgresql"
        write = self._write_postgres if postgres else self._write_orm
        # A big load into PostgreSQL goes faster without maintaining a dozen indexes row by
        # row: drop the plain ones and rebuild them at the end, all in ONE transaction so a
        # failure rolls everything back (indexes included). Small top-ups keep the indexes.
        defer = postgres and len(missing) >= max(DEFER_INDEXES_MIN, Article.objects.count())
        progress = ProgressPrinter(self.stdout, len(missing), started,
                                   every=batch * (1 if options["verbosity"] >= 2 else 20))
        with transaction.atomic() if defer else nullcontext():
            deferred = drop_plain_indexes() if defer else []
            for start in range(0, len(missing), batch):
                articles = [writer.build(i) for i in missing[start:start + batch]]
                with transaction.atomic():
                    write(articles, template, seed, tag_ids)
                progress.advance(len(articles))
            if deferred:
                self.stdout.write(f"  rebuilding {len(deferred)} indexes…")
                with connection.cursor() as cursor:
                    # Django's foreign keys are deferred: check them now, or CREATE INDEX
                    # refuses to run on a table with pending trigger events.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
                    for definition in deferred:
                        cursor.execute(definition)
        if missing and postgres and not connection.in_atomic_block:
            # Fresh statistics for the planner and a visibility map for index-only scans.
            with connection.cursor() as cursor:
                for table in (Article._meta.db_table, ArticleTag._meta.db_table,
                              ArticleTag.tag.field.related_model._meta.db_table,
                              Article.topic_sections.through._meta.db_table):
                    cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(
            f"Added {len(missing)} articles in {elapsed:.1f} s; "
            f"{len(have) + len(missing)} generated articles for seed {seed}."))

    def _write_postgres(self, articles: list[GeneratedArticle], template: RowTemplate,
                        seed: int, tag_ids: dict[str, int]) -> None:
        """COPY the batch: ids are taken from the table's sequence first so links can follow."""
        table = Article._meta.db_table
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, len(articles)])
            ids = [row[0] for row in cursor.fetchall()]
            raw = cursor.cursor
            columns = ", ".join(quote(c) for c in ["id", *template.columns])
            attnames = [f.attname for f in template.fields]
            with raw.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
                for pk, article in zip(ids, articles, strict=True):
                    row = template.values(article, seed)
                    copy.write_row([pk, *(row[name] for name in attnames)])
            tag_table = ArticleTag._meta.db_table
            with raw.copy(
                f"COPY {quote(tag_table)} (tag_id, content_object_id) FROM STDIN"
            ) as copy:
                for pk, article in zip(ids, articles, strict=True):
                    for name in article.tag_names:
                        if name in tag_ids:
                            copy.write_row((tag_ids[name], pk))
            topic_table = Article.topic_sections.through._meta.db_table
            with raw.copy(
                f"COPY {quote(topic_table)} (article_id, section_id) FROM STDIN"
            ) as copy:
                for pk, article in zip(ids, articles, strict=True):
                    if article.topic_id:
                        copy.write_row((pk, article.topic_id))

    def _write_orm(self, articles: list[GeneratedArticle], template: RowTemplate, seed: int,
                   tag_ids: dict[str, int]) -> None:
        """bulk_create for SQLite and other backends (ids come back from RETURNING)."""
        objects = Article.objects.bulk_create(
            [Article(**template.values(article, seed)) for article in articles])
        ArticleTag.objects.bulk_create([
            ArticleTag(tag_id=tag_ids[name], content_object_id=obj.pk)
            for obj, article in zip(objects, articles, strict=True)
            for name in article.tag_names if name in tag_ids
        ])
        through = Article.topic_sections.through
        through.objects.bulk_create([
            through(article_id=obj.pk, section_id=article.topic_id)
            for obj, article in zip(objects, articles, strict=True) if article.topic_id
        ])
