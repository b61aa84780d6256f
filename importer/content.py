"""Shared pieces of every import format: the parsed article, input errors, decoding and bodies.

Parsers turn bytes into `ParsedArticle` values or `InputError`s and never touch the database;
`importer.writer` stores the articles. Keeping them apart lets the parsers be tested on plain
strings and reused (an upload form, an API) without a management command.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag
from django.utils.translation import gettext as _

from core.vietnamese import nfc
from importer.legacy_encodings import (
    LegacyEncodingError,
    convert_legacy,
    detect_legacy_encoding,
    ensure_unicode,
)

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Larger inputs are refused: a page dump is a few kB, a JSON Lines export of 20 MB is ~5,000
articles. Split bigger exports; the cap keeps one stray file from filling memory."""

MAX_LINE_CHARS = 1_000_000
"""One JSON Lines record or one dump paragraph longer than this is refused (a body of 1 M
characters is ~150,000 words: a broken export, not an article)."""

MAX_TITLE_CHARS = 300  # news.Article.title
MAX_BYLINE_CHARS = 200  # news.Article.byline
MAX_SOURCE_NAME_CHARS = 200  # news.Article.source_name
MAX_SOURCE_URL_CHARS = 500  # news.Article.source_url
MAX_TAG_CHARS = 100  # taggit.Tag.name
MAX_SECTION_NAME_CHARS = 150  # news.Section.name

# Tags and attributes a body may keep; everything else is stripped (content of script/style
# and similar containers is dropped entirely, not just unwrapped).
ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a", "h2", "h3",
                "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
DROPPED_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "embed",
                        "svg", "math", "title", "textarea", "select", "head"}
_BLOCK_TAGS = {"p", "h2", "h3", "ul", "ol"}
_HTML_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?\s*>|<!--")
# Control characters that never occur in text files (tab, newlines and form feed do).
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


class InputError(Exception):
    """Input that cannot be imported; `line` is 1-based, or None for the whole file."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class SectionRef:
    """Where an article belongs.

    `path` lists section names outermost first ("TIN TỨC", "Tin địa phương"). With `anywhere`,
    a one-name path may match a section at any depth (JSON Lines give only a name).
    """

    path: tuple[str, ...]
    anywhere: bool = False


@dataclass
class ParsedArticle:
    """One article read from an input, ready to be written; text is NFC Unicode."""

    title: str
    section: SectionRef
    import_key: str
    line: int = 1
    sapo: str = ""
    body: list[dict] = field(default_factory=list)  # StreamField raw data (type/value dicts)
    byline: str = ""
    published_at: datetime | None = None
    views: int | None = None
    tags: list[str] = field(default_factory=list)
    source_url: str = ""
    source_name: str = ""
    legacy_encoding: str | None = None  # "vni"/"tcvn3" when the text was converted
    language: str = "vi"  # the edition (core.editions); its own section tree
    translation_of: str = ""  # import key of the original this article translates

    def fingerprint(self, *, draft: bool) -> str:
        """A digest of everything the import writes except the view count, which readers raise.

        The draft flag is part of it, so importing a draft and then the same file for
        publication counts as a change.
        """
        payload = {
            "v": 1,
            "title": self.title,
            "section": list(self.section.path),
            "anywhere": self.section.anywhere,
            "sapo": self.sapo,
            "body": self.body,
            "byline": self.byline,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "tags": self.tags,
            "source_url": self.source_url,
            "source_name": self.source_name,
            "draft": draft,
        }
        if self.language != "vi" or self.translation_of:
            payload.update(language=self.language, translation_of=self.translation_of)
        encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return hashlib.sha256(encoded).hexdigest()


def key_digest(*parts: str) -> str:
    """A short stable digest for import keys (Article.import_key holds at most 255 characters)."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()  # noqa: S324


