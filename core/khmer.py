"""Khmer text helpers: find Khmer runs in any text and split them into words.

Khmer is written without spaces between words (a space marks a phrase or sentence end), so a
search that splits on spaces would only find whole sentences. ICU's dictionary-based word break
iterator (PyICU, built on Debian's libicu) splits a run into dictionary words; the search
indexes and parses queries through `words`, so both sides see the same words.

ICU's dictionary keeps many compounds whole ("ជំងឺគ្រុនឈាម", dengue fever; "អ្នកនេសាទ",
fisherman), so a word typed alone ("គ្រុនឈាម") would not find them. Each word ICU gives is
therefore split again into the dictionary words it is made of, when it splits into two parts of
at least two clusters each that ICU itself keeps whole between other words (`_decompose`). The
index and the query both hold these finest words; a Khmer run typed in a query is a phrase of
them, so a compound still only matches where its parts stand together.

The run is normalised first, so the same text always gives the same words:
* NFC, and zero-width characters inside a run removed (writers put U+200B where a line may
  break; it is optional, so text with and without it must give the same words);
* Khmer punctuation (។ ៕ ៖ …) and symbols end a word and are not words themselves;
* Khmer digits (០–៩) are written as ASCII digits, so "២០២៦" and "2026" are the same word.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata

__all__ = ["has_khmer", "join_zero_width", "runs", "words"]

# Letters, signs and digits of the Khmer blocks (U+1780–U+17FF, U+19E0–U+19FF), without the
# punctuation and currency signs (U+17D4–U+17D6, U+17D8–U+17DB), which separate words.
_KHMER_CHAR = "\u1780-\u17d3\u17d7\u17dc\u17dd\u17e0-\u17e9\u17f0-\u17f9\u19e0-\u19ff"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_KHMER_CHAR_RE = re.compile(f"[{_KHMER_CHAR}]")
# A Khmer run: Khmer characters, possibly with zero-width characters between them.
_RUN_RE = re.compile(f"[{_KHMER_CHAR}](?:[{_ZERO_WIDTH}]*[{_KHMER_CHAR}])*")
_ZERO_WIDTH_RE = re.compile(f"[{_ZERO_WIDTH}]")
# Digits are cut from letters before segmenting ("ឆ្នាំ២០២៦" is a word and a number).
_DIGIT_RUN_RE = re.compile("([\u17e0-\u17e9\u17f0-\u17f90-9]+)")
# An orthographic cluster: a base letter, its subscript consonants (coeng + letter) and signs.
_CLUSTER_RE = re.compile("[\u1780-\u17b3](?:\u17d2[\u1780-\u17b3]|[\u17b4-\u17d1\u17d3\u17dd])*|.",
                         re.DOTALL)
# A word whose dictionary status is checked between two copies of this common word ("at").
_FRAME = "នៅ"
_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")
# Khmer symbols (lunar dates, U+19E0–U+19FF) are no letters: they split a segment.
_SYMBOL_RE = re.compile("[\u19e0-\u19ff]")
# A word keeps letters, marks and digits only (what the full-text indexes treat as a word).
_WORD_CATEGORIES = ("L", "M", "N")

_local = threading.local()


def has_khmer(text: str) -> bool:
    return _KHMER_CHAR_RE.search(text) is not None


def join_zero_width(text: str) -> str:
    """Drop zero-width characters between Khmer characters (they are optional breaks)."""
    if not has_khmer(text):
        return text
    return _RUN_RE.sub(lambda match: _ZERO_WIDTH_RE.sub("", match.group()), text)


def runs(text: str) -> list[tuple[str, bool]]:
    """The text cut into alternating pieces: (piece, True) for a Khmer run, else (piece, False)."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in _RUN_RE.finditer(text):
        if match.start() > position:
            pieces.append((text[position:match.start()], False))
        pieces.append((match.group(), True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def _break_iterator():
    """One ICU word break iterator per thread (an iterator holds the text it walks)."""
    iterator = getattr(_local, "iterator", None)
    if iterator is None:
        import icu

        iterator = icu.BreakIterator.createWordInstance(icu.Locale("km"))
        _local.iterator = iterator
    return iterator


def _clean_word(segment: str) -> list[str]:
    """The segment's letters, marks and digits; anything else splits it."""
    out, current = [], []
    for char in segment:
        if unicodedata.category(char)[0] in _WORD_CATEGORIES:
            current.append(char)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def _segments(text: str) -> list[str]:
    iterator = _break_iterator()
    iterator.setText(text)
    found: list[str] = []
    start = iterator.first()
    for end in iterator:
        found.append(text[start:end])
        start = end
    return found


@functools.lru_cache(maxsize=50_000)
def _is_dictionary_word(text: str) -> bool:
    """ICU keeps `text` whole, alone and between two other words (an unknown string is cut
    into syllables instead)."""
    if len(_CLUSTER_RE.findall(text)) < 2:
        return False
    return (_segments(text) == [text]
            and _segments(_FRAME + text + _FRAME) == [_FRAME, text, _FRAME])


@functools.lru_cache(maxsize=50_000)
def _decompose(word: str) -> tuple[str, ...]:
    """The dictionary words a compound is made of (the longest first part that splits), or the
    word itself."""
    clusters = _CLUSTER_RE.findall(word)
    if len(clusters) < 4:
        return (word,)
    for cut in range(len(clusters) - 2, 1, -1):
        left, right = "".join(clusters[:cut]), "".join(clusters[cut:])
        if _is_dictionary_word(left) and _is_dictionary_word(right):
            return _decompose(left) + _decompose(right)
    return (word,)


def words(run: str) -> list[str]:
    """The words of one Khmer run (see the module docstring for the normalisation)."""
    text = unicodedata.normalize("NFC", _ZERO_WIDTH_RE.sub("", run))
    found: list[str] = []
    for index, piece in enumerate(_DIGIT_RUN_RE.split(text)):
        if not piece:
            continue
        if index % 2:  # the split's captured digit runs
            found.append(piece.translate(_DIGITS))
            continue
        for segment in _segments(piece):
            if _SYMBOL_RE.search(segment):
                for word in _clean_word(segment):
                    found.extend(_decompose(word))
            else:
                found.extend(_decompose(segment))
    return found
