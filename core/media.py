"""Uploaded and processed media (MEDIA_ROOT) served by Django when no web server is in front:
`make run`, DEBUG, or SERVE_MEDIA=1. In production nginx serves /media/ itself
(deploy/nginx/toasoan-site.conf) and requests never reach this view.

Documents (Wagtail's `documents/` folder) are never served here: a document in a private
collection must go through Wagtail's view, which checks the restriction
(`/documents/<id>/<name>`). Every file goes out with `nosniff`, so a browser never takes an
upload for a page or a script whatever its bytes look like.

Players need byte ranges: a browser seeks in an MP4 or MP3 by asking for part of the file
(Range: bytes=a-b, answered 206). HLS playlists and segments get their own MIME types.
"""

from __future__ import annotations

import mimetypes
import os
import re
import stat
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils._os import safe_join
from django.utils.http import http_date
from django.views.decorators.http import require_safe

MEDIA_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",
    ".m4s": "video/iso.segment",
    ".mp4": "video/mp4",
    ".mp3": "audio/mpeg",
    ".jpg": "image/jpeg",
}
_RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")
# Wagtail's documents (their FileField's upload_to): served only by its view.
DOCUMENTS_DIR = "documents"


def serving_enabled() -> bool:
    return bool(settings.DEBUG or getattr(settings, "SERVE_MEDIA", False))


def content_type(path: Path) -> str:
    return MEDIA_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or \
        "application/octet-stream"


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) of a single satisfiable range; None for none or several (the whole file
    is then sent, which the HTTP spec allows)."""
    match = _RANGE_RE.match(header.strip())
    if not match or match.group(1) == match.group(2) == "":
        return None
    first, last = match.groups()
    if first == "":  # the last N bytes
        length = int(last)
        return (max(0, size - length), size - 1) if length else None
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    return (start, end) if start <= end else (size, size)  # (size, size): unsatisfiable


@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    if not serving_enabled():
        raise Http404("Media is served by the web server")
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, path))
    except Exception as error:  # SuspiciousFileOperation: outside MEDIA_ROOT
        raise Http404("No such file") from error
    if any(part.startswith(".") for part in Path(path).parts):
        raise Http404("No such file")
    if full.relative_to(os.path.abspath(settings.MEDIA_ROOT)).parts[:1] == (DOCUMENTS_DIR,):
        raise Http404("Documents are served by their own view")
    try:
        found = full.stat()
    except OSError as error:  # missing, or a name too long for the file system
        raise Http404("No such file") from error
    if not stat.S_ISREG(found.st_mode):
        raise Http404("No such file")
    size = found.st_size
    kind = content_type(full)
    wanted = _byte_range(request.headers.get("Range", ""), size) if size else None
    if wanted is not None and wanted[0] >= size:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    handle = full.open("rb")
    if wanted is None:
        response = FileResponse(handle, content_type=kind)
        response["Content-Length"] = str(size)
    else:
        first, last = wanted
        handle.seek(first)
        response = FileResponse(_Limited(handle, last - first + 1), content_type=kind,
                                status=206)
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
    response["Accept-Ranges"] = "bytes"
    response["Last-Modified"] = http_date(found.st_mtime)
    response["X-Content-Type-Options"] = "nosniff"
    return response


class _Limited:
    """A file object that reads at most `remaining` bytes from its current position."""

    def __init__(self, handle, remaining: int) -> None:
        self.handle = handle
        self.remaining = remaining

    def read(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        size = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data = self.handle.read(size)
        self.remaining -= len(data)
        return data

    def close(self) -> None:
        self.handle.close()
