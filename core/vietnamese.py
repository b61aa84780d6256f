"""Vietnamese text helpers: normalisation, accent folding, slugs, tokens and display formatting.

Pure standard library, so models, migrations, search indexing and templates can all share it.
Vietnamese arrives in several equivalent spellings (NFC vs NFD, "hoà" vs "hòa"); everything that
compares, indexes or slugifies text should go through these helpers so equal words stay equal.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "fold",
    "format_number_vi",
    "nfc",
    "normalize_tone_placement",
    "slugify_vi",
    "tokenize",
    "truncate_words",
]


def nfc(text: str) -> str:
    """Compose text to NFC, so visually equal strings are also equal in Python and the DB."""
    return unicodedata.normalize("NFC", text)


# --- Tone placement --------------------------------------------------------------------------
#
# The open nuclei oa, oe and uy (no final consonant, no further vowel) are written two ways:
# "hoà, khoẻ, thuý" (mark on the second vowel) and "hòa, khỏe, thúy" (mark on the first).
# The portal uses the latter everywhere; both spellings otherwise split search and tags.
# The mark only moves when the pair ends the syllable: in "hoàng", "khoảng", "hoài", "huýt",
# "huỳnh" or "thuyền" it already sits where both conventions put it. After "q" the "u" belongs to
# the consonant "qu", so "quý", "quỳ", "quỹ" are single-vowel syllables and stay as they are.

_LETTER = r"[^\W\d_]"
_OLD_STYLE_RE = re.compile(
    r"(?<![qQ])([uU])([ýỳỷỹỵÝỲỶỸỴ])(?!" + _LETTER + r")"
    r"|([oO])([àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ])(?!" + _LETTER + r")"
)


def _move_tone(match: re.Match[str]) -> str:
    """Move the tone mark of the pair's second vowel onto its first vowel, keeping each case."""
    first, second = (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
    decomposed = unicodedata.normalize("NFD", second)
    base, tone = decomposed[0], decomposed[1:]
    return unicodedata.normalize("NFC", first + tone) + base


def normalize_tone_placement(text: str) -> str:
    """NFC, then write open oa/oe/uy with the tone on the first vowel ("hoà" → "hòa")."""
    return _OLD_STYLE_RE.sub(_move_tone, nfc(text))


# --- Folding and slugs -------------------------------------------------------------------------

# Only Latin combining diacritics are stripped, so other scripts survive folding intact.
_COMBINING_DIACRITICS_RE = re.compile("[\u0300-\u036f]")
# Lower-cased Đ (U+0110) and Ð (U+00D0) both fold to "d" (see fold).


def fold(text: str) -> str:
    """Lower-case and strip accents ("Đắk Lắk" → "dak lak") for accent-insensitive matching."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    # str.replace, not str.translate: translate looks every character up in a dict, which
    # made it the slowest step of indexing a long body.
    stripped = _COMBINING_DIACRITICS_RE.sub("", decomposed).replace("đ", "d").replace("ð", "d")
    return nfc(stripped)


# Foreign names in the news ("Søren", "Straße") should not lose letters in their slug.
_SLUG_TRANSLITERATION = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "þ": "th"}
)
_SLUG_WORD_RE = re.compile(r"[a-z0-9]+")


def slugify_vi(text: str, max_length: int = 80) -> str:
    """ASCII slug ("Đắk Lắk" → "dak-lak") cut at a word boundary; "" when nothing is left."""
    if max_length < 1:
        raise ValueError("max_length must be at least 1")
    words = _SLUG_WORD_RE.findall(fold(text).translate(_SLUG_TRANSLITERATION))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and words:
        # A single word longer than the limit: a cut word beats an empty slug.
        slug = words[0][:max_length]
    return slug


# --- Tokens ------------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W_]+")


def tokenize(text: str) -> list[str]:
    """Lower-case words with diacritics kept, spelled one way, for search and tag matching."""
    return _WORD_RE.findall(nfc(normalize_tone_placement(text).lower()))


# --- Display -----------------------------------------------------------------------------------

_TRAILING_JUNK = " \t\n\r\f\v\u00a0,;:-–—"
# The last whitespace character (\s is str.isspace for str patterns).
_LAST_SPACE_RE = re.compile(r"\s\S*\Z")


def truncate_words(text: str, max_chars: int, ellipsis: str = "…") -> str:
    """Shorten to at most max_chars (ellipsis included) without cutting a word in half.

    Lengths are counted on the NFC form, the one users see; a single word longer than the
    budget is cut mid-word because returning only the ellipsis would say nothing.
    """
    if max_chars < 0:
        raise ValueError("max_chars must not be negative")
    text = nfc(text)
    if len(text) <= max_chars:
        return text
    budget = max_chars - len(ellipsis)
    if budget <= 0:
        return ellipsis[:max_chars]
    head = text[:budget]
    if not text[budget].isspace():
        last_space = _LAST_SPACE_RE.search(head)
        boundary = last_space.start() if last_space else -1
        if boundary > 0 and head[:boundary].strip():
            head = head[:boundary]
    head = head.rstrip(_TRAILING_JUNK)
    return head + ellipsis if head else ellipsis


def format_number_vi(n: int) -> str:
    """Group thousands with "." as Vietnamese readers expect: 1234567 → "1.234.567"."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"format_number_vi expects an int, got {type(n).__name__}")
    return f"{n:,}".replace(",", ".")
