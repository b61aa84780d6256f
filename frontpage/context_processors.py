"""Template context every public page needs: the section menu and the station's identity."""

from django.http import HttpRequest

from core.caching.memo import shared
from core.edition_routing import current_edition
from core.models import StationSettings
from news.selectors import menu_sections


def portal(request: HttpRequest) -> dict:
    return {
        "menu_sections": shared(f"menu:{current_edition()}", menu_sections),
        # One row that changes once a year: cached per content generation (saves purge it).
        "station": shared("station", StationSettings.load),
    }
