"""What readers may see at a moment, decided in this one place for every model they see.

An item is visible to readers at time ``t`` when it is

* published (``live``, Wagtail's draft state),
* dated no later than ``t`` (``published_at``: a story dated in the future appears by itself),
* not expired (``expire_at`` empty or later than ``t``: it disappears by itself, whether or
  not Wagtail's scheduler has unpublished it yet),
* not withdrawn (``withdrawn_at`` empty, for models that keep a withdrawal stamp).

Each content app registers the models readers see in its ``AppConfig.ready()``; caches use the
registry to learn which saves change public pages and when the next item appears or expires
(``next_change``). Hand-written SQL takes the same rule from ``visible_sql`` and is tested equal
to the ORM form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from django.db.models.expressions import Combinable
from django.dispatch import Signal
from django.utils import timezone

# Sent (sender=the model) when an item is taken off the site outside Wagtail's publishing
# flow (a withdrawal or an urgent takedown); caches and indexes forget it.
content_withdrawn = Signal()

_reader_models: list[type[models.Model]] = []


def register(model: type[models.Model]) -> type[models.Model]:
    """Declare that readers see `model`: it must have `live` and `published_at`."""
    if model not in _reader_models:
        _reader_models.append(model)
    return model


def reader_models() -> tuple[type[models.Model], ...]:
    return tuple(_reader_models)


def has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist
        return False
    return True


def visible_q(model: type[models.Model], now: dt.datetime | Combinable | None = None,
              published_until: dt.datetime | None = None) -> Q:
    """The rule as a filter. `now` may also be an expression evaluated per row (the search
    index asks "visible at its own publication date"). `published_until` narrows the date
    bound in the same condition (a keyset cursor), so the database sees a single upper bound
    on `published_at`."""
    now = now or timezone.now()
    upper = now if published_until is None else min(now, published_until)
    rule = Q(live=True, published_at__lte=upper)
    if has_field(model, "expire_at"):
        rule &= Q(expire_at__isnull=True) | Q(expire_at__gt=now)
    if has_field(model, "withdrawn_at"):
        rule &= Q(withdrawn_at__isnull=True)
    return rule


def is_visible(item: models.Model, now: dt.datetime | None = None) -> bool:
    """The rule for one loaded object (the same as `visible_q`)."""
    now = now or timezone.now()
    published_at = getattr(item, "published_at", None)
    expire_at = getattr(item, "expire_at", None)
    return bool(
        getattr(item, "live", False)
        and published_at is not None and published_at <= now
        and (expire_at is None or expire_at > now)
        and getattr(item, "withdrawn_at", None) is None
    )


def visible_sql(model: type[models.Model], alias: str) -> tuple[str, int]:
    """The rule as SQL over `alias`, and how many `now` parameters it takes.

    `live` is a literal truth test (no parameter), so the planner can always match the partial
    indexes declared WHERE live, prepared statement or not.
    """
    parts = [f"{alias}.live", f"{alias}.published_at <= %s"]
    count = 1
    if has_field(model, "expire_at"):
        parts.append(f"({alias}.expire_at IS NULL OR {alias}.expire_at > %s)")
        count += 1
    if has_field(model, "withdrawn_at"):
        parts.append(f"{alias}.withdrawn_at IS NULL")
    return " AND ".join(parts), count


class VisibleQuerySet(models.QuerySet):
    """The manager of every model readers see."""

    def visible(self, now: dt.datetime | None = None,
                published_until: dt.datetime | None = None) -> VisibleQuerySet:
        return self.filter(visible_q(self.model, now, published_until))

    def newest_first(self) -> VisibleQuerySet:
        return self.order_by("-published_at", "-id")


def next_change(now: dt.datetime | None = None,
                models_: Iterable[type[models.Model]] | None = None) -> dt.datetime | None:
    """The next moment after `now` at which a published item appears or expires.

    Pages and shared fragments must not outlive it. Reads one indexed row per model and bound.
    """
    now = now or timezone.now()
    moments: list[dt.datetime] = []
    for model in models_ if models_ is not None else _reader_models:
        published = model._default_manager.filter(live=True)
        appears = (published.filter(published_at__gt=now).order_by("published_at")
                   .values_list("published_at", flat=True).first())
        if appears is not None:
            moments.append(appears)
        if has_field(model, "expire_at"):
            expires = (published.filter(expire_at__gt=now).order_by("expire_at")
                       .values_list("expire_at", flat=True).first())
            if expires is not None:
                moments.append(expires)
    return min(moments) if moments else None