# --- Bytes to text -----------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, or an 8-bit legacy file.

    An old Word document saved as "plain text" in a VNI or .VnTime font is cp1252 bytes whose
    characters are exactly the mojibake `importer.legacy_encodings` repairs, so such a file is
    accepted when its text looks legacy-encoded; any other non-UTF-8 file is refused.
    Raises InputError for binary data.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(_("The file is not readable UTF-16 text.")) from exc
        return _check_controls(text)
    if b"\x00" in data:
        raise InputError(_("This is a binary file, not text."))
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            legacy = data.decode("cp1252")
        except UnicodeDecodeError:
            legacy = ""
        if not legacy or detect_legacy_encoding(legacy) is None:
            raise InputError(
                _("The file is not UTF-8 text (invalid byte at position %(position)d).")
                % {"position": exc.start},
                line,
            ) from exc
        text = legacy
    return _check_controls(text)


def _check_controls(text: str) -> str:
    match = _CONTROL_RE.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise InputError(_("This is a binary file, not text (control character found)."), line)
    return text


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR (old Mac files) become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- Legacy encodings --------------------------------------------------------------------------


def legacy_error_message(error: LegacyEncodingError) -> str:
    """A Vietnamese explanation of a LegacyEncodingError for the station's admins."""
    if error.mixed:
        return _(
            "The text mixes Unicode with %(encoding)s legacy encoding; convert the old part "
            "to Unicode (e.g. with Unikey) and import again."
        ) % {"encoding": error.encoding_name}
    shown = ", ".join(repr(ch) for ch in error.leftovers)
    return _(
        "The text looks like %(encoding)s legacy encoding but cannot be converted cleanly "
        "(characters left over: %(chars)s); convert it to Unicode (e.g. with Unikey) and "
        "import again."
    ) % {"encoding": error.encoding_name, "chars": shown}


def _first_line_with(text: str, characters: Sequence[str]) -> int | None:
    for number, line in enumerate(text.split("\n"), start=1):
        if any(ch in line for ch in characters):
            return number
    return None


def to_unicode(text: str, *, first_line: int = 1) -> tuple[str, str | None]:
    """NFC text with any VNI/TCVN3 paste repaired; returns (text, encoding or None).

    The whole text is tried first (the most evidence). Text that mixes Unicode lines with
    legacy ones (a Unicode page around a pasted Word paragraph) is then converted line by line;
    a line that is itself mixed, or legacy text that leaves unconvertible characters, raises
    InputError at that line.
    """
    text = nfc(text)
    if text.isascii():  # both legacy encodings need bytes above 0x7F
        return text, None
    try:
        fixed = ensure_unicode(text)
    except LegacyEncodingError as error:
        if not error.mixed:
            converted = convert_legacy(text, error.encoding)
            line = _first_line_with(converted, error.leftovers) if error.leftovers else None
            raise InputError(legacy_error_message(error),
                             first_line + (line or 1) - 1) from error
        return _to_unicode_by_line(text, first_line=first_line)
    return fixed, (detect_legacy_encoding(text) if fixed != text else None)


def _to_unicode_by_line(text: str, *, first_line: int) -> tuple[str, str | None]:
    lines = text.split("\n")
    used: str | None = None
    for index, line in enumerate(lines):
        try:
            fixed = ensure_unicode(line)
        except LegacyEncodingError as error:
            raise InputError(legacy_error_message(error), first_line + index) from error
        if fixed != line:
            used = used or detect_legacy_encoding(line)
            lines[index] = fixed
    result = "\n".join(lines)
    try:  # whatever escaped the per-line pass must not still look legacy as a whole
        ensure_unicode(result)
    except LegacyEncodingError as error:
        raise InputError(legacy_error_message(error), first_line) from error
    return result, used


# --- Bodies ------------------------------------------------------------------------------------


def looks_like_html(text: str) -> bool:
    return bool(_HTML_TAG_RE.search(text))


