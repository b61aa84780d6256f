"""Real-browser checks: axe-core accessibility, keyboard menu, the reader's path, view count.

Runs Debian's Chromium against pytest-django's live server; screenshots of every page type at
phone and desktop size go to test-artifacts/screenshots/ (git-ignored)."""

from __future__ import annotations

import re

import pytest

from syndication.tests.browser import axe_violations, browser_page, screenshot
from syndication.tests.browser import chromium as chromium  # noqa: F401  (fixture)
from syndication.tests.conftest import page_urls, search_page_exists

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_no_serious_accessibility_violations(chromium, live_server, site_content, viewport):
    found = {}
    with browser_page(chromium, viewport) as page:
        for name, url in page_urls(site_content).items():
            page.goto(live_server.url + url)
            screenshot(page, f"{name}-{viewport}")
            violations = axe_violations(page)
            if violations:
                found[name] = violations
            images = page.locator("img")
            for index in range(images.count()):
                assert images.nth(index).get_attribute("alt"), (name, "image without alt")
    assert not found, found


def test_phone_menu_opens_and_is_used_by_keyboard(chromium, live_server, site_content):
    with browser_page(chromium, "phone") as page:
        page.goto(live_server.url + "/")
        summary = page.locator(".menu-toggle > summary")
        menu_link = page.locator(".menu a", has_text="Tin tức").first
        assert not menu_link.is_visible()
        for _ in range(15):
            page.keyboard.press("Tab")
            if summary.evaluate("el => el === document.activeElement"):
                break
        else:
            pytest.fail("the menu button is not reachable with Tab")
        page.keyboard.press("Enter")
        assert page.locator(".menu-toggle").get_attribute("open") is not None
        assert menu_link.is_visible()
        page.keyboard.press("Space")
        assert page.locator(".menu-toggle").get_attribute("open") is None
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('href')") == "/"
        page.keyboard.press("Enter")
        page.wait_for_url(live_server.url + "/")


def test_desktop_menu_reaches_subsections_by_keyboard(chromium, live_server, site_content):
    with browser_page(chromium, "desktop") as page:
        page.goto(live_server.url + "/")
        child = page.locator(".submenu a", has_text="Tin địa phương")
        parent = page.locator(".menu > li > a", has_text="Tin tức")
        assert parent.is_visible()
        parent.focus()
        page.keyboard.press("Tab")
        assert child.evaluate("el => el === document.activeElement")
        assert child.is_visible()
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r".*/tin-dia-phuong/$"))


def test_reader_path(chromium, live_server, site_content):
    """Home → section → article → related article (→ search once the search page exists)."""
    lead, second = site_content["lead"], site_content["second"]
    with browser_page(chromium, "phone") as page:
        page.goto(live_server.url + "/")
        page.locator(".menu-toggle > summary").click()
        page.locator(".menu a", has_text="Tin địa phương").click()
        page.wait_for_url(re.compile(r".*/tin-dia-phuong/$"))
        assert page.locator("h1").inner_text() == "Tin địa phương"
        page.locator(".listing .card-title a", has_text=lead.title).click()
        page.wait_for_url(re.compile(re.escape(lead.get_absolute_url()) + "$"))
        assert page.locator("h1.article-title").inner_text().startswith(lead.title)
        page.locator(".related a", has_text=second.title[:20]).first.click()
        page.wait_for_url(re.compile(re.escape(second.get_absolute_url()) + "$"))
        assert page.locator("h1.article-title").inner_text().startswith(second.title)
        if search_page_exists():
            page.fill("#q", "lễ hội")
            page.keyboard.press("Enter")
            page.wait_for_url(re.compile(r".*/tim-kiem\?q=.*"))
            assert page.locator("a", has_text=lead.title).count() >= 1


def test_copy_link_button_copies_the_address(chromium, live_server, site_content):
    with browser_page(chromium, "desktop", ["clipboard-read", "clipboard-write"],
                      live_server.url) as page:
        url = live_server.url + site_content["lead"].get_absolute_url()
        page.goto(url)
        page.locator(".share-copy").click()
        # The status is written once the (asynchronous) clipboard write has resolved.
        # A function, not an expression string: Playwright would eval() a string, which the
        # page's Content-Security-Policy refuses.
        page.wait_for_function(
            "() => document.querySelector('.share-status').textContent.trim() !== ''")
        assert page.locator(".share-status").inner_text() == "Đã sao chép liên kết"
        assert page.evaluate("navigator.clipboard.readText()") == url
        assert page.url == url


def read_view_count(page) -> int:
    return int(re.sub(r"\D", "", page.locator("[data-view-count]").inner_text()) or 0)


# Headless Chromium announces itself as "HeadlessChrome", which the crawler filter rightly
# refuses to count; a reader's phone browser does count.
READER_USER_AGENT = ("Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 "
                     "(KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36")
SHOWN_COUNT_AT_LEAST = (
    "n => Number(document.querySelector('[data-view-count]').textContent.replace(/\\D/g, ''))"
    " >= n"
)


def test_view_count_shown_rises_after_a_visit(chromium, live_server, site_content):
    """Each new reader's visit raises the count the page shows by one; crawlers never count."""
    lead = site_content["lead"]
    url = live_server.url + lead.get_absolute_url()
    with browser_page(chromium, "phone") as crawler:  # HeadlessChrome: a crawler, not counted
        crawler.goto(url, wait_until="networkidle")
        before = read_view_count(crawler)
    for visitor in (1, 2):
        with browser_page(chromium, "phone", user_agent=READER_USER_AGENT) as page:
            page.goto(url, wait_until="load")
            page.wait_for_function(SHOWN_COUNT_AT_LEAST, arg=before + visitor, timeout=15_000)
            assert read_view_count(page) == before + visitor


def test_breaking_news_is_a_named_region_that_stays_still_on_request(chromium, live_server,
                                                                     site_content):
    """"Tin nóng" is a labelled region (a landmark screen readers list), its text does not
    move, and its one animation (the label's dot) stops for readers who ask for less motion."""
    with browser_page(chromium, "phone") as page:
        page.goto(live_server.url + "/")
        region = page.get_by_role("region", name="Tin nóng")
        assert region.count() == 1
        assert region.get_by_role("link").get_attribute("href") == (
            site_content["second"].get_absolute_url())
        assert page.locator("marquee").count() == 0
        dot = "getComputedStyle(document.querySelector('.breaking-news-label'), '::before')"
        assert page.evaluate(f"{dot}.animationName") != "none"
        text = page.locator(".breaking-news-text")
        assert page.evaluate("getComputedStyle(document.querySelector("
                             "'.breaking-news-text')).animationName") == "none"
        box = text.bounding_box()
        page.wait_for_timeout(300)
        assert text.bounding_box() == box
        page.emulate_media(reduced_motion="reduce")
        assert page.evaluate(f"{dot}.animationName") == "none"
