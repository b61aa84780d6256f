"""Admin views: article create/edit/delete with ownership, urgent takedown, the takedown log
with its CSV export, and the purge that only "Quản trị" may run after the retention period."""

from __future__ import annotations

import csv

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView

from core.spreadsheets import spreadsheet_cell
from news.models import Article
from newsroom import services
from newsroom.models import TakedownRecord

# Extra columns for the article listing (newsroom/wagtail_hooks.py adds them).
OWNER_COLUMN = Column("owner", label=gettext_lazy("Author"), accessor="owner")
WITHDRAWN_COLUMN = DateColumn("withdrawn_at", label=gettext_lazy("Withdrawn"))


class RefuseForbiddenActionsMixin:
    """Wagtail quietly treats a "publish" it does not allow as a plain save; the newsroom
    refuses it outright, so a reporter's publish attempt changes nothing at all."""

    def post(self, request, *args, **kwargs):
        if request.POST.get("action-publish") and not self.permission_policy.user_has_permission(
            request.user, "publish"
        ):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)


class ArticleCreateView(RefuseForbiddenActionsMixin, CreateView):
    """The author of a new article is its owner (the reporter who may keep editing it)."""

    def save_instance(self):
        self.form.instance.owner = self.request.user
        return super().save_instance()


class ArticleEditView(RefuseForbiddenActionsMixin, EditView):
    """Wagtail checks 'change' per model here; articles need it per instance (ownership)."""

    def user_has_permission(self, permission):
        if permission == "change" and getattr(self, "live_object", None) is not None:
            if self.permission_policy.user_has_permission_for_instance(
                self.request.user, "change", self.live_object
            ):
                return True
            task = self.current_workflow_task
            return bool(task and task.user_can_access_editor(self.object, self.request.user))
        return super().user_has_permission(permission)


class ArticleDeleteView(DeleteView):
    """Per-instance 'delete' (a reporter deletes only own drafts that never went live)."""

    def user_has_permission(self, permission):
        if permission == "delete":
            return self.permission_policy.user_has_permission_for_instance(
                self.request.user, "delete", self.object
            )
        return super().user_has_permission(permission)


def listing_url(model) -> str:
    return reverse(f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:list")


def withdraw_instead_of_delete(request: HttpRequest, instances) -> HttpResponse | None:
    """`before_delete_snippet`: a published article, announcement or official document is
    withdrawn and kept, never deleted (newsroom.services, the retention rule)."""
    items = [obj for obj in instances if services.is_retained(obj)]
    if not items or request.method != "POST":
        return None
    published = [item for item in items if services.was_published(item)]
    if not published:
        return None
    model = type(items[0])
    policy = policy_registry.get_by_type(model)
    if not services.can_withdraw(request.user, model) or not all(
        policy.user_has_permission_for_instance(request.user, "delete", item) for item in items
    ):
        raise PermissionDenied
    for item in published:
        services.withdraw(item, request.user, _("Deleted in the admin"),
                          kind=services.WITHDRAWAL)
    never_published = [item for item in items if item not in published]
    for item in never_published:
        item.delete()
    messages.success(
        request,
        _("Published items are kept for the legal retention period: %(titles)s was "
          "withdrawn from the site instead of deleted.")
        % {"titles": ", ".join(f"“{item.title}”" for item in published)},
    )
    return redirect(listing_url(model))


class TakedownForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=gettext_lazy("Required. Kept in the takedown log shown to the authorities."),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("A reason is required."))
        return reason


def _require_approver(request: HttpRequest, model=Article) -> None:
    if not services.can_withdraw(request.user, model):
        raise PermissionDenied


def takedown(request: HttpRequest, pk: int, model: str = "news.article") -> HttpResponse:
    """Urgent takedown: withdraw now, with a required reason."""
    model_class = services.retained_model(model)
    _require_approver(request, model_class)
    item = get_object_or_404(model_class, pk=pk)
    form = TakedownForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = services.withdraw(item, request.user, form.cleaned_data["reason"])
        messages.success(
            request,
            _("“%(title)s” was taken off the site in %(seconds).3f seconds.")
            % {"title": item.title, "seconds": record.seconds_to_offline or 0},
        )
        return redirect("newsroom:takedown_log")
    meta = model_class._meta
    return TemplateResponse(request, "newsroom/takedown.html", {
        "article": item, "form": form, "page_title": _("Urgent takedown"),
        "header_icon": "warning",
        "edit_url": reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit",
                            args=[item.pk]),
    })


def takedown_log(request: HttpRequest) -> HttpResponse:
    _require_approver(request)
    records = TakedownRecord.objects.select_related("user")[:500]
    return TemplateResponse(request, "newsroom/takedown_log.html", {
        "records": records, "page_title": _("Takedown log"), "header_icon": "list-ul",
    })


CSV_HEADERS = [
    gettext_lazy("No."), gettext_lazy("Time"), gettext_lazy("Article ID"),
    gettext_lazy("Title"), gettext_lazy("Address"), gettext_lazy("Kind"),
    gettext_lazy("Reason"), gettext_lazy("Performed by"),
]


def takedown_log_csv(request: HttpRequest) -> HttpResponse:
    """The takedown log as CSV: UTF-8 with a BOM so Excel shows Vietnamese correctly."""
    _require_approver(request)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-go-bai-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([str(header) for header in CSV_HEADERS])
    for number, record in enumerate(TakedownRecord.objects.order_by("created_at", "id"), 1):
        writer.writerow([spreadsheet_cell(cell) for cell in (
            number,
            timezone.localtime(record.created_at).strftime("%d/%m/%Y %H:%M:%S"),
            record.article_pk,
            record.article_title,
            request.build_absolute_uri(record.article_url) if record.article_url else "",
            record.get_kind_display(),
            record.reason,
            record.user_name,
        )])
    return response


def purge(request: HttpRequest, pk: int, model: str = "news.article") -> HttpResponse:
    """Delete a withdrawn item for good, only after its retention period ("Quản trị")."""
    if not request.user.has_perm(services.PURGE_PERMISSION):
        raise PermissionDenied
    model_class = services.retained_model(model)
    item = get_object_or_404(model_class, pk=pk)
    problems = services.purge_blockers(item)
    if request.method == "POST" and not problems:
        title = item.title
        services.purge(item, request.user)
        messages.success(request, _("“%(title)s” was purged.") % {"title": title})
        return redirect(listing_url(model_class))
    return TemplateResponse(request, "newsroom/purge.html", {
        "article": item, "problems": problems, "page_title": _("Purge for good"),
        "header_icon": "bin",
    }, status=200 if request.method == "GET" or not problems else 409)
