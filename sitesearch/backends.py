"""Full-text match expressions for each database, built from already-tokenized clauses.

Every token reaching this module is letters and digits only (see sitesearch.text), so quoting it
as a literal of the target query language is safe; nothing the reader typed is ever spliced in
as syntax. Both backends answer the same question: which articles contain every clause, in the
given form (exact/folded) and place (head only / anywhere)?
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from sitesearch.text import Clause


def _clause_tokens(clause: Clause, form: str) -> tuple[str, ...]:
    return clause.exact if form == "exact" else clause.folded


class SQLiteFTS5:
    """FTS5 query over the contentless `sitesearch_fts` table (rowid = article id)."""

    def expression(self, clauses: list[Clause], form: str, head_only: bool) -> str:
        columns = f"head_{form}" if head_only else f"{{head_{form} body_{form}}}"
        parts = []
        for clause in clauses:
            phrase = " ".join(_clause_tokens(clause, form))
            parts.append(f'{columns} : "{phrase}"')
        return " AND ".join(parts)

    def condition(self, clauses: list[Clause], form: str, head_only: bool):
        sql = "article_id IN (SELECT rowid FROM sitesearch_fts WHERE sitesearch_fts MATCH %s)"
        return RawSQL(sql, [self.expression(clauses, form, head_only)],
                      output_field=BooleanField())


class PostgresFTS:
    """GIN-indexed lexeme sets for "contains all words"; phrases on the token columns.

    The tsvector columns are the token sets as stored (no positions, no text-search parser:
    see migration 0003) and the tsquery is a literal of the same tokens, so both sides hold
    exactly the words FTS5 sees. A phrase is then a substring " a b c " of a space-joined
    token column, which is exactly FTS5's phrase rule (consecutive tokens within one column).
    """

    def expression(self, clauses: list[Clause], form: str, head_only: bool) -> str:
        tokens = dict.fromkeys(t for clause in clauses for t in _clause_tokens(clause, form))
        return " & ".join(f"'{token}'" for token in tokens)

    def pairs_expression(self, clauses: list[Clause]) -> tuple[str, int]:
        """tsquery of the folded word shingles of every phrase, and their size; ("", 2) if none.

        Phrases of three words or more give their consecutive triples (migration 0005), far
        rarer than their pairs when the words are common; two-word phrases give their pair
        (migration 0004). When a query has both, the triples alone narrow it. Rows holding a
        phrase hold all its shingles, so this only narrows the phrase check.
        """
        phrases = [clause.folded for clause in clauses if clause.is_phrase]
        size = 3 if any(len(words) >= 3 for words in phrases) else 2
        shingles = dict.fromkeys(
            "_".join(words[start:start + size])
            for words in phrases if len(words) >= size
            for start in range(len(words) - size + 1))
        return " & ".join(f"'{shingle}'" for shingle in shingles), size

    def condition(self, clauses: list[Clause], form: str, head_only: bool):
        column = "head_lex" if head_only and form == "folded" else f"{form}_lex"
        parts = [f"{column} @@ %s::tsquery"]
        params: list[str] = [self.expression(clauses, form, head_only)]
        places = [f"head_{form}"] if head_only else [f"head_{form}", f"body_{form}"]
        for clause in clauses:
            if not (clause.is_phrase or (head_only and column != "head_lex")):
                continue
            needle = " " + " ".join(_clause_tokens(clause, form)) + " "
            parts.append("(" + " OR ".join(
                f"strpos(' ' || {place} || ' ', %s) > 0" for place in places) + ")")
            params.extend([needle] * len(places))
        return RawSQL(" AND ".join(parts), params, output_field=BooleanField())


def current_backend() -> SQLiteFTS5 | PostgresFTS:
    if connection.vendor == "postgresql":
        return PostgresFTS()
    if connection.vendor == "sqlite":
        return SQLiteFTS5()
    raise NotImplementedError(f"No full-text search for the {connection.vendor} backend")
