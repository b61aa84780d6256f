"""Newsroom settings with their defaults (see core.conf)."""

from core.conf import AppSettings
from newsroom.roles import ADMINISTRATOR, APPROVER

MINIMUM_RETENTION_DAYS = 365  # legal deposit: twelve months

conf = AppSettings({
    # Every published version of an article is kept at least this long.
    "NEWSROOM_RETENTION_DAYS": MINIMUM_RETENTION_DAYS,
    # An urgent takedown clears the whole cache so no cached page or feed keeps the article.
    "NEWSROOM_TAKEDOWN_CLEARS_CACHE": True,
    # Wrong passwords from one address (whatever the usernames) before it is locked out for
    # AXES_COOLOFF_TIME. Higher than the per-account limit (AXES_FAILURE_LIMIT): a newsroom's
    # staff often share one office address, and one person's typos must not lock them all.
    "NEWSROOM_LOGIN_FAILURES_PER_ADDRESS": 20,
    # Two-step sign-in: on, the roles below (and superusers) must enrol an authenticator app
    # and enter its code at every sign-in. Off, it stays optional for everyone; an account
    # that enrolled is always asked for its code.
    "NEWSROOM_TWO_FACTOR_REQUIRED": False,
    "NEWSROOM_TWO_FACTOR_ROLES": (APPROVER, ADMINISTRATOR),
})
