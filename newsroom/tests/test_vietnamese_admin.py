"""A reporter (and an editor on the review screens) must never meet an English label.

Two checks. The catalogue check counts untranslated messages in the Vietnamese catalogues
behind the screens a newsroom user touches (Wagtail's admin, core, snippets, images,
documents, users via LOCALE_PATHS, plus the newsroom's own) and fails above zero. The page
check renders those screens in Vietnamese through the real admin URLs and looks for any
English message of Wagtail's catalogues (two words or more) in the visible text.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client
from django.urls import reverse

from .conftest import admin_url, client_for
from .test_role_boundaries import make_draft, start_workflow

WAGTAIL_DIR = Path(importlib.util.find_spec("wagtail").submodule_search_locations[0])
# Wagtail catalogue (English source) -> our Vietnamese catalogue directory in i18n/.
SCREEN_CATALOGUES = {
    "admin/locale/en/LC_MESSAGES/django.po": "wagtail_admin",
    "locale/en/LC_MESSAGES/django.po": "wagtail_core",
    "snippets/locale/en/LC_MESSAGES/django.po": "wagtail_snippets",
    "images/locale/en/LC_MESSAGES/django.po": "wagtail_images",
    "documents/locale/en/LC_MESSAGES/django.po": "wagtail_documents",
    "users/locale/en/LC_MESSAGES/django.po": "wagtail_users",
}
NEWSROOM_CATALOGUE = Path(settings.BASE_DIR) / "newsroom/locale/vi/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%(\([^)]+\))?[-#0+]?\d*(\.\d+)?[sdifr]|\{[^}]*\}|<[^>]+>")


def _untranslated(po_path: Path, sources: list[polib.POEntry] | None = None) -> list[str]:
    catalogue = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(po_path)) if not e.obsolete}
    wanted = sources if sources is not None else list(catalogue.values())
    missing = []
    for source in wanted:
        entry = catalogue.get((source.msgctxt, source.msgid))
        texts = ([entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
                 if entry and entry.msgid_plural else [entry.msgstr] if entry else [])
        if entry is None or "fuzzy" in entry.flags or not all(t.strip() for t in texts):
            missing.append(source.msgid)
    return missing


def test_catalogues_of_the_covered_screens_have_no_untranslated_message(capsys):
    counts = {}
    for source, ours in SCREEN_CATALOGUES.items():
        sources = [e for e in polib.pofile(str(WAGTAIL_DIR / source)) if not e.obsolete]
        vi = Path(settings.BASE_DIR) / "i18n" / ours / "vi/LC_MESSAGES/django.po"
        counts[ours] = (len(sources), _untranslated(vi, sources))
    newsroom_entries = [e for e in polib.pofile(str(NEWSROOM_CATALOGUE)) if not e.obsolete]
    counts["newsroom"] = (len(newsroom_entries), _untranslated(NEWSROOM_CATALOGUE))
    with capsys.disabled():
        total = sum(n for n, _ in counts.values())
        untranslated = sum(len(m) for _, m in counts.values())
        print(f"\nVietnamese admin catalogues: {total} messages, {untranslated} untranslated")
    problems = {name: missing[:10] for name, (_, missing) in counts.items() if missing}
    assert not problems, problems


def _source_catalogues() -> list[Path]:
    """Wagtail's English catalogues plus every project catalogue present (their msgids are
    the English source texts of the project's own screens)."""
    project = [path for path in Path(settings.BASE_DIR).glob("*/locale/vi/LC_MESSAGES/*.po")
               if ".venv" not in path.parts]
    return [WAGTAIL_DIR / source for source in SCREEN_CATALOGUES] + project


def english_labels() -> set[str]:
    """English admin messages of two words or more, without markup or placeholders."""
    labels = set()
    for path in _source_catalogues():
        for entry in polib.pofile(str(path)):
            for text in filter(None, (entry.msgid, entry.msgid_plural)):
                if PLACEHOLDER.search(text) or "\n" in text:
                    continue
                text = text.strip()
                if len(text.split()) >= 2 and re.search(r"[a-z]{3}", text):
                    labels.add(text)
    return labels


