"""The monthly report through the admin: sums on a known month, who sees what, filters and
refused parameters."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from .conftest import MONTH, client_for

REPORT = reverse("royalties:report")


def totals_by_name(totals) -> dict[str, tuple]:
    return {total.name: (total.articles, total.words, total.views, total.points, total.amount)
            for total in totals}


def test_sums_on_the_known_month(known_month, editor, reporter, other_reporter):
    response = client_for(editor).get(REPORT, {"month": MONTH})
    assert response.status_code == 200
    report = response.context["report"]
    assert [line.title for line in report.lines] == [
        "Tin đầu tháng", "Bài về lúa thơm", "Phóng sự đua ghe", "Tin ngắn không chủ",
        known_month["photo"].title]
    assert totals_by_name(report.by_person) == {
        "Phongvien": (2, 20, 350, Decimal("4.5"), 450_000),
        "Phongvien2": (2, 5, 1007, Decimal("7"), 700_000),
        "(không có người phụ trách)": (1, 2, 3, Decimal("0"), 0),
    }
    assert totals_by_name(report.by_section) == {
        "Tin địa phương": (4, 12, 1110, Decimal("8.5"), 850_000),
        "Tin trong nước": (1, 15, 250, Decimal("3"), 300_000),
    }
    grand = report.total
    assert (grand.articles, grand.words, grand.views, grand.points, grand.amount) == (
        5, 27, 1360, Decimal("11.5"), 1_150_000)
    assert report.point_value == 100_000
    page = response.content.decode()
    assert "Nhuận bút" in page or "nhuận bút" in page
    assert "Phóng sự" in page and "1150000" in page.replace(".", "")


def test_a_later_rate_card_applies_from_its_month(known_month, editor):
    report = client_for(editor).get(REPORT, {"month": "2025-04"}).context["report"]
    assert [line.title for line in report.lines] == ["Tin tháng tư"]
    assert (report.point_value, report.total.points, report.total.amount) == (
        120_000, Decimal(2), 240_000)


def test_filters_by_section_with_its_subsections_and_by_person(known_month, editor, sections,
                                                               other_reporter):
    client = client_for(editor)
    national = client.get(REPORT, {"month": MONTH, "section": sections["national"].pk})
    assert [line.title for line in national.context["report"].lines] == ["Bài về lúa thơm"]
    root = client.get(REPORT, {"month": MONTH, "section": sections["root"].pk})
    assert root.context["report"].total.articles == 5
    person = client.get(REPORT, {"month": MONTH, "person": other_reporter.pk})
    assert person.context["report"].total.amount == 700_000
    both = client.get(REPORT, {"month": MONTH, "person": other_reporter.pk,
                               "section": sections["national"].pk})
    assert both.context["report"].lines == []


def test_a_reporter_sees_only_their_own(known_month, reporter, other_reporter):
    client = client_for(reporter)
    response = client.get(REPORT, {"month": MONTH})
    report = response.context["report"]
    assert {line.person_id for line in report.lines} == {reporter.pk}
    assert report.total.amount == 450_000
    assert "Phongvien2" not in response.content.decode()
    assert client.get(REPORT, {"month": MONTH, "person": other_reporter.pk}).status_code == 403
    assert client.get(REPORT, {"month": MONTH, "person": reporter.pk}).status_code == 200
    assert client.get(reverse("royalties:export_csv"),
                      {"month": MONTH, "person": other_reporter.pk}).status_code == 403


@pytest.mark.parametrize("params", [
    {"month": "2025-13"}, {"month": "2025-3"}, {"month": "0000-01"}, {"month": "tháng ba"},
    {"month": "2025-03-01"}, {"month": "٢٠٢٥-٠٣"}, {"month": "9999-01"},
    {"month": MONTH, "section": "abc"}, {"month": MONTH, "section": "999999"},
    {"month": MONTH, "section": "-1"}, {"month": MONTH, "person": "1 OR 1=1"},
    {"month": MONTH, "person": "99999999999999999999999"}, {"month": MONTH, "person": "424242"},
])
@pytest.mark.parametrize("url", ["royalties:report", "royalties:export_csv",
                                 "royalties:export_xlsx"])
def test_invalid_parameters_are_a_clear_400(rate_cards, editor, params, url):
    response = client_for(editor).get(reverse(url), params)
    assert response.status_code == 400
    message = response.content.decode().split('role="alert">')[1].split("</p>")[0].lower()
    assert any(word in message for word in ("không phải là một tháng", "chuyên mục này",
                                            "người này", "phải là một số")), message


def test_empty_month_parameter_means_this_month(rate_cards, editor):
    response = client_for(editor).get(REPORT)
    assert response.status_code == 200
    assert response.context["report"].lines == []


def test_the_report_is_in_the_reports_menu_for_every_role(reporter, editor):
    for user in (reporter, editor):
        home = client_for(user).get(reverse("wagtailadmin_home"))
        assert REPORT in home.content.decode()
