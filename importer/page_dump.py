"""Read a plain-text dump of a published article page, in the layout of the seed page.

    <title> (Lượt xem: 106)
    >> TIN TỨC >> Tin địa phương
    Cập nhật: 29/11/2024<first paragraph, glued to the date>
    <paragraph>            one per line; photo captions are lines of their own
    <byline>               the last non-empty line before "TIN LIÊN QUAN"
    TIN LIÊN QUAN          from here on: related links, menus, footer (page chrome, dropped)

Choices, documented in the README:
- the first paragraph (the one glued to "Cập nhật") is the lead and becomes `sapo`; the others
  become the body, in order;
- photo captions ("Quang cảnh hội nghị.") cannot be told from short paragraphs reliably and the
  dump has no image to attach them to, so they stay ordinary paragraphs where they stood;
- the last line is the byline unless it is longer than a byline can be or ends with "./." (the
  customary end-of-story mark), in which case the story has no byline;
- the date has no time of day: the article is dated 00:00 Asia/Ho_Chi_Minh of that day;
- a dump without "TIN LIÊN QUAN" is taken to end at the end of the file.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from core.vietnamese import fold
from importer.content import (
    MAX_BYLINE_CHARS,
    MAX_LINE_CHARS,
    MAX_SECTION_NAME_CHARS,
    MAX_TITLE_CHARS,
    InputError,
    ParsedArticle,
    SectionRef,
    key_digest,
    normalize_newlines,
    paragraphs_to_body,
    to_unicode,
)

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_BREADCRUMB_LEVELS = 3
MAX_VIEWS = 10**12  # far above any real count, far below the database column's limit

_TITLE_RE = re.compile(
    r"^(?P<title>.*?\S)\s*\(\s*L(?:ượ|uo)t\s+xem\s*:\s*(?P<views>[0-9][0-9.,\s\u00a0]*?)\s*\)\s*$",
    re.IGNORECASE,
)
_VIEWS_RE = re.compile(r"^(?:\d{1,3}(?:([.,\s\u00a0])\d{3})(?:\1\d{3})*|\d+)$")
_BREADCRUMB_RE = re.compile(r"^\s*(?:>>|»)\s*(?P<trail>.*)$")
_BREADCRUMB_SPLIT_RE = re.compile(r"\s*(?:>>|»)\s*")
_UPDATED_RE = re.compile(
    r"^\s*C(?:ập|ap)\s+nh(?:ật|at)\s*:\s*(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_CHROME_MARKER = "tin lien quan"
_HOME_CRUMB = "trang chu"
_END_OF_STORY = "./."


def parse_views(raw: str) -> int:
    """ "106", "2.345", "2,345", "1 234 567" → int; raises ValueError for anything else."""
    raw = raw.strip()
    if not _VIEWS_RE.match(raw) or len(raw) > 24:
        raise ValueError(raw)
    views = int(re.sub(r"[.,\s\u00a0]", "", raw))
    if views > MAX_VIEWS:
        raise ValueError(raw)
    return views


def dump_import_key(title: str, published_at: datetime) -> str:
    """A page dump has no URL of its own: its key is the folded title and the date."""
    return "dump:" + key_digest(fold(title), published_at.date().isoformat())


def parse_page_dump(text: str) -> ParsedArticle:
    """Parse one page dump (already decoded). Raises InputError with the offending line."""
    text = normalize_newlines(text)
    raw_lines = text.split("\n")
    for number, line in enumerate(raw_lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise InputError(
                _("Line is too long (%(length)d characters, at most %(limit)d).")
                % {"length": len(line), "limit": MAX_LINE_CHARS},
                number,
            )
    # Cut the page chrome before looking for legacy encodings, so menus and footers (often in
    # another encoding than a pasted story) do not sway detection. A legacy-encoded marker is
    # only recognisable after conversion: the loop below stops there too.
    for index, line in enumerate(raw_lines):
        if fold(line).strip(" :") == _CHROME_MARKER:
            text = "\n".join(raw_lines[:index])
            break
    text, encoding = to_unicode(text)
    numbered = [(number, line.strip()) for number, line in enumerate(text.split("\n"), start=1)]
    lines = [(number, line) for number, line in numbered if line]
    if not lines:
        raise InputError(_("The file is empty."))

    title, views = _parse_title(*lines[0])
    if len(lines) < 2:
        raise InputError(_("The breadcrumb line “>> TIN TỨC >> …” is missing."), lines[0][0] + 1)
    section = _parse_breadcrumb(*lines[1])
    if len(lines) < 3:
        raise InputError(_("The line “Cập nhật: dd/mm/yyyy” is missing."), lines[1][0] + 1)
    published_at, first_paragraph = _parse_updated(*lines[2])

    paragraphs: list[str] = [first_paragraph] if first_paragraph else []
    for _number, line in lines[3:]:
        if fold(line).strip(" :") == _CHROME_MARKER:
            break
        paragraphs.append(line)
    byline = ""
    if len(paragraphs) > 1:
        last = paragraphs[-1]
        if len(last) <= MAX_BYLINE_CHARS and not last.endswith(_END_OF_STORY):
            byline = paragraphs.pop()
    if not paragraphs:
        raise InputError(_("The article has no text after the date line."), lines[2][0])

    return ParsedArticle(
        title=title,
        section=section,
        import_key=dump_import_key(title, published_at),
        line=lines[0][0],
        sapo=paragraphs[0],
        body=paragraphs_to_body(paragraphs[1:]),
        byline=byline,
        published_at=published_at,
        views=views,
        legacy_encoding=encoding,
    )


def _parse_title(number: int, line: str) -> tuple[str, int]:
    match = _TITLE_RE.match(line)
    if not match:
        raise InputError(_("The first line must be the title ending in “(Lượt xem: N)”."), number)
    title = match.group("title").strip()
    try:
        views = parse_views(match.group("views"))
    except ValueError:
        raise InputError(
            _("The view count “%(value)s” is not a whole number.")
            % {"value": match.group("views")},
            number,
        ) from None
    if len(title) > MAX_TITLE_CHARS:
        raise InputError(
            _("The title is too long (%(length)d characters, at most %(limit)d).")
            % {"length": len(title), "limit": MAX_TITLE_CHARS},
            number,
        )
    return title, views


def _parse_breadcrumb(number: int, line: str) -> SectionRef:
    match = _BREADCRUMB_RE.match(line)
    if not match:
        raise InputError(
            _("The second line must be the breadcrumb “>> TIN TỨC >> section”."), number
        )
    names = [name for name in _BREADCRUMB_SPLIT_RE.split(match.group("trail")) if name]
    if names and fold(names[0]) == _HOME_CRUMB:
        names = names[1:]
    if not names or len(names) > MAX_BREADCRUMB_LEVELS:
        raise InputError(
            _("The breadcrumb must name one to three sections, found %(count)d.")
            % {"count": len(names)},
            number,
        )
    for name in names:
        if len(name) > MAX_SECTION_NAME_CHARS:
            raise InputError(
                _("The section name “%(name)s…” is too long.") % {"name": name[:40]}, number
            )
    return SectionRef(tuple(names))


def _parse_updated(number: int, line: str) -> tuple[datetime, str]:
    match = _UPDATED_RE.match(line)
    if not match:
        raise InputError(_("The third line must start with “Cập nhật: dd/mm/yyyy”."), number)
    try:
        published_at = datetime(
            int(match.group("year")), int(match.group("month")), int(match.group("day")),
            tzinfo=LOCAL_TZ,
        )
    except ValueError:
        raise InputError(
            _("“%(value)s” is not a valid date (dd/mm/yyyy).")
            % {"value": f"{match.group('day')}/{match.group('month')}/{match.group('year')}"},
            number,
        ) from None
    return published_at, match.group("rest").strip()
