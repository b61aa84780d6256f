"""Read JSON Lines exports: one JSON object per line, one article per object.

Fields: `title` and `section` (required), `source_url` (required: the key that makes a re-import
update the article instead of duplicating it; also stored as the article's source link),
`published_at` (ISO 8601; a naive time is Asia/Ho_Chi_Minh; a date alone means 00:00),
`sapo`, `body` (plain text with paragraphs separated by blank lines, or HTML, sanitised),
`byline`, `views`, `tags` (list of strings), `source_name`. Blank lines are skipped.

`language` is the edition, "vi" (the default) or "km"; `translation_of` is the `source_url` of
the original article (imported before, in another language), making this article its
translation. The section is found or created in the language's own section tree.

`section` is a name matched accent- and case-insensitively against existing sections at any
level; "Tin tức >> Tin địa phương" gives a path instead. An unknown name is created under
"Tin tức" when that section exists (new sections are news sections in this portal), otherwise
at the top level.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from core.editions import DEFAULT, editions
from importer.content import (
    MAX_BYLINE_CHARS,
    MAX_LINE_CHARS,
    MAX_SECTION_NAME_CHARS,
    MAX_SOURCE_NAME_CHARS,
    MAX_SOURCE_URL_CHARS,
    MAX_TAG_CHARS,
    MAX_TITLE_CHARS,
    InputError,
    ParsedArticle,
    SectionRef,
    body_from_text,
    clean_inline,
    key_digest,
    normalize_newlines,
    strip_tags,
    to_unicode,
)
from importer.page_dump import MAX_BREADCRUMB_LEVELS, MAX_VIEWS, parse_views

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_PATH_SEPARATORS = (">>", "»")


def url_import_key(source_url: str) -> str:
    return "url:" + key_digest(source_url.strip())


def iter_jsonl(data: bytes) -> Iterator[ParsedArticle | InputError]:
    """Parse every line; yield an article or the error for that line, never stopping early."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            yield InputError(_("The file is not readable UTF-16 text."))
            return
    elif b"\x00" in data:
        yield InputError(_("This is a binary file, not text."))
        return
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    found_any = False
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        found_any = True
        if len(raw) > MAX_LINE_CHARS:
            yield InputError(
                _("Line is too long (%(length)d bytes, at most %(limit)d).")
                % {"length": len(raw), "limit": MAX_LINE_CHARS},
                number,
            )
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield InputError(_("The line is not UTF-8 text."), number)
            continue
        try:
            yield parse_record(line, number)
        except InputError as error:
            yield error
    if not found_any:
        yield InputError(_("The file is empty."))


