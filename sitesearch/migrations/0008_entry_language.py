"""Index rows carry their article's language, and SQLite's FTS5 table keeps Khmer words whole.

Rows indexed before are Vietnamese (there was no other language), so the default fills them.
On PostgreSQL adding a column with a constant default changes only the catalogue. On SQLite
Django rebuilds the table, which drops the FTS triggers; they are made again here, around an
FTS5 table whose tokenizer now counts combining marks (M*) as word characters: Khmer vowel
signs and subscripts are marks, and "L* N* Co" alone cut every Khmer word apart.
"""

from django.db import migrations, models

TABLE = "sitesearch_searchentry"
COLUMNS = "head_exact, head_folded, body_exact, body_folded"


def _fts(categories: str) -> list[str]:
    new = ", ".join(f"new.{column.strip()}" for column in COLUMNS.split(","))
    old = ", ".join(f"old.{column.strip()}" for column in COLUMNS.split(","))
    return [
        "DROP TRIGGER IF EXISTS sitesearch_fts_au",
        "DROP TRIGGER IF EXISTS sitesearch_fts_ad",
        "DROP TRIGGER IF EXISTS sitesearch_fts_ai",
        "DROP TABLE IF EXISTS sitesearch_fts",
        f"CREATE VIRTUAL TABLE sitesearch_fts USING fts5({COLUMNS}, content='', "
        f"tokenize='unicode61 remove_diacritics 0 categories ''{categories}''')",
        f"INSERT INTO sitesearch_fts(rowid, {COLUMNS}) SELECT article_id, {COLUMNS} FROM {TABLE}",
        f"CREATE TRIGGER sitesearch_fts_ai AFTER INSERT ON {TABLE} BEGIN "
        f"INSERT INTO sitesearch_fts(rowid, {COLUMNS}) VALUES (new.article_id, {new}); END",
        f"CREATE TRIGGER sitesearch_fts_ad AFTER DELETE ON {TABLE} BEGIN "
        f"INSERT INTO sitesearch_fts(sitesearch_fts, rowid, {COLUMNS}) "
        f"VALUES ('delete', old.article_id, {old}); END",
        f"CREATE TRIGGER sitesearch_fts_au AFTER UPDATE ON {TABLE} BEGIN "
        f"INSERT INTO sitesearch_fts(sitesearch_fts, rowid, {COLUMNS}) "
        f"VALUES ('delete', old.article_id, {old}); "
        f"INSERT INTO sitesearch_fts(rowid, {COLUMNS}) VALUES (new.article_id, {new}); END",
    ]


def _run(statements: list[str]):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [
        ("sitesearch", "0007_entry_expire_at"),
    ]

    operations = [
        # Backwards, the column's removal rebuilds the table again: the old triggers come last.
        migrations.RunPython(migrations.RunPython.noop, _run(_fts("L* N* Co"))),
        migrations.AddField(
            model_name="searchentry",
            name="language",
            field=models.CharField(default="vi", max_length=8, verbose_name="language"),
        ),
        migrations.RunPython(_run(_fts("L* N* Co M*")), migrations.RunPython.noop),
    ]
