"""`manage.py create_newsroom_user USERNAME --role phong-vien`: an account in one newsroom role.

Roles: phong-vien (Phóng viên), bien-tap-vien (Biên tập viên), lanh-dao-duyet-bai
(Lãnh đạo duyệt bài), quan-tri (Quản trị). The password comes from --password, the
NEWSROOM_USER_PASSWORD environment variable, or a prompt; it must pass the password rules
(core.passwords).
"""

from __future__ import annotations

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.passwords import require_valid_password
from newsroom.roles import ROLE_SLUGS, ROLES


class Command(BaseCommand):
    help = "Create (or update the role of) a newsroom user."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True,
                            help="One of: " + ", ".join(ROLE_SLUGS) + " (or the group name).")
        parser.add_argument("--password", help="Password (else NEWSROOM_USER_PASSWORD or prompt).")
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, **options) -> None:
        role = ROLE_SLUGS.get(options["role"], options["role"])
        if role not in ROLES:
            raise CommandError(f"Unknown role “{options['role']}”. Use one of: "
                               + ", ".join(ROLE_SLUGS))
        group = Group.objects.filter(name=role).first()
        if group is None:
            raise CommandError(f"Group “{role}” is missing: run `manage.py migrate` first.")
        User = get_user_model()
        username = options["username"].strip()
        if not username:
            raise CommandError("A username is required.")
        user = User.objects.filter(username=username).first()
        password = options["password"] or os.environ.get("NEWSROOM_USER_PASSWORD")
        if user is None and not password:
            password = getpass.getpass(f"Password for {username}: ")
        if password:
            require_valid_password(password, user or User(
                username=username, email=options["email"], first_name=options["first_name"],
                last_name=options["last_name"]))
        with transaction.atomic():
            created = user is None
            if created:
                user = User(username=username, email=options["email"],
                            first_name=options["first_name"], last_name=options["last_name"])
            if password:
                user.set_password(password)
            user.is_active = True
            user.save()
            # One newsroom role at a time; other groups the user has are left alone.
            user.groups.remove(*Group.objects.filter(name__in=ROLES).exclude(pk=group.pk))
            user.groups.add(group)
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {username} in “{role}”.")
