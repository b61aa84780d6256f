"""Latest announcements and documents for sidebars and list pages."""

from notices.models import Announcement, OfficialDocument


def latest_announcements(limit: int = 5) -> list[Announcement]:
    return list(Announcement.objects.visible().order_by("-published_at", "-id")[:limit])


def latest_documents(limit: int = 5) -> list[OfficialDocument]:
    return list(OfficialDocument.objects.visible().order_by("-published_at", "-id")[:limit])
