"""Text typed into the admin is stored in Unicode NFC, whatever the keyboard sent.

Vietnamese and Khmer keyboards may send decomposed sequences; stored composed, the same word
is the same bytes in every row, search entry and address. Nothing else is changed: Khmer
subscripts (coeng), zero-width spaces and punctuation are kept as typed.
"""

from __future__ import annotations

import unicodedata


class NFCFormMixin:
    """For a Django/Wagtail model form: every text value of cleaned_data composed to NFC."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = unicodedata.normalize("NFC", value)
        return cleaned