def visible_text(html: str) -> str:
    """What a person reads: text nodes plus titles, placeholders, labels and alt texts."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    parts = [soup.get_text(" ")]
    for tag in soup.find_all(True):
        for attribute in ("title", "placeholder", "aria-label", "alt", "value"):
            value = tag.get(attribute)
            if isinstance(value, str) and tag.get("type") != "hidden":
                parts.append(value)
    return re.sub(r"\s+", " ", " ".join(parts))


def english_found(text: str, labels: set[str]) -> list[str]:
    return sorted(label for label in labels
                  if re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text))


def test_the_check_finds_english_when_the_admin_is_english(sections, reporter):
    """Guard against a check that cannot fail: the same dashboard in English is caught."""
    from wagtail.users.models import UserProfile

    make_draft(sections["local"], reporter, "Bài viết của phóng viên")
    profile = UserProfile.get_for_user(reporter)
    profile.preferred_language = "en"
    profile.save()
    body = client_for(reporter).get(reverse("wagtailadmin_home")).content.decode()
    found = english_found(visible_text(body), english_labels())
    assert "My drafts and sent-back articles" in found
    assert len(found) >= 3, found


@pytest.fixture
def newsroom_screens(sections, reporter, editor):
    """The reporter's article, sent back by the editor, with two revisions."""
    article = make_draft(sections["local"], reporter, "Bài viết của phóng viên")
    article.title = "Bài viết của phóng viên (sửa)"
    article.save_revision(user=reporter)
    task_state = start_workflow(article, reporter)
    task_state.specific.reject(user=editor, comment="Cần bổ sung nguồn.")
    article.refresh_from_db()
    return article


def test_reporter_never_meets_an_english_label(newsroom_screens, reporter):
    article = newsroom_screens
    client = client_for(reporter)
    revisions = list(article.revisions.order_by("id").values_list("id", flat=True))
    screens = {
        "dashboard": reverse("wagtailadmin_home"),
        "article list": admin_url("list"),
        "article create": admin_url("add"),
        "article edit": admin_url("edit", article.pk),
        "article history": admin_url("history", article.pk),
        "revision compare": reverse("wagtailsnippets_news_article:revisions_compare", kwargs={
            "pk": article.pk, "revision_id_a": revisions[0], "revision_id_b": revisions[-1]}),
        "workflow history": admin_url("workflow_history", article.pk),
        "image list": reverse("wagtailimages:index"),
        "image upload": reverse("wagtailimages:add_multiple"),
        "document list": reverse("wagtaildocs:index"),
        "account": reverse("wagtailadmin_account"),
    }
    labels = english_labels()
    assert len(labels) > 800  # the check is only as good as this list
    leaks = {}
    for name, url in screens.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        found = english_found(visible_text(response.content.decode()), labels)
        if found:
            leaks[name] = found
    login = Client(HTTP_ACCEPT_LANGUAGE="vi").get(reverse("wagtailadmin_login"))
    found = english_found(visible_text(login.content.decode()), labels)
    if found:
        leaks["login"] = found
    assert not leaks, leaks


def test_editor_review_screens_are_vietnamese(sections, reporter, editor):
    article = make_draft(sections["local"], reporter, "Bài chờ biên tập")
    task_state = start_workflow(article, reporter)
    client = client_for(editor)
    labels = english_labels()
    leaks = {}
    for name, url in {
        "dashboard": reverse("wagtailadmin_home"),
        "edit in review": admin_url("edit", article.pk),
        "reject form": admin_url("workflow_action", article.pk, "reject", task_state.pk),
        "workflow history": admin_url("workflow_history", article.pk),
        "revision preview": admin_url("workflow_preview", article.pk, task_state.task_id),
    }.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        body = response.content.decode()
        if response["Content-Type"].startswith("application/json"):
            body = response.json().get("html", "")
        found = english_found(visible_text(body), labels)
        if found:
            leaks[name] = found
    assert not leaks, leaks
