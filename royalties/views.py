"""The royalty report in the admin ("Báo cáo » Nhuận bút"), its exports, and month locking.

Editors and approvers see everyone (`view_all_royalties`); anyone else with admin access, a
reporter, sees only their own articles. Approvers lock and unlock (`lock_royalty_month`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.badinput import InvalidInput
from core.spreadsheets import csv_text, xlsx_bytes
from news.models import Genre, Section
from royalties import reports

VIEW_ALL = "royalties.view_all_royalties"
LOCK = "royalties.lock_royalty_month"
DETAIL_ROWS_SHOWN = 500

# Wagtail's catalogues translate "Published", "Section" and "Words" otherwise: a context
# keeps the newsroom's words (Ngày đăng, Chuyên mục, Số chữ).
REPORT = "royalty report"
LINE_HEADERS = [
    gettext_lazy("No."), pgettext_lazy(REPORT, "Published"), gettext_lazy("Article ID"),
    gettext_lazy("Title"), pgettext_lazy(REPORT, "Section"), gettext_lazy("Person"),
    gettext_lazy("Genre"), pgettext_lazy(REPORT, "Words"), gettext_lazy("Views"),
    gettext_lazy("Points"), gettext_lazy("Amount (đồng)"),
]
TOTAL_HEADERS = [
    gettext_lazy("Number of articles"), pgettext_lazy(REPORT, "Words"), gettext_lazy("Views"),
    gettext_lazy("Points"), gettext_lazy("Amount (đồng)"),
]


def forbidden_as_403(view: Callable) -> Callable:
    """Answer a refusal with 403 and a sentence, where Wagtail's admin would redirect to the
    dashboard: a forged lock or another person's report is refused, not quietly redirected."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as refusal:
            message = str(refusal) or _("You do not have permission to do this.")
            return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")

    return wrapper


def can_view_all(user) -> bool:
    return user.has_perm(VIEW_ALL)


def can_lock(user) -> bool:
    return user.has_perm(LOCK)


def _whole_number(value: str, name: str) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise InvalidInput(_("“%(name)s” must be a number from the list.") % {"name": name},
                           name)
    return int(value)


def _filters(request: HttpRequest) -> tuple:
    """Month, section and person asked for; a reporter is always narrowed to themselves."""
    month = reports.parse_month(request.GET.get("month"))
    section = None
    if section_param := request.GET.get("section", "").strip():
        section = Section.objects.filter(pk=_whole_number(section_param, "section")).first()
        if section is None:
            raise InvalidInput(_("This section does not exist."), "section")
    person_id = None
    if person_param := request.GET.get("person", "").strip():
        person_id = _whole_number(person_param, "person")
        if not get_user_model().objects.filter(pk=person_id).exists():
            raise InvalidInput(_("This person does not exist."), "person")
    if not can_view_all(request.user):
        if person_id not in (None, request.user.pk):
            raise PermissionDenied(_("You can only see your own royalties."))
        person_id = request.user.pk
    return month, section, person_id


def _query(month, section, person_id) -> str:
    params = {"month": month.strftime("%Y-%m")}
    if section:
        params["section"] = section.pk
    if person_id:
        params["person"] = person_id
    return urlencode(params)


@forbidden_as_403
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    month, section, person_id = _filters(request)
    result = reports.build_report(month, section=section, person_id=person_id)
    view_all = can_view_all(request.user)
    people = (get_user_model().objects.filter(is_active=True).order_by("first_name", "username")
              if view_all else [])
    query = _query(month, section, person_id)
    return TemplateResponse(request, "royalties/report.html", {
        "page_title": _("Output and royalties"), "header_icon": "table",
        "report": result, "month_value": month.strftime("%Y-%m"),
        "section": section, "person_id": person_id, "view_all": view_all,
        "can_lock": can_lock(request.user), "month_over": reports.month_is_over(month),
        "sections": Section.objects.order_by("name"), "people": people,
        "lines_shown": result.lines[:DETAIL_ROWS_SHOWN],
        "lines_hidden": max(0, len(result.lines) - DETAIL_ROWS_SHOWN),
        "csv_url": reverse("royalties:export_csv") + "?" + query,
        "xlsx_url": reverse("royalties:export_xlsx") + "?" + query,
        "genres": Genre.choices, "section_label": pgettext(REPORT, "Section"),
        "rates": sorted(result.rate_card.points_by_genre().items()) if result.rate_card
        else [],
    })


