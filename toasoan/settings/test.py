"""Test settings: fast hashing, local cache, immediate tasks; DATABASE_URL may pick PostgreSQL."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = str(VAR_DIR / "test-media")  # noqa: F405
SERVE_MEDIA = True  # the live server plays the demo streams' segments
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Room for every key a test writes (the default 300 culls a third of them at random).
CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": 100_000}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
METRICS_REDIS_URL = ""  # metrics: tests opt in to the Redis buffer explicitly
# Demo episodes need ffmpeg and take seconds to transcode: only demo/tests/test_episodes.py
# turns them on.
DEMO_EPISODE_MEDIA = False
# Machine-voice audio runs espeak-ng and ffmpeg for every published article: only the listen
# tests (and the demo's audio test) turn it on.
LISTEN_ENGINE = ""
