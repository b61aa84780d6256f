"""Video on demand pages."""

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render

from broadcast.models import Clip
from core.pagination import cursor_from, keyset_page


def clip_list(request: HttpRequest) -> HttpResponse:
    items, next_after = keyset_page(Clip.objects.visible().select_related("poster"),
                                    cursor_from(request), size=12)
    return render(request, "broadcast/clip_list.html",
                  {"items": items, "next_after": next_after})


def clip_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = get_object_or_404(Clip.objects.visible().select_related("poster", "programme"), pk=pk)
    if item.slug != slug:
        return HttpResponsePermanentRedirect(item.get_absolute_url())
    return render(request, "broadcast/clip_detail.html", {"item": item})