def _line_rows(lines):
    for number, line in enumerate(lines, 1):
        yield (number, timezone.localtime(line.published_at).replace(tzinfo=None),
               line.article_id, line.title, line.section_name, line.person_name,
               line.genre_label, line.words, line.views, line.points, line.amount)


def _total_rows(totals, grand):
    for total in totals:
        yield (total.name, total.articles, total.words, total.views, total.points, total.amount)
    yield (_("Total"), grand.articles, grand.words, grand.views, grand.points, grand.amount)


def _filename(month, extension: str) -> str:
    return f'attachment; filename="nhuan-but-{month.strftime("%Y-%m")}.{extension}"'


@forbidden_as_403
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """Three sheets: the articles, the totals per person and per section."""
    month, section, person_id = _filters(request)
    result = reports.build_report(month, section=section, person_id=person_id)
    content = xlsx_bytes([
        (_("Articles"), LINE_HEADERS, _line_rows(result.lines)),
        (_("Per person"), [_("Person"), *TOTAL_HEADERS],
         _total_rows(result.by_person, result.total)),
        (_("Per section"), [pgettext(REPORT, "Section"), *TOTAL_HEADERS],
         _total_rows(result.by_section, result.total)),
    ])
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = _filename(month, "xlsx")
    return response


@forbidden_as_403
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    """The articles, one per row, and a last row with the totals."""
    month, section, person_id = _filters(request)
    result = reports.build_report(month, section=section, person_id=person_id)
    rows = [
        (*row[:1], row[1].strftime("%d/%m/%Y %H:%M"), *row[2:])
        for row in _line_rows(result.lines)
    ]
    grand = result.total
    rows.append(("", "", "", _("Total"), "", "", "", grand.words, grand.views, grand.points,
                 grand.amount))
    response = HttpResponse(csv_text(LINE_HEADERS, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _filename(month, "csv")
    return response


def _month_from_post(request: HttpRequest):
    if not can_lock(request.user):
        raise PermissionDenied(_("Only approvers can lock or unlock a month."))
    return reports.parse_month(request.POST.get("month") or "-")


@forbidden_as_403
@require_POST
def lock(request: HttpRequest) -> HttpResponse:
    month = _month_from_post(request)
    label = month.strftime("%m/%Y")
    if not reports.month_is_over(month):
        messages.error(request, _("Month %(month)s is not over yet; it can be locked from the "
                                  "first day of the next month.") % {"month": label})
    else:
        try:
            reports.lock_month(month, request.user)
        except reports.MonthAlreadyLocked:
            messages.warning(request, _("Month %(month)s was already locked.") % {
                "month": label})
        else:
            messages.success(request, _("Month %(month)s is locked: its report no longer "
                                        "changes.") % {"month": label})
    return redirect(reverse("royalties:report") + "?" + urlencode({"month": month.strftime(
        "%Y-%m")}))


@forbidden_as_403
@require_POST
def unlock(request: HttpRequest) -> HttpResponse:
    month = _month_from_post(request)
    if reports.unlock_month(month):
        messages.success(request, _("Month %(month)s is unlocked: its report is computed "
                                    "again from the articles and rates.") % {
            "month": month.strftime("%m/%Y")})
    return redirect(reverse("royalties:report") + "?" + urlencode({"month": month.strftime(
        "%Y-%m")}))
