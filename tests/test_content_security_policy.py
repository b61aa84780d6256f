"""The Content-Security-Policy, enforced in Debian's Chromium: no page type reports a violation.

Every public page type, the live players (hls.js from our origin, the stream from the
channel's host) and the admin's dashboard and editors are opened with the policy the site
sends; a listener records each `securitypolicyviolation` event from the first byte on, and
the console is read for the browser's own violation reports. A control case removes an
embed's host from the admin's list and sees the browser block it, so the check can fail.
"""

from __future__ import annotations

from contextlib import contextmanager, suppress
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from live.tests.conftest import channels as channels  # noqa: F401  (fixtures)
from live.tests.conftest import demo_streams as demo_streams  # noqa: F401
from live.tests.test_browser import (
    PLAY,
    RECORD_ERRORS,
    WITHOUT_NATIVE_HLS,
    engine_used,
    plays_for_two_seconds,
)
from live.tests.test_browser import player_ready as player_ready  # noqa: F401
from syndication.tests.browser import chromium as chromium  # noqa: F401
from syndication.tests.conftest import page_urls
from syndication.tests.conftest import portal as portal  # noqa: F401
from syndication.tests.conftest import site_content as site_content  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push({directive: event.effectiveDirective, blocked: event.blockedURI,
                     source: event.sourceFile, line: event.lineNumber, sample: event.sample});
}, true);
"""
ADMIN_PASSWORD = "Mật-khẩu-thử-2026"


@contextmanager
def recording_page(chromium, init_scripts: tuple[str, ...] = ()):  # noqa: F811
    """A page whose policy violations (events and console reports) are collected."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    context.add_init_script(RECORD_VIOLATIONS)
    for script in init_scripts:
        context.add_init_script(script)
    page = context.new_page()
    page.console_reports = []
    page.on("console", lambda message: page.console_reports.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text else None)
    try:
        yield page
    finally:
        with suppress(Exception):
            page.evaluate("document.querySelectorAll('video, audio').forEach((m) => m.pause())")
            page.wait_for_load_state("networkidle", timeout=10_000)
        context.close()


def violations(page) -> list:
    """What the page reported since the last call (once it settled)."""
    with suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=10_000)
    found = list(page.evaluate("(() => { const v = window.__csp || []; window.__csp = [];"
                               " return v; })()")) + page.console_reports
    page.console_reports = []
    return found


def allow_embeds(*hosts: str) -> None:
    from core.models import StationSettings

    station = StationSettings.load()
    station.embed_hosts = "\n".join(hosts)
    station.save()


def other_origin(live_server) -> str:
    """The live server under another host name: another origin, as a video host would be."""
    port = urlsplit(live_server.url).port
    return f"http://127.0.0.1:{port}"


def embed_in_article(article, src: str) -> None:
    article.body.append(("video", {"embed_url": src, "caption": "Bản đồ"}))
    article.save()


def test_public_pages_report_no_violation(chromium, live_server, site_content):
    player = other_origin(live_server)
    allow_embeds(player, "http://localhost")  # the fixture's clip plays from there
    embed_in_article(site_content["lead"], f"{player}/static/core/site.css")
    found = {}
    with recording_page(chromium) as page:
        for name, url in page_urls(site_content).items():
            page.goto(live_server.url + url)
            if reported := violations(page):
                found[name] = reported
        page.goto(live_server.url + site_content["lead"].get_absolute_url())
        assert page.frame_locator(".embed iframe").locator("body").inner_text(timeout=10_000)
    assert "search" in page_urls(site_content)
    assert not found, __import__("pprint").pformat(found)


def test_an_embed_from_a_host_not_listed_is_blocked(chromium, live_server, site_content):
    player = other_origin(live_server)
    allow_embeds("https://www.youtube.com", "http://localhost")
    embed_in_article(site_content["lead"], f"{player}/static/core/site.css")
    with recording_page(chromium) as page:
        page.goto(live_server.url + site_content["lead"].get_absolute_url())
        reported = violations(page)
    # A blocked address on another origin is reported as its origin only.
    assert [(item["directive"], item["blocked"]) for item in reported
            if isinstance(item, dict)] == [("frame-src", player)]


