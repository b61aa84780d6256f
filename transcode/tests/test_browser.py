"""An uploaded clip, once transcoded and published, plays in Chromium from its episode page.

Uploads go through the real admin URL; the test settings' immediate task backend runs the
transcode when the upload commits. Chromium is Debian's, driven by Playwright
(syndication.tests.browser). Screenshots go to var/test-artifacts/episodes/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from broadcast.models import Episode
from syndication.tests.browser import axe_violations, browser_page
from syndication.tests.browser import chromium as chromium  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.ffmpeg, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "episodes"

# Plays the page's player muted (no autoplay prompt) and reports how far it got, which source
# the browser chose and any error event.
PLAY = """async () => {
  const media = document.querySelector('[data-episode-player]');
  const errors = [], skipped = [];
  media.addEventListener('error', () => errors.push(media.error && media.error.code));
  // A <source> the browser cannot play (HLS in Chromium) is skipped for the next one.
  media.querySelectorAll('source').forEach(s => s.addEventListener('error',
      () => skipped.push(s.type)));
  media.muted = true;
  await media.play();
  const start = performance.now();
  while (media.currentTime < 1.0 && performance.now() - start < 15000) {
    await new Promise(r => setTimeout(r, 100));
  }
  return {time: media.currentTime, src: media.currentSrc, paused: media.paused,
          error: media.error && media.error.code, errors, skipped};
}"""


def publish_upload(admin_client, programme, clip: Path, title: str) -> Episode:
    with clip.open("rb") as handle:
        response = admin_client.post(reverse("wagtailsnippets_broadcast_episode:add"), {
            "programme": programme.pk, "title": title, "description": f"Mô tả: {title}.",
            "published_at": (timezone.localtime() - timezone.timedelta(minutes=5)).strftime(
                "%d/%m/%Y %H:%M"),
            "source_file": handle})
    assert response.status_code == 302, response.context["form"].errors
    episode = Episode.objects.get(title=title)
    assert episode.media_state == Episode.State.READY, episode.media_error
    response = admin_client.post(
        reverse("wagtailsnippets_broadcast_episode:edit", args=[episode.pk]),
        {"programme": programme.pk, "title": title, "description": episode.description,
         "published_at": timezone.localtime(episode.published_at).strftime("%d/%m/%Y %H:%M"),
         "action-publish": "action-publish"})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.live
    return episode


def test_transcoded_episodes_play_in_chromium(chromium, live_server, admin_client, settings,
                                              media_root, clips, programme, radio_programme):
    settings.SERVE_MEDIA = True
    video = publish_upload(admin_client, programme, clips["video"], "Thời sự trưa thử nghiệm")
    audio = publish_upload(admin_client, radio_programme, clips["audio"],
                           "Bản tin nông nghiệp thử nghiệm")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    played = {}
    for viewport in ("desktop", "phone"):
        with browser_page(chromium, viewport) as page:
            for name, episode in (("video", video), ("audio", audio)):
                page.goto(live_server.url + episode.get_absolute_url())
                result = page.evaluate(PLAY)
                played[(viewport, name)] = result
                assert result["time"] >= 1.0, result
                assert result["error"] is None and result["errors"] == [], result
                page.screenshot(path=str(ARTIFACTS / f"{name}-episode-{viewport}.png"),
                                full_page=True)
    assert played[("desktop", "video")]["src"].startswith(live_server.url + "/media/episodes/")


def test_programme_and_episode_pages_have_no_serious_accessibility_violations(
        chromium, live_server, admin_client, settings, media_root, clips, programme):
    settings.SERVE_MEDIA = True
    episode = publish_upload(admin_client, programme, clips["video"], "Thời sự tối thử nghiệm")
    found = {}
    for viewport in ("desktop", "phone"):
        with browser_page(chromium, viewport) as page:
            for name, url in (("programme", programme.get_absolute_url()),
                              ("episode", episode.get_absolute_url())):
                page.goto(live_server.url + url)
                violations = axe_violations(page)
                if violations:
                    found[(viewport, name)] = violations
    assert not found, found
