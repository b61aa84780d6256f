"""Reporters propose; editors approve and assign; approvers may also delete."""

from django.db import migrations


def grant(apps, schema_editor):
    from planning.roles import grant_story_permissions

    grant_story_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_stories"),
        ("newsroom", "0002_roles_and_approval_workflow"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
