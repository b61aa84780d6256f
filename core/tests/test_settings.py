"""Production settings refuse to start half-configured and pass `check --deploy` when complete."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The environment the production settings document (and `make check-deploy` passes).
DOCUMENTED = {
    "DJANGO_SETTINGS_MODULE": "toasoan.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "thst.example.vn",
}


def _manage(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEBUG",
                          "DJANGO_SETTINGS_MODULE", "SECURE_HSTS_PRELOAD",
                          "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def documented_env(tmp_path) -> dict[str, str]:
    return {**DOCUMENTED, "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
            "TOASOAN_VAR_DIR": str(tmp_path)}


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_settings_name_the_missing_variable(documented_env, missing):
    env = {k: v for k, v in documented_env.items() if k != missing}
    result = _manage(["check"], env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable." in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_check_deploy_is_clean_with_the_documented_environment(documented_env):
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], documented_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_flags_debug_left_on(documented_env):
    """DEBUG cannot be switched on in production through the environment."""
    result = _manage(["shell", "-c", "from django.conf import settings; print(settings.DEBUG)"],
                     {**documented_env, "DEBUG": "true"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_makefile_check_deploy_uses_the_production_settings():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile[makefile.index("check-deploy:"):]
    assert "toasoan.settings.production" in recipe and "--deploy" in recipe


def test_no_secret_is_committed():
    """Only the dev and test settings carry a placeholder key, and they say so."""
    for name in ["base.py", "production.py"]:
        source = (ROOT / "toasoan" / "settings" / name).read_text()
        assert "SECRET_KEY = \"" not in source and "SECRET_KEY = '" not in source


def test_redis_keys_are_namespaced_by_database(monkeypatch):
    """A test run, a bench and a site sharing one Redis never read each other's keys."""
    import runpy
    from pathlib import Path

    from django.conf import settings

    from metrics import buffer

    base = Path(settings.BASE_DIR) / "toasoan" / "settings" / "base.py"
    namespaces = []
    for database in ("toasoan_bench", "toasoan_ci"):
        monkeypatch.setenv("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{database}")
        monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
        monkeypatch.delenv("REDIS_NAMESPACE", raising=False)
        values = runpy.run_path(str(base))
        assert values["CACHES"]["default"]["KEY_PREFIX"] == values["REDIS_NAMESPACE"]
        namespaces.append(values["REDIS_NAMESPACE"])
    assert namespaces == ["toasoan:toasoan_bench", "toasoan:toasoan_ci"]
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        assert settings.CACHES["default"]["KEY_PREFIX"] == settings.REDIS_NAMESPACE
    assert buffer.PENDING_KEY.startswith(settings.REDIS_NAMESPACE + ":")
    assert buffer.FLUSH_LOCK_KEY.startswith(settings.REDIS_NAMESPACE + ":")


def test_an_unreachable_database_or_redis_fails_a_request_within_seconds(documented_env):
    """Connecting to PostgreSQL and talking to Redis are bounded (DB_CONNECT_TIMEOUT,
    REDIS_TIMEOUT): a vanished host gives the 503 page instead of a request left hanging."""
    script = ("from django.conf import settings; "
              "print(settings.DATABASES['default']['OPTIONS']['connect_timeout'], "
              "settings.CACHES['default']['OPTIONS'])")
    env = {**documented_env, "DATABASE_URL": "postgres://toasoan@db.example.vn:5432/toasoan",
           "REDIS_URL": "redis://cache.example.vn:6379/0"}
    result = _manage(["shell", "-c", script], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "3 {'socket_connect_timeout': 2.0, 'socket_timeout': 2.0}")
    result = _manage(["shell", "-c", script], {**env, "DB_CONNECT_TIMEOUT": "5",
                                               "REDIS_TIMEOUT": "0.5"})
    assert result.stdout.strip().splitlines()[-1] == (
        "5 {'socket_connect_timeout': 0.5, 'socket_timeout': 0.5}")
