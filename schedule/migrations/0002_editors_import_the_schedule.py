"""Editors and approvers keep the broadcast schedule: they may view, import (add and delete)
and correct slots. "Quản trị" already holds every permission (newsroom's post-migrate top-up).
The group names are newsroom's roles, spelled out here because migrations outlive code."""

from django.db import migrations

GROUPS = ("Biên tập viên", "Lãnh đạo duyệt bài")
ACTIONS = ("add", "change", "delete", "view")


def forwards(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    # On a fresh database permissions are created after the migrations (post_migrate), and
    # Django skips rows that already exist, so they are made here when missing.
    content_type, _ = content_type_model.objects.get_or_create(app_label="schedule", model="slot")
    permissions = [
        permission_model.objects.get_or_create(
            content_type=content_type, codename=f"{action}_slot",
            defaults={"name": f"Can {action} schedule slot"})[0]
        for action in ACTIONS
    ]
    for group in group_model.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ("schedule", "0001_initial"),
        ("newsroom", "0002_roles_and_approval_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
