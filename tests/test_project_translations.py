"""The project apps' own Vietnamese catalogues are complete, current and actually used.

Every ``<app>/locale/vi/LC_MESSAGES/django.po`` must translate every entry (no empty or fuzzy
ones), keep the source's placeholders, be NFC, list every string its app's code and templates
mark for translation (re-extracted with ``makemessages`` into a scratch copy), and not be
silently overridden by a different translation in ``i18n/`` (LOCALE_PATHS beat app catalogues).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT_APPS = ["core", "news", "notices", "importer", "newsroom", "metrics", "sitesearch",
                "syndication", "broadcast", "edgecache", "frontpage", "demo", "schedule",
                "live", "transcode", "planning"]
REQUIRED = ["core", "news", "notices", "broadcast"]
CATALOGUES = sorted(
    path for app in PROJECT_APPS
    if (path := ROOT / app / "locale" / "vi" / "LC_MESSAGES" / "django.po").exists()
)
PLACEHOLDER_RE = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[A-Za-z_0-9]*\}")


def _entries(path: Path) -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(path), wrapwidth=0) if not entry.obsolete]


def test_the_foundation_apps_have_catalogues():
    found = {path.relative_to(ROOT).parts[0] for path in CATALOGUES}
    assert set(REQUIRED) <= found, f"missing catalogues: {set(REQUIRED) - found}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.relative_to(ROOT).parts[0])
def test_every_entry_is_translated_not_fuzzy_and_keeps_placeholders(path):
    po = polib.pofile(str(path), wrapwidth=0)
    assert not po.metadata_is_fuzzy, "the catalogue header is marked fuzzy"
    problems = []
    for entry in _entries(path):
        label = f"[{entry.msgctxt}] {entry.msgid!r}" if entry.msgctxt else repr(entry.msgid)
        translations = (list(entry.msgstr_plural.values()) if entry.msgid_plural
                        else [entry.msgstr])
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {label}")
        if not all(t.strip() for t in translations):
            problems.append(f"untranslated: {label}")
            continue
        source = Counter(PLACEHOLDER_RE.findall(entry.msgid))
        for translation in translations:
            if Counter(PLACEHOLDER_RE.findall(translation)) != source:
                problems.append(f"placeholders differ: {label} → {translation!r}")
            if unicodedata.normalize("NFC", translation) != translation:
                problems.append(f"not NFC: {label}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.relative_to(ROOT).parts[0])
def test_catalogue_lists_every_string_of_its_app(path, tmp_path):
    """Re-extract the app's strings into a scratch copy; none may be missing from the catalogue."""
    if shutil.which("xgettext") is None:
        from conftest import require_service

        require_service(False, "GNU gettext (xgettext)")
    app = path.relative_to(ROOT).parts[0]
    scratch = tmp_path / app
    shutil.copytree(ROOT / app, scratch,
                    ignore=shutil.ignore_patterns("locale", "tests", "__pycache__"))
    (scratch / "locale").mkdir()
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "vi", "-v", "0"],
        cwd=scratch, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    fresh = scratch / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    wanted = {(e.msgctxt, e.msgid) for e in _entries(fresh)} if fresh.exists() else set()
    have = {(e.msgctxt, e.msgid) for e in _entries(path)}
    missing = sorted(wanted - have, key=str)
    assert not missing, f"run makemessages in {app}/ and translate: {missing}"


def test_no_locale_path_overrides_a_project_translation():
    """i18n/ (LOCALE_PATHS) wins over app catalogues, so a clash would show its wording."""
    ours = {}
    for path in CATALOGUES:
        for entry in _entries(path):
            ours[(entry.msgctxt, entry.msgid)] = (path.relative_to(ROOT).parts[0], entry.msgstr)
    clashes = []
    for path in sorted((ROOT / "i18n").glob("*/vi/LC_MESSAGES/django.po")):
        for entry in _entries(path):
            key = (entry.msgctxt, entry.msgid)
            if key in ours and entry.msgstr and entry.msgstr != ours[key][1]:
                clashes.append(f"{key}: {ours[key][0]} says {ours[key][1]!r}, "
                               f"{path.parts[-4]} says {entry.msgstr!r}")
    assert not clashes, "\n".join(clashes)


ENGLISH_CHROME = ["Views", "Updated", "RELATED NEWS", "Skip to content", "Featured stories",
                  "Most read", "Announcements", "Official documents", "Sections", "Home",
                  "Director", "Address", "Phone", "Licence", "Breadcrumb", "Search news",
                  "Latest news", "Governing body", "Source"]


@pytest.mark.django_db
def test_article_page_under_vietnamese_has_vietnamese_chrome_only(client, settings, station,
                                                                  sections, make_article):
    from django.utils import translation

    settings.LANGUAGE_CODE = "vi"
    translation.activate("vi")
    picked = make_article(title="Tin liên quan được chọn", primary_section=sections["local"],
                          is_featured=True)
    story = make_article(title="Bài kiểm tra giao diện", primary_section=sections["local"],
                         view_count=2345, source_name="Báo Sóc Trăng")
    story.related_links.create(target=picked)
    from django.utils import timezone

    from metrics.models import ArticleDailyViews

    ArticleDailyViews.objects.create(article=story, day=timezone.localdate(), count=12)
    body = client.get(story.get_absolute_url()).content.decode()
    for vietnamese in ["Lượt xem", "2.345", "Cập nhật", "TIN LIÊN QUAN", "Trang chủ",
                       "Tin nổi bật", "Đọc nhiều", "Chuyên mục", "Giấy phép số", "Giám đốc",
                       "Chuyển đến nội dung chính", "Nguồn"]:
        assert vietnamese in body, vietnamese
    for english in ENGLISH_CHROME:
        assert not re.search(rf"\b{re.escape(english)}\b", body), english


@pytest.mark.django_db
def test_admin_menu_and_forms_are_vietnamese(admin_client, sections, make_article):
    from django.urls import reverse

    dashboard = admin_client.get("/admin/").content.decode()
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', dashboard, re.S)
    labels = set(re.findall(r'"label": "((?:[^"\\]|\\.)*)"', props.group(1)))
    labels = {json.loads(f'"{label}"') for label in labels}
    for label in ["Tin tức", "Bài viết", "Chuyên mục", "Thông báo và văn bản",
                  "Phát thanh - Truyền hình", "Thông tin đài"]:
        assert label in labels, label
    story = make_article(title="Bài trong trang quản trị", primary_section=sections["local"])
    edit = admin_client.get(reverse("wagtailsnippets_news_article:edit", args=[story.pk]))
    page = edit.content.decode()
    for label in ["Tiêu đề", "Sapo (đoạn dẫn)", "Tác giả", "Nguồn tin", "Phân loại",
                  "Xuất bản", "Tin liên quan (do biên tập viên chọn)"]:
        assert label in page, label
