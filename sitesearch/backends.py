"""Full-text match expressions for each database, built from already-tokenized clauses.

Every token reaching this module is letters and digits only (see sitesearch.text), so quoting it
as a literal of the target query language is safe; nothing the reader typed is ever spliced in
as syntax. Both backends answer the same question: which articles contain every clause, in the
given form (exact/folded) and place (head only / anywhere)?
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Q
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

    def condition(self, clauses: list[Clause], form: str, head_only: bool) -> Q:
        sql = "article_id IN (SELECT rowid FROM sitesearch_fts WHERE sitesearch_fts MATCH %s)"
        expr = RawSQL(sql, [self.expression(clauses, form, head_only)],
                      output_field=BooleanField())
        return Q(expr)


class PostgresFTS:
    """tsquery over the generated tsvector columns (head lexemes carry weight A)."""

    def expression(self, clauses: list[Clause], form: str, head_only: bool) -> str:
        suffix = ":A" if head_only else ""
        parts = []
        for clause in clauses:
            lexemes = [f"'{token}'{suffix}" for token in _clause_tokens(clause, form)]
            parts.append("(" + " <-> ".join(lexemes) + ")")
        return " & ".join(parts)

    def condition(self, clauses: list[Clause], form: str, head_only: bool) -> Q:
        sql = f"{form}_tsv @@ to_tsquery('simple'::regconfig, %s)"
        expr = RawSQL(sql, [self.expression(clauses, form, head_only)],
                      output_field=BooleanField())
        return Q(expr)


def current_backend() -> SQLiteFTS5 | PostgresFTS:
    if connection.vendor == "postgresql":
        return PostgresFTS()
    if connection.vendor == "sqlite":
        return SQLiteFTS5()
    raise NotImplementedError(f"No full-text search for the {connection.vendor} backend")
