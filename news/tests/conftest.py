"""Fixtures for the news pages: the seed article, rebuilt from its facts, plus page helpers."""

from __future__ import annotations

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

HCM = ZoneInfo("Asia/Ho_Chi_Minh")

# Facts and a few sentences of the seed page (../shared/fixtures/000_5037e63d88c6ccf3.txt),
# used only to check that the portal renders the same structure; never demo content.
SEED_TITLE = ("Cụm thi đua các tỉnh miền Tây Nam bộ tổng kết công tác Hội và phong trào "
              "Chữ thập đỏ năm 2024")
SEED_BYLINE = "Thuý Liễu, Văn Dô"
SEED_FIRST = ("Sáng nay (29/11), Cụm thi đua số 8 các tỉnh miền Tây Nam bộ tổ chức hội nghị "
              "tổng kết công tác Hội và phong trào Chữ thập đỏ năm 2024.")
SEED_CAPTION = "Quang cảnh hội nghị."
SEED_LAST = ("Phát biểu tại hội nghị, ông Vũ Thanh Lưu ghi nhận sự cố gắng của cán bộ, hội "
             "viên và chuẩn bị tổ chức tốt phong trào Tết Nhân ái tại địa phương./.")
SEED_PUBLISHED = datetime(2024, 11, 29, 9, 30, tzinfo=HCM)


@pytest.fixture
def test_image(db):
    """A small Wagtail image for captioned body blocks."""
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    return Image.objects.create(title="Ảnh thử", file=get_test_image_file())


@pytest.fixture
def seed_article(sections, make_article, test_image):
    """The seed story as an editor would enter it: lead, captioned photo, byline at the end."""
    return make_article(
        title=SEED_TITLE,
        sapo="Hội nghị tổng kết công tác Hội năm 2024 của Cụm thi đua số 8.",
        body=[
            {"type": "paragraph", "value": f"<p>{SEED_FIRST}</p>"},
            {"type": "image", "value": {"image": test_image.pk, "caption": SEED_CAPTION,
                                        "credit": ""}},
            {"type": "paragraph", "value": f"<p>{SEED_LAST}</p>"},
        ],
        byline=SEED_BYLINE,
        primary_section=sections["local"],
        published_at=SEED_PUBLISHED,
        view_count=106,
    )


def visible_text(markup: str) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, whitespace collapsed."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    markup = re.sub(r"</?(?:span|a|strong|em|b|i|time)\b[^>]*>", "", markup)  # inline: no gap
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return re.sub(r"\s+", " ", text).strip()


def assert_in_order(text: str, parts: list[str]) -> None:
    """Each part occurs in text, after the previous one."""
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing after position {position}: …{text[position:][:300]}"
        position = found + len(part)
