"""What the machine voice reads, and the key its audio is cached under.

The voice reads the lead (sapo) and the body's paragraphs, quotes and captions: the title is
printed right above the player. The text is normalised (HTML dropped, NFC, whitespace
collapsed), so an edit that leaves the words alone keeps the audio, and two articles with the
same words share one file.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|div)>|<br\s*/?>", re.I)


def _plain(markup: str) -> str:
    text = _BLOCK_END.sub(lambda match: match.group(0) + "\n", markup)
    return html.unescape(_TAG.sub(" ", text))


def _normalise(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _block_text(block) -> str:
    value = block.value
    if block.block_type == "paragraph":
        return _plain(value.source)
    if block.block_type == "quote":
        return " ".join(filter(None, [value.get("text"), value.get("attribution")]))
    if block.block_type in {"image", "video"}:
        return value.get("caption") or ""
    return ""


def spoken_text(article) -> str:
    """The words the machine voice reads, one paragraph a line."""
    parts = [article.sapo or ""]
    parts += [_block_text(block) for block in article.body]
    lines = [_normalise(line) for part in parts for line in part.splitlines()]
    return "\n".join(line for line in lines if line)


def speech_key(text: str, engine_name: str, voice: str) -> str:
    """The cache key of generated audio: the same words read by the same voice."""
    return hashlib.sha256(f"{engine_name}\0{voice}\0{text}".encode()).hexdigest()
