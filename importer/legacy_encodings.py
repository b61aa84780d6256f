"""Repair Vietnamese typed in the legacy 8-bit encodings VNI-Windows and TCVN3 (ABC).

Old Word documents set in VNI-Times or .VnTime fonts keep Vietnamese as Windows-1252 characters,
so pasting them into the CMS yields mojibake: VNI "Xin chaøo caùc baïn", TCVN3 "Xin chµo c¸c b¹n"
for "Xin chào các bạn". This module recognises such text by scoring sequences that only those
encodings produce and converts it back to NFC Unicode.

VNI-Windows writes a base letter followed by a mark byte ("a" + "ø" = "à", "a" + "â" = "â",
"a" + "ê" = "ă"), with single bytes for ơ ("ô"), ư ("ö"), đ ("ñ") and the toned i/ỵ forms.
TCVN3 (TCVN 5712:1993, VN3 subset) gives every lowercase letter one byte in 0xA1-0xFF; only
Ă Â Ê Ô Ơ Ư Đ and the toned capitals of ă/â/ê/ô have codes of their own, so capitals such as
"Á" or "Ộ" were typed with the lowercase code and are restored from context when the word is
otherwise in capitals ("HéI" → "HỘI"). VN1's capitals in 0x80-0x9F are not decoded: in
cp1252-decoded text those positions are Word's smart quotes and dashes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from core.vietnamese import fold

__all__ = [
    "ENCODINGS",
    "ENCODING_NAMES",
    "TCVN3",
    "VNI",
    "LegacyEncodingError",
    "convert_legacy",
    "detect_legacy_encoding",
    "encode_legacy",
    "ensure_unicode",
    "repair_legacy",
]

VNI = "vni"
TCVN3 = "tcvn3"
ENCODINGS = (VNI, TCVN3)
ENCODING_NAMES = {VNI: "VNI-Windows", TCVN3: "TCVN3 (ABC)"}
_ALIASES = {"vni": VNI, "vni-windows": VNI, "tcvn3": TCVN3, "tcvn": TCVN3, "abc": TCVN3}

# Tone order used by every table below: none, sắc, huyền, hỏi, ngã, nặng.
_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def _toned(vowel: str) -> list[str]:
    """The six toned forms of a lowercase vowel, precomposed, in _TONES order."""
    return [unicodedata.normalize("NFC", vowel + tone) for tone in _TONES]


# --- VNI-Windows tables ------------------------------------------------------------------------

_VNI_TONE_MARKS = ("", "ù", "ø", "û", "õ", "ï")  # 0xF9 0xF8 0xFB 0xF5 0xEF
_VNI_CIRCUMFLEX_MARKS = ("â", "á", "à", "å", "ã", "ä")  # â ấ ầ ẩ ẫ ậ: 0xE2 0xE1 0xE0 0xE5 0xE3 0xE4
_VNI_BREVE_MARKS = ("ê", "é", "è", "ú", "ü", "ë")  # ă ắ ằ ẳ ẵ ặ: 0xEA 0xE9 0xE8 0xFA 0xFC 0xEB
# Vowel → (VNI base letter, its six mark sequences).
_VNI_ROWS: dict[str, tuple[str, tuple[str, ...]]] = {
    "a": ("a", _VNI_TONE_MARKS),
    "ă": ("a", _VNI_BREVE_MARKS),
    "â": ("a", _VNI_CIRCUMFLEX_MARKS),
    "e": ("e", _VNI_TONE_MARKS),
    "ê": ("e", _VNI_CIRCUMFLEX_MARKS),
    "o": ("o", _VNI_TONE_MARKS),
    "ô": ("o", _VNI_CIRCUMFLEX_MARKS),
    "ơ": ("ô", _VNI_TONE_MARKS),  # ơ is the single byte 0xF4
    "u": ("u", _VNI_TONE_MARKS),
    "ư": ("ö", _VNI_TONE_MARKS),  # ư is the single byte 0xF6
    "y": ("y", ("", "ù", "ø", "û", "õ")),  # ỵ is the single byte "î" (0xEE), added below
}
# Letters VNI writes as one byte: the toned i forms, ỵ and đ.
_VNI_SINGLES = {"í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î", "đ": "ñ"}


def _build_vni_encoder() -> dict[str, str]:
    """Unicode letter → VNI mojibake, both cases (VNI capitals use the capital mark bytes)."""
    lower: dict[str, str] = {}
    for vowel, (base, marks) in _VNI_ROWS.items():
        for letter, mark in zip(_toned(vowel), marks, strict=False):
            lower[letter] = base + mark
    lower.update(_VNI_SINGLES)
    table = {}
    for letter, code in lower.items():
        if letter != code:
            table[letter] = code
            table[letter.upper()] = code.upper()
    return table


_VNI_ENCODE = _build_vni_encoder()
_VNI_DECODE = {code: letter for letter, code in _VNI_ENCODE.items()}
# Longest first: "ôù" (ớ) must win over "ô" (ơ), "oâ" (ô) over a bare "o".
_VNI_DECODE_RE = re.compile(
    "|".join(re.escape(code) for code in sorted(_VNI_DECODE, key=len, reverse=True))
)
_VNI_MARKS = frozenset("".join(_VNI_TONE_MARKS + _VNI_CIRCUMFLEX_MARKS + _VNI_BREVE_MARKS))
_VNI_MARKS = _VNI_MARKS | frozenset(mark.upper() for mark in _VNI_MARKS)

# Evidence weights for base + mark pairs. Default 2; pairs that also occur in French, Dutch or
# Portuguese words ("où", "naïve", "Raphaël", "aérien", "saúde", "goût", "geïnstalleerd") count
# less, and "oá", "oà", "oã" count nothing because Unicode "toán", "hoàng", "hoãn" contain them.
_VNI_WEAK_PAIRS = {"où", "aï", "oï", "uï", "eï", "aë", "aé", "aè", "aú", "oû", "aü"}
_VNI_NEUTRAL_PAIRS = {"oá", "oà", "oã"}
_VNI_PAIR_WEIGHTS: dict[str, float] = {}
for _code in _VNI_DECODE:
    if len(_code) == 2:
        _key = _code.lower()
        _VNI_PAIR_WEIGHTS[_code] = (
            0.0 if _key in _VNI_NEUTRAL_PAIRS else 0.5 if _key in _VNI_WEAK_PAIRS else 2.0
        )
_VNI_CHARS = frozenset(ch for code in _VNI_DECODE for ch in code if not ch.isascii())

# ư + ơ, as in "ngöôøi" (người).
_VNI_HORN_PAIR_RE = re.compile("öô|ÖÔ")
# A pair, or else a lone mark byte: a lone mark cannot occur in VNI text, so it counts against.
_VNI_SCORE_RE = re.compile(
    "|".join(re.escape(code) for code in sorted(_VNI_PAIR_WEIGHTS))
    + "|["
    + re.escape("".join(sorted(_VNI_MARKS)))
    + "]"
)

# --- TCVN3 tables ------------------------------------------------------------------------------

# Lowercase rows, one cp1252 character per byte, in _TONES order (checked against glibc's
# TCVN5712-1 table for 0xA0-0xFF). "\xad" (soft hyphen) is the byte 0xAD, ư.
_TCVN3_ROWS = {
    "a": "a¸µ¶·¹",
    "ă": "¨¾»¼½Æ",
    "â": "©ÊÇÈÉË",
    "e": "eÐÌÎÏÑ",
    "ê": "ªÕÒÓÔÖ",
    "i": "iÝ×ØÜÞ",
    "o": "oãßáâä",
    "ô": "«èåæçé",
    "ơ": "¬íêëìî",
    "u": "uóïñòô",
    "ư": "\xadøõö÷ù",
    "y": "yýúûüþ",
}
_TCVN3_CAPITALS = {
    "Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§",
    "Ắ": "À", "Ằ": "¯", "Ẳ": "º", "Ẵ": "¿",
    "Ấ": "Ä", "Ầ": "Á", "Ẩ": "Â", "Ẫ": "Ã",
    "Ế": "Ú", "Ề": "Å", "Ể": "Í", "Ễ": "Ù",
    "Ố": "ÿ", "Ồ": "Û", "Ổ": "à", "Ỗ": "ð",
}  # fmt: skip


def _build_tcvn3_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(encoder, decoder); capitals without a code of their own encode as the lowercase code."""
    lower = {"đ": "®"}
    for vowel, codes in _TCVN3_ROWS.items():
        lower.update(zip(_toned(vowel), codes, strict=True))
    encode = {letter: code for letter, code in lower.items() if letter != code}
    encode.update(_TCVN3_CAPITALS)
    for letter, code in lower.items():
        if not letter.isascii():
            encode.setdefault(letter.upper(), code)  # "Á" → "¸", "Ý" → "ý"
    decode = {code: letter for letter, code in lower.items() if letter != code}
    decode.update({code: letter for letter, code in _TCVN3_CAPITALS.items()})
    return encode, decode


