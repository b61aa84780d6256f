"""Locking a month: its report is stored and no longer follows views, articles or rates;
only approvers lock and unlock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from news.models import Article
from royalties.models import GenreRate, LockedLine, LockedMonth

from .conftest import MONTH, body, client_for, local

REPORT = reverse("royalties:report")
LOCK = reverse("royalties:lock")
UNLOCK = reverse("royalties:unlock")


def figures(client, **params) -> tuple:
    report = client.get(REPORT, {"month": MONTH, **params}).context["report"]
    total = report.total
    return (total.articles, total.words, total.views, total.points, total.amount,
            [(line.title, line.views, line.amount) for line in report.lines])


def change_everything(known_month, rate_cards, sections, make_article, reporter) -> None:
    Article.objects.filter(pk=known_month["first"].pk).update(view_count=99_999, genre="video")
    rate_cards["march"].point_value = 1
    rate_cards["march"].save()
    GenreRate.objects.filter(card=rate_cards["march"], genre="reportage").update(points=50)
    make_article(title="Bài đăng muộn", owner=reporter, primary_section=sections["local"],
                 genre="reportage", published_at=local(2025, 3, 12, 8, 0), body=body("Muộn"))


def test_a_locked_month_no_longer_changes(known_month, rate_cards, sections, make_article,
                                          approver, editor, reporter):
    before = figures(client_for(editor))
    assert before[:5] == (5, 27, 1360, Decimal("11.5"), 1_150_000)
    response = client_for(approver).post(LOCK, {"month": MONTH})
    assert response.status_code == 302
    locked = LockedMonth.objects.get(month=dt.date(2025, 3, 1))
    assert (locked.locked_by, locked.point_value, locked.lines.count()) == (approver, 100_000, 5)

    change_everything(known_month, rate_cards, sections, make_article, reporter)
    assert figures(client_for(editor)) == before
    page = client_for(editor).get(REPORT, {"month": MONTH}).content.decode()
    assert "đã được lưu lại và không còn thay đổi" in page
    # A reporter's own view of the locked month is read from the stored rows too.
    own = figures(client_for(reporter))
    assert own[:5] == (2, 20, 350, Decimal("4.5"), 450_000)
    # Locking again changes nothing.
    client_for(approver).post(LOCK, {"month": MONTH})
    assert LockedMonth.objects.count() == 1 and LockedLine.objects.count() == 5

    # Unlocking computes the month again, with today's views, articles and rates.
    assert client_for(approver).post(UNLOCK, {"month": MONTH}).status_code == 302
    assert not LockedMonth.objects.exists() and not LockedLine.objects.exists()
    after = figures(client_for(editor))
    assert after != before
    assert after[0] == 6 and after[2] == 99_999 + 250 + 1000 + 7 + 3 + 0


def test_only_approvers_lock_and_unlock(known_month, reporter, editor, approver):
    for user in (reporter, editor):
        response = client_for(user).post(LOCK, {"month": MONTH})
        assert response.status_code == 403
        assert "Lãnh đạo" in response.content.decode() or "duyệt" in response.content.decode()
    assert not LockedMonth.objects.exists()
    client_for(approver).post(LOCK, {"month": MONTH})
    for user in (reporter, editor):
        assert client_for(user).post(UNLOCK, {"month": MONTH}).status_code == 403
    assert LockedMonth.objects.get().lines.count() == 5
    # Only the approver sees the buttons.
    assert "Mở khóa tháng này" not in client_for(editor).get(
        REPORT, {"month": MONTH}).content.decode()
    assert "Mở khóa tháng này" in client_for(approver).get(
        REPORT, {"month": MONTH}).content.decode()


def test_lock_needs_a_post_and_a_valid_finished_month(rate_cards, approver):
    client = client_for(approver)
    assert client.get(LOCK, {"month": MONTH}).status_code == 405
    for bad in ("", "2025-00", "tháng 3", "2025-03-01"):
        response = client.post(LOCK, {"month": bad})
        assert response.status_code == 400, bad
        assert "không phải là một tháng" in response.content.decode()
    this_month = dt.date.today().strftime("%Y-%m")
    response = client.post(LOCK, {"month": this_month}, follow=True)
    assert "chưa kết thúc" in response.content.decode()
    assert not LockedMonth.objects.exists()
