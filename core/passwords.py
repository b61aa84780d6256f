"""The password rules of the commands that create accounts.

The rules themselves are Django's AUTH_PASSWORD_VALIDATORS (settings), which the admin's user
forms and password reset already apply; the commands go through here so that a weak password
stops them with the validators' own (Vietnamese) messages before anything is written.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


def require_valid_password(password: str, user: AbstractBaseUser) -> None:
    """Raise CommandError listing every rule `password` breaks for `user`."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from error
