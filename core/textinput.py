"""Text typed into the admin is stored in Unicode NFC, whatever the keyboard sent.

Vietnamese and Khmer keyboards may send decomposed sequences; stored composed, the same word
is the same bytes in every row, search entry and address. Nothing else is changed: Khmer
subscripts (coeng), zero-width spaces and punctuation are kept as typed.
"""

from __future__ import annotations

from typing import Any

from wagtail.blocks import StreamValue

from core.vietnamese import nfc


def composed(data: Any) -> Any:
    """`data` with every string in it (in lists and dicts too) composed to NFC."""
    if isinstance(data, str):
        return nfc(data)
    if isinstance(data, list):
        return [composed(item) for item in data]
    if isinstance(data, dict):
        return {key: composed(value) for key, value in data.items()}
    return data


class NFCFormMixin:
    """For a Django/Wagtail model form: every text value of cleaned_data composed to NFC,
    the text inside a StreamField's blocks (an article's body) included."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = nfc(value)
            elif isinstance(value, StreamValue):
                raw = value.get_prep_value()
                normalized = composed(raw)
                if normalized != raw:
                    cleaned[name] = value.stream_block.to_python(normalized)
        return cleaned
