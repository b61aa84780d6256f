"""Template context every public page needs: the section menu and the station's identity."""

from django.http import HttpRequest

from core.models import StationSettings
from news.selectors import menu_sections


def portal(request: HttpRequest) -> dict:
    return {
        "menu_sections": menu_sections(),
        "station": StationSettings.load(request_or_site=request),
    }
