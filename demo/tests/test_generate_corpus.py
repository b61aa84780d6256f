"""generate_corpus: realistic Vietnamese text, deterministic per seed, idempotent top-up."""

import unicodedata
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from core.vietnamese import fold, normalize_tone_placement
from demo.corpus import CorpusWriter
from news.models import Article, ArticleTag, Section

pytestmark = pytest.mark.django_db


def generate(n: int, seed: int = 7, **options) -> None:
    call_command("generate_corpus", articles=n, seed=seed, until="2026-11-01", batch=50,
                 stdout=open("/dev/null", "w"), **options)  # noqa: SIM115


def snapshot(seed: int = 7) -> list[tuple]:
    rows = Article.objects.filter(import_key__startswith=f"gen:{seed}:").order_by("import_key")
    return [(a.import_key, a.title, a.sapo, a.byline, a.primary_section.slug, a.published_at,
             a.view_count, a.is_featured, sorted(a.tags.names()),
             [s.slug for s in a.topic_sections.all()], a.body.raw_data[0]["value"])
            for a in rows.select_related("primary_section")]


def test_articles_are_vietnamese_published_and_spread_over_sections_and_years():
    generate(400)
    articles = Article.objects.all()
    assert articles.count() == 400
    assert Section.objects.filter(slug="tin-tuc", parent=None).exists()
    assert Section.objects.filter(is_topic=True).count() == 2
    assert articles.visible().count() == 400
    assert articles.filter(latest_revision__isnull=False).count() == 0
    assert articles.values("primary_section").distinct().count() >= 10
    years = {a.published_at.year for a in articles}
    assert len(years) >= 8 and max(years) == 2026
    assert ArticleTag.objects.count() > 400
    views = sorted(articles.values_list("view_count", flat=True))
    assert views[len(views) // 2] < 100 < views[-1]  # long-tailed, like real popularity
    sample = articles.first()
    text = sample.title + sample.sapo + sample.body.raw_data[0]["value"]
    assert unicodedata.is_normalized("NFC", text)
    assert fold(text) != text  # it carries Vietnamese diacritics
    assert normalize_tone_placement(text) == text  # the portal's tone style ("hòa", "thủy")
    assert sample.get_absolute_url().endswith(f"-{sample.pk}.html")


def test_same_seed_same_articles_and_running_again_tops_up_only():
    generate(120)
    first = snapshot()
    Article.objects.all().delete()
    generate(60)
    generate(120)
    assert snapshot() == first
    generate(120)
    assert Article.objects.count() == 120
    generate(150)
    assert Article.objects.count() == 150
    generate(30, seed=8)
    assert Article.objects.count() == 180


def test_article_i_does_not_depend_on_n_or_batching():
    writer = CorpusWriter(3, [1, 2, 3], [9], datetime(2026, 1, 1, tzinfo=UTC))
    assert writer.build(41) == writer.build(41)
    assert writer.build(41).title != writer.build(42).title or (
        writer.build(41).body != writer.build(42).body)


@pytest.mark.parametrize("options", [
    {"articles": -1}, {"articles": 10, "batch": 0}, {"articles": 10, "until": "hôm qua"},
])
def test_bad_arguments_are_refused_and_change_nothing(options):
    options = {"seed": 1, **options}
    with pytest.raises(CommandError):
        call_command("generate_corpus", stdout=open("/dev/null", "w"), **options)  # noqa: SIM115
    assert Article.objects.count() == 0


def test_a_khmer_section_with_the_same_slug_is_left_to_its_edition():
    """The demo's Khmer edition reuses the Vietnamese slugs; the corpus is Vietnamese only."""
    from wagtail.models import Locale

    khmer = Locale.objects.get(language_code="km")
    twin = Section.objects.create(name="ព័ត៌មាន", slug="tin-tuc", locale=khmer, sort_order=0)
    generate(60)
    sections = Section.objects.filter(articles__isnull=False).distinct()
    assert set(sections.values_list("locale__language_code", flat=True)) == {"vi"}
    assert not twin.children.exists() and not twin.articles.exists()
    assert Article.objects.filter(locale=khmer).count() == 0
