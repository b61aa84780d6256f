"""The same item in the other edition: hreflang alternates for sitemaps and page heads.

An article, section or announcement and its translations share a translation key (Wagtail
i18n); each visible one is an alternate of the others, and the default edition's address is
the x-default. Only what readers see is listed (core.visibility).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import models

from core.editions import DEFAULT, language_of_locale, locale_id_of

X_DEFAULT = "x-default"


def _readable(model: type[models.Model]) -> models.QuerySet:
    manager = model._default_manager
    return manager.visible() if hasattr(manager.all(), "visible") else manager.all()


def alternates(obj: models.Model) -> list[tuple[str, str]]:
    """[(language, path), …] of `obj`'s visible editions (itself included) and the
    x-default, or [] when it exists in one edition only."""
    rows = [(language_of_locale(other.locale_id), other.get_absolute_url())
            for other in _readable(type(obj)).filter(translation_key=obj.translation_key)
            .order_by("locale_id")]
    return with_default(rows)


def with_default(rows: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    rows = sorted(set(rows))
    if len(rows) < 2:
        return []
    default = next((path for language, path in rows if language == DEFAULT), rows[0][1])
    return [*rows, (X_DEFAULT, default)]


def translated_groups(model: type[models.Model], fields: list[str],
                      path: Callable[[tuple], str]) -> dict:
    """{translation key: alternates} for every item that has a visible translation.

    Reads the other editions' items first (the few) and then their twins through the
    (translation_key, locale) index, so a million Vietnamese rows are never scanned.
    `path` builds an address from a row of `fields` (locale_id first).
    """
    readable = _readable(model)
    keys = list(readable.exclude(locale_id=locale_id_of(DEFAULT))
                .values_list("translation_key", flat=True))
    if not keys:
        return {}
    groups: dict = defaultdict(list)
    for key, *row in readable.filter(translation_key__in=keys).values_list(
            "translation_key", "locale_id", *fields):
        groups[key].append((language_of_locale(row[0]), path(tuple(row))))
    return {key: found for key, rows in groups.items() if (found := with_default(rows))}
