"""Every retained version names its item (filled by 0003, in its own transaction: PostgreSQL
refuses to alter a table with foreign-key checks still pending from the same transaction)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("newsroom", "0003_retention_for_notices"),
    ]

    operations = [
        migrations.AlterField(
            model_name="retainedrevision", name="content_type",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                    related_name="+", to="contenttypes.contenttype",
                                    verbose_name="content type"),
        ),
        migrations.AddIndex(
            model_name="retainedrevision",
            index=models.Index(fields=["content_type", "object_id"], name="retained_object"),
        ),
    ]
