"""`manage.py ensure_admin`: one superuser for a fresh install, and say how to log in.

Name and password come from ADMIN_USERNAME / ADMIN_PASSWORD; otherwise a password is
generated and kept in .admin-password (git-ignored, mode 600). The password is printed once,
when the account is created; later runs say where it is kept instead of printing it again
(a terminal's scrollback and CI logs keep what is printed). Either way it must pass the
password rules (core.passwords).
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from core.passwords import require_valid_password

PASSWORD_FILE = Path(settings.BASE_DIR) / ".admin-password"


class Command(BaseCommand):
    help = "Create the admin account if missing; print its password only when creating it."

    def handle(self, *args, **options) -> None:
        username = os.environ.get("ADMIN_USERNAME", "admin")
        chosen = os.environ.get("ADMIN_PASSWORD")
        kept = PASSWORD_FILE.read_text().strip() if PASSWORD_FILE.exists() else ""
        address = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/admin/"
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None:
            if chosen and user.check_password(chosen):
                where = "the one in ADMIN_PASSWORD"
            elif not chosen and kept and user.check_password(kept):
                where = f"kept in {PASSWORD_FILE}"
            else:
                self.stdout.write(
                    f"Admin account “{username}” exists with a password set elsewhere.")
                return
            self.stdout.write(f"Admin: {address}  user: {username}  password: {where}")
            return
        password = chosen or kept or secrets.token_urlsafe(12)
        require_valid_password(password, User(username=username))
        User.objects.create_superuser(username=username, email="", password=password)
        note = ""
        if not chosen:
            PASSWORD_FILE.write_text(password + "\n")
            PASSWORD_FILE.chmod(0o600)
            note = f"  (kept in {PASSWORD_FILE}; printed only this once)"
        self.stdout.write(f"Admin: {address}  user: {username}  password: {password}{note}")