_TCVN3_ENCODE, _TCVN3_DECODE = _build_tcvn3_tables()
_TCVN3_DECODE_TABLE = str.maketrans(_TCVN3_DECODE)
_TCVN3_CODES = frozenset(_TCVN3_DECODE) | {"ý"}  # ý (0xFD) is its own code
_TCVN3_UPPER_CODES = frozenset(code for code, letter in _TCVN3_DECODE.items() if letter.isupper())
# Lowercase codes whose capital has a code too: seeing one means the word was not in capitals.
_TCVN3_PLAIN_LOWER_CODES = frozenset("¨©ª«¬\xad®")
# Toned lowercase codes that .VnTime typists also used for the capital.
_TCVN3_AMBIGUOUS_CODES = _TCVN3_CODES - _TCVN3_UPPER_CODES - _TCVN3_PLAIN_LOWER_CODES

# Evidence: codes that look like punctuation in cp1252 yet sit inside words in TCVN3 text.
_TCVN3_SYMBOL_CODES = frozenset("¡¢£¤¥¦§¨ª¬¯µ¶·¸¹º¼½¾¿")
_TCVN3_COMMON_SYMBOLS = frozenset("©®«»")  # ordinary in Unicode text; count only mid-word
_TCVN3_CAPITAL_LOOKING = frozenset("ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖ×ØÜÝÞ÷")  # "ViÖt", "vÒ", "ch÷"
_TCVN3_HORN_O = frozenset("¬êíîëì")  # ơ forms, which follow ư in "ươ"
# Lowercase codes that look like Latin-1 letters, weighed after an ASCII consonant ("cña" = của,
# "tæng" = tổng); rarer in Western words there than ó, è or ö, which are left out, while å and æ
# count little because Danish and Norwegian ("må være") use them there.
_TCVN3_AFTER_CONSONANT = {
    "ñ": 1.0,
    "å": 0.5,
    "æ": 0.5,
    "ë": 1.0,
    "ç": 0.5,
    "î": 0.5,
    "ì": 0.5,
    "ø": 0.5,
    "ß": 0.5,
    "þ": 0.5,
}
_ASCII_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxz")
_OPENING_PUNCTUATION = " \t\r\n\u00a0\"'“‘(«[-–—"  # may stand between a full stop and a word

