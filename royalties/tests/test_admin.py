"""The editor sets an article's genre in the admin; approvers keep the rate cards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from news.models import Article
from newsroom.tests.conftest import admin_url, article_data
from royalties.models import RateCard

from .conftest import client_for

RATES_ADD = reverse("wagtailsnippets_royalties_ratecard:add")


def test_the_genre_is_chosen_on_the_classification_tab(sections, editor):
    client = client_for(editor)
    form = client.get(admin_url("add")).content.decode()
    assert 'name="genre"' in form and "Phóng sự" in form and "Thể loại" in form
    response = client.post(admin_url("add"), article_data(
        sections["local"], title="Phóng sự mùa nước nổi", genre="reportage"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Article.objects.get(title="Phóng sự mùa nước nổi").genre == "reportage"
    refused = client.post(admin_url("add"), article_data(
        sections["local"], title="Thể loại lạ", genre="=cmd"))
    assert refused.status_code == 200
    assert not Article.objects.filter(title="Thể loại lạ").exists()


def test_an_article_is_a_news_item_unless_told(sections, make_article):
    assert make_article(primary_section=sections["local"]).genre == "news"


def rate_card_data(valid_from: str, point_value: str, rates: list[tuple[str, str]]) -> dict:
    return nested_form_data({
        "valid_from": valid_from, "point_value": point_value, "note": "Quyết định 12/QĐ",
        "rates": inline_formset([{"genre": genre, "points": points} for genre, points in rates]),
    })


def test_an_approver_sets_rates_from_a_month(approver):
    response = client_for(approver).post(RATES_ADD, rate_card_data(
        "2026-02-15", "85000", [("news", "1.5"), ("reportage", "4")]))
    assert response.status_code == 302, response.content.decode()[:3000]
    card = RateCard.objects.get()
    assert card.valid_from == dt.date(2026, 2, 1) and card.point_value == 85_000
    assert card.points_by_genre() == {"news": Decimal("1.5"), "reportage": Decimal(4)}
    assert RateCard.in_force(dt.date(2026, 3, 1)) == card
    assert RateCard.in_force(dt.date(2026, 1, 1)) is None
    # A second card for the same month, or a genre twice, is refused.
    again = client_for(approver).post(RATES_ADD, rate_card_data(
        "2026-02-01", "90000", [("news", "2")]))
    assert again.status_code == 200 and RateCard.objects.count() == 1
    twice = client_for(approver).post(RATES_ADD, rate_card_data(
        "2026-05-01", "90000", [("news", "2"), ("news", "3")]))
    assert twice.status_code == 200 and RateCard.objects.count() == 1
    negative = client_for(approver).post(RATES_ADD, rate_card_data(
        "2026-06-01", "-5", [("news", "-1")]))
    assert negative.status_code == 200 and RateCard.objects.count() == 1


def test_reporters_and_editors_cannot_change_rates(reporter, editor):
    for user in (reporter, editor):
        response = client_for(user).post(RATES_ADD, rate_card_data(
            "2026-02-01", "1", [("news", "100")]))
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")
    assert not RateCard.objects.exists()
