"""`manage.py reset_two_factor USERNAME`: remove an account's authenticator app (a lost phone).

The account signs in with its password alone next time; if its role must sign in in two
steps, it is sent to enrol a new app at once.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Remove a user's two-step sign-in app so they can enrol a new one."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, **options) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user “{options['username']}”.")
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        self.stdout.write(f"Removed {removed} authenticator app(s) of {user.get_username()}.")
