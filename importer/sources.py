"""Files to articles: expand directories, refuse unreadable files, pick the parser per file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from importer.content import MAX_FILE_BYTES, InputError, ParsedArticle, decode_text
from importer.jsonlines import iter_jsonl
from importer.page_dump import parse_page_dump

JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def expand_paths(paths: Iterable[str]) -> Iterator[Path]:
    """Each file as given; a directory gives its files (not subdirectories, not hidden files),
    sorted by name so runs are repeatable."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                child for child in path.iterdir()
                if child.is_file() and not child.name.startswith(".")
            )
        else:
            yield path


def read_bytes(path: Path) -> bytes:
    """The file's bytes; InputError for missing, unreadable, empty or oversized files."""
    if path.exists() and not path.is_dir() and not path.is_file():
        raise InputError(_("This is not a regular file."))  # a FIFO or device would block
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(_("No such file.")) from None
    except IsADirectoryError:
        raise InputError(_("This is a directory, not a file.")) from None
    except OSError as exc:
        raise InputError(_("Cannot read the file: %(reason)s") % {"reason": exc.strerror}) from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            _("The file is larger than %(limit)d MB; split it into smaller files.")
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise InputError(_("The file is empty."))
    return data


def is_jsonl(path: Path) -> bool:
    return path.suffix.lower() in JSONL_SUFFIXES


def iter_file(path: Path) -> Iterator[ParsedArticle | InputError]:
    """Every article of one file, or the errors that stand in for the unreadable ones."""
    try:
        data = read_bytes(path)
        if is_jsonl(path):
            yield from iter_jsonl(data)
            return
        yield parse_page_dump(decode_text(data))
    except InputError as error:
        yield error
