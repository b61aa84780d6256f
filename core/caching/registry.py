"""What a change purges, as each app declares it in its ``AppConfig.ready()``.

Any item shown anywhere can appear on every public page (home, its sections, related lists,
sidebars), so a change is not traced page by page: a save of a registered model moves the
generation and empties the page cache. The page cache learns which URL namespaces it may
keep from the same registrations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import models

from core import visibility

_purging_models: list[type[models.Model]] = []
_cached_namespaces: list[str] = []
_moment_sources: list[Callable[[dt.datetime], dt.datetime | None]] = []


def purge_on_change(*model_classes: type[models.Model]) -> None:
    """Saves and deletions of these models change what readers see."""
    for model in model_classes:
        if model not in _purging_models:
            _purging_models.append(model)


def purging_models() -> tuple[type[models.Model], ...]:
    """Every registered model, the models readers see (core.visibility) included."""
    found = list(_purging_models)
    found += [model for model in visibility.reader_models() if model not in found]
    return tuple(found)


def cache_pages(*namespaces: str) -> None:
    """Anonymous GETs of these URL namespaces may be kept by the page cache."""
    for namespace in namespaces:
        if namespace not in _cached_namespaces:
            _cached_namespaces.append(namespace)


def cached_namespaces() -> tuple[str, ...]:
    return tuple(_cached_namespaces)


def expire_pages_at(source: Callable[[dt.datetime], dt.datetime | None]) -> None:
    """Pages also change by themselves at the moments `source(now)` gives (the next one after
    `now`, or None): a schedule's slot boundary, say. Items appearing and expiring
    (core.visibility) are always such moments."""
    if source not in _moment_sources:
        _moment_sources.append(source)


def next_moment(now: dt.datetime) -> dt.datetime | None:
    """The next moment after `now` at which some public page changes without any save."""
    moments = [visibility.next_change(now)]
    moments += [source(now) for source in _moment_sources]
    found = [moment for moment in moments if moment is not None and moment > now]
    return min(found) if found else None