@pytest.fixture
def admin_user(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("quantri", "qt@example.vn",
                                                     ADMIN_PASSWORD)


def png_bytes() -> bytes:
    from io import BytesIO

    import PIL.Image

    buffer = BytesIO()
    PIL.Image.new("RGB", (640, 360), "#336699").save(buffer, "PNG")
    return buffer.getvalue()


def sign_in(page, base: str) -> None:
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "quantri")
    page.fill("#id_password", ADMIN_PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(base + "/admin/")


def admin_urls(content: dict) -> dict[str, str]:
    from wagtail.documents.models import Document
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(language_code="vi")  # flushed by an earlier test
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    page = root.get_children().first() or root.add_child(
        instance=Page(title="Trang thử", slug="trang-thu"))
    document = Document.objects.first()
    return {
        "dashboard": "/admin/",
        "article-list": "/admin/snippets/news/article/",
        "article-add": "/admin/snippets/news/article/add/",
        "article-edit": f"/admin/snippets/news/article/edit/{content['lead'].pk}/",
        "announcement-edit": (f"/admin/snippets/notices/announcement/edit/"
                              f"{content['announcement'].pk}/"),
        "document-add": "/admin/snippets/notices/officialdocument/add/",
        "clip-add": "/admin/snippets/broadcast/clip/add/",
        "page-edit": f"/admin/pages/{page.pk}/edit/",
        "documents": "/admin/documents/",
        "document-upload": "/admin/documents/multiple/add/",
        "document-edit": f"/admin/documents/edit/{document.pk}/",
        "images": "/admin/images/",
        "image-upload": "/admin/images/multiple/add/",
        "station-settings": "/admin/settings/core/stationsettings/",
        "reports": "/admin/reports/site-history/",
    }


def test_admin_pages_report_no_violation(chromium, live_server, site_content, admin_user):
    allow_embeds(other_origin(live_server), "http://localhost")  # the fixture's clip
    found = {}
    with recording_page(chromium) as page:
        sign_in(page, live_server.url)
        if reported := violations(page):
            found["login"] = reported
        # Signed in, public pages carry Wagtail's user bar (its own script and styles).
        urls = {**admin_urls(site_content), "home, signed in": "/",
                "article, signed in": site_content["lead"].get_absolute_url()}
        for name, url in urls.items():
            response = page.goto(live_server.url + url)
            assert response.status == 200, (name, response.status)
            if reported := violations(page):
                found[name] = reported
        # The editor's widgets at work: rich text, a date picker, an inline panel, a chooser.
        page.goto(live_server.url + admin_urls(site_content)["announcement-edit"])
        try:
            page.locator(".Draftail-Editor [contenteditable=true]").first.click(timeout=10_000)
            page.keyboard.type("Nội dung mới ")
            page.locator("input[name=published_at]").click()
            page.locator("#id_attachments-ADD").click()
            page.locator("[data-chooser-action-choose]").last.click(timeout=10_000)
            page.locator(".modal-content").wait_for(timeout=10_000)
        except PlaywrightError as error:
            found["announcement-edit, in use"] = [f"the editor did not work: {error.message}"]
        if reported := violations(page):
            found.setdefault("announcement-edit, in use", []).extend(reported)
        # Uploads: an image and a document through the multiple uploaders.
        for kind, name, payload in (("images", "anh.png", png_bytes()),
                                    ("documents", "van-ban.pdf", b"%PDF-1.4\n%%EOF\n")):
            page.goto(f"{live_server.url}/admin/{kind}/multiple/add/")
            page.locator("input[type=file]").first.set_input_files(
                files=[{"name": name, "mimeType": "application/octet-stream",
                        "buffer": payload}])
            try:
                page.locator("#upload-list li.upload-success").first.wait_for(timeout=15_000)
            except PlaywrightError as error:
                found[f"{kind}-upload, in use"] = [f"the upload did not finish: {error.message}"]
            if reported := violations(page):
                found.setdefault(f"{kind}-upload, in use", []).extend(reported)
    assert not found, __import__("pprint").pformat(found)


@pytest.mark.ffmpeg
@pytest.mark.parametrize("engine, stream_host", [("hls.js", "this site"),
                                                 ("native", "another host")])
def test_live_players_load_the_stream_under_the_policy(chromium, live_server, channels,
                                                       demo_streams, player_ready, engine,
                                                       stream_host):
    """hls.js and its transmuxing worker from our origin, the stream from our origin or from
    the channel's own host (which only that channel's page allows).

    The browser's own player plays two seconds; with hls.js the stream is fetched, transmuxed
    in the worker and appended to the media element (blob:) — playing on is
    live/tests/test_browser.py's check, which does not depend on the policy.
    """
    stv1 = channels["stv1"]
    if stream_host == "another host":
        stv1.stream_url = other_origin(live_server) + "/truc-tuyen/stv1/live.m3u8"
        stv1.save()
    scripts = (RECORD_ERRORS, WITHOUT_NATIVE_HLS) if engine == "hls.js" else (RECORD_ERRORS,)
    with recording_page(chromium, scripts) as page:
        for code, selector in (("stv1", "video"), ("radio", "audio")):
            page.goto(f"{live_server.url}/truc-tuyen/{code}/")
            if engine == "native":
                plays_for_two_seconds(page, selector)
            else:
                page.evaluate(PLAY, selector)
                page.wait_for_function("(s) => document.querySelector(s).buffered.length > 0",
                                       arg=selector, timeout=30_000)
                assert [worker.url.split("/static/")[-1] for worker in page.workers] == [
                    "live/vendor/hls.worker.js"]
                assert page.evaluate("window.__mediaErrors") == []
                assert page.locator(".live-failure").is_hidden()
            assert engine_used(page) == engine
            assert violations(page) == [], code
