"""Snippets: the excerpt of an article around the first match, with the query words marked.

Matching is done on a comparable form of the text (tone placement normalised, lower case, or
folded) while the excerpt shows the text as written, so every conversion here keeps one
character per character; where that cannot be proven, nothing is highlighted.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from django.utils.html import escape

from core.khmer import has_khmer
from core.vietnamese import fold, normalize_tone_placement
from sitesearch.text import Clause, ParsedQuery

_WORD_CHARS = r"[^\W_]"
SNIPPET_BEFORE = 80
SNIPPET_CHARS = 260


def _mark_pattern(tokens: set[str]) -> re.Pattern[str] | None:
    """Whole words only; Khmer words are marked wherever they occur, since Khmer text has no
    spaces between words (the search matched them as ICU's words)."""
    if not tokens:
        return None
    ordered = sorted(tokens, key=len, reverse=True)
    words = "|".join(re.escape(t) for t in ordered if not has_khmer(t))
    khmer_words = "|".join(re.escape(t) for t in ordered if has_khmer(t))
    parts = [rf"(?<!{_WORD_CHARS})(?:{words})(?!{_WORD_CHARS})"] if words else []
    if khmer_words:
        parts.append(f"(?:{khmer_words})")
    return re.compile("|".join(parts))


# Characters every haystack form maps one to one, whatever surrounds them (tested): ASCII,
# Latin-1, Latin Extended-A/B but for İ (it lower-cases to two), Vietnamese letters and
# general punctuation. In a text of only these, a prefix ending before a space has the same
# forms as the start of the whole text's forms.
_SIMPLE_TEXT_RE = re.compile("[\x00-\x7f\u00a0-\u012f\u0131-\u024f\u1ea0-\u1ef9\u2000-\u206f]*")
# How much of the snippet source is put in comparable form first.
PREFIX_CHARS = 500


def _exact_form(text: str) -> str:
    return normalize_tone_placement(text).lower().replace("ð", "đ")


def _lower_form(text: str) -> str:
    return text.lower().replace("ð", "đ")


def _placement_free(tokens: set[str]) -> bool:
    """No token holds a vowel pair whose tone mark old and new spelling put differently
    (oa, oe, uy): in an NFC text, tone normalisation then changes nothing they can match."""
    return not any(pair in fold(token) for token in tokens for pair in ("oa", "oe", "uy"))


@functools.lru_cache(maxsize=256)
def _query_patterns(clauses: tuple[Clause, ...], accented: bool) -> tuple[
        re.Pattern[str] | None, bool, re.Pattern[str] | None]:
    """The query's exact pattern (if it has diacritics), whether its words are placement-free,
    and its folded pattern: worked out once per query, not once per snippet."""
    exact = {t for c in clauses for t in c.exact} if accented else set()
    return (_mark_pattern(exact), _placement_free(exact),
            _mark_pattern({t for c in clauses for t in c.folded}))


def _window(text: str, first: int) -> tuple[int, int]:
    """The excerpt [start, end) around a match at `first`, widened to whole words."""
    start = max(0, first - SNIPPET_BEFORE)
    return _cut(text, start, min(len(text), start + SNIPPET_CHARS))


def _matcher(text: str, parsed: ParsedQuery) -> tuple[str, re.Pattern[str]] | None:
    """The comparable form of text and the pattern of query words that occurs in it.

    Exact spellings are preferred when the query has diacritics; folded ones otherwise.
    Tone normalisation and folding keep one character per character for Vietnamese, so
    offsets found in the comparable form fit `text` (checked; else no highlight).

    Only the part the excerpt needs is converted when that is provably the same: the text
    is made of one-to-one characters, the first match and its whole excerpt fall within a
    prefix that ends before a space (the form returned is then that prefix's).
    """
    exact_pattern, placement_free, folded_pattern = _query_patterns(tuple(parsed.clauses),
                                                                    parsed.accented)
    attempts = []
    if exact_pattern is not None:
        # Lower-casing alone is the same form for such words, and several times cheaper.
        same = placement_free and unicodedata.is_normalized("NFC", text)
        attempts.append((_lower_form if same else _exact_form, exact_pattern))
    if folded_pattern is not None:
        attempts.append((fold, folded_pattern))
    cut = text.find(" ", PREFIX_CHARS) if len(text) > PREFIX_CHARS else -1
    if cut > 0 and _SIMPLE_TEXT_RE.fullmatch(text) is None:
        cut = -1
    for make_haystack, pattern in attempts:
        if cut > 0:
            head = make_haystack(text[:cut])
            match = pattern.search(head)
            if match and _window(text, match.start())[1] <= cut:
                return head, pattern
        haystack = make_haystack(text)
        if len(haystack) == len(text) and pattern.search(haystack):
            return haystack, pattern
    return None


def _cut(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def highlight(text: str, parsed: ParsedQuery) -> str:
    """An HTML-escaped excerpt around the first match with the query words in <mark>."""
    if not text:
        return ""
    found = _matcher(text, parsed)
    start, end = _window(text, found[1].search(found[0]).start() if found else 0)
    out, cursor = [], start
    if found:
        haystack, pattern = found
        for match in pattern.finditer(haystack, start, end):
            out.append(escape(text[cursor:match.start()]))
            out.append(f"<mark>{escape(text[match.start():match.end()])}</mark>")
            cursor = match.end()
    out.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(out).strip() + suffix
