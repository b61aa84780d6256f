"""Turn article text and reader queries into the same two token forms.

Every word is kept twice: *exact* (NFC, tone placement normalised, lower case, diacritics kept,
Ð written as đ) and *folded* (no diacritics, đ → d). Both backends index tokens produced here, so
SQLite and PostgreSQL see exactly the same words and can return exactly the same results.

Khmer runs (written without spaces) are split into words by core.khmer, here for the index and
the queries alike; a Khmer run typed in a query is one clause, a phrase of its words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from core import khmer
from core.vietnamese import fold
from core.vietnamese import tokenize as tokenize_vi

# A query longer than this is refused (400): nobody types it, and it would only cost CPU.
MAX_QUERY_CHARS = 500
# Further terms are ignored: a dozen words already pin any story down.
MAX_QUERY_TERMS = 16
# Words beyond this are not indexed (PostgreSQL positions stop at 16,383 anyway).
MAX_INDEXED_TOKENS = 12_000

_ETH = str.maketrans({"ð": "đ"})
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


def token_groups(text: str) -> list[list[str]]:
    """The words of text in order, grouped: each Khmer run is one group, every other word is
    a group of its own."""
    if not khmer.has_khmer(text):
        return [[token] for token in tokenize_vi(text)]
    groups: list[list[str]] = []
    for piece, is_khmer in khmer.runs(khmer.join_zero_width(text)):
        if is_khmer:
            words = khmer.words(piece)
            if words:
                groups.append(words)
        else:
            groups.extend([token] for token in tokenize_vi(piece))
    return groups


def tokenize(text: str) -> list[str]:
    """Lower-case words, diacritics kept, Khmer runs split into words (the indexed form)."""
    if not khmer.has_khmer(text):
        return tokenize_vi(text)
    return [token for group in token_groups(text) for token in group]


def exact_tokens(text: str) -> list[str]:
    """Lower-case words with diacritics, one spelling per word ("Thuý" and "Thúy" → "thúy")."""
    return [token.translate(_ETH) for token in tokenize(text)]


def folded(token: str) -> str:
    return fold(token)


def has_marks(token: str) -> bool:
    return fold(token) != token


@dataclass(frozen=True)
class Clause:
    """One query unit that must match: a single word or a quoted phrase (several words)."""

    exact: tuple[str, ...]
    folded: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.exact) > 1


@dataclass
class ParsedQuery:
    clauses: list[Clause] = field(default_factory=list)
    # True when the reader typed diacritics: then exact spellings rank above folded ones.
    accented: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @property
    def exact_sequence(self) -> list[str]:
        return [token for clause in self.clauses for token in clause.exact]

    @property
    def folded_sequence(self) -> list[str]:
        return [token for clause in self.clauses for token in clause.folded]


class QueryTooLong(ValueError):
    pass


def clean_query(raw: str) -> str:
    """Drop control and invisible format characters, compose Unicode, unify quote marks.

    Zero-width characters between Khmer letters are optional word breaks: they are dropped,
    so the run stays one phrase, as the indexed text does with them."""
    return unicodedata.normalize("NFC", _CONTROL_RE.sub(" ", khmer.join_zero_width(raw))
                                 ).translate(_QUOTES)


def parse_query(raw: str) -> ParsedQuery:
    """Words and "quoted phrases"; every other symbol (FTS or SQL syntax) is just a separator."""
    text = clean_query(raw or "")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooLong(f"The query is longer than {MAX_QUERY_CHARS} characters.")
    parts = text.split('"')
    clauses: list[Clause] = []
    seen: set[tuple[str, ...]] = set()
    for index, part in enumerate(parts):
        # Odd parts sit between quotes; a trailing unmatched quote leaves a plain last part.
        quoted = index % 2 == 1 and index < len(parts) - 1
        groups = [[token.translate(_ETH) for token in group] for group in token_groups(part)]
        if quoted and groups:
            groups = [[token for group in groups for token in group]]
        for group in groups:
            key = tuple(group)
            if key in seen:
                continue
            seen.add(key)
            clauses.append(Clause(exact=key, folded=tuple(fold(t) for t in group)))
    clauses = _limit_terms(clauses)
    accented = any(has_marks(token) for clause in clauses for token in clause.exact)
    return ParsedQuery(clauses=clauses, accented=accented)


def _limit_terms(clauses: list[Clause]) -> list[Clause]:
    kept, count = [], 0
    for clause in clauses:
        if count + len(clause.exact) > MAX_QUERY_TERMS:
            break
        kept.append(clause)
        count += len(clause.exact)
    return kept


def contains_sequence(haystack: list[str], needle: tuple[str, ...] | list[str]) -> bool:
    """True when needle occurs as consecutive tokens of haystack."""
    size = len(needle)
    if size == 0 or size > len(haystack):
        return False
    first = needle[0]
    for start, token in enumerate(haystack[: len(haystack) - size + 1]):
        if token == first and tuple(haystack[start : start + size]) == tuple(needle):
            return True
    return False
