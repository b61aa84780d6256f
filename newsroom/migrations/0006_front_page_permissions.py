"""Give editors and approvers their rights on the front page's slots and breaking news
(definitions in newsroom.roles; additive, so re-running the roles is safe)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from newsroom import roles

    roles.create_roles(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("newsroom", "0005_translators"),
        ("curation", "0001_home_slots_and_breaking_news"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
