"""Read side of the view counts: "most read" today or this week, from the daily table."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone

from metrics.models import ArticleDailyViews

PERIOD_DAYS = {"day": 1, "week": 7}


def most_read(period: str = "day", limit: int = 5, today=None,
              language: str | None = None) -> list:
    """Visible articles with the most views in the last day or seven local days (of one
    edition when `language` is given).

    Reads the (day, -count) index of the daily table, then fetches only the winners.
    """
    from news.selectors import visible_articles

    if period not in PERIOD_DAYS:
        raise ValueError(f"period must be one of {sorted(PERIOD_DAYS)}")
    limit = max(1, min(int(limit), 50))
    today = today or timezone.localdate()
    since = today - timedelta(days=PERIOD_DAYS[period] - 1)
    rows = (ArticleDailyViews.objects.filter(day__gte=since, day__lte=today)
            .values("article_id").annotate(views=Sum("count")).order_by("-views", "-article_id"))
    # Over-fetch a little: some top articles may have been unpublished since.
    if language is not None:
        from core.editions import locale_id_of

        rows = rows.filter(article__locale_id=locale_id_of(language))
    ranked = list(rows[: limit * 3])
    ids = [row["article_id"] for row in ranked]
    articles = {a.id: a for a in visible_articles().filter(pk__in=ids)}
    result = []
    for row in ranked:
        article = articles.get(row["article_id"])
        if article is not None:
            article.period_views = row["views"]
            result.append(article)
        if len(result) == limit:
            break
    return result
