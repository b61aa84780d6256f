"""Small helpers shared by feeds, sitemaps, head tags and the API."""

from __future__ import annotations

import mimetypes
from datetime import datetime

from django.http import HttpRequest
from django.templatetags.static import static

from syndication.conf import conf


def absolute(request: HttpRequest, url: str) -> str:
    """An absolute URL for `url` on the requested host (URLs already absolute pass through)."""
    if url.startswith(("http://", "https://")):
        return url
    return request.build_absolute_uri(url)


def image_facts(image) -> dict | None:
    """URL, byte size, MIME type and size of an original image file, or None when unreadable."""
    if image is None or not image.file:
        return None
    try:
        size = image.get_file_size()
    except OSError:
        return None
    mime = mimetypes.guess_type(image.file.name)[0] or "image/jpeg"
    return {"url": image.file.url, "length": size or 0, "type": mime,
            "width": image.width, "height": image.height}


def rendition_url(image, spec: str = "fill-1200x630") -> str | None:
    """A share-sized rendition (1200×630 suits Facebook, Zalo and Twitter cards)."""
    if image is None:
        return None
    try:
        return image.get_rendition(spec).url
    except (OSError, ValueError):
        return None


def publisher_logo(request: HttpRequest) -> str:
    logo = str(conf.SYNDICATION_PUBLISHER_LOGO)
    return absolute(request, logo if logo.startswith(("http", "/")) else static(logo))


def last_change(article) -> datetime | None:
    return article.updated_at or article.published_at
