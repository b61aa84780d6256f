"""Latest on-demand video for the home page and sidebars."""

from broadcast.models import Clip


def latest_clip() -> Clip | None:
    return Clip.objects.visible().select_related("poster").order_by("-published_at", "-id").first()
