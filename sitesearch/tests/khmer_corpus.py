"""The labelled Khmer set: articles of both editions and queries with their expected answers.

The data is khmer_queries.json beside this file (Khmer news of the province written for these
tests, a few Vietnamese stories, and each query's expected set of article keys, with the one
that must come first where that matters).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

DATA = json.loads(Path(__file__).with_name("khmer_queries.json").read_text(encoding="utf-8"))
ARTICLES: dict[str, dict] = DATA["articles"]
QUERIES: list[dict] = DATA["queries"]


def create_khmer_corpus(now=None) -> dict[str, int]:
    """Sections of each edition and the published articles; returns article ids by key."""
    from django.utils import timezone
    from wagtail.models import Locale

    from news.models import Article, Section

    now = now or timezone.now()
    locales = {code: Locale.objects.get_or_create(language_code=code)[0]
               for code in {section["lang"] for section in DATA["sections"]}}
    sections = {}
    for order, section in enumerate(DATA["sections"]):
        sections[section["slug"]] = Section.objects.create(
            name=section["name"], slug=section["slug"], sort_order=100 + order,
            locale=locales[section["lang"]])
    ids: dict[str, int] = {}
    for key, item in ARTICLES.items():
        published = now - timedelta(days=item["days"], hours=1)
        article = Article(
            title=item["title"], sapo=item["sapo"], byline="",
            primary_section=sections[item["section"]], locale=locales[item["lang"]],
            body=[{"type": "paragraph", "value": f"<p>{item['body']}</p>"}],
            published_at=published, updated_at=published, live=True,
        )
        article.save()
        if item["tags"]:
            article.tags.add(*item["tags"])
            article.save()
        ids[key] = article.pk
    return ids
