"""The `<id:...>` path converter: a row id as the database stores it.

Django's `<int:...>` takes any run of digits, and an id beyond a signed 64-bit integer then
reaches the query (SQLite raises OverflowError). `<id:...>` matches only 1 to MAX_ID, so any
other number is simply an address that does not exist: 404, before any view runs.
"""

from __future__ import annotations

from core.pagination import MAX_ID


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= MAX_ID:
            raise ValueError("not a row id")  # the resolver then tries the next pattern
        return number

    def to_url(self, value: int) -> str:
        return str(value)
