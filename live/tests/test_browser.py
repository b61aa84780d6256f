"""The live players in Debian's Chromium: TV and radio play the demo streams through hls.js,
a broken stream shows the Vietnamese message, the pages pass axe-core.

Runs against pytest-django's live server, with demo streams made by make_demo_streams into a
scratch MEDIA_ROOT; screenshots at phone and desktop size go to test-artifacts/screenshots/."""

from __future__ import annotations

from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from conftest import require_service
from syndication.tests.browser import SCREENSHOTS, axe_violations
from syndication.tests.browser import chromium as chromium  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HLS_JS = Path(__file__).resolve().parents[1] / "static" / "live" / "vendor" / "hls.min.js"
HLS_WORKER = HLS_JS.with_name("hls.worker.js")
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
# Media error events are recorded from the first byte of the page on.
RECORD_ERRORS = """
window.__mediaErrors = [];
document.addEventListener("error", (event) => {
  const target = event.target;
  if (target && (target.tagName === "VIDEO" || target.tagName === "AUDIO")) {
    window.__mediaErrors.push(target.error ? target.error.code : "error");
  }
}, true);
"""
# Chromium answers "maybe" for HLS, so the page uses its native playback; pretending it cannot
# makes the page take hls.js, and each engine is tested.
WITHOUT_NATIVE_HLS = """
const canPlayType = HTMLMediaElement.prototype.canPlayType;
HTMLMediaElement.prototype.canPlayType = function (type) {
  return /mpegurl/i.test(type) ? "" : canPlayType.call(this, type);
};
"""
PLAY = """(selector) => {
  const media = document.querySelector(selector);
  media.muted = true;  // muted playback needs no gesture, in any autoplay policy
  media.play().catch((error) => window.__mediaErrors.push(String(error)));
}"""


@pytest.fixture
def player_ready():
    require_service(HLS_JS.exists() and HLS_WORKER.exists(),
                    "hls.js and its worker (`make live-player`: npm ci in live/static_src)")


@contextmanager
def live_page(chromium, viewport: str, engine: str = "native"):
    context = chromium.new_context(viewport=VIEWPORTS[viewport], locale="vi-VN",
                                   is_mobile=viewport == "phone",
                                   has_touch=viewport == "phone")
    context.add_init_script(RECORD_ERRORS)
    if engine == "hls.js":
        context.add_init_script(WITHOUT_NATIVE_HLS)
    page = context.new_page()
    try:
        yield page
    finally:
        with suppress(Exception):  # best effort: never hide the test's own failure
            page.evaluate("document.querySelectorAll('video, audio')"
                          ".forEach((m) => m.pause())")
        context.close()


def shot(page, name: str) -> None:
    """A full-page screenshot; players are paused first (a playing video keeps the page from
    ever settling for the capture)."""
    page.evaluate("document.querySelectorAll('video, audio').forEach((m) => m.pause())")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))  # the viewport: the phone's view


def plays_for_two_seconds(page, selector: str) -> None:
    page.evaluate(PLAY, selector)
    # Waits are functions, not expression strings: Playwright evaluates a string with eval(),
    # which the pages' Content-Security-Policy refuses.
    page.wait_for_function("(s) => !document.querySelector(s).paused && "
                           "document.querySelector(s).readyState >= 3", arg=selector,
                           timeout=30_000)
    started = page.evaluate(f"document.querySelector('{selector}').currentTime")
    page.wait_for_function("([s, t]) => document.querySelector(s).currentTime >= t + 2",
                           arg=[selector, started], timeout=30_000)
    assert page.evaluate("window.__mediaErrors") == []
    assert page.locator(".live-failure").is_hidden()


def engine_used(page) -> str:
    return "hls.js" if page.evaluate(
        "!document.querySelector('video, audio').src.startsWith('http')") else "native"


@pytest.mark.ffmpeg
@pytest.mark.parametrize("viewport, engine", [("phone", "hls.js"), ("desktop", "native")])
def test_television_plays_the_live_stream(chromium, live_server, demo_streams, player_ready,
                                          viewport, engine):
    with live_page(chromium, viewport, engine) as page:
        page.goto(live_server.url + "/truc-tuyen/stv1/")
        plays_for_two_seconds(page, "video")
        assert engine_used(page) == engine
        assert page.evaluate("document.querySelector('video').videoWidth") == 640
        shot(page, f"live-stv1-{viewport}")


@pytest.mark.ffmpeg
@pytest.mark.parametrize("viewport, engine", [("phone", "native"), ("desktop", "hls.js")])
def test_radio_plays_in_an_audio_player(chromium, live_server, demo_streams, player_ready,
                                        viewport, engine):
    with live_page(chromium, viewport, engine) as page:
        page.goto(live_server.url + "/truc-tuyen/radio/")
        assert page.locator("video").count() == 0
        plays_for_two_seconds(page, "audio")
        assert engine_used(page) == engine
        shot(page, f"live-radio-{viewport}")


@pytest.mark.parametrize("engine", ["native", "hls.js"])
def test_a_stream_that_fails_shows_the_message_not_a_broken_player(chromium, live_server,
                                                                    channels, player_ready,
                                                                    engine):
    stv2 = channels["stv2"]
    stv2.on_air, stv2.stream_url = True, "/truc-tuyen/stv2/live.m3u8"  # no demo loop: 404
    stv2.save()
    with live_page(chromium, "phone", engine) as page:
        fetched_by = []  # who asked for the playlist: hls.js (xhr) or the media element
        page.on("request", lambda request: fetched_by.append(request.resource_type)
                if request.url.endswith("/stv2/live.m3u8") else None)
        page.goto(live_server.url + "/truc-tuyen/stv2/")
        # The reader presses play (native playback fetches nothing before that). The promise is
        # not awaited: once hls.js has given up, the emptied element's play() never settles.
        page.evaluate("() => { document.querySelector('video').play().catch(() => null); }")
        message = page.locator(".live-failure")
        message.wait_for(state="visible", timeout=15_000)
        assert message.inner_text().startswith("Không tải được luồng trực tiếp.")
        assert page.locator("video").is_hidden()
        expected = {"xhr", "fetch"} if engine == "hls.js" else {"media"}
        assert fetched_by and set(fetched_by) <= expected, fetched_by
        shot(page, f"live-failed-{engine}-phone")


def test_the_player_is_reached_and_started_by_keyboard(chromium, live_server, channels,
                                                       player_ready):
    with live_page(chromium, "desktop") as page:
        page.goto(live_server.url + "/truc-tuyen/stv1/")
        video = page.locator("video")
        assert video.get_attribute("aria-label") == "Trình phát truyền hình trực tiếp: STV1"
        for _ in range(40):
            page.keyboard.press("Tab")
            if video.evaluate("el => el === document.activeElement"):
                break
        else:
            pytest.fail("the video player is not reachable with Tab")
        page.keyboard.press("Space")  # the focused player's own play/pause key
        page.wait_for_function("() => !document.querySelector('video').paused",
                               timeout=5_000)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_live_pages_have_no_serious_accessibility_violations(chromium, live_server, channels,
                                                             station, player_ready, viewport):
    found = {}
    with live_page(chromium, viewport) as page:
        for name, url in {"live-index": "/truc-tuyen/", "live-tv": "/truc-tuyen/stv1/",
                          "live-radio": "/truc-tuyen/radio/", "live-off-air": "/truc-tuyen/stv2/",
                          "home": "/"}.items():
            page.goto(live_server.url + url)
            shot(page, f"{name}-page-{viewport}")
            violations = axe_violations(page)
            if violations:
                found[name] = violations
    assert not found, found
