"""The monthly output and royalty report: which articles count, their figures and totals.

An article counts for the month (Asia/Ho_Chi_Minh) of its publication date when it is
published (`live`), not withdrawn, and that date has passed. It is credited to its owner, the
newsroom user who created it (the byline is free text and names no account). Its word count
is the body's text (paragraphs, quotes, captions) split on spaces, counted when the report is
made from the stored body: one query reads the month's articles, nothing is stored per article.
Points come from the rate card in force on the month's first day; amount = points × the
value of a point, rounded to the đồng.

A locked month is read from its stored rows instead (LockedLine), never recomputed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.badinput import InvalidInput
from core.dates import day_start
from core.vietnamese import fold
from news.models import Article, Genre, Section
from royalties.models import LockedLine, LockedMonth, RateCard
from sitesearch.indexing import body_text

MONTH_PATTERN = re.compile(r"([0-9]{4})-([0-9]{2})")
FIRST_YEAR, LAST_YEAR = 2000, 2999
ARTICLE_FIELDS = ("id", "title", "published_at", "primary_section_id", "owner_id", "genre",
                  "view_count", "body")


class MonthAlreadyLocked(Exception):
    """The month was locked already (by someone else, maybe a moment ago)."""


def parse_month(text: str | None) -> dt.date:
    """The first day of the month `text` names (YYYY-MM); this month when empty."""
    text = (text or "").strip()
    if not text:
        return timezone.localdate().replace(day=1)
    match = MONTH_PATTERN.fullmatch(text)
    if match:
        year, month = int(match[1]), int(match[2])
        if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
            return dt.date(year, month, 1)
    raise InvalidInput(
        _("“%(value)s” is not a month: write it as YYYY-MM, e.g. 2026-03, between %(first)s "
          "and %(last)s.") % {"value": text[:20], "first": FIRST_YEAR, "last": LAST_YEAR},
        "thang")


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_is_over(month: dt.date) -> bool:
    return next_month(month) <= timezone.localdate()


def person_name(user) -> str:
    if user is None:
        return _("(no owner)")
    return user.get_full_name().strip() or user.get_username()


def amount_for(points: Decimal, point_value: int) -> int:
    return int((points * point_value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def word_count(raw_body) -> int:
    return len(body_text(raw_body).split())


@dataclass
class Line:
    """One article of the report."""

    article_id: int
    title: str
    published_at: dt.datetime
    section_id: int | None
    section_name: str
    person_id: int | None
    person_name: str
    genre: str
    words: int
    views: int
    points: Decimal
    amount: int

    @property
    def genre_label(self) -> str:
        try:
            return str(Genre(self.genre).label)
        except ValueError:
            return self.genre


@dataclass
class Total:
    """Sums over a person's, a section's or the whole report's articles."""

    key: int | None = None
    name: str = ""
    articles: int = 0
    words: int = 0
    views: int = 0
    points: Decimal = Decimal(0)
    amount: int = 0

    def add(self, line: Line) -> None:
        self.articles += 1
        self.words += line.words
        self.views += line.views
        self.points += line.points
        self.amount += line.amount


@dataclass
class Report:
    month: dt.date
    lines: list[Line]
    point_value: int | None
    rate_card: RateCard | None
    locked: LockedMonth | None
    by_person: list[Total] = field(default_factory=list)
    by_section: list[Total] = field(default_factory=list)
    total: Total = field(default_factory=Total)


