"""PostgreSQL: title/tag words and exact words with each row's month, for those two windows.

The title/tag window wants the newest K rows holding every query word in the title or tags.
For words common in bodies but rarer in titles ("hoà giải", "giá lúa") a walk newest-first
gave up after its budget and the GIN bitmap listed every older title match, a heap read
each: a slow search. Like the triples (migration 0005), this index holds each row's month
("_202611", UTC) next to its words, so the rows are asked for month by month, newest
first, and only about as many are read as the window needs. Title and tags are short:
the index is small and quick to build. The exact-diacritics window ("đấu giá đất" among
the many "dau gia dat") gets the same: its lexeme set with the month added.
"""

from django.db import migrations

from sitesearch.migrations import _expression_indexes as expression_indexes

FUNCTION = "sitesearch_head_months"
CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}(head text, published timestamptz)
RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT array_to_tsvector(array_remove(string_to_array(head, ' '), '')
    || ARRAY['_' || (extract(year FROM published AT TIME ZONE 'UTC')::int * 100
                     + extract(month FROM published AT TIME ZONE 'UTC')::int)::text])
$$
"""
MONTH = ("'_' || (extract(year FROM published_at AT TIME ZONE 'UTC')::int * 100 "
         "+ extract(month FROM published_at AT TIME ZONE 'UTC')::int)::text")
INDEXES = {
    "search_head_months_gin": f"{FUNCTION}(head_folded, published_at)",
    "search_exact_months_gin": f"(exact_lex || array_to_tsvector(ARRAY[{MONTH}]))",
}


def forward(apps, schema_editor) -> None:
    expression_indexes.create(schema_editor, CREATE_FUNCTION, INDEXES)


def backward(apps, schema_editor) -> None:
    expression_indexes.drop(schema_editor, INDEXES, f"{FUNCTION}(text, timestamptz)")


class Migration(migrations.Migration):
    dependencies = [("sitesearch", "0005_word_triples")]

    operations = [migrations.RunPython(forward, backward)]