# Characters that cannot survive in repaired Vietnamese next to a letter: VNI mark bytes with no
# base, TCVN3 codes in VNI text, VN1 capitals at 0x80-0x9F. ©®«»°, ², ³ and the soft hyphen stay
# out: they are ordinary in clean text ("m²", "«Tin»", hyphenation hints).
_RESIDUE = frozenset(
    "øûïåäëüæîöñØÛÏÅÄËÜÆÎÖÑ"  # VNI mark and letter bytes
    + "¡¢£¤¥¦§¨ª¬¯µ¶·¸¹º¼½¾¿×÷þÞßðÐÿ"  # TCVN3 codes
    + "ƒˆŠ‹ŒŽšœžŸ›†‡‰"  # TCVN 5712 VN1 capitals, as cp1252 shows bytes 0x80-0x9F
)

# A Vietnamese syllable once accents are folded: initial consonant, vowel nucleus (with glides),
# final consonant. Decoding a word that is not legacy text ("geändert" → "geệndert") rarely lands
# on one, while a legacy word usually is none as it stands ("tæng") and is one decoded ("tổng").
_NUCLEI = (
    "ieu|yeu|oai|oay|oeo|uay|uoi|uou|uya|uye|uyu"
    "|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ye|a|e|i|o|u|y"
)
_SYLLABLE_RE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdfghjklmnpqrstvwxz])?"
    rf"(?:{_NUCLEI})(?:ch|ng|nh|[cmnpt])?"
)
_LETTER_RUN_RE = re.compile(r"[^\W\d_]+")

