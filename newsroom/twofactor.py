"""Two-step sign-in (TOTP, django-otp): who must give a code, and the gate that asks for it.

Any account may enrol an authenticator app (the account menu's “Xác thực hai bước”); once it
has, every sign-in needs a code from it as well as the password. With
NEWSROOM_TWO_FACTOR_REQUIRED on, the roles of NEWSROOM_TWO_FACTOR_ROLES (and superusers) must
enrol before they reach anything in the admin.

`TwoFactorMiddleware` sits after django-otp's OTPMiddleware, which marks a session verified
once a code was accepted in it. A session signed in by password alone, whose account has an
app or must enrol one, reaches only the code page (or the enrolment page), the sign-out and
the admin's static helpers: any other admin address redirects there, and outside the admin
the request is anonymous (private documents, the editor's view of the site).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django_otp import user_has_device

from newsroom.conf import conf

VERIFY = "newsroom:two_factor_verify"
SETUP = "newsroom:two_factor_setup"


def two_factor_required(user) -> bool:
    """Whether the setting makes `user`'s role (or superuser status) enrol an app."""
    if not conf.NEWSROOM_TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(
        name__in=conf.NEWSROOM_TWO_FACTOR_ROLES).exists()


def has_device(user) -> bool:
    """Whether `user` has enrolled (confirmed) an authenticator app."""
    return user.is_authenticated and user_has_device(user, confirmed=True)


def pending_step(user) -> str | None:
    """The URL name a signed-in but unverified session must go to first, or None."""
    if not user.is_authenticated or user.is_verified():
        return None
    if has_device(user):
        return VERIFY
    if two_factor_required(user):
        return SETUP
    return None


def _open_paths() -> frozenset[str]:
    """Admin addresses an unverified session may reach: sign-out and the static helpers."""
    return frozenset(reverse(name) for name in (
        "wagtailadmin_logout", "wagtailadmin_javascript_catalog", "wagtailadmin_sprite"))


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Only a request with a session can be signed in: readers pay nothing here.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            step = pending_step(request.user)
            if step is not None:
                target = reverse(step)
                path = request.path_info
                if path != target and path not in _open_paths():
                    if path.startswith(reverse("wagtailadmin_home")):
                        return redirect_to_login(request.get_full_path(), login_url=target)
                    request.user = AnonymousUser()
        return self.get_response(request)
