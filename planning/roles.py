"""What each newsroom role may do with planned stories (granted by a data migration;
"Quản trị" receives everything through the newsroom's post-migrate top-up)."""

from __future__ import annotations

from newsroom import roles

STORY_PERMISSIONS: dict[str, list[str]] = {
    roles.REPORTER: ["add_story"],
    roles.EDITOR: ["add_story", "change_story", "assign_story"],
    roles.APPROVER: ["add_story", "change_story", "delete_story", "assign_story"],
}


def grant_story_permissions(apps) -> None:
    """Give the newsroom groups their planning rights (idempotent; additive only)."""
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    group_model = apps.get_model("auth", "Group")
    content_type, _ = content_type_model.objects.get_or_create(app_label="planning",
                                                               model="story")
    for role, codenames in STORY_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        for codename in codenames:
            permission, _ = permission_model.objects.get_or_create(
                content_type=content_type, codename=codename,
                defaults={"name": f"Can {codename.replace('_', ' ')}"},
            )
            group.permissions.add(permission)
    roles.grant_everything(apps)
