"""The search benchmark's query mix: deterministic, common words kept, generated ones unique."""

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import search_mix  # noqa: E402

TITLES = [f"Tỉnh Sóc Trăng khánh thành cầu số {n} ở xã An Thạnh {n % 7}" for n in range(400)]


def test_mix_is_deterministic_and_never_repeats_a_generated_query(monkeypatch):
    monkeypatch.setattr(search_mix, "sample_titles", lambda count: list(TITLES))
    first = search_mix.build_mix(300)
    assert first == search_mix.build_mix(300)
    generated = [q for kind, q in first if kind not in ("common", "labelled")]
    assert len(generated) == len(set(generated))
    kinds = {kind for kind, _q in first}
    assert kinds == {"common", "labelled", "words2", "folded2", "phrase3", "word1"}
    common = [q for kind, q in first if kind == "common"]
    assert {"tỉnh", "năm", "sóc trăng", "người dân", '"nông thôn mới"'} <= set(common)
    assert all(q.isascii() for kind, q in first if kind == "folded2")
    assert all(q.startswith('"') and q.endswith('"') for kind, q in first if kind == "phrase3")


def test_written_file_has_one_query_a_line(monkeypatch, tmp_path):
    monkeypatch.setattr(search_mix, "sample_titles", lambda count: list(TITLES))
    path = tmp_path / "mix.txt"
    mix = search_mix.write(path, 120)
    assert path.read_text(encoding="utf-8").splitlines() == [q for _kind, q in mix]
