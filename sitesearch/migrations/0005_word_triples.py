"""PostgreSQL: a GIN index of consecutive word triples and the month, for phrases of 3+ words.

The pairs of migration 0004 narrow a phrase to the rows holding all its pairs, but a phrase of
very common words ("cao tại đồng": "cao tại" and "tại đồng" are both everywhere) still left
thousands of rows to read and check, each a body read: a slow search. The triple
"cao_tai_dong" holds nearly the phrase's own rows, since a three-word phrase holds exactly when
its triple is in one column. Like the pairs, triples never cross from the title/tag column into
the body, and the strpos check stays the definition of a phrase; the triples only narrow.

A common phrase still holds thousands of rows, and only the newest few hundred are needed
(the count stops at SEARCH_TOTAL_CAP): listing them all meant a heap read each. So each row's
triples come with one more lexeme, its publication month in UTC ("_202611"; tokens never
hold "_" at the start), and a search asks for the triples in the newest months first
(`'cao_tai_dong' & ('_202611' | '_202610')`), going further back only when those months did
not hold enough (sitesearch.pgscan). A second, small index holds the title/tag triples alone.

Their sampled shares join the pairs' in sitesearch_pairstats (refresh_pair_stats).
"""

from django.db import migrations

from sitesearch.migrations import _expression_indexes as expression_indexes

FUNCTION = "sitesearch_triples"
CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}(head text, body text, published timestamptz)
RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
  SELECT array_to_tsvector(coalesce(array_agg(a || '_' || b || '_' || c), '{{}}')
    || ARRAY['_' || (extract(year FROM published AT TIME ZONE 'UTC')::int * 100
                     + extract(month FROM published AT TIME ZONE 'UTC')::int)::text])
  FROM (SELECT string_to_array(head, ' ') AS h, string_to_array(body, ' ') AS w) AS s,
       unnest(h[1:cardinality(h) - 2] || w[1:cardinality(w) - 2],
              h[2:cardinality(h) - 1] || w[2:cardinality(w) - 1],
              h[3:] || w[3:]) AS u(a, b, c)
  WHERE a <> '' AND b <> '' AND c <> ''
$$
"""
INDEXES = {"search_triples_gin": f"{FUNCTION}(head_folded, body_folded, published_at)",
           "search_head_triples_gin": f"{FUNCTION}(head_folded, '', published_at)"}


def forward(apps, schema_editor) -> None:
    if not expression_indexes.create(schema_editor, CREATE_FUNCTION, INDEXES):
        return
    from sitesearch.pgscan import refresh_pair_stats

    with schema_editor.connection.cursor() as cursor:
        refresh_pair_stats(cursor)


def backward(apps, schema_editor) -> None:
    expression_indexes.drop(schema_editor, INDEXES, f"{FUNCTION}(text, text, timestamptz)")


class Migration(migrations.Migration):
    dependencies = [("sitesearch", "0004_word_pairs")]

    operations = [migrations.RunPython(forward, backward)]
