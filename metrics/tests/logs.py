"""Helpers to write beacon log lines exactly as nginx's ``toasoan_beacon`` format does."""

from __future__ import annotations

from pathlib import Path

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"


def line(ts: float, article_id: int | str, cookie: str = "-", ip: str = "203.0.113.9",
         agent: str = BROWSER) -> bytes:
    return f"{ts:.3f}\t{article_id}\t{cookie}\t{ip}\t{agent}\n".encode()


def write(path: Path, lines: list[bytes], mode: str = "ab") -> None:
    with open(path, mode) as handle:
        handle.write(b"".join(lines))


def reader_address(n: int, per_address: int = 1) -> str:
    """The address of reader n when `per_address` readers share one (as behind a carrier's
    NAT), in 198.18.0.0/15, the range set aside for such tests: distinct readers are distinct
    people, and the per-address cap must not be what tells them apart."""
    k = n // per_address
    return f"198.{18 + k // 65536 % 2}.{k // 256 % 256}.{k % 256}"


def distinct_views(article_id: int, n: int, start: float = 1_764_300_000.0,
                   prefix: str = "reader") -> list[bytes]:
    """n views of one article, each by a different reader (cookie and address), 1 ms apart."""
    return [line(start + i / 1000, article_id, cookie=f"{prefix}{i:08d}",
                 ip=reader_address(i)) for i in range(n)]
