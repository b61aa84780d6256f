"""Sign-in lockout after repeated wrong passwords (django-axes), per account and per address.

Every sign-in goes through Django's `authenticate()`, where axes' backend refuses a locked
account or address before the password is even checked, and its signal handler below records
each failure under the account name and the client's address (core.clientip, the address
nginx saw). An account is locked after AXES_FAILURE_LIMIT failures, an address after
NEWSROOM_LOGIN_FAILURES_PER_ADDRESS (any usernames), each for AXES_COOLOFF_TIME after the last
failure. A locked sign-in gets the Vietnamese lockout page, status 429 with Retry-After.
`manage.py axes_reset_username NAME` / `axes_reset_ip ADDRESS` lift a lockout early.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit, get_lockout_parameters
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from newsroom.conf import conf


class LoginAttemptHandler(AxesDatabaseHandler):
    """Axes' database handler, with a limit of its own for an address.

    Axes compares the largest failure count among its lockout parameters with one limit
    (AXES_FAILURE_LIMIT, the account's). The address's count is scaled so that it reaches that
    limit exactly when it reaches NEWSROOM_LOGIN_FAILURES_PER_ADDRESS.
    """

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        counts = {
            str(parameter): attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for parameter, attempts in zip(get_lockout_parameters(request, credentials),
                                           self.get_user_attempts(request, credentials),
                                           strict=True)
        }
        limit = get_failure_limit(request, credentials)
        by_address = counts.get("ip_address", 0) * limit // conf.NEWSROOM_LOGIN_FAILURES_PER_ADDRESS
        return max(counts.get("username", 0), by_address)


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict | None = None) -> HttpResponse:
    """The lockout page (AXES_LOCKOUT_CALLABLE): 429, and Retry-After the cool-off."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    response = TemplateResponse(request, "newsroom/login_locked.html",
                                {"minutes": max(1, round(seconds / 60))}, status=429)
    if seconds:
        response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response.render()
