"""Shared fixtures. Services (PostgreSQL, Redis, nginx, Chromium) are optional on a laptop but
mandatory under CI=true: there a missing service fails the test instead of skipping it."""

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_service(available: bool, what: str) -> None:
    """Skip when a local service is missing; fail under CI, where skipping would hide a gap."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true but is not available", pytrace=False)
    pytest.skip(f"{what} not available (runs under CI=true)")


def pytest_runtest_setup(item) -> None:
    """Tests marked postgres need the suite to run on PostgreSQL (DATABASE_URL=postgres://…);
    tests marked ffmpeg need ffmpeg and ffprobe on the PATH, tests marked espeak espeak-ng."""
    import shutil

    if item.get_closest_marker("ffmpeg") is not None:
        require_service(bool(shutil.which("ffmpeg") and shutil.which("ffprobe")),
                        "ffmpeg and ffprobe (apt-get install ffmpeg)")
    if item.get_closest_marker("espeak") is not None:
        require_service(bool(shutil.which("espeak-ng")), "espeak-ng (make system-espeak)")
    if item.get_closest_marker("postgres") is not None:
        from django.conf import settings

        engine = settings.DATABASES["default"]["ENGINE"]
        require_service("postgresql" in engine, "PostgreSQL (DATABASE_URL=postgres://...)")


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    from core.caching.memo import forget_local

    cache.clear()
    forget_local()
    yield
    cache.clear()
    forget_local()


@pytest.fixture
def sections(db):
    """The seed's section tree: Tin tức » Tin địa phương, plus one topic."""
    from news.models import Section

    root = Section.objects.create(name="Tin tức", slug="tin-tuc", sort_order=0)
    local = Section.objects.create(name="Tin địa phương", slug="tin-dia-phuong", parent=root,
                                   sort_order=1)
    national = Section.objects.create(name="Tin trong nước", slug="tin-trong-nuoc", parent=root,
                                      sort_order=2)
    topic = Section.objects.create(name="Học và làm theo gương Bác",
                                   slug="hoc-va-lam-theo-guong-bac", is_topic=True, sort_order=50)
    return {"root": root, "local": local, "national": national, "topic": topic}


@pytest.fixture
def make_article(db):
    """Create a published article quickly; keyword arguments override the defaults."""
    from django.utils import timezone

    from news.models import Article

    def factory(**fields):
        defaults = {
            "title": "Bài viết thử nghiệm",
            "sapo": "Tóm tắt bài viết.",
            "body": [{"type": "paragraph", "value": "<p>Nội dung.</p>"}],
            "byline": "Phóng viên",
            "published_at": timezone.now() - timezone.timedelta(hours=1),
            "live": True,
        }
        defaults.update(fields)
        if defaults["published_at"] and "updated_at" not in fields:
            defaults["updated_at"] = defaults["published_at"]
        return Article.objects.create(**defaults)

    return factory


@pytest.fixture
def station(db):
    """The station's footer facts, as the seed page prints them."""
    from datetime import date

    from core.models import StationSettings

    settings = StationSettings.load()
    for field, value in {
        "portal_name": "Trang thông tin điện tử tổng hợp", "station_name": "Đài PT & TH Sóc Trăng",
        "short_name": "THST.vn", "governing_body": "Ủy ban nhân dân tỉnh Sóc Trăng",
        "director": "Nguyễn Văn Bốn", "licence_number": "287/GP-TTĐT",
        "licence_date": date(2016, 12, 22), "licence_issuer": "Cục PT, TH và TTĐT",
        "address": "132 Trần Văn Bảy, Phường 3, TP Sóc Trăng", "phone": "0299 3822598",
        "fax": "0299 3825876", "email": "toasoan@thst.example.vn",
        "copyright_notice": "Cấm sao chép dưới mọi hình thức nếu không có sự chấp thuận.",
        "republication_notice": "Ghi rõ nguồn THST.vn khi phát hành lại thông tin.",
    }.items():
        setattr(settings, field, value)
    settings.save()
    return settings
