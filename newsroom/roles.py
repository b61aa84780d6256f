"""The four newsroom roles as Django groups, and the two-step approval workflow.

One definition serves the data migration (historical models), the post-migrate top-up for
"Quản trị" and the `create_newsroom_user` command, so the roles cannot drift apart.
"""

from __future__ import annotations

REPORTER = "Phóng viên"
EDITOR = "Biên tập viên"
APPROVER = "Lãnh đạo duyệt bài"
ADMINISTRATOR = "Quản trị"
ROLES = (REPORTER, EDITOR, APPROVER, ADMINISTRATOR)

# Short names for the command line (`create_newsroom_user --role phong-vien`).
ROLE_SLUGS = {
    "phong-vien": REPORTER,
    "bien-tap-vien": EDITOR,
    "lanh-dao-duyet-bai": APPROVER,
    "quan-tri": ADMINISTRATOR,
}

WORKFLOW_NAME = "Quy trình duyệt bài"
STEP_EDIT = "Biên tập"
STEP_APPROVE = "Duyệt đăng"
# Which groups act on each step. "Quản trị" may stand in at either step.
WORKFLOW_STEPS = ((STEP_EDIT, (EDITOR, ADMINISTRATOR)), (STEP_APPROVE, (APPROVER, ADMINISTRATOR)))

# (app_label, model, codename). Publishing rights are what separate the roles: Wagtail lets
# anyone with `publish_article` publish or unpublish, so only approvers and admins hold it.
ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin")
# "Dịch": the Khmer (or Vietnamese) translation of an item, as a new draft
# (wagtail.contrib.simple_translation).
SUBMIT_TRANSLATION = ("simple_translation", "simpletranslation", "submit_translation")
MODEL_PERMISSIONS: dict[str, list[tuple[str, str, str]]] = {
    REPORTER: [
        ACCESS_ADMIN,
        ("news", "article", "add_article"),  # + edit own drafts (newsroom.permissions)
    ],
    EDITOR: [
        ACCESS_ADMIN,
        ("news", "article", "add_article"),
        ("news", "article", "change_article"),
        ("news", "article", "lock_article"),
        SUBMIT_TRANSLATION,
        # Editors arrange the front page; they may draft a breaking-news line, not publish it.
        *(("curation", "homeslot", f"{action}_homeslot")
          for action in ("add", "change", "publish")),
        *(("curation", "breakingnews", f"{action}_breakingnews") for action in ("add", "change")),
    ],
    APPROVER: [
        ACCESS_ADMIN,
        SUBMIT_TRANSLATION,
        *(("news", "article", f"{action}_article")
          for action in ("add", "change", "delete", "publish", "lock", "unlock")),
        *(("news", "section", f"{action}_section") for action in ("add", "change", "delete")),
        *(("notices", "announcement", f"{action}_announcement")
          for action in ("add", "change", "delete", "publish")),
        *(("notices", "officialdocument", f"{action}_officialdocument")
          for action in ("add", "change", "delete", "publish")),
        *(("curation", "homeslot", f"{action}_homeslot")
          for action in ("add", "change", "delete", "publish")),
        *(("curation", "breakingnews", f"{action}_breakingnews")
          for action in ("add", "change", "delete", "publish")),
    ],
    ADMINISTRATOR: [],  # every permission: see grant_everything()
}

# Collection-level rights on the root collection (how Wagtail scopes images and documents).
COLLECTION_PERMISSIONS: dict[str, list[tuple[str, str, str]]] = {
    REPORTER: [
        ("wagtailimages", "image", "add_image"), ("wagtailimages", "image", "choose_image"),
        ("wagtaildocs", "document", "add_document"),
        ("wagtaildocs", "document", "choose_document"),
    ],
    EDITOR: [
        *(("wagtailimages", "image", f"{a}_image") for a in ("add", "change", "choose")),
        *(("wagtaildocs", "document", f"{a}_document") for a in ("add", "change", "choose")),
    ],
    APPROVER: [
        *(("wagtailimages", "image", f"{a}_image") for a in ("add", "change", "delete", "choose")),
        *(("wagtaildocs", "document", f"{a}_document")
          for a in ("add", "change", "delete", "choose")),
    ],
    ADMINISTRATOR: [
        *(("wagtailimages", "image", f"{a}_image") for a in ("add", "change", "delete", "choose")),
        *(("wagtaildocs", "document", f"{a}_document")
          for a in ("add", "change", "delete", "choose")),
    ],
}


def _permission(apps, app_label: str, model: str, codename: str):
    """Get or create a permission row; on a fresh database the migration runs before Django
    and Wagtail create permissions in post_migrate, and both skip rows that already exist."""
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    content_type, _ = content_type_model.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = permission_model.objects.get_or_create(
        content_type=content_type, codename=codename,
        defaults={"name": f"Can {codename.replace('_', ' ')}"},
    )
    return permission


def create_roles(apps) -> None:
    """Create the four groups with their permissions (idempotent; additive only)."""
    group_model = apps.get_model("auth", "Group")
    collection_model = apps.get_model("wagtailcore", "Collection")
    group_collection_permission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = collection_model.objects.filter(depth=1).order_by("path").first()
    for role in ROLES:
        group, _ = group_model.objects.get_or_create(name=role)
        group.permissions.add(*(_permission(apps, *spec) for spec in MODEL_PERMISSIONS[role]))
        if root_collection is not None:
            for spec in COLLECTION_PERMISSIONS[role]:
                group_collection_permission.objects.get_or_create(
                    group=group, collection=root_collection, permission=_permission(apps, *spec)
                )
    grant_everything(apps)


def grant_everything(apps) -> None:
    """"Quản trị" holds every permission, including users and site settings."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group = group_model.objects.filter(name=ADMINISTRATOR).first()
    if group is None:
        return
    missing = permission_model.objects.exclude(group=group)
    if missing.exists():
        group.permissions.add(*missing)


def create_workflow(apps) -> None:
    """The two-step workflow "Biên tập" → "Duyệt đăng", assigned to the Article snippet."""
    group_model = apps.get_model("auth", "Group")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    workflow_model = apps.get_model("wagtailcore", "Workflow")
    task_model = apps.get_model("wagtailcore", "GroupApprovalTask")
    workflow_task_model = apps.get_model("wagtailcore", "WorkflowTask")
    workflow_content_type_model = apps.get_model("wagtailcore", "WorkflowContentType")

    task_content_type, _ = content_type_model.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    article_content_type, _ = content_type_model.objects.get_or_create(
        app_label="news", model="article"
    )
    workflow, _ = workflow_model.objects.get_or_create(name=WORKFLOW_NAME,
                                                       defaults={"active": True})
    for order, (name, group_names) in enumerate(WORKFLOW_STEPS):
        task = task_model.objects.filter(name=name).first()
        if task is None:
            task = task_model.objects.create(name=name, active=True,
                                             content_type=task_content_type)
        task.groups.add(*group_model.objects.filter(name__in=group_names))
        workflow_task_model.objects.get_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    workflow_content_type_model.objects.update_or_create(
        content_type=article_content_type, defaults={"workflow": workflow}
    )
