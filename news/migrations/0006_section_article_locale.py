"""Sections and articles carry a Wagtail locale and translation key (two editions).

Non-atomic: on PostgreSQL the article table (a million rows) gets its columns without a
rewrite, its translation keys in batches and its indexes concurrently (core.migration_ops).
"""

from django.db import migrations, models

import core.migration_ops


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in ("vi", "km"):
        Locale.objects.using(schema_editor.connection.alias).get_or_create(language_code=code)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("news", "0005_article_expiry_index"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_locales, migrations.RunPython.noop, elidable=False),
        core.migration_ops.MakeTranslatable("section"),
        migrations.AlterField(
            model_name="section",
            name="slug",
            field=models.SlugField(
                help_text="Part of the address: /tin-dia-phuong/. Letters a–z, digits and dashes.",
                max_length=100, verbose_name="slug"),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.UniqueConstraint(fields=("locale", "slug"),
                                               name="section_slug_per_locale"),
        ),
        core.migration_ops.MakeTranslatable(
            "article",
            indexes=[
                models.Index(condition=models.Q(("live", True)),
                             fields=["locale", "-published_at", "-id"],
                             name="article_locale_listing"),
                models.Index(condition=models.Q(("is_featured", True), ("live", True)),
                             fields=["locale", "-published_at", "-id"],
                             name="article_locale_featured"),
            ],
        ),
    ]
