"""Headless Chromium for the browser checks: Debian's /usr/bin/chromium driven by Playwright
(never a downloaded browser), with axe-core from syndication/browser/node_modules."""

from __future__ import annotations

import os
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from conftest import require_service

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
BROWSER_DIR = Path(__file__).resolve().parent.parent / "browser"
AXE = BROWSER_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 800}}


@pytest.fixture(scope="module")
def chromium():
    require_service(CHROMIUM.exists(), f"Chromium at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are ordinary synchronous ones.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@contextmanager
def browser_page(chromium, viewport: str, permissions: list[str] | None = None,
                 origin: str | None = None, user_agent: str | None = None):
    """A fresh browser context and page; on exit it waits until the page stops loading, so no
    request is still in the live server when the test's database is flushed."""
    options = {"user_agent": user_agent} if user_agent else {}
    context = chromium.new_context(viewport=VIEWPORTS[viewport], locale="vi-VN",
                                   is_mobile=viewport == "phone", has_touch=viewport == "phone",
                                   **options)
    if permissions:
        context.grant_permissions(permissions, origin=origin)
    page = context.new_page()
    try:
        yield page
    finally:
        with suppress(Exception):  # best effort: never hide the test's own failure
            page.wait_for_load_state("networkidle", timeout=10_000)
        context.close()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations on the current page."""
    require_service(AXE.exists(), "axe-core (`make browser-deps`: npm ci in syndication/browser)")
    # Evaluated through the DevTools protocol, not added as a <script>: the pages'
    # Content-Security-Policy refuses inline scripts, and the checks run with it enforced.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in {"serious", "critical"}
    ]