def sanitize_html(markup: str) -> str:
    """Keep only the tags a story body may use; scripts, handlers and javascript: URLs go."""
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def strip_tags(text: str) -> str:
    """Plain text of a fragment (for sapo, title, byline given as HTML)."""
    if not looks_like_html(text) and "&" not in text:
        return text.strip()
    cleaned = nh3.clean(text, tags=set(), clean_content_tags=DROPPED_WITH_CONTENT)
    return re.sub(r"\s+", " ", html.unescape(cleaned)).strip()


def paragraph_block(paragraph_html: str) -> dict:
    return {"type": "paragraph", "value": paragraph_html}


def paragraphs_to_body(paragraphs: Sequence[str]) -> list[dict]:
    """Plain-text paragraphs → one rich-text block (one <p> each; inner newlines → <br/>).

    One block rather than one per paragraph: editors then work on the story as one text, and
    insert image or video blocks where the original had them.
    """
    parts = []
    for paragraph in paragraphs:
        lines = [html.escape(line.strip(), quote=False) for line in paragraph.split("\n")]
        text = "<br/>".join(line for line in lines if line)
        if text:
            parts.append(f"<p>{text}</p>")
    return [paragraph_block("".join(parts))] if parts else []


def plain_text_to_body(text: str) -> list[dict]:
    """Paragraphs separated by blank lines."""
    return paragraphs_to_body(re.split(r"\n\s*\n", normalize_newlines(text).strip()))


def html_to_body(markup: str) -> list[dict]:
    """Sanitised HTML → rich-text blocks, with each <blockquote> as a quote block.

    Loose inline content at the top level is wrapped in <p> so every block is valid rich text.
    """
    soup = BeautifulSoup(sanitize_html(markup), "html.parser")
    for link in soup.find_all("a"):
        if not link.get("href"):  # its javascript: URL was removed; Wagtail needs an href
            link.unwrap()
    blocks: list[dict] = []
    rich: list[str] = []
    inline: list[str] = []

    def flush_inline() -> None:
        fragment = "".join(inline).strip()
        inline.clear()
        if fragment and BeautifulSoup(fragment, "html.parser").get_text().strip():
            rich.append(f"<p>{fragment}</p>")

    def flush_rich() -> None:
        flush_inline()
        if rich:
            blocks.append(paragraph_block("".join(rich)))
            rich.clear()

    for node in soup.contents:
        if isinstance(node, Tag) and node.name == "blockquote":
            flush_rich()
            quote = "\n".join(
                piece.strip() for piece in node.get_text("\n").split("\n") if piece.strip()
            )
            if quote:
                blocks.append({"type": "quote", "value": {"text": quote, "attribution": ""}})
        elif isinstance(node, Tag) and node.name in _BLOCK_TAGS:
            flush_inline()
            if node.get_text().strip():
                rich.append(str(node))
        elif isinstance(node, Tag) and node.name == "li":
            flush_inline()
            rich.append(f"<ul>{node}</ul>")
        elif isinstance(node, NavigableString):
            text = str(node)
            # Blank lines between top-level runs of text separate paragraphs.
            pieces = re.split(r"\n\s*\n", text)
            for index, piece in enumerate(pieces):
                if index:
                    flush_inline()
                inline.append(html.escape(piece, quote=False))
        elif isinstance(node, Tag) and node.name == "br" and not "".join(inline).strip():
            continue  # a line break opening a paragraph adds nothing
        else:
            inline.append(str(node))
    flush_rich()
    return blocks


def body_from_text(text: str) -> list[dict]:
    """A JSON Lines body: HTML (sanitised) or plain text, whichever it is."""
    text = text.strip()
    if not text:
        return []
    return html_to_body(text) if looks_like_html(text) else plain_text_to_body(text)


def clean_inline(text: str) -> str:
    """One-line text (title, byline): NFC, tags stripped, whitespace collapsed."""
    return re.sub(r"\s+", " ", strip_tags(unicodedata.normalize("NFC", text))).strip()
