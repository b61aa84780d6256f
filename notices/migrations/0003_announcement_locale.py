"""Announcements carry a Wagtail locale and translation key (core.migration_ops)."""

from django.db import migrations

import core.migration_ops


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("notices", "0002_withdrawn_at"),
        ("news", "0006_section_article_locale"),
    ]

    operations = [
        core.migration_ops.MakeTranslatable("announcement"),
    ]