# Tuning for detection. Scores are weighted hits; "tokens" are whitespace-separated words.
_MIN_SCORE = 2.0  # one strong sequence and a decoded word ("Vieät Nam"); "naïve où" is less
_MIN_DENSITY = 0.1  # hits per token: a stray "Nº" in a long English text is not a legacy paste
_MAX_CONFLICT_RATIO = 0.25  # counter-evidence tolerated per score point
_MIXED_MIN_SCORE = 4.0  # legacy evidence this strong next to Unicode means a mixed paste


class LegacyEncodingError(ValueError):
    """Text looks legacy-encoded but cannot be repaired safely; fields let callers translate."""

    def __init__(self, encoding: str, leftovers: Sequence[str] = (), *, mixed: bool = False):
        self.encoding = encoding
        self.encoding_name = ENCODING_NAMES.get(encoding, encoding)
        self.leftovers = tuple(leftovers)
        self.mixed = mixed
        if mixed:
            message = (
                f"Text mixes Unicode Vietnamese with what looks like {self.encoding_name} "
                "legacy encoding; convert the legacy part separately."
            )
        else:
            shown = ", ".join(repr(ch) for ch in self.leftovers)
            message = (
                f"Text looks like {self.encoding_name} legacy encoding, but "
                f"{len(self.leftovers)} character(s) could not be converted: {shown}."
            )
        super().__init__(message)


@dataclass(frozen=True)
class _Evidence:
    encoding: str
    score: float  # weighted characteristic sequences and words that decode into syllables
    conflicts: int  # words this encoding cannot explain
    unicode_letters: int  # Vietnamese letters no cp1252-decoded legacy text can hold

    @property
    def against(self) -> int:
        return self.conflicts + self.unicode_letters


def _canonical(encoding: str) -> str:
    try:
        return _ALIASES[encoding.strip().lower()]
    except KeyError:
        raise ValueError(
            f"Unknown legacy encoding {encoding!r}; expected one of {', '.join(ENCODINGS)}"
        ) from None


def _is_letter(ch: str) -> bool:
    """Letters, counting TCVN3 codes that cp1252 shows as symbols ("¸" in "c¸c")."""
    return ch.isalpha() or ch in _TCVN3_CODES


_UNICODE_LETTERS = frozenset(
    letter
    for vowel in "aăâeêioôơuưy"
    for toned in _toned(vowel)
    for letter in (toned, toned.upper())
) | {"đ", "Đ"}


def _unicode_only_vietnamese(text: str) -> int:
    """Count letters (ă, đ, ơ, ư, ạ…) that no cp1252-decoded legacy text can contain."""
    return sum(1 for ch in text if ord(ch) > 0xFF and ch in _UNICODE_LETTERS)


def _decode_vni(text: str) -> str:
    return _VNI_DECODE_RE.sub(lambda match: _VNI_DECODE[match.group()], text)


def _words(text: str) -> Iterator[tuple[int, int]]:
    """Spans of letter runs, TCVN3 codes included."""
    start = None
    for i, ch in enumerate(text):
        if _is_letter(ch):
            if start is None:
                start = i
        elif start is not None:
            yield start, i
            start = None
    if start is not None:
        yield start, len(text)


def _is_syllable(word: str) -> bool:
    return _SYLLABLE_RE.fullmatch(fold(word)) is not None


def _judge_word(word: str, decoded: str) -> tuple[float, int]:
    """(evidence, counter-evidence) from one word holding legacy characters.

    Decoding into a non-syllable speaks against the encoding; turning a non-syllable into a
    syllable speaks for it, from three letters on (two-letter hits like "Nº" are chance).
    """
    if not _is_syllable(decoded):
        return 0.0, 1
    if len(decoded) >= 3 and not _is_syllable(word):
        return 1.0, 0
    return 0.0, 0


