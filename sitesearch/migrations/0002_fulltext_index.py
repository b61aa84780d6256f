"""The database's own full-text index over the token columns, one flavour per backend.

SQLite: a contentless FTS5 table (rowid = article id) kept in step by triggers. Its tokenizer
keeps diacritics (remove_diacritics 0): folding is done beforehand, so ệ/ữ fold like every
other letter. PostgreSQL: generated, *stripped* tsvector columns (lexemes only, no positions:
small enough to stay inline, so testing a row is cheap) with GIN indexes; phrases are checked
on the space-separated token columns (see sitesearch.backends).
"""

from django.db import migrations

COLUMNS = ("head_exact", "head_folded", "body_exact", "body_folded")

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE sitesearch_fts USING fts5("
    "head_exact, head_folded, body_exact, body_folded, "
    "content='', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER sitesearch_fts_ai AFTER INSERT ON sitesearch_searchentry BEGIN "
    "INSERT INTO sitesearch_fts(rowid, head_exact, head_folded, body_exact, body_folded) "
    "VALUES (new.article_id, new.head_exact, new.head_folded, new.body_exact, new.body_folded);"
    " END",
    "CREATE TRIGGER sitesearch_fts_ad AFTER DELETE ON sitesearch_searchentry BEGIN "
    "INSERT INTO sitesearch_fts(sitesearch_fts, rowid, head_exact, head_folded, body_exact, "
    "body_folded) VALUES ('delete', old.article_id, old.head_exact, old.head_folded, "
    "old.body_exact, old.body_folded); END",
    "CREATE TRIGGER sitesearch_fts_au AFTER UPDATE ON sitesearch_searchentry BEGIN "
    "INSERT INTO sitesearch_fts(sitesearch_fts, rowid, head_exact, head_folded, body_exact, "
    "body_folded) VALUES ('delete', old.article_id, old.head_exact, old.head_folded, "
    "old.body_exact, old.body_folded); "
    "INSERT INTO sitesearch_fts(rowid, head_exact, head_folded, body_exact, body_folded) "
    "VALUES (new.article_id, new.head_exact, new.head_folded, new.body_exact, new.body_folded);"
    " END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS sitesearch_fts_au",
    "DROP TRIGGER IF EXISTS sitesearch_fts_ad",
    "DROP TRIGGER IF EXISTS sitesearch_fts_ai",
    "DROP TABLE IF EXISTS sitesearch_fts",
]


PG_FORWARD = [
    "ALTER TABLE sitesearch_searchentry ADD COLUMN head_lex tsvector GENERATED ALWAYS AS "
    "(strip(to_tsvector('simple'::regconfig, head_folded))) STORED",
    "ALTER TABLE sitesearch_searchentry ADD COLUMN folded_lex tsvector GENERATED ALWAYS AS "
    "(strip(to_tsvector('simple'::regconfig, head_folded || ' ' || body_folded))) STORED",
    "ALTER TABLE sitesearch_searchentry ADD COLUMN exact_lex tsvector GENERATED ALWAYS AS "
    "(strip(to_tsvector('simple'::regconfig, head_exact || ' ' || body_exact))) STORED",
    "CREATE INDEX search_head_gin ON sitesearch_searchentry USING gin (head_lex)",
    "CREATE INDEX search_folded_gin ON sitesearch_searchentry USING gin (folded_lex)",
    "CREATE INDEX search_exact_gin ON sitesearch_searchentry USING gin (exact_lex)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS search_exact_gin",
    "DROP INDEX IF EXISTS search_folded_gin",
    "DROP INDEX IF EXISTS search_head_gin",
    "ALTER TABLE sitesearch_searchentry DROP COLUMN IF EXISTS exact_lex",
    "ALTER TABLE sitesearch_searchentry DROP COLUMN IF EXISTS folded_lex",
    "ALTER TABLE sitesearch_searchentry DROP COLUMN IF EXISTS head_lex",
]


def _run(statements_by_vendor: dict[str, list[str]]):
    def operation(apps, schema_editor) -> None:
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("sitesearch", "0001_search_entry")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}),
        ),
    ]
