"""Fixtures for tests that run the real commands in subprocesses against their own database."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


class StandaloneDB:
    """A migrated SQLite file that subprocesses (manage.py commands) and the test share."""

    def __init__(self, path: Path, var_dir: Path) -> None:
        self.path = path
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "toasoan.settings.test",
            "DATABASE_URL": f"sqlite:///{path}",
            "TOASOAN_VAR_DIR": str(var_dir),
            "METRICS_REDIS_URL": "",
            "REDIS_URL": "",
        }

    def manage(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
                              check=True, capture_output=True, text=True, timeout=300, **kwargs)

    def popen(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with sqlite3.connect(self.path, timeout=30) as connection:
            return connection.execute(sql, params).fetchall()


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("standalone-db")
    template = folder / "template.sqlite3"
    db = StandaloneDB(template, folder)
    db.manage("migrate", "--noinput", "-v", "0")
    db.query("PRAGMA wal_checkpoint(TRUNCATE)")
    return template


@pytest.fixture
def standalone_db(_migrated_template, tmp_path) -> StandaloneDB:
    path = tmp_path / "db.sqlite3"
    shutil.copy(_migrated_template, path)
    return StandaloneDB(path, tmp_path)
