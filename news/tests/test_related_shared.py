"""related_articles with the section's newest shared per generation: same answers as a query."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.caching.generation import bump_generation
from news.models import RelatedArticle
from news.selectors import RELATED_COUNT, related_articles


@pytest.fixture
def many(sections, make_article):
    now = timezone.now()
    return [make_article(title=f"Tin {n}", primary_section=sections["local"],
                         published_at=now - timedelta(hours=n)) for n in range(1, 31)]


@pytest.mark.django_db
def test_newest_of_the_section_without_the_article_itself(many):
    newest = many[0]
    assert [a.id for a in related_articles(newest)] == [a.id for a in many[1:RELATED_COUNT + 1]]
    old = many[-1]
    assert [a.id for a in related_articles(old)] == [a.id for a in many[:RELATED_COUNT]]


@pytest.mark.django_db
def test_hand_picked_first_in_their_order_and_never_twice(many, sections, make_article):
    story = many[5]
    elsewhere = make_article(title="Tin nơi khác", primary_section=sections["national"])
    RelatedArticle.objects.create(article=story, target=elsewhere, sort_order=0)
    RelatedArticle.objects.create(article=story, target=many[0], sort_order=1)
    related = related_articles(story)
    assert [a.id for a in related[:2]] == [elsewhere.id, many[0].id]
    assert len(related) == RELATED_COUNT
    assert len({a.id for a in related}) == RELATED_COUNT
    assert story.id not in {a.id for a in related}


@pytest.mark.django_db
def test_many_hand_picked_among_the_newest_still_fill_the_list(many):
    story = many[-1]
    for order, target in enumerate(many[:20]):
        RelatedArticle.objects.create(article=story, target=target, sort_order=order)
    related = related_articles(story, limit=24)
    assert [a.id for a in related] == [a.id for a in many[:24]]


@pytest.mark.django_db
def test_a_new_story_shows_in_related_lists_after_the_generation_moves(many, sections,
                                                                      make_article):
    related_articles(many[-1])
    fresh = make_article(title="Tin mới nhất", primary_section=sections["local"])
    bump_generation()  # what publishing does (after commit)
    assert related_articles(many[-1])[0].id == fresh.id


@pytest.mark.django_db
def test_article_url_is_the_one_the_url_map_resolves(many):
    from django.urls import resolve, reverse

    story = many[3]
    expected = reverse("news:article", kwargs={"section_slug": story.primary_section.slug,
                                               "slug": story.slug, "pk": story.pk})
    assert story.get_absolute_url() == expected
    assert resolve(expected).url_name == "article"


@pytest.mark.django_db
def test_section_url_is_the_one_the_url_map_resolves(many):
    from django.urls import resolve, reverse

    section = many[3].primary_section
    expected = reverse("news:section", kwargs={"section_slug": section.slug})
    assert section.get_absolute_url() == expected
    assert resolve(expected).url_name == "section"
