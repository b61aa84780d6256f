"""Responsive images: a <picture> of AVIF and WebP renditions at a few widths, in one place.

Every image a reader sees goes through `picture_html` with one of the named sizes below, so
the rendition filters a page needs are known in advance: listings prefetch them with the
images (`rendition_prefetch`), and an article page's renditions come from the rendition cache
(Wagtail keeps them in the default cache and the database) in one round trip per image. The
markup is Wagtail's own `{% picture %}` element (wagtail.images.models.Picture): AVIF first,
WebP for the `<img>` (every current browser reads it), with width and height set from the
first rendition so nothing moves while the page loads.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.safestring import SafeString, mark_safe
from wagtail.images import get_image_model
from wagtail.images.models import Picture

FORMATS = ("avif", "webp")


@dataclass(frozen=True)
class PictureSize:
    """Resize operations (one per width, smallest first) and the `sizes` hint for them."""

    operations: tuple[str, ...]
    sizes: str

    @property
    def filters(self) -> tuple[str, ...]:
        return tuple(f"{operation}|format-{fmt}" for fmt in FORMATS
                     for operation in self.operations)


SIZES: dict[str, PictureSize] = {
    # A listing card's 120-pixel thumbnail.
    "card": PictureSize(("fill-160x90", "fill-320x180"), "120px"),
    # The lead card of the home page and the top of a section.
    "card-big": PictureSize(("fill-480x270", "fill-800x450"),
                            "(min-width: 1200px) 840px, (min-width: 900px) 65vw, 100vw"),
    # Images in an article's column (featured image, body images, a photo story's frames).
    "body": PictureSize(("width-480", "width-800", "width-1200"),
                        "(min-width: 1200px) 840px, (min-width: 900px) 65vw, 100vw"),
    # A long-form story's full-width images.
    "wide": PictureSize(("width-800", "width-1200", "width-1600"), "100vw"),
    # Thumbnails of a gallery inside an article.
    "gallery": PictureSize(("fill-320x240", "fill-640x480"),
                           "(min-width: 900px) 200px, 45vw"),
}
# The lightbox's full-size image of a gallery frame (one WebP, at most 1600 pixels).
LIGHTBOX_FILTER = "max-1600x1600|format-webp"


def picture_html(image, size: str, *, alt: str, eager: bool = False,
                 css_class: str = "") -> SafeString:
    """The <picture> of an image at a named size; lazy unless it is the page's lead image."""
    spec = SIZES[size]
    renditions = _distinct_widths(image.get_renditions(*spec.filters))
    attrs: dict[str, str] = {"alt": alt, "sizes": spec.sizes, "decoding": "async"}
    if eager:
        attrs["fetchpriority"] = "high"
    else:
        attrs["loading"] = "lazy"
    if css_class:
        attrs["class"] = css_class
    return mark_safe(Picture(renditions, attrs).__html__())  # noqa: S308 (escaped attributes)


def _distinct_widths(renditions: dict) -> dict:
    """Renditions of each format with a width not seen before: an image narrower than the
    widest size comes back at its own width more than once, and a srcset names each width once."""
    seen: set[tuple[str, int]] = set()
    kept = {}
    for filter_spec, rendition in renditions.items():
        key = (filter_spec.rsplit("format-", 1)[-1], rendition.width)
        if key not in seen:
            seen.add(key)
            kept[filter_spec] = rendition
    return kept


def rendition_prefetch(lookup: str, *sizes: str) -> Prefetch:
    """A Prefetch of the renditions these sizes use, for images reached through `lookup`
    (e.g. "featured_image"): a listing then builds every card without a query per image."""
    filters = [f for size in sizes for f in SIZES[size].filters]
    rendition_model = get_image_model().get_rendition_model()
    prefix = f"{lookup}__" if lookup else ""
    return Prefetch(f"{prefix}renditions",
                    queryset=rendition_model.objects.filter(filter_spec__in=filters),
                    to_attr="prefetched_renditions")


def with_renditions(images, *sizes: str):
    """Images (a queryset) with the renditions of these sizes prefetched."""
    filters = [f for size in sizes for f in SIZES[size].filters]
    return images.prefetch_renditions(*filters)
