"""Uploaded documents (Wagtail's, which the announcements and official documents attach): what
an upload may contain, and how the admin's form refuses the rest.

A file is accepted when its content is of the kind its extension names, as Debian's libmagic
reads it (python-magic): an HTML page, a script or a program renamed `.pdf`, or a `.docx`
that is no Word document, never reaches the media folder. The document form
(WAGTAILDOCS_DOCUMENT_FORM_BASE) checks every upload: the add and edit views, the multiple
uploader and the chooser's upload tab.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath
from typing import IO

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

# libmagic reads the start of a file; 64 KiB holds the directory of an OLE2 (.doc, .xls)
# file and the first entries of a zip.
HEAD_BYTES = 64 * 1024

OLE2 = {"application/msword", "application/vnd.ms-excel", "application/CDFV2",
        "application/x-ole-storage"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"

# What libmagic may call the content of each accepted extension (WAGTAILDOCS_EXTENSIONS).
# Old Word and Excel files are OLE2 containers, which libmagic names by their summary
# stream when it has one and generically otherwise.
ACCEPTED_CONTENT: dict[str, set[str]] = {
    "pdf": {"application/pdf"},
    "doc": OLE2 - {"application/vnd.ms-excel"},
    "xls": OLE2 - {"application/msword"},
    "docx": {DOCX},
    "xlsx": {XLSX},
    "odt": {ODT},
    "ods": {ODS},
    "zip": {"application/zip", DOCX, XLSX, ODT, ODS},
}
# libmagic recognises an Office Open XML or OpenDocument file by the order of the archive's
# first entries; a valid file written in another order (a thumbnail first, say) reads as a
# plain zip and is confirmed by the part every such document has.
ZIPPED_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
ZIPPED_MIMETYPES = {"odt": ODT, "ods": ODS}


def detected_type(head: bytes) -> str:
    """The MIME type libmagic reads in the first bytes of a file."""
    import magic

    return magic.from_buffer(head, mime=True)


def _zipped_document_is(upload: IO[bytes], extension: str) -> bool:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if extension in ZIPPED_PARTS:
                return ZIPPED_PARTS[extension] in names
            return ("mimetype" in names
                    and archive.read("mimetype").strip() == ZIPPED_MIMETYPES[extension].encode())
    except (zipfile.BadZipFile, OSError, KeyError, EOFError):
        return False
    finally:
        upload.seek(0)


def content_matches_extension(upload: IO[bytes], name: str) -> tuple[bool, str]:
    """Whether the file's content is what its extension says, and the type found."""
    extension = PurePath(name).suffix.lower().lstrip(".")
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    found = detected_type(head)
    accepted = ACCEPTED_CONTENT.get(extension)
    if accepted is None:
        return False, found
    if found in accepted:
        return True, found
    if found == "application/zip" and extension in {*ZIPPED_PARTS, *ZIPPED_MIMETYPES}:
        return _zipped_document_is(upload, extension), found
    return False, found


def check_document_file(upload: IO[bytes], name: str) -> None:
    """Refuse (ValidationError, in Vietnamese) a file whose content does not match its name."""
    matches, found = content_matches_extension(upload, name)
    if not matches:
        extension = PurePath(name).suffix.lower().lstrip(".") or "?"
        raise forms.ValidationError(
            _("The content of “%(name)s” is not a .%(extension)s file (it reads as %(found)s). "
              "Upload the document itself, not a renamed file."),
            code="content_mismatch",
            params={"name": PurePath(name).name, "extension": extension, "found": found},
        )


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing a file whose content does not match its extension."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            check_document_file(upload, upload.name)
        return upload
