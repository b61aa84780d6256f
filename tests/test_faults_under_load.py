"""Faults under load (deploy/faults.py): PostgreSQL, then Redis, then the app server fail while
readers and view beacons keep coming; cached pages stay served, other pages get a quick
Vietnamese error page, and nothing acknowledged is lost or counted twice.

Starts its own PostgreSQL 15, Redis and `make prod` stack on free ports (the shared servers are
never stopped). About three and a half minutes.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import require_service

pytestmark = [pytest.mark.nginx, pytest.mark.postgres, pytest.mark.redis]

ROOT = Path(__file__).resolve().parents[1]
FAULTS = ("PostgreSQL stopped", "Redis stopped", "app server SIGKILLed")


def _load_faults():
    spec = importlib.util.spec_from_file_location("deploy_faults", ROOT / "deploy" / "faults.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures():
    faults = _load_faults()
    missing = faults.missing_tools()
    require_service(not missing, f"{', '.join(missing)} (PostgreSQL 15, redis-server, nginx)")
    # Not under pytest's own temporary directory (mode 0700): the private PostgreSQL runs as
    # postgres and the services as www-data, who must reach their files.
    base = Path(tempfile.mkdtemp(prefix="toasoan-faults-"))
    base.chmod(0o755)
    try:
        yield faults.run(base, log=lambda _line: None)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def outcomes(figures: dict, phase: str, kind: str) -> dict[str, int]:
    return figures["by phase"].get(phase, {}).get(kind, {})


def test_each_fault_happened_and_the_site_came_back(figures):
    assert [phase["fault"] for phase in figures["phases"]] == list(FAULTS)
    for phase in figures["phases"]:
        assert phase["pages rendered again after (s)"] is not None, phase
    for fault in FAULTS:
        errors = {label for label in outcomes(figures, fault, "cold") if label[:1] == "5"}
        assert errors, f"{fault}: no page failed, so nothing was tested"
    assert figures["services not running at the end"] == []


def test_cached_pages_are_served_through_every_fault(figures):
    for phase, kinds in figures["by phase"].items():
        hot = kinds.get("hot", {})
        assert hot and all(label.startswith("200 ") for label in hot), (phase, hot)
    # Pages live 5 s here: during the database and Redis outages nginx served them stale.
    for fault in ("PostgreSQL stopped", "Redis stopped"):
        assert outcomes(figures, fault, "hot").get("200 STALE", 0) > 0


def test_other_pages_get_a_quick_vietnamese_error_page_never_a_hang(figures):
    """A request that hangs ends as a client timeout, which is no Vietnamese page either."""
    for phase, kinds in figures["by phase"].items():
        for kind in ("hot", "cold"):
            for label in kinds.get(kind, {}):
                assert label.startswith("200 ") or label.endswith(" Vietnamese page"), (
                    phase, kind, label)


def test_every_acknowledged_view_is_counted_exactly_once(figures):
    assert figures["views acknowledged"] > 0
    assert figures["views counted twice"] == 0
    assert figures["views lost"] == 0
    assert figures["views stored"] == figures["views acknowledged"]
    # nginx answers the beacon itself: views keep being acknowledged through every fault.
    for fault in FAULTS:
        assert outcomes(figures, fault, "beacon").get("ok", 0) > 0


def test_no_article_revision_or_upload_is_lost(figures):
    before, after = figures["before"], figures["after"]
    assert all(after[key] >= before[key] for key in before), (before, after)
    assert after["upload files on disk"] == after["images"] + after["documents"]
    assert figures["editor acknowledged and present"] == figures["editor acknowledged"]
    assert figures["editor acknowledged"]["articles"] > 0
    assert figures["editor acknowledged"]["files"] > 0
    # While PostgreSQL was down every write was refused (none half-done: see above).
    refused = figures["editor writes by phase"]["PostgreSQL stopped"]
    assert refused and all(label.endswith(" refused") for label in refused)
