"""Production: PostgreSQL (DATABASE_URL), Redis (REDIS_URL), nginx in front, HTTPS.

Required environment: SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS. Optional: REDIS_URL,
CSRF_TRUSTED_ORIGINS, TRUSTED_PROXIES (default loopback), SECURE_SSL_REDIRECT (default on),
SECURE_HSTS_SECONDS, SECURE_HSTS_PRELOAD (default off), MEDIA_ROOT, STATIC_ROOT,
DOCUMENTS_X_ACCEL (default on).
"""

import os

from .base import *  # noqa: F403
from .base import MEDIA_ROOT, env_bool, env_list, required_env

DEBUG = False
SECRET_KEY = required_env("SECRET_KEY")
required_env("DATABASE_URL")  # base.py already parsed it; refuse the SQLite fallback here.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    required_env("ALLOWED_HOSTS")

# nginx runs on the same machine: the client is the address it saw (core.clientip).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail's live preview shows the page in a same-origin iframe, so DENY would break it.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
if not SECURE_HSTS_PRELOAD:
    # Preloading binds every subdomain to HTTPS for months: the station opts in explicitly.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

TEMPLATES[0]["OPTIONS"]["loaders"] = [  # noqa: F405
    (
        "django.template.loaders.cached.Loader",
        [
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    )
]
TEMPLATES[0]["APP_DIRS"] = False  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
}

# Documents: Wagtail's view checks a private collection's restriction, then nginx sends the
# file from its internal /media/documents/ location (X-Accel-Redirect; deploy/nginx), which
# answers no direct request. Off only for a server without nginx in front.
if env_bool("DOCUMENTS_X_ACCEL", True):
    SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    SENDFILE_ROOT = os.path.join(os.path.abspath(MEDIA_ROOT), "documents")
    SENDFILE_URL = "/media/documents"
