"""Editors and approvers may start a translation ("Dịch", simple_translation)."""

from django.db import migrations

from newsroom.roles import create_roles


def forwards(apps, schema_editor):
    create_roles(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("newsroom", "0004_retained_content_type_required"),
        ("simple_translation", "0001_initial"),
        ("news", "0006_section_article_locale"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
