"""Khmer text in a real browser: the self-hosted Noto Sans Khmer loads and shapes clusters.

Debian's Chromium (syndication.tests.browser) opens a Khmer article at phone and desktop size;
screenshots go to test-artifacts/screenshots/ (km-article-*.png, km-home-*.png). The machine
running the tests needs no Khmer font of its own: without ours, Khmer would show as boxes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import require_service
from syndication.tests.browser import axe_violations, browser_page, screenshot
from syndication.tests.browser import chromium as chromium  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FONT = (Path(__file__).resolve().parents[1] / "core" / "static" / "core" / "fonts"
        / "noto-sans-khmer-khmer-400-normal.woff2")
# A word with a subscript consonant (ខ្មែ: ខ + coeng + ម) and a cluster with a stacked vowel.
SAMPLE = "ខ្មែរ សុកត្រាំង"

# Width of `text` in the page's Khmer face and in a face that cannot draw Khmer: each span is
# measured once the document's fonts are ready.
MEASURE = """async ([text, families]) => {
  await document.fonts.ready;
  const widths = [];
  for (const family of families) {
    const probe = document.createElement('span');
    probe.textContent = text;
    probe.style.fontFamily = family;
    probe.style.fontSize = '32px';
    probe.style.whiteSpace = 'nowrap';
    document.body.appendChild(probe);
    widths.push(probe.getBoundingClientRect().width);
    probe.remove();
  }
  return widths;
}"""


@pytest.fixture
def khmer_story(db):
    from django.utils import timezone
    from wagtail.models import Locale

    from news.models import Article, Section

    khmer, _ = Locale.objects.get_or_create(language_code="km")
    section = Section.objects.create(name="វប្បធម៌ និងប្រពៃណី", slug="van-hoa", locale=khmer)
    return Article.objects.create(
        title="បុណ្យអកអំបុក៖ ពិធីសំពះព្រះខែនៅខេត្តសុកត្រាំង", slug="ooc-om-boc",
        sapo="ប្រជាជនខ្មែរប្រារព្ធពិធីសំពះព្រះខែ រៀងរាល់ថ្ងៃពេញបូណ៌មីខែកត្ដិក។",
        body=[{"type": "paragraph", "value": "<p>អំបុកធ្វើពីស្រូវខ្ចីដែលលីងឲ្យឆ្អិន "
               "រួចបុកក្នុងត្បាល់ឲ្យសំប៉ែត។</p>"}],
        byline="ថាច់ សុភ័ក្ត្រ", primary_section=section, locale=khmer, live=True,
        published_at=timezone.now() - timezone.timedelta(hours=1),
    )


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_khmer_pages_load_and_shape_with_noto_sans_khmer(chromium, live_server, khmer_story,
                                                         viewport):
    require_service(FONT.exists(), "Noto Sans Khmer (`make khmer-font`: npm ci in "
                                   "core/static_src)")
    fonts_fetched: list[str] = []
    with browser_page(chromium, viewport) as page:
        page.on("request", lambda request: fonts_fetched.append(request.url)
                if request.resource_type == "font" else None)
        page.goto(live_server.url + khmer_story.get_absolute_url())
        assert page.evaluate("document.documentElement.lang") == "km"
        page.evaluate("async () => { await document.fonts.ready; }")
        assert page.evaluate("(text) => document.fonts.check('16px \"Noto Sans Khmer\"', text)",
                             SAMPLE)
        loaded = page.evaluate("""() => [...document.fonts]
            .filter(face => face.family.replace(/"/g, '') === 'Noto Sans Khmer')
            .map(face => face.status)""")
        assert "loaded" in loaded, loaded
        heading = page.locator("h1").first
        assert "Noto Sans Khmer" in heading.evaluate("el => getComputedStyle(el).fontFamily")
        line_height = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('main p')).lineHeight)"
            " / parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
        assert line_height >= 1.8, line_height
        # No boxes: a fallback without Khmer glyphs draws every code point (the subscript sign
        # too) as its own box, while shaping stacks ម under ខ: the cluster ខ្ម is narrower
        # than ខម written side by side, and Khmer text measures differently in the two faces.
        stacked, side_by_side = page.evaluate(MEASURE, ["ខ្ម", ['"Noto Sans Khmer"']]) + \
            page.evaluate(MEASURE, ["ខម", ['"Noto Sans Khmer"']])
        assert stacked < side_by_side * 0.8, (stacked, side_by_side)
        ours, fallback = page.evaluate(MEASURE, [SAMPLE, ['"Noto Sans Khmer"', "monospace"]])
        assert abs(ours - fallback) > 1, (ours, fallback)
        screenshot(page, f"km-article-{viewport}")
        page.goto(live_server.url + "/km/")
        page.evaluate("async () => { await document.fonts.ready; }")
        screenshot(page, f"km-home-{viewport}")
        assert not axe_violations(page)
    assert any("noto-sans-khmer-khmer-400-normal" in url for url in fonts_fetched), fonts_fetched


def test_vietnamese_text_never_takes_the_khmer_face(chromium, live_server, khmer_story):
    """Vietnamese pages name the Khmer face only for the switch's Khmer label, after the
    reader's own Khmer fonts; their text keeps its Latin fonts."""
    with browser_page(chromium, "desktop") as page:
        page.goto(live_server.url + "/")
        assert page.evaluate("document.documentElement.lang") == "vi"
        body_font = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert "Khmer" not in body_font, body_font
        switch_font = page.locator(".edition-switch").evaluate(
            "el => getComputedStyle(el).fontFamily")
        assert switch_font.index("Khmer UI") < switch_font.index("Noto Sans Khmer"), switch_font
        page.locator(".edition-switch").click()
        page.wait_for_url(live_server.url + "/km/")
        assert page.evaluate("document.documentElement.lang") == "km"
