"""The index follows publishing: publish, unpublish, edit, delete, tags, rebuild."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from news.models import Article
from sitesearch.models import SearchEntry
from sitesearch.search import SearchParams, search

pytestmark = pytest.mark.django_db


def found(query: str) -> list[int]:
    return [r.id for r in search(SearchParams(query=query)).results]


def draft(sections, **fields) -> Article:
    values = {"title": "Khánh thành cầu Mỹ Thanh", "sapo": "Cây cầu nối hai bờ.",
              "primary_section": sections["local"], "live": False}
    values.update(fields)
    article = Article(**values)
    article.save()
    return article


def test_publish_makes_an_article_searchable_at_once(sections):
    article = draft(sections)
    assert found("cau my thanh") == []
    article.save_revision().publish()
    assert found("cau my thanh") == [article.pk]
    entry = SearchEntry.objects.get(pk=article.pk)
    assert entry.head_exact == "khánh thành cầu mỹ thanh"
    assert entry.head_folded == "khanh thanh cau my thanh"


def test_unpublish_removes_it_at_once(sections):
    article = draft(sections)
    article.save_revision().publish()
    article.refresh_from_db()
    Article.objects.get(pk=article.pk).unpublish()
    assert found("cau my thanh") == []
    assert not SearchEntry.objects.filter(pk=article.pk).exists()


def test_republished_edit_replaces_the_old_words(sections):
    article = draft(sections)
    article.save_revision().publish()
    article.refresh_from_db()
    article.title = "Thông xe cầu Đại Ngãi"
    article.tags.add("hạ tầng")
    article.save_revision().publish()
    assert found("dai ngai") == [article.pk]
    assert found("ha tang") == [article.pk]
    assert found("my thanh") == []


def test_a_draft_edit_does_not_change_what_readers_find(sections):
    article = draft(sections)
    article.save_revision().publish()
    article.refresh_from_db()
    article.title = "Tiêu đề nháp chưa duyệt"
    article.save_revision()
    assert found("cau my thanh") == [article.pk]
    assert found("tieu de nhap") == []


def test_purge_removes_it(sections, django_user_model):
    """Published articles are withdrawn, not deleted (retention); when the retention period is
    over and a Quản trị purges one, its index entry goes with it."""
    from newsroom.models import RetainedRevision
    from newsroom.services import purge

    article = draft(sections)
    article.save_revision().publish()
    assert found("cau my thanh") == [article.pk]
    Article.objects.get(pk=article.pk).unpublish()
    RetainedRevision.objects.for_object(article).update(
        retain_until=timezone.now() - timezone.timedelta(days=1))
    pk = article.pk
    purge(Article.objects.get(pk=pk), django_user_model.objects.create_superuser("root"))
    assert not Article.objects.filter(pk=pk).exists()
    assert found("cau my thanh") == []
    assert not SearchEntry.objects.filter(pk=pk).exists()


def test_rebuild_indexes_rows_written_without_signals(sections):
    now = timezone.now()
    locale = sections["local"].locale  # bulk_create sets no default locale
    Article.objects.bulk_create([
        Article(title=f"Tin nhập khẩu số {n}", slug=f"tin-{n}", primary_section=sections["local"],
                live=True, published_at=now - timezone.timedelta(hours=n + 1), locale=locale)
        for n in range(5)
    ] + [Article(title="Tin nhập khẩu chưa đăng", slug="nhap", live=False,
                 primary_section=sections["local"], locale=locale)])
    assert found("nhap khau") == []
    call_command("rebuild_search_index", batch_size=2, verbosity=0)
    assert len(found("nhap khau")) == 5
    assert SearchEntry.objects.count() == 5
    # Rebuilding again gives the same index, not duplicates.
    call_command("rebuild_search_index", verbosity=0)
    assert SearchEntry.objects.count() == 5
    assert len(found("nhap khau")) == 5
    # Rows withdrawn behind the signals' back leave the index on the next rebuild.
    Article.objects.filter(slug="tin-0").update(live=False)
    call_command("rebuild_search_index", verbosity=0)
    assert SearchEntry.objects.count() == 4


def test_rebuild_rejects_a_bad_batch_size(sections):
    with pytest.raises(CommandError):
        call_command("rebuild_search_index", batch_size=0, verbosity=0)
    with pytest.raises(CommandError):
        call_command("rebuild_search_index", workers=0, verbosity=0)


def test_cached_results_follow_publishing_at_once(sections, settings):
    settings.SEARCH_CACHE_SECONDS = 60
    assert found("cau my thanh") == []  # cached: empty
    article = draft(sections)
    article.save_revision().publish()
    assert found("cau my thanh") == [article.pk]
    assert found("cau my thanh") == [article.pk]  # now from the cache
    article.refresh_from_db()
    Article.objects.get(pk=article.pk).unpublish()
    assert found("cau my thanh") == []


def test_results_are_cached_between_changes(sections, settings, django_assert_max_num_queries):
    settings.SEARCH_CACHE_SECONDS = 60
    draft(sections).save_revision().publish()
    found("cau my thanh")
    with django_assert_max_num_queries(0):
        assert len(found("cau my thanh")) == 1


def test_rebuild_with_deferred_indexes_gives_the_same_results(sections):
    article = draft(sections)
    article.save_revision().publish()
    call_command("rebuild_search_index", defer_indexes=True, verbosity=0)
    assert found("cau my thanh") == [article.pk]


def test_rebuild_missing_only_tops_up(sections):
    article = draft(sections)
    article.save_revision().publish()
    SearchEntry.objects.all().delete()
    other = draft(sections, title="Khánh thành cầu Đại Ngãi")
    other.save_revision().publish()
    call_command("rebuild_search_index", missing_only=True, verbosity=0)
    assert set(found("khanh thanh cau")) == {article.pk, other.pk}
