"""Helpers for the importer tests: run the command and capture what it prints."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from conftest import require_service

SEED_FIXTURE = Path(settings.BASE_DIR).parent / "shared" / "fixtures" / "000_5037e63d88c6ccf3.txt"


@dataclass
class ImportRun:
    ok: bool
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


@pytest.fixture
def run_import(db):
    """Call import_articles like a shell would; CommandError means a non-zero exit."""

    def run(*paths, draft: bool = False) -> ImportRun:
        out, err = io.StringIO(), io.StringIO()
        args = [str(path) for path in paths] + (["--draft"] if draft else [])
        try:
            call_command("import_articles", *args, stdout=out, stderr=err)
        except CommandError as error:
            err.write(f"CommandError: {error}\n")
            return ImportRun(False, out.getvalue(), err.getvalue())
        return ImportRun(True, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def seed_text() -> str:
    """The seed page dump; mandatory under CI, skipped on a laptop without ../shared."""
    require_service(SEED_FIXTURE.is_file(), f"seed fixture {SEED_FIXTURE}")
    return SEED_FIXTURE.read_text(encoding="utf-8")
