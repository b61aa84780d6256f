"""Retention and takedowns for announcements and official documents too: retained versions
name their item by content type and id, and the purge permission covers any withdrawn item."""

import django.db.models.deletion
from django.db import migrations, models


def articles_first(apps, schema_editor):
    """Every row so far is an article's."""
    content_type_model = apps.get_model("contenttypes", "ContentType")
    article, _ = content_type_model.objects.get_or_create(app_label="news", model="article")
    apps.get_model("newsroom", "RetainedRevision").objects.update(content_type=article)
    apps.get_model("newsroom", "TakedownRecord").objects.update(content_type=article)


def rename_permission(apps, schema_editor, old="purge_article", new="purge_withdrawn"):
    """Keep the groups that hold the purge permission (\"Quản trị\") holding it."""
    permission_model = apps.get_model("auth", "Permission")
    permission_model.objects.filter(content_type__app_label="newsroom",
                                    content_type__model="retainedrevision",
                                    codename=old).update(codename=new)


def rename_permission_back(apps, schema_editor):
    rename_permission(apps, schema_editor, old="purge_withdrawn", new="purge_article")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("newsroom", "0002_roles_and_approval_workflow"),
        ("notices", "0002_withdrawn_at"),
    ]

    operations = [
        migrations.RenameField(model_name="retainedrevision", old_name="article_id",
                               new_name="object_id"),
        migrations.AlterField(
            model_name="retainedrevision", name="object_id",
            field=models.BigIntegerField(db_index=True, verbose_name="object ID"),
        ),
        migrations.AddField(
            model_name="retainedrevision", name="content_type",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="+", to="contenttypes.contenttype",
                                    verbose_name="content type"),
        ),
        migrations.AddField(
            model_name="takedownrecord", name="content_type",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to="contenttypes.contenttype",
                                    verbose_name="content type"),
        ),
        migrations.RunPython(articles_first, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="retainedrevision",
            options={"ordering": ["-published_at"],
                     "permissions": [("purge_withdrawn",
                                      "Can purge withdrawn content after the retention period")],
                     "verbose_name": "retained published version",
                     "verbose_name_plural": "retained published versions"},
        ),
        migrations.RunPython(rename_permission, rename_permission_back),
    ]
