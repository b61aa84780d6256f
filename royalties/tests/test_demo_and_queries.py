"""The demo's rates give the report numbers; a month's report costs the same few queries
however many articles it holds."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from demo import demo_content
from news.models import Genre
from royalties import reports
from royalties.models import RateCard

from .conftest import body, client_for, local


def test_the_demo_rates_price_the_demo_articles(sections, make_article, editor):
    assert demo_content.load_rates() == 1 and demo_content.load_rates() == 0
    card = RateCard.objects.get()
    assert card.point_value == demo_content.DEMO_POINT_VALUE
    assert set(card.points_by_genre()) == set(Genre.values)
    make_article(primary_section=sections["local"], owner=editor, genre=Genre.REPORTAGE,
                 published_at=timezone.now() - dt.timedelta(minutes=5))
    report = client_for(editor).get(reverse("royalties:report")).context["report"]
    assert report.total.amount == 5 * demo_content.DEMO_POINT_VALUE


def test_a_months_report_reads_its_articles_in_one_query(sections, make_article, rate_cards,
                                                        reporter, other_reporter):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            reports.build_report(dt.date(2025, 3, 1))
        return len(captured)

    make_article(primary_section=sections["local"], owner=reporter, genre="news",
                 published_at=local(2025, 3, 2, 8, 0), body=body("Một"))
    few = queries()
    for day in range(3, 28):
        make_article(primary_section=sections["national"],
                     owner=reporter if day % 2 else other_reporter, genre="article",
                     published_at=local(2025, 3, day, 8, 0), body=body("Hai chữ"))
    assert queries() == few
    assert reports.build_report(dt.date(2025, 3, 1)).total.articles == 26
