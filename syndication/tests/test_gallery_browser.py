"""The photo gallery's lightbox in Chromium: keyboard (open, arrows, focus kept inside, Esc)
and a swipe on a touch screen; axe-core on the photo story and the long-form story."""

from __future__ import annotations

import pytest

from syndication.tests.browser import axe_violations, browser_page, screenshot
from syndication.tests.browser import chromium as chromium  # noqa: F401  (fixture)
from syndication.tests.conftest import GALLERY_CAPTIONS, rich_articles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
COUNTER = ".pswp__counter"
INSIDE_DIALOG = "() => document.querySelector('.pswp').contains(document.activeElement)"


@pytest.fixture
def stories(portal):
    return rich_articles(portal)


def open_story(page, live_server, story) -> None:
    page.goto(live_server.url + story.get_absolute_url(), wait_until="load")
    page.wait_for_function("() => window.PhotoSwipeLightbox !== undefined")


def test_lightbox_works_with_the_keyboard_alone(chromium, live_server, stories):
    with browser_page(chromium, "desktop") as page:
        open_story(page, live_server, stories["gallery_story"])
        first = page.locator(".gallery-item a").first
        first.focus()
        page.keyboard.press("Enter")
        page.wait_for_selector(".pswp--open")
        page.wait_for_timeout(500)  # the opening animation
        dialog = page.locator(".pswp")
        assert dialog.get_attribute("role") == "dialog"
        assert dialog.get_attribute("aria-label") == "Xem ảnh"
        assert page.locator(".pswp__button--close").get_attribute("aria-label") == "Đóng (Esc)"
        assert page.locator(".pswp__button--arrow--next").get_attribute(
            "aria-label") == "Ảnh sau"
        assert page.locator(COUNTER).inner_text() == f"1 / {len(GALLERY_CAPTIONS)}"
        assert GALLERY_CAPTIONS[0][0] in page.locator(".pswp__caption").inner_text()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("s => document.querySelector(s).textContent.startsWith('2')",
                               arg=COUNTER)
        assert GALLERY_CAPTIONS[1][0] in page.locator(".pswp__caption").inner_text()
        page.keyboard.press("ArrowLeft")
        page.wait_for_function("s => document.querySelector(s).textContent.startsWith('1')",
                               arg=COUNTER)
        for _ in range(8):  # Tab cycles through the dialog's buttons, never the page behind
            page.keyboard.press("Tab")
            assert page.evaluate(INSIDE_DIALOG)
        focused = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert focused != "none"  # the focused button is visibly marked
        screenshot(page, "gallery-lightbox-desktop")
        page.keyboard.press("Escape")
        page.wait_for_selector(".pswp", state="detached")
        assert first.evaluate("el => el === document.activeElement")  # focus comes back


def test_lightbox_follows_a_swipe_on_a_phone(chromium, live_server, stories):
    with browser_page(chromium, "phone") as page:
        open_story(page, live_server, stories["gallery_story"])
        page.locator(".gallery-item a").first.tap()
        page.wait_for_selector(".pswp--open")
        page.wait_for_timeout(500)  # the opening animation
        assert page.locator(COUNTER).inner_text().startswith("1")
        session = page.context.new_cdp_session(page)
        y = 400
        # A finger moving right to left across the screen: the next photo.
        session.send("Input.dispatchTouchEvent", {
            "type": "touchStart", "touchPoints": [{"x": 300, "y": y}]})
        for x in range(280, 40, -30):
            session.send("Input.dispatchTouchEvent", {
                "type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
        session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        page.wait_for_function("s => document.querySelector(s).textContent.startsWith('2')",
                               arg=COUNTER, timeout=5000)
        screenshot(page, "gallery-lightbox-phone")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_rich_stories_have_no_serious_accessibility_violations(chromium, live_server, stories,
                                                               viewport):
    found = {}
    with browser_page(chromium, viewport) as page:
        for name in ("gallery_story", "longform_story"):
            page.goto(live_server.url + stories[name].get_absolute_url(), wait_until="load")
            screenshot(page, f"{name}-{viewport}")
            if violations := axe_violations(page):
                found[name] = violations
        open_story(page, live_server, stories["gallery_story"])
        page.locator(".gallery-item a").first.click()
        page.wait_for_selector(".pswp--open")
        page.wait_for_timeout(500)
        if violations := axe_violations(page):
            found["lightbox"] = violations
    assert not found, found
