"""PostgreSQL: a GIN index of adjacent word pairs, so quoted phrases stop reading bodies.

A phrase ("nông thôn mới") is checked with strpos on the space-joined token columns, and the
body column lives out of line: every row holding all the phrase's words costs a body read,
and a rare phrase of common words read nearly every body of the table. The index holds, per
article, the folded pairs "a_b" of consecutive tokens within the title/tag column and within
the body column (never across the two, like the phrase rule), so a phrase first narrows to
the rows holding all its pairs (nong_thon & thon_moi) and only those are checked with strpos.
The strpos check stays the definition of a phrase; the pairs only narrow.

It is an expression index over an IMMUTABLE function of the stored token columns: no table
rewrite, nothing for the indexing code to write, and PostgreSQL keeps it in step. Tokens are
letters and digits only (sitesearch.text), so "_" never occurs inside one. ANALYZE gathers
no statistics on the expression: it would compute the pairs of every sampled row (300,000
at the lexeme columns' statistics target, minutes of CPU on each ANALYZE). Instead the shares
of the common pairs, from a sample of about 30,000 rows, are kept in sitesearch_pairstats
(refreshed by rebuild_search_index: sitesearch.pgscan.refresh_pair_stats). A second,
small index holds the pairs of the title/tag column alone, for the title/tag window. SQLite needs
nothing: FTS5 answers phrases from its own positions.
"""

from django.db import migrations

from sitesearch.migrations import _expression_indexes as expression_indexes

INDEX = "search_pairs_gin"
FUNCTION = "sitesearch_pairs"
# The pairs of each column are zipped from the token array and its shifted copy in one
# statement (a regular expression with capture groups was three times slower).
CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}(head text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
  SELECT array_to_tsvector(coalesce(array_agg(a || '_' || b), '{{}}'))
  FROM (SELECT string_to_array(head, ' ') AS h, string_to_array(body, ' ') AS w) AS s,
       unnest(h[1:cardinality(h) - 1] || w[1:cardinality(w) - 1], h[2:] || w[2:]) AS u(a, b)
  WHERE a <> '' AND b <> ''
$$
"""
# Pairs anywhere, and in title/tags only (their own, far smaller index: a phrase in the
# title is rare even when its pairs are common in bodies).
INDEXES = {INDEX: f"{FUNCTION}(head_folded, body_folded)",
           "search_head_pairs_gin": f"{FUNCTION}(head_folded, '')"}
STATS_TABLE = "sitesearch_pairstats"
CREATE_STATS = (f"CREATE TABLE IF NOT EXISTS {STATS_TABLE} (pair text PRIMARY KEY, "
                f"share real NOT NULL, head_share real NOT NULL)")


def forward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    expression_indexes.create(schema_editor, CREATE_FUNCTION, INDEXES)
    schema_editor.execute(CREATE_STATS)
    from sitesearch.pgscan import refresh_pair_stats  # the sampling rebuilds also run

    with schema_editor.connection.cursor() as cursor:
        refresh_pair_stats(cursor)


def backward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TABLE IF EXISTS {STATS_TABLE}")
    expression_indexes.drop(schema_editor, INDEXES, f"{FUNCTION}(text, text)")


class Migration(migrations.Migration):
    dependencies = [("sitesearch", "0003_lexeme_columns")]

    operations = [migrations.RunPython(forward, backward)]
