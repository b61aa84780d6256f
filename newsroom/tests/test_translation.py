"""Khmer editions in the newsroom, through the admin's real URLs: an editor translates a
Vietnamese article from its menu (a draft that goes through the workflow and keeps
revisions), writes a Khmer-only article, and Khmer text is kept exactly."""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse
from wagtail.models import Locale, WorkflowState

from news.models import Article, Section
from newsroom import roles

from .conftest import admin_url, article_data, client_for

# "Sóc Trăng province celebrates the water festival" in Khmer: coeng (U+17D2) subscripts,
# a zero-width space between words and the Khmer full stop.
KHMER_TITLE = "ខេត្ត\u200bឃ្លាំង\u200bប្រារព្ធ\u200bពិធី\u200bបុណ្យ\u200bអុំទូក។"
KHMER_SAPO = "ពិធីបុណ្យ\u200bប្រពៃណី\u200bរបស់\u200bជនជាតិ\u200bខ្មែរ។"


@pytest.fixture
def khmer_section(db):
    return Section.objects.create(name="ព័ត៌មានក្នុងស្រុក", slug="tin-dia-phuong",
                                  locale=Locale.objects.get(language_code="km"))


def translate_url(article: Article) -> str:
    return reverse("simple_translation:submit_snippet_translation",
                   args=["news", "article", article.pk])


def test_editor_translates_an_article_into_a_workflow_draft(sections, make_article, editor,
                                                          approver, khmer_section):
    source = make_article(title="Lễ hội Oóc Om Bóc", primary_section=sections["local"],
                          import_key="tin-goc-1", view_count=42)
    khmer_section.translation_key = sections["local"].translation_key
    khmer_section.save()
    as_editor = client_for(editor)

    # The article's menu in the list offers "Dịch" (translate).
    listing = as_editor.get(admin_url("list")).content.decode()
    assert translate_url(source) in listing

    km = Locale.objects.get(language_code="km")
    response = as_editor.post(translate_url(source), {"locales": [km.pk]})
    assert response.status_code == 302, response.content[:2000]
    translation = source.get_translation(km)
    assert response["Location"] == admin_url("edit", translation.pk)
    assert not translation.live and translation.view_count == 0
    assert translation.import_key is None and translation.published_at is None
    # Filed under the section's Khmer twin; the original is untouched.
    assert translation.primary_section == khmer_section
    source.refresh_from_db()
    assert source.live and source.locale.language_code == "vi"

    # The editor writes the Khmer text and submits it: a revision and the usual workflow.
    response = as_editor.post(
        admin_url("edit", translation.pk),
        article_data(khmer_section, title=KHMER_TITLE, **{"action-submit": "1"}),
    )
    assert response.status_code == 302, response.content[:2000]
    translation.refresh_from_db()
    assert translation.title == KHMER_TITLE
    assert translation.revisions.count() == 1
    state = WorkflowState.objects.get(object_id=str(translation.pk),
                                      base_content_type=translation.get_base_content_type())
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == roles.STEP_EDIT
    assert not translation.live


def test_translation_without_a_section_twin_asks_for_a_khmer_section(sections, make_article,
                                                                     editor, khmer_section):
    source = make_article(title="Tin trong nước", primary_section=sections["national"])
    as_editor = client_for(editor)
    km = Locale.objects.get(language_code="km")
    as_editor.post(translate_url(source), {"locales": [km.pk]})
    translation = source.get_translation(km)
    form = as_editor.get(admin_url("edit", translation.pk)).content.decode()
    # Only the Khmer edition's sections are offered.
    assert "ព័ត៌មានក្នុងស្រុក" in form and "Tin địa phương" not in form
    # A Vietnamese section posted anyway is refused, the article unchanged.
    response = as_editor.post(admin_url("edit", translation.pk),
                              article_data(sections["national"], title=KHMER_TITLE))
    assert response.status_code == 200
    translation.refresh_from_db()
    assert translation.title == "Tin trong nước"


def test_reporter_cannot_translate(sections, make_article, reporter):
    source = make_article(primary_section=sections["local"])
    km = Locale.objects.get(language_code="km")
    response = client_for(reporter).post(translate_url(source), {"locales": [km.pk]})
    assert response.status_code in (302, 403)
    assert not source.has_translation(km)


def test_khmer_only_article_keeps_its_text_exactly(khmer_section, editor):
    as_editor = client_for(editor)
    create = reverse("wagtailsnippets_news_article:add") + "?locale=km"
    form = as_editor.get(create).content.decode()
    assert "ព័ត៌មានក្នុងស្រុក" in form
    # Decomposed input (a Vietnamese word typed with combining marks) is composed; Khmer
    # subscripts and zero-width spaces are kept.
    decomposed = unicodedata.normalize("NFD", "Sóc Trăng")
    data = article_data(khmer_section, title=f"{KHMER_TITLE} {decomposed}",
                        body=f"<p>{KHMER_SAPO} {decomposed}</p>")
    data["sapo"] = KHMER_SAPO
    response = as_editor.post(create, data)
    assert response.status_code == 302, response.content[:3000]
    article = Article.objects.get()
    assert article.locale.language_code == "km"
    assert article.title == f"{KHMER_TITLE} Sóc Trăng"
    assert unicodedata.is_normalized("NFC", article.title)
    assert article.sapo == KHMER_SAPO
    # The body's blocks too: composed, the Khmer kept as typed.
    body = str(article.body[0].value)
    assert f"{KHMER_SAPO} Sóc Trăng" in body and unicodedata.is_normalized("NFC", body)
    assert article.title.count("\u200b") == 5 and article.title.count("\u17d2") == 5
    assert article.get_absolute_url() == f"/km/tin-dia-phuong/{article.slug}-{article.pk}.html"


def test_section_parent_must_be_in_the_same_language(sections, khmer_section):
    from django.core.exceptions import ValidationError

    child = Section(name="Tin con", slug="tin-con", parent=sections["root"],
                    locale=khmer_section.locale)
    with pytest.raises(ValidationError) as error:
        child.full_clean()
    assert "parent" in error.value.message_dict
    # Each edition's slugs are its own.
    assert Section.objects.filter(slug="tin-dia-phuong").count() == 2
