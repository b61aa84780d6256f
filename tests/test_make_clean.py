"""`make clean` removes build outputs only: never the database, media, backups, logs or
secret files. It runs for real, on a copy of the Makefile in a folder laid out like a
checkout that has been used."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import require_service

ROOT = Path(__file__).resolve().parents[1]

DATA = [
    "var/db.sqlite3", "var/db.sqlite3-wal", "var/media/original_images/cau.jpg",
    "var/media/documents/cong-van-245.pdf", "var/backups/toasoan-backup-20250101-023000.tar",
    "var/prod/media/images/cau.fill-160x100.jpg", "var/prod/secret_key", "var/prod/toasoan.env",
    "var/prod/log/beacon.log", ".admin-password", "core/locale/vi/LC_MESSAGES/django.po",
    "core/models.py", "requirements/test.txt", "bench/results/latest.json",
]
BUILD_OUTPUTS = [
    ".venv/bin/python", ".venv/.installed", "var/static/core/site.css",
    "var/prod/static/core/site.css", "var/prod/nginx/nginx.conf", "var/prod/supervisord.conf",
    "var/test-media/x.jpg", "var/check.sqlite3", "core/__pycache__/models.cpython-311.pyc",
    "core/locale/vi/LC_MESSAGES/django.mo", "toasoan.egg-info/PKG-INFO",
    "live/static/live/vendor/hls.min.js", "syndication/browser/node_modules/axe-core/axe.js",
    ".pytest_cache/README.md", ".ruff_cache/CACHEDIR.TAG",
]


def test_make_clean_keeps_every_file_of_data(tmp_path):
    require_service(shutil.which("make") is not None, "make")
    checkout = tmp_path / "checkout"
    for name in DATA + BUILD_OUTPUTS:
        path = checkout / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name)
    shutil.copy(ROOT / "Makefile", checkout / "Makefile")

    result = subprocess.run(["make", "-s", "clean"], cwd=checkout, capture_output=True,
                            text=True, timeout=60)

    assert result.returncode == 0, result.stderr
    assert [name for name in DATA if not (checkout / name).is_file()] == []
    assert [name for name in BUILD_OUTPUTS if (checkout / name).exists()] == []
