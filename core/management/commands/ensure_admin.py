"""`manage.py ensure_admin`: one superuser for a fresh install, and say how to log in.

Name and password come from ADMIN_USERNAME / ADMIN_PASSWORD; otherwise a password is
generated once and kept in .admin-password (git-ignored) so later runs can print it again.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

PASSWORD_FILE = Path(settings.BASE_DIR) / ".admin-password"


class Command(BaseCommand):
    help = "Create the admin account if missing and print its credentials."

    def handle(self, *args, **options) -> None:
        username = os.environ.get("ADMIN_USERNAME", "admin")
        password = os.environ.get("ADMIN_PASSWORD")
        if not password and PASSWORD_FILE.exists():
            password = PASSWORD_FILE.read_text().strip()
        if not password:
            password = secrets.token_urlsafe(12)
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            User.objects.create_superuser(username=username, email="", password=password)
            if "ADMIN_PASSWORD" not in os.environ:
                PASSWORD_FILE.write_text(password + "\n")
                PASSWORD_FILE.chmod(0o600)
        elif not user.check_password(password):
            self.stdout.write(f"Admin account “{username}” exists with a password set elsewhere.")
            return
        self.stdout.write(f"Admin: http://127.0.0.1:{os.environ.get('PORT', '8000')}/admin/  "
                          f"user: {username}  password: {password}")
