"""Run the portal's public read paths and EXPLAIN every query they send to PostgreSQL.

Used by the index tests (``metrics/tests/test_query_plans.py``) and by operators
(``manage.py explain_listings``) to check, on a big database, that each page reads indexes only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection
from django.db.models import Max

ARTICLE_TABLE = "news_article"


@contextmanager
def captured_queries():
    """Record (sql, params, prepared) of every query run inside the block."""
    from news.page_queries import is_prepared_cursor

    found: list[tuple[str, tuple, bool]] = []

    def wrapper(execute, sql, params, many, context):
        found.append((sql, params, is_prepared_cursor(context["cursor"])))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield found


def explain(sql: str, params, prepared: bool = False) -> dict:
    """The plan the query runs with: a prepared statement's is its generic plan."""
    with connection.cursor() as cursor:
        if prepared:
            cursor.execute("SHOW plan_cache_mode")
            if cursor.fetchone()[0] != "force_generic_plan":  # see PREPARED_PAGE_QUERIES
                raise RuntimeError("prepared page queries need plan_cache_mode "
                                   "force_generic_plan on the connection (settings)")
            numbers = iter(range(1, len(params) + 1))
            numbered = re.sub(r"%s", lambda _match: f"${next(numbers)}", sql)
            cursor.execute(f"PREPARE toasoan_explain AS {numbered}")
            try:
                cursor.execute("EXPLAIN (FORMAT JSON) EXECUTE toasoan_explain("
                               + ", ".join(["%s"] * len(params)) + ")", params)
                plan = cursor.fetchone()[0]
            finally:
                cursor.execute("DEALLOCATE toasoan_explain")
        else:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0]["Plan"]


def plan_nodes(plan: dict, table: str | None = None):
    """Every node with the table it reads; a Bitmap Index Scan inherits its heap scan's."""
    table = plan.get("Relation Name", table if plan["Node Type"].startswith("Bitmap") else None)
    yield plan, table
    for child in plan.get("Plans", []):
        yield from plan_nodes(child, table if plan["Node Type"].startswith("Bitmap") else None)


def summarize(plan: dict) -> list[dict]:
    """Scan nodes only: node type, table and index (what the index tests look at)."""
    return [
        {"node": node["Node Type"], "table": table, "index": node.get("Index Name")}
        for node, table in plan_nodes(plan) if table or "Index Name" in node
    ]


def _deep_cursor(queryset, pages: int) -> int | None:
    """The id after which page ``pages`` starts (as the ?sau= link would carry)."""
    from core.pagination import PAGE_SIZE

    ids = list(queryset.order_by("-published_at", "-id").values_list("id", flat=True)
               [PAGE_SIZE * (pages - 1) - 1: PAGE_SIZE * (pages - 1)])
    return ids[0] if ids else None


def cases() -> dict[str, Callable[[], object]]:
    """Each public read path, as the views run it (selectors + keyset pagination)."""
    from core.pagination import PAGE_SIZE, keyset_page
    from metrics.selectors import most_read as most_read_by_period
    from news import page_queries, selectors
    from news.models import Article, Section

    root = Section.objects.in_language("vi").get(slug="tin-tuc")
    child = Section.objects.in_language("vi").get(slug="tin-dia-phuong")
    small_child = Section.objects.in_language("vi").get(slug="doan-the")
    topic = Section.objects.filter(is_topic=True).order_by("slug").first()
    story = Article.objects.visible().filter(primary_section=child).aggregate(Max("id"))
    story_id = story["id__max"]

    def article_page():
        article = page_queries.page_article(story_id)
        selectors.related_articles(article)

    def home():
        featured = selectors.featured_articles(5)
        ids = [a.id for a in featured]
        selectors.latest_articles(8)
        for section in (root, child, small_child):
            list(selectors.section_articles(section).exclude(pk__in=ids)[:4])

    found: dict[str, Callable[[], object]] = {"home": home, "article": article_page}
    listings = [("parent_section", root), ("section", child), ("small_section", small_child),
                ("topic_section", topic)]
    # Third level, when the tree has one: a second-level parent and a third-level section.
    mid_parent = Section.objects.filter(parent__isnull=False, parent__parent__isnull=True,
                                        children__isnull=False).order_by("id").first()
    third_level = Section.objects.filter(parent__parent__isnull=False).order_by("id").first()
    listings += [(name, section) for name, section in (("mid_parent_section", mid_parent),
                                                       ("third_level_section", third_level))
                 if section is not None]
    for name, section in listings:
        listing = selectors.section_articles(section)
        deep = _deep_cursor(listing, 500) or _deep_cursor(listing, 20)
        if section.is_topic:  # as the section view lists them
            found[f"{name}_first_page"] = lambda listing=listing: keyset_page(listing, None)
            found[f"{name}_deep_page"] = lambda listing=listing, deep=deep: keyset_page(
                listing, deep)
        else:
            found[f"{name}_first_page"] = lambda s=section: page_queries.section_page(
                s, None, PAGE_SIZE)
            found[f"{name}_deep_page"] = lambda s=section, deep=deep: page_queries.section_page(
                s, deep, PAGE_SIZE)
    found["most_read_sidebar"] = lambda: most_read_by_period("week", 5)
    found["most_read_day"] = lambda: most_read_by_period("day", 5)
    found["most_read_week"] = lambda: most_read_by_period("week", 5)
    found["admin_list_newest"] = lambda: list(
        Article.objects.order_by("-published_at", "-id")[:50])
    return found


def collect() -> dict[str, list[dict]]:
    """For each case, the scans of every query it ran."""
    from django.core.cache import cache

    results: dict[str, list[dict]] = {}
    cache.clear()
    all_cases = cases()
    for name, run in all_cases.items():
        with captured_queries() as queries:
            run()
        results[name] = [
            {"sql": sql[:300], "prepared": prepared,
             "scans": summarize(explain(sql, params, prepared))}
            for sql, params, prepared in queries if sql.lstrip().upper().startswith("SELECT")
        ]
    return results


def seq_scans_on(results: dict[str, list[dict]], tables: set[str]) -> list[str]:
    return [
        f"{case}: {query['sql'][:120]}"
        for case, queries in results.items() for query in queries
        for scan in query["scans"] if scan["node"] == "Seq Scan" and scan["table"] in tables
    ]
