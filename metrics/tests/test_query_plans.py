"""At scale, every public read path uses indexes: EXPLAIN on a generated PostgreSQL corpus.

Builds its own database (toasoan_metrics_plans) with 60,000 generated articles and a year of
daily view counts, ANALYZEd, so the planner decides as it would in production (no planner
switches forced). The million-row figures come from `make bench` / explain_listings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import require_service

ROOT = Path(__file__).resolve().parents[2]
# Per process, so two checkouts testing at once never drop each other's database.
DB_NAME = f"toasoan_metrics_plans_{os.getpid()}"
PG = os.environ.get("METRICS_PLANS_PG", "postgres://postgres@127.0.0.1:5432")
ARTICLES = 60_000
BIG_TABLES = {"news_article", "news_article_topic_sections", "news_articletag",
              "metrics_articledailyviews"}


def _admin_connection():
    try:
        import psycopg

        return psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=3)
    except Exception:
        return None


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> dict:
    admin = _admin_connection()
    require_service(admin is not None, "PostgreSQL")
    with admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DB_NAME}")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "toasoan.settings.test",
           "DATABASE_URL": f"{PG}/{DB_NAME}",
           "TOASOAN_VAR_DIR": str(tmp_path_factory.mktemp("plans-var"))}

    def manage(*args: str) -> str:
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    try:
        manage("migrate", "--noinput", "-v", "0")
        manage("generate_corpus", "--articles", str(ARTICLES), "--seed", "3")
        # A third level: Tin tức » Giáo dục - KH&CN » Khoa học (with 1% of the stories).
        manage("shell", "-c", (
            "from news.models import Section as S; "
            "S(name='Khoa học', slug='khoa-hoc', "
            "parent=S.objects.get(slug='giao-duc-khoa-hoc-cong-nghe')).full_clean(); "
            "S.objects.create(name='Khoa học', slug='khoa-hoc', "
            "parent=S.objects.get(slug='giao-duc-khoa-hoc-cong-nghe'))"))
        import psycopg

        with psycopg.connect(f"{PG}/{DB_NAME}", autocommit=True) as db:
            # A year of "most read" history: each day, a few hundred articles got views.
            db.execute(f"""
                INSERT INTO metrics_articledailyviews (article_id, day, count)
                SELECT first.id + ((d.n * 300 + k.k) * 7919) % {ARTICLES}, current_date - d.n,
                       1 + (d.n * 31 + k.k * 17) % 900
                FROM (SELECT min(id) AS id FROM news_article) AS first,
                     generate_series(0, 364) AS d(n), generate_series(1, 300) AS k(k)
                ON CONFLICT DO NOTHING
            """)
            db.execute("""
                UPDATE news_article SET primary_section_id =
                    (SELECT id FROM news_section WHERE slug = 'khoa-hoc')
                WHERE id % 100 = 1
            """)
            db.execute("VACUUM ANALYZE")
        plans_found = json.loads(manage("explain_listings", "--json"))
    except BaseException:
        with _admin_connection() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        raise
    try:
        yield plans_found
    finally:
        with _admin_connection() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def indexes(plans: dict, case: str, table: str = "news_article") -> set[str]:
    return {scan["index"] for query in plans[case] for scan in query["scans"]
            if scan["table"] == table and scan["index"]}


@pytest.mark.postgres
def test_no_public_page_scans_a_big_table_sequentially(plans):
    seq = [f"{case}: {scan['table']}: {query['sql'][:100]}"
           for case, queries in plans.items() for query in queries for scan in query["scans"]
           if scan["node"] == "Seq Scan" and scan["table"] in BIG_TABLES]
    assert seq == []
    assert all(plans[case] for case in plans), "every case ran queries"


@pytest.mark.postgres
def test_each_listing_reads_its_intended_index(plans):
    newest_first = {"article_latest_listing", "article_admin_published"}
    for case in ("section_first_page", "section_deep_page", "small_section_first_page",
                 "small_section_deep_page", "third_level_section_first_page",
                 "third_level_section_deep_page"):
        assert "article_section_listing" in indexes(plans, case), case
    for case in ("parent_section_first_page", "parent_section_deep_page",
                 "mid_parent_section_first_page", "mid_parent_section_deep_page"):
        assert indexes(plans, case) & (newest_first | {"article_section_listing"}), case
    for case in ("topic_section_first_page", "topic_section_deep_page"):
        used = indexes(plans, case) | indexes(plans, case, "news_article_topic_sections")
        assert used & (newest_first | {"news_article_topic_sections_section_id_9d5c4ba8",
                                       "news_article_topic_sections_article_id_2fe53ba0",
                                       "news_article_pkey"}), case
    # The home page lists one edition's featured stories: either featured index serves it.
    assert indexes(plans, "home") & {"article_locale_featured", "article_featured_listing"}
    assert "news_article_pkey" in indexes(plans, "article")
    assert indexes(plans, "article") & {"article_section_listing"}  # related stories
    for case in ("most_read_day", "most_read_week"):
        assert "daily_views_day_count" in indexes(plans, case, "metrics_articledailyviews")
    assert indexes(plans, "admin_list_newest") & newest_first


@pytest.mark.postgres
def test_prepared_page_queries_are_checked_with_their_generic_plan(plans):
    """The article query and every section listing run prepared, with generic plans: those
    plans (not the per-value ones) are the ones the listing test above looks at. A parent
    section's listing is one shard per subsection, each with its own index, so its plan does
    not depend on the values either."""
    for case in ("article", "section_first_page", "section_deep_page",
                 "small_section_deep_page", "third_level_section_deep_page",
                 "parent_section_deep_page", "mid_parent_section_deep_page"):
        assert any(query["prepared"] for query in plans[case]), case
