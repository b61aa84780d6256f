"""Upload size limits: a file past the limit stops being written while it streams in.

`LimitedUploadHandler` comes first in FILE_UPLOAD_HANDLERS. Once a file grows past
TRANSCODE_MAX_UPLOAD_BYTES it takes the file over: the later handlers (memory, temporary file)
get no more of it, and the form receives an empty `OversizedUpload` that only knows its size,
so the form refuses it with a message instead of the request failing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from transcode.conf import conf


class OversizedUpload(UploadedFile):
    """Stands for a file cut off at the limit: no content, the size counted so far."""

    oversized = True

    def __init__(self, name: str, content_type: str | None, size: int) -> None:
        import io

        super().__init__(io.BytesIO(b""), name=name, content_type=content_type, size=size)


class LimitedUploadHandler(FileUploadHandler):
    """Counts each uploaded file's bytes and takes over those past the limit."""

    def new_file(self, field_name, file_name, content_type, content_length, charset=None,
                 content_type_extra=None) -> None:
        super().new_file(field_name, file_name, content_type, content_length, charset,
                         content_type_extra)
        self.received = 0
        self.cut_off = False

    def receive_data_chunk(self, raw_data: bytes, start: int):
        self.received += len(raw_data)
        if self.received > int(conf.TRANSCODE_MAX_UPLOAD_BYTES):
            self.cut_off = True
        # None stops the chunk here: the temporary file never grows past the limit.
        return None if self.cut_off else raw_data

    def file_complete(self, file_size: int):
        if not self.cut_off:
            return None  # the next handler's file stands
        return OversizedUpload(self.file_name, self.content_type, self.received)


def check_upload_size(upload) -> None:
    """Refuse an episode upload past TRANSCODE_MAX_UPLOAD_BYTES (form validation)."""
    limit = int(conf.TRANSCODE_MAX_UPLOAD_BYTES)
    if getattr(upload, "oversized", False) or (upload.size or 0) > limit:
        raise ValidationError(
            _("The file is too large: at most %(limit)s.") % {"limit": filesizeformat(limit)},
            code="file_too_large")
