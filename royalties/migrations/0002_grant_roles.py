"""Editors see every person's royalties; approvers also lock months and edit the rate cards.
("Quản trị" holds every permission already; reporters see their own report without one.)"""

from django.db import migrations

from newsroom import roles

GRANTS = {
    roles.EDITOR: [("royalties", "lockedmonth", "view_all_royalties")],
    roles.APPROVER: [
        ("royalties", "lockedmonth", "view_all_royalties"),
        ("royalties", "lockedmonth", "lock_royalty_month"),
        *(("royalties", "ratecard", f"{action}_ratecard")
          for action in ("add", "change", "delete", "view")),
    ],
}


def grant(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    for role, specs in GRANTS.items():
        group = group_model.objects.filter(name=role).first()
        if group is not None:
            group.permissions.add(*(roles._permission(apps, *spec) for spec in specs))
    roles.grant_everything(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("royalties", "0001_rate_cards_and_locked_months"),
        ("newsroom", "0002_roles_and_approval_workflow"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
