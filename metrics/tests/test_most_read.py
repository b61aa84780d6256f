from datetime import date, timedelta

import pytest

from metrics.models import ArticleDailyViews
from metrics.selectors import most_read

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


def views(article, days_ago: int, count: int) -> None:
    ArticleDailyViews.objects.create(article=article, day=TODAY - timedelta(days=days_ago),
                                     count=count)


def test_most_read_today_and_this_week(make_article, sections):
    a, b, c = (make_article(title=t, primary_section=sections["local"]) for t in "abc")
    hidden = make_article(title="draft", primary_section=sections["local"], live=False)
    views(a, 0, 50)
    views(b, 0, 80)
    views(a, 3, 100)
    views(c, 6, 120)
    views(c, 7, 10_000)  # eight days ago: outside the week
    views(hidden, 0, 999)
    assert [x.title for x in most_read("day", 5, today=TODAY)] == ["b", "a"]
    week = most_read("week", 5, today=TODAY)
    assert [(x.title, x.period_views) for x in week] == [("a", 150), ("c", 120), ("b", 80)]
    assert [x.title for x in most_read("week", 1, today=TODAY)] == ["a"]


def test_unknown_period_is_refused():
    with pytest.raises(ValueError):
        most_read("year")
