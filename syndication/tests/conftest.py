"""Fixtures for the syndication checks: a small portal with an image, a draft and a future story."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.images import ImageFile
from django.utils import timezone

XSD_DIR = Path(__file__).parent / "xsd"


def make_image(title: str = "Ảnh bìa", colour: str = "#336699", size=(1280, 720)):
    """A real PNG stored through Wagtail, as an editor's upload would be."""
    import PIL.Image
    from wagtail.images.models import Image

    buffer = BytesIO()
    PIL.Image.new("RGB", size, colour).save(buffer, "PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name="anh-bia.png"))


@pytest.fixture
def portal(db, sections, make_article):
    """Two visible stories in a subsection, one in another section, a draft and a future one."""
    from taggit.models import Tag

    now = timezone.now()
    image = make_image()
    lead = make_article(
        title="Sóc Trăng khai mạc Lễ hội Oóc Om Bóc", slug="khai-mac-le-hoi",
        sapo="Tối 12/11, tỉnh Sóc Trăng khai mạc lễ hội truyền thống của đồng bào Khmer.",
        primary_section=sections["local"], featured_image=image, byline="Bài, ảnh: Hồng Nhung",
        published_at=now - timezone.timedelta(hours=2), is_featured=True,
    )
    lead.tags.add("lễ hội")
    lead.save()
    second = make_article(
        title="Nông dân Mỹ Xuyên thu hoạch lúa", slug="thu-hoach-lua",
        sapo="Vụ thu đông thắng lợi.", primary_section=sections["local"],
        published_at=now - timezone.timedelta(days=3),
    )
    national_story = make_article(
        title="Tin trong nước hôm nay", slug="tin-trong-nuoc-hom-nay",
        primary_section=sections["national"], published_at=now - timezone.timedelta(hours=5),
    )
    draft = make_article(title="Bản nháp chưa duyệt", slug="ban-nhap",
                         primary_section=sections["local"], live=False)
    future = make_article(title="Bài hẹn giờ ngày mai", slug="hen-gio",
                          primary_section=sections["local"],
                          published_at=now + timezone.timedelta(days=1))
    return {"lead": lead, "second": second, "national_story": national_story, "draft": draft,
            "future": future, "image": image, "tag": Tag.objects.get(name="lễ hội"),
            **sections}
