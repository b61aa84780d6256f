"""Which edition an address belongs to, and the URL prefix that carries it.

The Vietnamese edition (the default language) keeps its addresses without any prefix; the
Khmer edition is the same pages under ``/km/``. ``EditionMiddleware`` activates the language
from the path alone, before any URL is resolved, and ``edition_patterns`` wraps the public
pages in a prefix that is ``km/`` while Khmer is active and empty otherwise, so ``reverse()``
gives each edition its own addresses.

Django's ``LocaleMiddleware`` is not used: it would read ``Accept-Language`` and cookies for
unprefixed paths and add ``Vary: Accept-Language`` to their responses, which would split
nginx's page cache of Vietnamese pages by browser language. Here the path decides alone and
responses vary by nothing new.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import URLResolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from core.editions import editions

KHMER = "km"


def prefixed_editions() -> tuple[str, ...]:
    """The editions under their own prefix: every content language but the default."""
    return tuple(code for code in editions() if code != settings.LANGUAGE_CODE)


def edition_of_path(path: str) -> str:
    """The language of the edition `path` belongs to: ``km`` under /km/, else the default."""
    for language in prefixed_editions():
        if path == f"/{language}" or path.startswith(f"/{language}/"):
            return language
    return settings.LANGUAGE_CODE


def current_edition() -> str:
    """The edition of the page being rendered (the active language when it has one)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language if language in prefixed_editions() else settings.LANGUAGE_CODE


class EditionPrefixPattern(LocalePrefixPattern):
    """``km/`` while Khmer is active, nothing for any other language (the admin's English
    included), so a reverse() outside the Khmer edition always gives the unprefixed address."""

    def __init__(self) -> None:
        super().__init__(prefix_default_language=False)

    @property
    def language_prefix(self) -> str:
        language = translation.get_language()
        return f"{language}/" if language in prefixed_editions() else ""


def edition_patterns(*urls) -> list[URLResolver]:
    """The public pages, served in every edition (Django's i18n_patterns, prefix by edition)."""
    return [URLResolver(EditionPrefixPattern(), list(urls))]


class EditionMiddleware:
    """Activates the edition's language from the path, for the resolver, views and templates.

    Unprefixed paths get the default language exactly as before (no Accept-Language, no cookie,
    no Vary); /km/... gets Khmer and ``Content-Language: km``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = edition_of_path(request.path_info)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language != settings.LANGUAGE_CODE:
            response.headers.setdefault("Content-Language", language)
        return response
