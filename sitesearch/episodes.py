"""Episodes whose folded title or description holds every word of the query: a small group
("Chương trình") shown beside the article results, read apart from the article search.

Episodes are few (hundreds a year) next to articles, so a LIKE over the folded text kept on
each episode (Episode.search_text) is enough; the article search and its SQL are untouched.
"""

from __future__ import annotations

import re

from broadcast.models import Episode
from core.vietnamese import fold

EPISODE_RESULTS = 5
MAX_WORDS = 8
_WORD_RE = re.compile(r"\w+")


def episode_matches(query: str, limit: int = EPISODE_RESULTS) -> list[Episode]:
    """Visible episodes matching every word of `query` (accents and case ignored), newest
    first; none for an empty query."""
    words = _WORD_RE.findall(fold(query or ""))[:MAX_WORDS]
    if not words:
        return []
    matches = Episode.objects.visible()
    for word in words:
        matches = matches.filter(search_text__contains=word)
    return list(matches.select_related("programme").order_by("-published_at", "-id")[:limit])
