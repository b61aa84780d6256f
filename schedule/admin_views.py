"""The admin screen where schedulers upload a week of schedule (Lịch phát sóng » Nhập lịch)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from broadcast.models import Channel
from schedule.importing import MAX_FILE_BYTES, ScheduleImportError, import_file

IMPORT_PERMISSIONS = ("schedule.add_slot", "schedule.delete_slot")


def can_import(user) -> bool:
    return user.has_perms(IMPORT_PERMISSIONS)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Schedule file"),
        help_text=gettext_lazy(
            "An .xlsx workbook or CSV with the columns Ngày, Giờ bắt đầu, Thời lượng (or Giờ "
            "kết thúc), Tên chương trình and optionally Mã chương trình, Kênh; or an XMLTV "
            "file."))
    channel = forms.ModelChoiceField(
        label=gettext_lazy("Channel"), queryset=Channel.objects.all(), required=False,
        empty_label=gettext_lazy("From the file's \"Kênh\" column"),
        help_text=gettext_lazy("The channel of every row, unless the file names it."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def import_view(request: HttpRequest) -> HttpResponse:
    """Refused files show every problem and change nothing; a good one replaces its days."""
    if not can_import(request.user):
        raise PermissionDenied
    problems: list[str] = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = import_file(upload.read(), upload.name, form.cleaned_data["channel"])
            except ScheduleImportError as error:
                problems = error.lines()
            else:
                messages.success(request, _(
                    "Imported %(created)s slots for %(channels)s from %(first)s to %(last)s "
                    "(%(replaced)s earlier slots replaced, %(linked)s linked to a programme).")
                    % {"created": result.created, "channels": ", ".join(result.channels),
                       "first": result.first_day.strftime("%d/%m/%Y"),
                       "last": result.last_day.strftime("%d/%m/%Y"),
                       "replaced": result.replaced, "linked": result.linked})
                return redirect("schedule_admin:import")
    else:
        form = ImportForm()
    return TemplateResponse(request, "schedule/admin/import.html", {
        "form": form, "problems": problems, "page_title": _("Import the schedule"),
        "header_icon": "upload", "action_url": reverse("schedule_admin:import"),
    })
