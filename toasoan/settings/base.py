"""Settings shared by every environment; everything that differs comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("TOASOAN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_override(setting: str, variable: str, cast=str) -> None:
    """Set `setting` from the environment only when `variable` is set: each app keeps its
    default in its own conf.py (core.conf.AppSettings)."""
    value = os.environ.get(variable, "").strip()
    if value:
        globals()[setting] = cast(value)


def required_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps first so their templates and translations win.
    "core",
    "news",
    "notices",
    "importer",
    "newsroom",
    "curation",
    "planning",
    "metrics",
    "sitesearch",
    "syndication",
    "broadcast",
    "schedule",
    "transcode",
    "live",
    "listen",
    "frontpage",
    "backup",
    "royalties",
    "demo",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "csp",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Sign-in: lockout after repeated failures, one-time codes (newsroom.logins, .twofactor)
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # 400 for a NUL character anywhere in the address, before any view or query runs.
    "core.badinput.RefuseUnstorableInput",
    # The edition's language from the path alone: /km/... is Khmer, anything else Vietnamese
    # (core.edition_routing); before anything resolves a URL.
    "core.edition_routing.EditionMiddleware",
    "core.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "newsroom.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a locked-out sign-in into the lockout page (newsroom.logins).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "toasoan.urls"
WSGI_APPLICATION = "toasoan.wsgi.application"
ASGI_APPLICATION = "toasoan.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "frontpage.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the background worker share the embedded database.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A database that cannot be reached fails a request within seconds (a Vietnamese 503 page,
# core.views) instead of holding it until nginx gives up; a stopped server refuses at once, a
# vanished host would otherwise keep a connect waiting for minutes.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "3")))
# PostgreSQL: the queries of an uncached article page and of a section page run as prepared
# statements, planned once per connection (news.page_queries). Django's cursors bind values on
# the client and are never prepared, so these settings touch nothing else. Turn off (0)
# behind a pooler in transaction mode that cannot keep prepared statements.
PREPARED_PAGE_QUERIES = env_bool("DB_PREPARED_PAGE_QUERIES", True)
if DATABASES["default"]["ENGINE"].endswith("postgresql") and PREPARED_PAGE_QUERIES:
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("prepare_threshold", 2**31 - 1)  # only prepare=True prepares
    # Their generic plan is the custom plan (primary key; one section's listing index).
    _options["options"] = f"{_options.get('options', '')} -c plan_cache_mode=force_generic_plan"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# Every key this site writes to Redis starts with this: two sites (or a test run and a bench)
# sharing one Redis never read each other's fragments, generations or buffered views.
REDIS_NAMESPACE = os.environ.get(
    "REDIS_NAMESPACE", f"toasoan:{DATABASES['default'].get('NAME') or 'default'}")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.caching.redis_backend.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": REDIS_NAMESPACE,
            # Redis answers in well under a millisecond: one that does not within these
            # seconds is down, and the request fails fast (a Vietnamese 503 page).
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT", "2")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "2")),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "toasoan",
        }
    }

# The password rules of every way an account gets a password: the admin's user forms and
# password reset, `ensure_admin` and `create_newsroom_user` (core.passwords).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first; other editions (Khmer for STV2) come through the same catalogues.
LANGUAGE_CODE = "vi"
# Khmer is the language of the reader's edition under /km/ (core.edition_routing); the admin
# stays in Vietnamese (or English).
LANGUAGES = [("vi", "Tiếng Việt"), ("km", "ភាសាខ្មែរ"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Project catalogues that complete Wagtail's and Django's own Vietnamese (one folder per source).
LOCALE_PATHS = sorted(str(path) for path in (BASE_DIR / "i18n").glob("*") if path.is_dir())
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English"), ("km", "ភាសាខ្មែរ")]

STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(VAR_DIR / "media"))
# Django serves /media/ (with byte ranges, core.media) under DEBUG or when this is set; behind
# nginx leave it off.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: refuse anything huge before it reaches the disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# An episode upload past TRANSCODE_MAX_UPLOAD_BYTES stops being written as it streams in;
# smaller files go to memory (up to the size above) or to a temporary file.
FILE_UPLOAD_HANDLERS = [
    "transcode.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
env_override("TRANSCODE_MAX_UPLOAD_BYTES", "TRANSCODE_MAX_UPLOAD_BYTES", int)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "zip"]
# Documents: the content of an upload must match its extension (core.documents); they are
# served only by Wagtail's view, which checks a private collection's restriction first, as
# downloads with nosniff (and behind nginx by X-Accel-Redirect: production.py). PDFs open in
# the browser only when DOCUMENTS_INLINE_PDF is set.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.documents.DocumentForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"] if env_bool("DOCUMENTS_INLINE_PDF") else []

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Toà soạn")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Content in two editions (core.editions): articles, sections and announcements carry a
# Wagtail locale; the admin itself stays in Vietnamese (WAGTAILADMIN_PERMITTED_LANGUAGES).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt"), ("km", "ភាសាខ្មែរ")]
# Vietnamese dates are day-first; Django's defaults would read "05/11/2024" as 11 May and
# reject "29/11/2024", so the admin's dd/mm/yyyy inputs must be parsed day-first.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S",
                          "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# Site search: result cache seconds, candidates per ranking window, where counting stops
# (defaults and their reasons in sitesearch/conf.py; docs/search.md).
env_override("SEARCH_CACHE_SECONDS", "SEARCH_CACHE_SECONDS", int)
env_override("SEARCH_CANDIDATES", "SEARCH_CANDIDATES", int)
env_override("SEARCH_TOTAL_CAP", "SEARCH_TOTAL_CAP", int)
# Per-address limits (core.ratelimit): searches (page and API together) and API requests.
env_override("SEARCH_RATE", "SEARCH_RATE")
env_override("SYNDICATION_API_RATE", "SYNDICATION_API_RATE")
# django-ratelimit counts in the default cache; if that cache fails, requests pass.
RATELIMIT_FAIL_OPEN = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks_db.DatabaseBackend"
        ),
    }
}

LOGIN_URL = "wagtailadmin_login"

# The client's address: the peer, or, when the peer is one of these proxies (nginx on the same
# machine: loopback), the address that proxy saw, in its X-Real-IP header (core.clientip).
# Addresses or networks.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")

# --- Sign-in: lockout after wrong passwords (django-axes) and two-step sign-in (newsroom) ---
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out account or address first
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "newsroom.logins.LoginAttemptHandler"
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_address"
# Failures count per account and per address, each against its own limit: this one for an
# account, NEWSROOM_LOGIN_FAILURES_PER_ADDRESS for an address (newsroom.logins).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURES_PER_ACCOUNT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_CALLABLE = "newsroom.logins.lockout_response"
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
env_override("NEWSROOM_LOGIN_FAILURES_PER_ADDRESS", "LOGIN_FAILURES_PER_ADDRESS", int)
env_override("NEWSROOM_TWO_FACTOR_REQUIRED", "NEWSROOM_TWO_FACTOR_REQUIRED",
             lambda value: value.lower() in {"1", "true", "yes", "on"})
# Content-Security-Policy (django-csp; core.csp). Public pages run only files from this site:
# no inline script or style, no plugin, no other site framing them. core.csp adds the embed
# hosts set in the admin to frame-src and media-src, and a live channel's stream host on its
# page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "media-src": [SELF],
        "frame-src": [SELF],
        "connect-src": [SELF],
        "font-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
# The admin's additions (core.csp): Wagtail's admin writes inline <script> elements (date
# pickers, inline panels) and <style> elements. Only elements: inline event handlers, style
# attributes and eval stay refused there too (tests/test_content_security_policy.py).
CONTENT_SECURITY_POLICY_ADMIN_UPDATE = {
    "script-src-elem": [SELF, UNSAFE_INLINE],
    "style-src-elem": [SELF, UNSAFE_INLINE],
}
# The admin loads nothing from other sites: no Gravatar portraits, no check for new releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Public URLs that must never be taken by a section slug.
RESERVED_SLUGS = {
    "admin", "django-admin", "api", "static", "media", "rss", "tim-kiem", "thong-bao",
    "van-ban", "video", "truyen-hinh", "phat-thanh", "truc-tuyen", "sitemap.xml", "robots.txt",
    "documents", "_util", "sections", "km", "tag", "the", "lich-phat-song", "in", "doc-nhieu",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Edge cache: nginx keeps anonymous pages, purged on every change (edgecache/conf.py). ---
INSTALLED_APPS.insert(INSTALLED_APPS.index("broadcast") + 1, "edgecache")
# Outermost, so it sees every cookie the inner middleware adds before labelling a response.
MIDDLEWARE.insert(0, "edgecache.middleware.EdgeCacheMiddleware")
# Outside it, first of all: REMOTE_ADDR is the reader's address as nginx saw it
# (core.clientip), for every later middleware and view.
MIDDLEWARE.insert(0, "core.clientip.ClientAddressMiddleware")
# nginx's proxy_cache_path (set by `make prod` and the systemd units), and a page's longest life.
env_override("EDGE_CACHE_DIR", "TOASOAN_NGINX_CACHE_DIR")
env_override("EDGE_CACHE_SECONDS", "TOASOAN_PAGE_CACHE_SECONDS", int)
# Local memory (no REDIS_URL) keeps only 300 entries by default and culls a third beyond that:
# shared fragments and per-reader keys (view dedup) need more room.
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 100_000)

# --- metrics: exact view counts (metrics/conf.py) ---------------------------------------------
# Django's own beacon buffers views in the site's Redis unless told otherwise.
METRICS_REDIS_URL = os.environ.get("METRICS_REDIS_URL", REDIS_URL)
env_override("METRICS_FLUSH_SECONDS", "METRICS_FLUSH_SECONDS", float)
env_override("METRICS_VIEWS_PER_ADDRESS_MINUTE", "METRICS_VIEWS_PER_ADDRESS_MINUTE", int)

# --- Newsroom: roles, workflow, scheduling, retention, takedown (newsroom/conf.py) ---
env_override("NEWSROOM_RETENTION_DAYS", "NEWSROOM_RETENTION_DAYS", int)
env_override("NEWSROOM_TAKEDOWN_CLEARS_CACHE", "NEWSROOM_TAKEDOWN_CLEARS_CACHE",
             lambda value: value.lower() in {"1", "true", "yes", "on"})

# --- Backups: `make backup`, the nightly toasoan-backup.timer, retention (backup/conf.py) ---
env_override("BACKUP_DIR", "BACKUP_DIR")
env_override("BACKUP_KEEP_DAILY", "BACKUP_KEEP_DAILY", int)
env_override("BACKUP_KEEP_MONTHLY", "BACKUP_KEEP_MONTHLY", int)
