"""The result cache: a page of results is kept only while nothing readers see can change it.

Pages are keyed on two generations: the index's (moved by every index write, rebuilds
included) and the content's (core.caching.generation: publishing moves it, and so does the
scheduler when an item appears or expires). Time alone also changes what readers see, with
no write and whether or not a scheduler runs, so a page is stored with the next moment an
article appears or expires (core.visibility.next_change) and never served past it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import time
from collections.abc import Callable

from django.core.cache import cache
from django.utils import timezone, translation

from core.caching.generation import current_generation
from core.visibility import next_change
from news.models import Article
from sitesearch import conf
from sitesearch.params import Checked
from sitesearch.results import SearchPage

INDEX_GENERATION_KEY = "sitesearch:generation"
PAGE_PREFIX = "sitesearch:page"


def index_changed() -> None:
    """Called on every index write: cached pages of older index generations are never read."""
    if conf.cache_seconds():
        cache.set(INDEX_GENERATION_KEY, time.time_ns(), None)


def _index_generation() -> int:
    generation = cache.get(INDEX_GENERATION_KEY)
    if generation is None:  # never set or evicted: start a generation no old page can have
        generation = time.time_ns()
        if not cache.add(INDEX_GENERATION_KEY, generation, None):
            generation = cache.get(INDEX_GENERATION_KEY, generation)
    return generation


def _key(checked: Checked) -> str:
    fingerprint = repr((checked.parsed.clauses, checked.section_ids, checked.start,
                        checked.end, checked.sort, checked.page, checked.language,
                        translation.get_language()))
    digest = hashlib.sha1(fingerprint.encode()).hexdigest()
    return f"{PAGE_PREFIX}:{_index_generation()}:{current_generation()}:{digest}"


def cached(checked: Checked, build: Callable[[dt.datetime], SearchPage]) -> SearchPage:
    """The page `build(now)` makes, from the cache while it is still what readers would see."""
    seconds = conf.cache_seconds()
    if not seconds:
        return build(timezone.now())
    key = _key(checked)
    now = timezone.now()
    stored = cache.get(key)
    if stored is not None:
        valid_until, page = stored
        if valid_until is None or now < valid_until:
            return page
    page = build(now)
    valid_until = next_change(now, (Article,))
    timeout = seconds
    if valid_until is not None:
        timeout = max(1, min(seconds, math.ceil((valid_until - now).total_seconds())))
    cache.set(key, (valid_until, page), timeout)
    return page
