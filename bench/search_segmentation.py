"""Experiment: does Vietnamese word segmentation (pyvi) improve ranking on the labelled set?

Not part of the application. Run with pyvi installed in a separate environment:

    python3 -m venv /tmp/segexp && /tmp/segexp/bin/pip install pyvi==0.1.1
    PYTHONPATH=. /tmp/segexp/bin/python bench/search_segmentation.py

The baseline re-implements the production ranking in memory (syllable tokens; see
sitesearch/search.py). The variant adds pyvi's multi-syllable words ("nông_thôn") as extra
tokens on both sides and scores them: +2 per query word found as a word in title/tags, +1 in
the body. Printed: top-1 accuracy and mean reciprocal rank over the labelled queries.
"""

from __future__ import annotations

import sys

from core.vietnamese import fold, normalize_tone_placement
from sitesearch.tests.corpus import ARTICLES, QUERIES
from sitesearch.text import contains_sequence, exact_tokens, parse_query


def compounds(text: str, tokenizer) -> set[str]:
    if tokenizer is None:
        return set()
    segmented = tokenizer.tokenize(normalize_tone_placement(text))
    return {fold(w.lower()) for w in segmented.split() if "_" in w}


def build(tokenizer):
    docs = {}
    for key, (title, sapo, body, byline, tags, _section, days) in ARTICLES.items():
        head = " ".join([title, *tags])
        rest = " ".join([sapo, body, byline])
        head_exact, body_exact = exact_tokens(head), exact_tokens(rest)
        docs[key] = {
            "head_exact": head_exact, "body_exact": body_exact,
            "head_folded": [fold(t) for t in head_exact],
            "body_folded": [fold(t) for t in body_exact],
            "head_words": compounds(head, tokenizer), "body_words": compounds(rest, tokenizer),
            "age": days,
        }
    return docs


def rank(query: str, docs, tokenizer) -> list[str]:
    parsed = parse_query(query)
    query_words = compounds(query, tokenizer)
    scored = []
    for key, doc in docs.items():
        def has(clause, form, places, doc=doc):
            return any(contains_sequence(doc[f"{p}_{form}"], getattr(clause, form))
                       for p in places)
        if not all(has(c, "folded", ("head", "body")) for c in parsed.clauses):
            continue
        exact_all = parsed.accented and all(has(c, "exact", ("head", "body"))
                                            for c in parsed.clauses)
        points = 0
        for clause in parsed.clauses:
            if parsed.accented and has(clause, "exact", ("head",)):
                points += 3
            elif has(clause, "folded", ("head",)):
                points += 2 if parsed.accented else 3
        seq = parsed.folded_sequence
        if len(seq) > 1 and contains_sequence(doc["head_folded"], seq):
            points += 2
        points += 2 * len(query_words & doc["head_words"]) + len(query_words & doc["body_words"])
        scored.append(((exact_all, points, -doc["age"]), key))
    return [key for _score, key in sorted(scored, reverse=True)]


def evaluate(tokenizer) -> tuple[int, float]:
    docs = build(tokenizer)
    top1, rr = 0, 0.0
    for query, expected in QUERIES:
        ranking = rank(query, docs, tokenizer)
        if ranking and ranking[0] == expected:
            top1 += 1
        if expected in ranking:
            rr += 1 / (ranking.index(expected) + 1)
    return top1, rr / len(QUERIES)


def main() -> None:
    base = evaluate(None)
    print(f"syllables only : top-1 {base[0]}/{len(QUERIES)}, MRR {base[1]:.3f}")
    try:
        from pyvi import ViTokenizer
    except ImportError:
        sys.exit("pyvi is not installed in this environment")
    seg = evaluate(ViTokenizer)
    print(f"+ pyvi words   : top-1 {seg[0]}/{len(QUERIES)}, MRR {seg[1]:.3f}")
    for query in ("nông thôn mới", "nong thon moi", "hỏi đáp bảo hiểm", "Thúy Liễu"):
        print(f"  {query!r} -> {ViTokenizer.tokenize(query)!r}")


if __name__ == "__main__":
    main()