def parse_record(line: str, number: int = 1) -> ParsedArticle:
    """One JSON object → ParsedArticle; raises InputError naming the field at fault."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(
            _("Invalid JSON: %(reason)s (column %(column)d).")
            % {"reason": exc.msg, "column": exc.colno},
            number,
        ) from None
    except RecursionError:
        raise InputError(_("Invalid JSON: nested too deeply."), number) from None
    if not isinstance(record, dict):
        raise InputError(_("Each line must be a JSON object {…}."), number)

    def text_field(name: str, *, required: bool = False, limit: int | None = None,
                   inline: bool = True) -> str:
        value = record.get(name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise InputError(_("The field “%(field)s” must be text.") % {"field": name}, number)
        try:
            value, _encoding = to_unicode(normalize_newlines(value))
        except InputError as error:
            raise InputError(
                _("Field “%(field)s”: %(reason)s") % {"field": name, "reason": error.message},
                number,
            ) from None
        value = clean_inline(value) if inline else value.strip()
        if required and not value:
            raise InputError(_("The field “%(field)s” is missing or empty.") % {"field": name},
                             number)
        if limit is not None and len(value) > limit:
            raise InputError(
                _("The field “%(field)s” is too long (%(length)d characters, at most "
                  "%(limit)d).") % {"field": name, "length": len(value), "limit": limit},
                number,
            )
        return value

    title = text_field("title", required=True, limit=MAX_TITLE_CHARS)
    section = _section_ref(text_field("section", required=True), number)
    source_url = text_field("source_url", required=True, limit=MAX_SOURCE_URL_CHARS)
    parts = urlsplit(source_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise InputError(
            _("The field “source_url” must be an http(s) address, not “%(value)s”.")
            % {"value": source_url[:80]},
            number,
        )
    language = text_field("language") or DEFAULT
    if language not in editions():
        raise InputError(
            _("The field “language” must be one of %(known)s, not “%(value)s”.")
            % {"known": ", ".join(editions()), "value": language[:20]},
            number,
        )
    translation_of = text_field("translation_of", limit=MAX_SOURCE_URL_CHARS)
    if translation_of:
        original = urlsplit(translation_of)
        if original.scheme not in {"http", "https"} or not original.netloc:
            raise InputError(
                _("The field “translation_of” must be the http(s) address (source_url) of the "
                  "original article, not “%(value)s”.") % {"value": translation_of[:80]},
                number,
            )
        if translation_of == source_url:
            raise InputError(_("An article cannot be a translation of itself."), number)
    sapo = strip_tags(text_field("sapo", inline=False))
    body = body_from_text(text_field("body", inline=False))
    return ParsedArticle(
        title=title,
        section=section,
        import_key=url_import_key(source_url),
        line=number,
        sapo=sapo,
        body=body,
        byline=text_field("byline", limit=MAX_BYLINE_CHARS),
        published_at=_published_at(record.get("published_at"), number),
        views=_views(record.get("views"), number),
        tags=_tags(record.get("tags"), number),
        source_url=source_url,
        source_name=text_field("source_name", limit=MAX_SOURCE_NAME_CHARS),
        language=language,
        translation_of=url_import_key(translation_of) if translation_of else "",
    )


def _section_ref(value: str, number: int) -> SectionRef:
    names = [value]
    for separator in _PATH_SEPARATORS:
        if separator in value:
            names = [part.strip() for part in value.replace("»", ">>").split(">>")]
            names = [name for name in names if name]
            break
    if not names or len(names) > MAX_BREADCRUMB_LEVELS:
        raise InputError(_("The field “section” must name one to three sections."), number)
    if any(len(name) > MAX_SECTION_NAME_CHARS for name in names):
        raise InputError(_("A section name in “section” is too long."), number)
    return SectionRef(tuple(names), anywhere=len(names) == 1)


def _published_at(value: Any, number: int) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(_("The field “published_at” must be an ISO 8601 date-time text."),
                         number)
    raw = value.strip()
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            parsed = datetime(day.year, day.month, day.day)
        else:
            parsed = datetime.fromisoformat(raw)
    except ValueError:
        raise InputError(
            _("The date “%(value)s” in “published_at” is not ISO 8601 "
              "(e.g. 2024-11-29T08:30:00+07:00).") % {"value": raw[:40]},
            number,
        ) from None
    if parsed.year < 1900:
        raise InputError(_("The date “%(value)s” is out of range.") % {"value": raw[:40]},
                         number)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=LOCAL_TZ)
    return parsed


def _views(value: Any, number: int) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        value = None
    elif isinstance(value, int) and 0 <= value <= MAX_VIEWS:
        return value
    elif isinstance(value, float) and value.is_integer() and 0 <= value <= MAX_VIEWS:
        return int(value)
    elif isinstance(value, str):
        try:
            return parse_views(value)
        except ValueError:
            pass
    raise InputError(
        _("The field “views” must be a whole number ≥ 0, not %(value)s.")
        % {"value": json.dumps(value, ensure_ascii=False)[:40]},
        number,
    )


def _tags(value: Any, number: int) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise InputError(_("The field “tags” must be a list of texts."), number)
    tags: list[str] = []
    seen: set[str] = set()
    for raw in value:
        tag = clean_inline(raw)
        if not tag:
            continue
        if len(tag) > MAX_TAG_CHARS:
            raise InputError(
                _("The tag “%(tag)s…” is too long (at most %(limit)d characters).")
                % {"tag": tag[:30], "limit": MAX_TAG_CHARS},
                number,
            )
        if tag.lower() not in seen:
            seen.add(tag.lower())
            tags.append(tag)
    return tags
