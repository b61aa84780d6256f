"""Royalty fixtures: the newsroom's users per role, two rate cards and a known month."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from newsroom.tests.conftest import (  # noqa: F401 (fixtures)
    approver,
    client_for,
    editor,
    make_user,
    other_reporter,
    reporter,
)

MONTH = "2025-03"
FORMULA_TITLE = '=HYPERLINK("http://x.example/","Bấm")'


def local(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def body(*paragraphs: str, quote: dict | None = None) -> list[dict]:
    blocks = [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]
    if quote:
        blocks.append({"type": "quote", "value": quote})
    return blocks


@pytest.fixture
def rate_cards(db):
    from royalties.models import GenreRate, RateCard

    march = RateCard.objects.create(valid_from=dt.date(2025, 1, 1), point_value=100_000)
    for genre, points in (("news", "1.5"), ("article", "3"), ("reportage", "5"),
                          ("photo", "2")):
        GenreRate.objects.create(card=march, genre=genre, points=Decimal(points))
    april = RateCard.objects.create(valid_from=dt.date(2025, 4, 1), point_value=120_000)
    GenreRate.objects.create(card=april, genre="news", points=Decimal(2))
    return {"march": march, "april": april}


@pytest.fixture
def known_month(sections, make_article, reporter, other_reporter, rate_cards):  # noqa: F811
    """March 2025 (local time): five articles that count, four that do not.

    Expected, by hand (100.000 đồng a point; tin 1.5, bài 3, phóng sự 5, ảnh 2, tin ngắn —):
    reporter: 2 articles, 20 words, 350 views, 4.5 points, 450.000 đồng;
    other_reporter: 2 articles, 5 words, 1007 views, 7 points, 700.000 đồng;
    no owner: 1 article, 2 words, 3 views, 0 points, 0 đồng.
    """
    local_section, national = sections["local"], sections["national"]
    made = {
        "first": make_article(  # 00:30 on 1 March in Vietnam is still February in UTC
            title="Tin đầu tháng", owner=reporter, primary_section=local_section,
            genre="news", view_count=100, published_at=local(2025, 3, 1, 0, 30),
            body=body("Một hai ba bốn năm.")),
        "feature": make_article(
            title="Bài về lúa thơm", owner=reporter, primary_section=national, genre="article",
            view_count=250, published_at=local(2025, 3, 10, 9, 0),
            body=body("Sóc Trăng <b>mở</b> rộng vùng lúa thơm năm nay.",
                      quote={"text": "Người dân phấn khởi", "attribution": "Ông Tư"})),
        "reportage": make_article(
            title="Phóng sự đua ghe", owner=other_reporter, primary_section=local_section,
            genre="reportage", view_count=1000, published_at=local(2025, 3, 15, 20, 0),
            body=body("Đua ghe Ngo sôi động")),
        "photo": make_article(
            title=FORMULA_TITLE, owner=other_reporter, primary_section=local_section,
            genre="photo", view_count=7, published_at=local(2025, 3, 31, 23, 59), body=[]),
        "brief": make_article(
            title="Tin ngắn không chủ", owner=None, primary_section=local_section,
            genre="brief", view_count=3, published_at=local(2025, 3, 20, 8, 0),
            body=body("Tin ngắn")),
        # Not counted: April in Vietnam, a draft, a withdrawn story, another month.
        "april": make_article(
            title="Tin tháng tư", owner=reporter, primary_section=local_section, genre="news",
            view_count=5, published_at=local(2025, 4, 1, 0, 10), body=body("Bốn chữ ở đây")),
        "draft": make_article(
            title="Bản nháp", owner=reporter, primary_section=local_section, genre="news",
            live=False, published_at=local(2025, 3, 5, 8, 0), body=body("Nháp")),
        "withdrawn": make_article(
            title="Bài đã gỡ", owner=reporter, primary_section=local_section, genre="news",
            withdrawn_at=local(2025, 3, 6, 8, 0), published_at=local(2025, 3, 5, 8, 0),
            body=body("Gỡ")),
        "february": make_article(
            title="Tin tháng hai", owner=other_reporter, primary_section=local_section,
            genre="news", published_at=local(2025, 2, 28, 23, 59), body=body("Hai")),
    }
    return made