def _vni_evidence(text: str, unicode_letters: int) -> _Evidence:
    score = 0.0
    conflicts = 0
    for run in _LETTER_RUN_RE.findall(text):
        if _VNI_CHARS.isdisjoint(run):
            continue
        orphan = False
        for match in _VNI_SCORE_RE.finditer(run):
            code = match.group()
            if len(code) == 2:
                score += _VNI_PAIR_WEIGHTS[code]
            else:
                orphan = True  # "á" in Unicode "các", "é" in "café": no VNI base before it
        score += 2.0 * len(_VNI_HORN_PAIR_RE.findall(run))
        if run[0] in "ñÑ" and len(run) > 1:
            score += 1.0  # đ opening a word ("ñi", "ñòa"); Spanish "ñ" rarely does
        if orphan:
            conflicts += 1
            continue
        repaired, non_word = _judge_word(run, _decode_vni(run))
        score += repaired
        conflicts += non_word
    return _Evidence(VNI, score, conflicts, unicode_letters)


def _tcvn3_evidence(text: str, unicode_letters: int) -> _Evidence:
    score = 0.0
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        after_letter = bool(prev) and _is_letter(prev)
        before_letter = bool(nxt) and _is_letter(nxt)
        if ch in _TCVN3_SYMBOL_CODES:
            if ch == "·" and prev in "lL" and nxt in "lL":
                continue  # Catalan "col·lecció"
            if after_letter:
                score += 0.5 if ch in "º¡¿" else 2.0  # "Nº 5", Spanish "¿…?" typos
            elif before_letter and ch not in "¡¿":
                score += 0.5  # word-initial "¨n" (ăn), but also "µm" (micrometre)
        elif ch in _TCVN3_COMMON_SYMBOLS:
            if after_letter and before_letter:
                score += 2.0
            elif ch in "©®" and nxt and (nxt.islower() or nxt in _TCVN3_CODES):
                score += 2.0 if nxt in _TCVN3_CODES else 1.0  # "®­îc" (được), "®i" (đi)
        elif ch == "\xad":
            if after_letter and nxt in _TCVN3_HORN_O:
                score += 2.0  # "n­íc" (nước), "ng­êi" (người)
        elif ch in _TCVN3_CAPITAL_LOOKING:
            if prev in _TCVN3_PLAIN_LOWER_CODES or (prev.isascii() and prev.islower()):
                score += 2.0  # "ViÖt", "®Ó" (để)
        elif ch in _TCVN3_AFTER_CONSONANT and prev in _ASCII_CONSONANTS:
            score += _TCVN3_AFTER_CONSONANT[ch]
    non_words = 0
    for start, end in _words(text):
        run = text[start:end]
        if not _TCVN3_CODES.isdisjoint(run):
            repaired, non_word = _judge_word(run, run.translate(_TCVN3_DECODE_TABLE))
            score += repaired
            non_words += non_word
    return _Evidence(TCVN3, score, non_words, unicode_letters)


def _gather_evidence(text: str) -> list[_Evidence]:
    unicode_letters = _unicode_only_vietnamese(text)
    return [_vni_evidence(text, unicode_letters), _tcvn3_evidence(text, unicode_letters)]


def _choose(evidence: list[_Evidence], tokens: int) -> str | None:
    """The encoding whose evidence is strong, dense and mostly uncontradicted, if any."""
    best: _Evidence | None = None
    for item in evidence:
        if item.score < _MIN_SCORE or item.score < _MIN_DENSITY * tokens:
            continue
        if item.against > _MAX_CONFLICT_RATIO * item.score:
            continue
        if best is None or item.score > best.score:
            best = item
    return best.encoding if best else None


def detect_legacy_encoding(text: str) -> str | None:
    """Return "vni", "tcvn3" or None (clean Unicode, plain ASCII, other languages)."""
    text = unicodedata.normalize("NFC", text)
    return _choose(_gather_evidence(text), len(text.split()))


# --- Conversion --------------------------------------------------------------------------------


def _starts_sentence(gap: str, first: bool) -> bool:
    """Whether a word preceded by this non-letter gap opens a sentence or a paragraph."""
    stripped = gap.rstrip(_OPENING_PUNCTUATION)
    if "\n" in gap[len(stripped) :]:
        return True
    if first and not stripped.strip():
        return True
    return stripped.endswith((".", "!", "?", "…"))


