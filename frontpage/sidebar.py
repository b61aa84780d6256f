"""The boxes of the sidebar every public page shows, built once per content generation."""

from __future__ import annotations

from broadcast.models import Clip
from core.caching.memo import shared
from metrics.selectors import most_read
from news import selectors
from notices.models import Announcement, OfficialDocument

BOX_SIZE = 5
# "Đọc nhiều": views counted in the last seven local days (metrics' daily table).
MOST_READ_PERIOD = "week"


def sidebar_boxes() -> dict:
    """Featured, most read, the newest announcements, documents and video clip."""
    return shared("sidebar-boxes", build_sidebar_boxes)


def build_sidebar_boxes() -> dict:
    return {
        "sidebar_featured": selectors.featured_articles(BOX_SIZE),
        "most_read": most_read(MOST_READ_PERIOD, BOX_SIZE),
        "sidebar_announcements": list(
            Announcement.objects.visible().newest_first()[:BOX_SIZE]),
        "sidebar_documents": list(OfficialDocument.objects.visible().newest_first()[:BOX_SIZE]),
        "sidebar_clip": Clip.objects.visible().select_related("poster").newest_first().first(),
    }
