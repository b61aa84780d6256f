"""Announcement and document pages, paginated by keyset like the sections."""

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render

from core.edition_routing import current_edition
from core.pagination import cursor_from, keyset_page
from notices.models import Announcement, OfficialDocument


def announcement_list(request: HttpRequest) -> HttpResponse:
    items, next_after = keyset_page(
        Announcement.objects.visible().in_language(current_edition()), cursor_from(request))
    return render(request, "notices/announcement_list.html",
                  {"items": items, "next_after": next_after})


def announcement_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = get_object_or_404(Announcement.objects.visible(), pk=pk)
    if request.path != item.get_absolute_url():  # another slug, or the other edition's prefix
        return HttpResponsePermanentRedirect(item.get_absolute_url())
    return render(request, "notices/announcement_detail.html",
                  {"item": item, "attachments": item.attachments.select_related("document")})


def document_list(request: HttpRequest) -> HttpResponse:
    items, next_after = keyset_page(
        OfficialDocument.objects.visible().select_related("file"), cursor_from(request))
    return render(request, "notices/document_list.html",
                  {"items": items, "next_after": next_after})


def document_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = get_object_or_404(OfficialDocument.objects.visible().select_related("file"), pk=pk)
    if item.slug != slug:
        return HttpResponsePermanentRedirect(item.get_absolute_url())
    return render(request, "notices/document_detail.html", {"item": item})