def _decode_tcvn3(text: str) -> str:
    """Translate code for code, then restore capitals typed with lowercase codes.

    .VnTime has no code for most toned capitals, so typists used the lowercase code. A word
    is re-capitalised when it contains such a code and no lowercase evidence (ASCII lowercase or
    a plain lowercase code such as "ª"), and either has two capitals of its own ("HéI" → "HỘI")
    or stands next to a word in capitals that shows legacy codes ("Hµ NéI" → "HÀ NỘI"). A lone
    capital as in "Hµ Néi" is title case, and an ASCII acronym ("TP Hµ TÜnh") says nothing about
    its neighbour. A sentence that opens with such a code gets its capital back ("ñy ban" at the
    start → "Ủy ban").
    """
    decoded = text.translate(_TCVN3_DECODE_TABLE)  # one character per code: offsets stay valid
    chars = list(decoded)
    words: list[tuple[int, int, bool, bool]] = []  # start, end, candidate, shows capitals
    previous_end = 0
    for start, end in _words(text):
        if text[start] in _TCVN3_AMBIGUOUS_CODES and _starts_sentence(
            text[previous_end:start], first=not words
        ):
            chars[start] = decoded[start].upper()
        previous_end = end
        uppers = legacy_uppers = ambiguous = 0
        lower = False
        for ch in text[start:end]:
            if ch in _TCVN3_AMBIGUOUS_CODES:
                ambiguous += 1
            elif ch in _TCVN3_UPPER_CODES:
                uppers += 1
                legacy_uppers += 1
            elif ch in _TCVN3_PLAIN_LOWER_CODES or ch.islower():
                lower = True
            elif ch.isupper():
                uppers += 1
        candidate = bool(ambiguous) and not lower
        in_capitals = not lower and uppers >= 2 and bool(ambiguous or legacy_uppers)
        words.append((start, end, candidate, in_capitals))
    for index, (start, end, candidate, in_capitals) in enumerate(words):
        if not candidate:
            continue
        neighbours = words[max(index - 1, 0) : index] + words[index + 1 : index + 2]
        if in_capitals or any(word[3] for word in neighbours):
            chars[start:end] = decoded[start:end].upper()
    return "".join(chars)


def convert_legacy(text: str, encoding: str) -> str:
    """Convert cp1252-decoded VNI-Windows or TCVN3 mojibake to NFC Unicode."""
    encoding = _canonical(encoding)
    text = unicodedata.normalize("NFC", text)
    converted = _decode_vni(text) if encoding == VNI else _decode_tcvn3(text)
    return unicodedata.normalize("NFC", converted)


def encode_legacy(text: str, encoding: str) -> str:
    """Unicode → legacy mojibake, as a VNI or .VnTime Word document pastes it; for tests/demos.

    TCVN3 has no code for most toned capitals, so those are written with the lowercase code,
    exactly as .VnTime typists did.
    """
    encoding = _canonical(encoding)
    table = _VNI_ENCODE if encoding == VNI else _TCVN3_ENCODE
    return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def repair_legacy(text: str) -> tuple[str, str | None]:
    """Detect and convert; returns (fixed_text, encoding) or (text, None) when nothing to do."""
    encoding = detect_legacy_encoding(text)
    if encoding is None:
        return text, None
    return convert_legacy(text, encoding), encoding


def _leftovers(text: str) -> list[str]:
    """Legacy characters still sitting next to a letter after conversion, in order of appearance."""
    found: dict[str, None] = {}
    for i, ch in enumerate(text):
        if ch not in _RESIDUE:
            continue
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if prev.isalpha() or nxt.isalpha():
            found[ch] = None
    return list(found)


def ensure_unicode(text: str) -> str:
    """Return NFC Unicode, repairing a legacy paste; raise LegacyEncodingError if that fails."""
    text = unicodedata.normalize("NFC", text)
    evidence = _gather_evidence(text)
    encoding = _choose(evidence, len(text.split()))
    if encoding is None:
        suspect = max(evidence, key=lambda item: item.score)
        if suspect.score >= _MIXED_MIN_SCORE and suspect.unicode_letters:
            raise LegacyEncodingError(suspect.encoding, mixed=True)
        return text
    fixed = convert_legacy(text, encoding)
    leftovers = _leftovers(fixed)
    if leftovers:
        raise LegacyEncodingError(encoding, leftovers)
    return fixed
