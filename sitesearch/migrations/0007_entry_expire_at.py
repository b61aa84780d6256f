"""Index rows keep their article's expiry, so the search hides an expired story at once.

Adding a nullable column without a default changes only the catalogue on PostgreSQL (no table
rewrite) and is an ALTER TABLE ADD COLUMN on SQLite, which keeps the FTS triggers. The fill
touches only the rows whose article has an expiry, in one UPDATE ... FROM.
"""

from django.db import migrations, models


def fill(apps, schema_editor) -> None:
    entry = apps.get_model("sitesearch", "SearchEntry")._meta
    article = apps.get_model("news", "Article")._meta
    table, articles = entry.db_table, article.db_table
    expire = article.get_field("expire_at").column
    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        schema_editor.execute(
            f"UPDATE {table} SET expire_at = a.{expire} FROM {articles} a "
            f"WHERE a.id = {table}.article_id AND a.{expire} IS NOT NULL")
    else:
        schema_editor.execute(
            f"UPDATE {table} SET expire_at = (SELECT a.{expire} FROM {articles} a "
            f"WHERE a.id = {table}.article_id)")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("sitesearch", "0006_head_months"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="expire_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="expiry date/time"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
