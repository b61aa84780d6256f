"""The database's own full-text index over the token columns, one flavour per backend.

SQLite: a contentless FTS5 table (rowid = article id) kept in step by triggers. Its tokenizer
keeps diacritics (remove_diacritics 0): folding is done beforehand, so ệ/ữ fold like every
other letter. PostgreSQL: generated tsvector columns (head weighted A, body D, with a gap so a
phrase cannot straddle title and body, as in FTS5's separate columns) and GIN indexes.
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


def _pg_vector(form: str) -> str:
    # The e-mail-shaped lexeme is one the token columns can never hold (no "@" survives
    # tokenizing); deleting it leaves the one-position gap between head and body.
    return (
        f"setweight(to_tsvector('simple'::regconfig, head_{form}), 'A') || "
        f"setweight(ts_delete(to_tsvector('simple'::regconfig, 'gap@sep.invalid ' || "
        f"body_{form}), 'gap@sep.invalid'::text), 'D')"
    )


PG_FORWARD = [
    "ALTER TABLE sitesearch_searchentry ADD COLUMN folded_tsv tsvector "
    f"GENERATED ALWAYS AS ({_pg_vector('folded')}) STORED",
    "ALTER TABLE sitesearch_searchentry ADD COLUMN exact_tsv tsvector "
    f"GENERATED ALWAYS AS ({_pg_vector('exact')}) STORED",
    "CREATE INDEX search_folded_gin ON sitesearch_searchentry USING gin (folded_tsv)",
    "CREATE INDEX search_exact_gin ON sitesearch_searchentry USING gin (exact_tsv)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS search_exact_gin",
    "DROP INDEX IF EXISTS search_folded_gin",
    "ALTER TABLE sitesearch_searchentry DROP COLUMN IF EXISTS exact_tsv",
    "ALTER TABLE sitesearch_searchentry DROP COLUMN IF EXISTS folded_tsv",
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
