"""PostgreSQL: lexeme sets built from the stored tokens as they are, cheap to build and to test.

The tokens are already words of letters and digits (sitesearch.text), so the lexeme set is just
the space-separated token column turned into an array: `array_to_tsvector` skips the text-search
parser and dictionary that `to_tsvector` ran for every article (most of the old build time),
and matches exactly the words FTS5 sees on SQLite. Queries use literal tsquery values.

Storage: body tokens and the snippet text move out of line first (they are read only for
phrase checks and display), the lexeme sets stay in the row (compressed if need be), so a
newest-first walk that tests lexemes never follows a TOAST pointer. A larger statistics target
gives the planner, and the search's own plan choice, frequencies for the common words.
"""

from django.db import migrations

TABLE = "sitesearch_searchentry"


def _lexemes(expression: str) -> str:
    return f"array_to_tsvector(array_remove(string_to_array({expression}, ' '), ''))"


COLUMNS = {
    "head_lex": _lexemes("head_folded"),
    "folded_lex": _lexemes("head_folded || ' ' || body_folded"),
    "exact_lex": _lexemes("head_exact || ' ' || body_exact"),
}
OLD_COLUMNS = {
    "head_lex": "strip(to_tsvector('simple'::regconfig, head_folded))",
    "folded_lex": "strip(to_tsvector('simple'::regconfig, head_folded || ' ' || body_folded))",
    "exact_lex": "strip(to_tsvector('simple'::regconfig, head_exact || ' ' || body_exact))",
}
INDEXES = {"search_head_gin": "head_lex", "search_folded_gin": "folded_lex",
           "search_exact_gin": "exact_lex"}


def _compression(schema_editor) -> str:
    """lz4 (fast to decompress in a row test) when this server was built with it."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_settings WHERE name = "
                       "'default_toast_compression' AND 'lz4' = ANY(enumvals)")
        return "lz4" if cursor.fetchone()[0] else "pglz"


def _replace_columns(schema_editor, columns: dict[str, str], tuned: bool) -> list[str]:
    statements = [f"DROP INDEX IF EXISTS {name}" for name in INDEXES]
    statements += [f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {column}" for column in columns]
    statements += [f"ALTER TABLE {TABLE} ADD COLUMN {column} tsvector GENERATED ALWAYS AS "
                   f"({expression}) STORED" for column, expression in columns.items()]
    if tuned:
        statements += [f"ALTER TABLE {TABLE} ALTER COLUMN {column} SET STORAGE EXTERNAL"
                       for column in ("body_exact", "body_folded", "snippet_text")]
        statements += [f"ALTER TABLE {TABLE} ALTER COLUMN {column} SET STORAGE MAIN, "
                       f"ALTER COLUMN {column} SET COMPRESSION {_compression(schema_editor)}"
                       for column in columns]
        statements += [f"ALTER TABLE {TABLE} ALTER COLUMN {column} SET STATISTICS 1000"
                       for column in columns]
    statements += [f"CREATE INDEX {name} ON {TABLE} USING gin ({column})"
                   for name, column in INDEXES.items()]
    return statements


def _run(forward: bool):
    def operation(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        columns, tuned = (COLUMNS, True) if forward else (OLD_COLUMNS, False)
        for statement in _replace_columns(schema_editor, columns, tuned):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("sitesearch", "0002_fulltext_index")]

    operations = [migrations.RunPython(_run(True), _run(False))]
