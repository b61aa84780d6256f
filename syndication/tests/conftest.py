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
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:  # flushed by a transactional test
        Collection.add_root(name="Root")

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


@pytest.fixture
def site_content(portal):
    """Every page type filled as on the live site: body image, quote, related story, notices
    with files, so the checkers see real markup rather than empty pages."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from news.models import RelatedArticle
    from notices.models import Announcement, AnnouncementAttachment, OfficialDocument

    lead = portal["lead"]
    lead.body = [
        {"type": "paragraph", "value": "<p>Lễ hội Oóc Om Bóc - Đua ghe Ngo năm nay có "
                                       "<a href=\"/tin-tuc/\">nhiều hoạt động</a>.</p>"},
        {"type": "image", "value": {"image": portal["image"].id, "credit": "Hồng Nhung",
                                    "caption": "Các đội ghe Ngo tranh tài"}},
        {"type": "quote", "value": {"text": "Lễ hội là niềm tự hào của đồng bào Khmer.",
                                    "attribution": "Ông Lâm Văn Mẫn"}},
        {"type": "paragraph", "value": "<p>Ban tổ chức trao giải cho các đội đoạt giải.</p>"},
    ]
    lead.save()
    RelatedArticle.objects.create(article=lead, target=portal["second"], sort_order=0)
    pdf = Document.objects.create(title="Kế hoạch tổ chức lễ hội",
                                  file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="ke-hoach.pdf"))
    notice = Announcement.objects.create(
        title="Thông báo tuyển dụng viên chức năm 2024", live=True,
        body="<p>Đài Phát thanh và Truyền hình Sóc Trăng thông báo tuyển dụng.</p>")
    AnnouncementAttachment.objects.create(announcement=notice, document=pdf, label="Kế hoạch")
    document = OfficialDocument.objects.create(
        number="1963-CV/TU", issuer="Tỉnh ủy Sóc Trăng",
        issued_on=timezone.localdate() - timezone.timedelta(days=3),
        subject="Về việc tuyên truyền Lễ hội Oóc Om Bóc", summary="Tuyên truyền rộng rãi.",
        file=pdf, live=True)
    from broadcast.models import Clip

    Clip.objects.create(title="Thời sự tối 12/11", media_url="http://localhost/media/thoi-su.mp4",
                        poster=portal["image"], live=True)
    from broadcast.models import Channel, MediaKind, Programme
    from broadcast.tests.factories import ready_episode

    tv = Channel.objects.create(code="stv1", name="STV1", sort_order=1,
                                stream_url="/truc-tuyen/stv1/live.m3u8")
    radio = Channel.objects.create(code="radio", name="Phát thanh Sóc Trăng",
                                   kind=Channel.Kind.RADIO, sort_order=2,
                                   stream_url="/truc-tuyen/radio/live.m3u8")
    news_programme = Programme.objects.create(
        name="Thời sự Sóc Trăng", slug="thoi-su", channel=tv,
        description="Bản tin thời sự hằng ngày của Đài.")
    farming = Programme.objects.create(name="Nông nghiệp sáng", slug="nong-nghiep-sang",
                                       channel=radio, kind=MediaKind.AUDIO)
    video_episode = ready_episode(news_programme, "Thời sự trưa 12/11",
                                  description="Tin nổi bật trong ngày.")
    ready_episode(news_programme, "Thời sự tối 11/11", hours_ago=20)
    audio_episode = ready_episode(farming, "Kỹ thuật trồng lúa ST25", kind=MediaKind.AUDIO,
                                  description="Chọn giống và gieo sạ.")
    schedule_day(portal["image"])
    # The editors' front page and a breaking-news line, on every page the checkers read.
    from curation.models import BreakingNews, HomeSlot, HomeSlotItem

    lead_slot = HomeSlot(kind=HomeSlot.Kind.LEAD)
    lead_slot.items = [HomeSlotItem(article=lead, sort_order=0)]
    lead_slot.save()
    lead_slot.save_revision().publish()
    ticker = BreakingNews.objects.create(
        text="Mưa lớn kèm triều cường: các xã ven biển chủ động phòng chống sạt lở",
        article=portal["second"], expire_at=timezone.now() + timezone.timedelta(hours=6),
        live=False)
    ticker.save_revision().publish()
    return {**portal, "announcement": notice, "document": document,
            "programme": news_programme, "video_episode": video_episode,
            "audio_episode": audio_episode}


def schedule_day(image) -> None:
    """STV1's schedule around now: a past slot with its recording, the slot on air, the next
    one, and a Khmer-language programme."""
    from broadcast.models import Channel, Episode, Programme
    from schedule.models import Slot

    stv1, _ = Channel.objects.get_or_create(code="stv1", defaults={"name": "STV1"})
    Channel.objects.get_or_create(code="stv2", defaults={"name": "STV2", "language": "km"})
    news = Programme.objects.create(name="Thời sự Sóc Trăng", slug="thoi-su-st", channel=stv1,
                                    code="TS", cover=image)
    now = timezone.now().replace(second=0, microsecond=0)
    hour = timezone.timedelta(hours=1)
    recording = Episode.objects.create(programme=news, title="Thời sự trưa", live=True,
                                       published_at=now - 2 * hour)
    for start, end, title, extra in (
            (now - 3 * hour, now - 2 * hour, "Thời sự trưa", {"episode": recording,
                                                              "programme": news}),
            (now - 2 * hour, now - hour / 2, "ព័ត៌មានភាសាខ្មែរ", {}),
            (now - hour / 2, now + hour / 2, "Nông nghiệp - Nông thôn",
             {"description": "Kỹ thuật trồng lúa thơm ST25."}),
            (now + hour / 2, now + 2 * hour, "Phim truyện: Đất phương Nam", {})):
        Slot.objects.create(channel=stv1, starts_at=start, ends_at=end, title=title, **extra)


def page_urls(content: dict) -> dict[str, str]:
    """One address per page type the checkers look at (search once its page exists)."""
    urls = {
        "home": "/",
        "section": "/tin-tuc/",
        "article": content["lead"].get_absolute_url(),
        "related-article": content["second"].get_absolute_url(),
        "announcements": "/thong-bao/",
        "announcement": content["announcement"].get_absolute_url(),
        "documents": "/van-ban/",
        "document": content["document"].get_absolute_url(),
        "print": "/in" + content["lead"].get_absolute_url(),
        "schedule": "/lich-phat-song/stv1/",
        "video": "/video/",
        "programme": content["programme"].get_absolute_url(),
        "video-episode": content["video_episode"].get_absolute_url(),
        "audio-episode": content["audio_episode"].get_absolute_url(),
        "not-found": "/khong-co-trang-nay/",
        "live-index": "/truc-tuyen/",
        "live-tv": "/truc-tuyen/stv1/",
        "live-radio": "/truc-tuyen/radio/",
        # The Khmer edition (core.edition_routing): its chrome over the same site.
        "km-home": "/km/",
        "km-announcements": "/km/thong-bao/",
        "km-schedule": "/km/lich-phat-song/stv1/",
        "km-live-tv": "/km/truc-tuyen/stv1/",
        "km-not-found": "/km/khong-co-trang-nay/",
    }
    if search_page_exists():
        urls["search"] = "/tim-kiem?q=l%E1%BB%85+h%E1%BB%99i"
        urls["km-search"] = "/km/tim-kiem?q=l%E1%BB%85+h%E1%BB%99i"
    return urls


def search_page_exists() -> bool:
    """True once the search branch serves /tim-kiem (not the section catch-all)."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve("/tim-kiem")
    except Resolver404:
        return False
    return not match.func.__module__.startswith("news.")