def section_and_descendants(section: Section) -> list[int]:
    """The section's id and its subsections' (three levels at most)."""
    ids, level = [section.pk], [section.pk]
    while level:
        level = list(Section.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        ids += level
    return ids


def compute_lines(month: dt.date, card: RateCard | None, *, section_ids: list[int] | None = None,
                  person_id: int | None = None) -> list[Line]:
    """The month's articles as report lines, computed now from the articles and `card`."""
    start, end = day_start(month), day_start(next_month(month))
    articles = Article.objects.filter(
        live=True, withdrawn_at__isnull=True, published_at__gte=start,
        published_at__lt=min(end, timezone.now() + dt.timedelta(microseconds=1)),
    )
    if section_ids is not None:
        articles = articles.filter(primary_section_id__in=section_ids)
    if person_id is not None:
        articles = articles.filter(owner_id=person_id)
    rows = list(articles.order_by("published_at", "id").values_list(*ARTICLE_FIELDS))
    points_by_genre = card.points_by_genre() if card else {}
    point_value = card.point_value if card else 0
    sections = dict(Section.objects.values_list("pk", "name"))
    people = {user.pk: user for user in
              get_user_model().objects.filter(pk__in={row[4] for row in rows if row[4]})}
    lines = []
    for pk, title, published_at, section_id, owner_id, genre, views, body in rows:
        points = points_by_genre.get(genre, Decimal(0))
        lines.append(Line(
            article_id=pk, title=title, published_at=published_at, section_id=section_id,
            section_name=sections.get(section_id, ""), person_id=owner_id,
            person_name=person_name(people.get(owner_id)), genre=genre,
            words=word_count(body.raw_data), views=views, points=points,
            amount=amount_for(points, point_value),
        ))
    return lines


def stored_lines(locked: LockedMonth, *, section_ids: list[int] | None = None,
                 person_id: int | None = None) -> list[Line]:
    rows = locked.lines.all()
    if section_ids is not None:
        rows = rows.filter(section_id__in=section_ids)
    if person_id is not None:
        rows = rows.filter(person_id=person_id)
    return [Line(
        article_id=row.article_id, title=row.title, published_at=row.published_at,
        section_id=row.section_id, section_name=row.section_name, person_id=row.person_id,
        person_name=row.person_name, genre=row.genre, words=row.words, views=row.views,
        points=row.points, amount=row.amount,
    ) for row in rows.order_by("published_at", "article_id")]


def totals(lines: Iterable[Line], key: str, name: str) -> list[Total]:
    groups: dict[int | None, Total] = {}
    for line in lines:
        group_key = getattr(line, key)
        if group_key not in groups:
            groups[group_key] = Total(key=group_key, name=getattr(line, name))
        groups[group_key].add(line)
    return sorted(groups.values(), key=lambda total: (fold(total.name).lower(), total.key or 0))


def build_report(month: dt.date, *, section: Section | None = None,
                 person_id: int | None = None) -> Report:
    """The report for `month`, narrowed to a section (with its subsections) and/or a person."""
    section_ids = section_and_descendants(section) if section else None
    locked = LockedMonth.objects.filter(month=month).first()
    if locked is not None:
        card, point_value = locked.rate_card, locked.point_value
        lines = stored_lines(locked, section_ids=section_ids, person_id=person_id)
    else:
        card = RateCard.in_force(month)
        point_value = card.point_value if card else None
        lines = compute_lines(month, card, section_ids=section_ids, person_id=person_id)
    report = Report(month=month, lines=lines, point_value=point_value, rate_card=card,
                    locked=locked)
    report.by_person = totals(lines, "person_id", "person_name")
    report.by_section = totals(lines, "section_id", "section_name")
    for line in lines:
        report.total.add(line)
    return report


def lock_month(month: dt.date, user) -> LockedMonth:
    """Freeze the month's whole report as stored rows. MonthAlreadyLocked if it is."""
    card = RateCard.in_force(month)
    try:
        with transaction.atomic():
            locked = LockedMonth.objects.create(
                month=month, rate_card=card, point_value=card.point_value if card else 0,
                locked_by=user)
            LockedLine.objects.bulk_create([
                LockedLine(locked_month=locked, article_id=line.article_id,
                           title=line.title[:300], published_at=line.published_at,
                           section_id=line.section_id, section_name=line.section_name[:150],
                           person_id=line.person_id, person_name=line.person_name[:300],
                           genre=line.genre, words=line.words, views=line.views,
                           points=line.points, amount=line.amount)
                for line in compute_lines(month, card)
            ], batch_size=1000)
    except IntegrityError:
        raise MonthAlreadyLocked from None
    return locked


def unlock_month(month: dt.date) -> bool:
    """Drop the month's stored rows: its report is computed again from then on."""
    deleted, _counts = LockedMonth.objects.filter(month=month).delete()
    return bool(deleted)
