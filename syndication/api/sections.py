"""/sections: the section tree, flat, in the menu's order."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Status
from ninja.decorators import decorate_view

from news.models import Section
from syndication.api.responses import ERRORS, make_router, public_cache
from syndication.api.schemas import LANG, Edition, SectionOut
from syndication.utils import absolute

router = make_router("sections")


def section_ref(section: Section) -> dict:
    """How an article names its section (and its topics)."""
    return {"id": section.id, "slug": section.slug, "name": section.name}


@router.get("", response={200: list[SectionOut], **ERRORS}, summary="All sections")
@decorate_view(public_cache)
def list_sections(request: HttpRequest, lang: Edition = LANG):
    """One edition's section tree (each edition has its own)."""
    return Status(200, [
        {**section_ref(s), "language": s.language_code, "parent_id": s.parent_id,
         "is_topic": s.is_topic, "url": absolute(request, s.get_absolute_url())}
        for s in Section.objects.in_language(lang).order_by("sort_order", "name", "id")
    ])
