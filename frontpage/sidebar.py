"""The boxes of the sidebar every public page shows, built once per content generation."""

from __future__ import annotations

from broadcast.models import Clip, Episode, MediaKind
from core.caching.memo import shared
from core.edition_routing import current_edition
from metrics.selectors import most_read
from news import selectors
from notices.models import Announcement, OfficialDocument

BOX_SIZE = 5
# "Đọc nhiều": views counted in the last seven local days (metrics' daily table).
MOST_READ_PERIOD = "week"


def sidebar_boxes() -> dict:
    """Featured, most read, the newest announcements, documents and video, of the edition
    being rendered (documents and video are the same in both)."""
    language = current_edition()
    return shared(f"sidebar-boxes:{language}", lambda: build_sidebar_boxes(language))


def build_sidebar_boxes(language: str) -> dict:
    return {
        "sidebar_featured": selectors.featured_articles(BOX_SIZE, language),
        "most_read": most_read(MOST_READ_PERIOD, BOX_SIZE, language=language),
        "sidebar_announcements": list(
            Announcement.objects.visible().in_language(language).newest_first()[:BOX_SIZE]),
        "sidebar_documents": list(OfficialDocument.objects.visible().newest_first()[:BOX_SIZE]),
        **newest_video(),
    }


def newest_video() -> dict:
    """The station's newest video episode; a clip from elsewhere only when there is none."""
    episode = (Episode.objects.visible().filter(media_kind=MediaKind.VIDEO)
               .select_related("programme").newest_first().first())
    clip = None if episode else (
        Clip.objects.visible().select_related("poster").newest_first().first())
    return {"sidebar_episode": episode, "sidebar_clip": clip}
