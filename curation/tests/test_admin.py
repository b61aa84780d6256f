"""The front page from the admin, as editors and approvers use it: slots filled and ordered
through the snippet forms (inline formset), published, scheduled; the breaking-news line
published by an approver only, purging the page cache, and gone at its expiry."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from curation.home import compose_home
from curation.models import BreakingNews, HomeSlot
from edgecache.purge import prepare_cache_dir
from newsroom.tests.conftest import assert_refused, client_for, local_input

pytestmark = pytest.mark.django_db


def slot_url(name: str, *args) -> str:
    return reverse(f"wagtailsnippets_curation_homeslot:{name}", args=args)


def ticker_url(name: str, *args) -> str:
    return reverse(f"wagtailsnippets_curation_breakingnews:{name}", args=args)


def slot_data(kind: str, articles, *, section="", item_ids=(), go_live_at="", expire_at="",
              **actions) -> dict:
    """POST data of the slot form; the formset's ORDER is what drag and drop submits."""
    items = []
    for position, article in enumerate(articles):
        item = {"article": article.pk, "ORDER": str(position + 1)}
        if position < len(item_ids):
            item["id"] = item_ids[position]
        items.append(item)
    data = nested_form_data({
        "kind": kind, "section": section, "items": inline_formset(items, initial=len(item_ids)),
        "go_live_at": go_live_at, "expire_at": expire_at,
    })
    data.update(actions)
    return data


def ticker_data(text: str, *, article="", expire_at="", **actions) -> dict:
    data = {"text": text, "article": article, "go_live_at": "", "expire_at": expire_at}
    data.update(actions)
    return data


@pytest.fixture
def page_cache(settings, tmp_path):
    """An nginx cache directory holding one stored page; emptied by a purge."""
    directory = tmp_path / "pages"
    prepare_cache_dir(directory)
    settings.EDGE_CACHE_DIR = str(directory)
    settings.EDGE_CACHE_REPURGE_DELAY = 0.01

    def stored() -> bool:
        return any(directory.iterdir())

    def fill() -> None:
        (directory / "a" / "1f").mkdir(parents=True, exist_ok=True)

    fill()
    return {"stored": stored, "fill": fill}


def test_editor_fills_and_orders_a_slot_and_publishing_purges_the_home(
        editor, stories, page_cache, django_capture_on_commit_callbacks):
    client = client_for(editor)
    picks = [stories[9], stories[7], stories[8]]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(slot_url("add"),
                               slot_data("row", picks, **{"action-publish": "publish"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    slot = HomeSlot.objects.get(kind="row")
    assert slot.live
    assert not page_cache["stored"]()  # the page cache was emptied
    reader = Client()
    body = reader.get("/").content.decode()
    assert body.index("Bài số 9") < body.index("Bài số 7") < body.index("Bài số 8")

    # Drag and drop: the editor moves the last story first and publishes again.
    page_cache["fill"]()
    item_ids = [item.pk for item in sorted(slot.items.all(), key=lambda i: i.sort_order)]
    data = slot_data("row", picks, item_ids=item_ids, **{"action-publish": "publish"})
    data.update({"items-0-ORDER": "2", "items-1-ORDER": "3", "items-2-ORDER": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(slot_url("edit", slot.pk), data)
    assert response.status_code == 302
    assert not page_cache["stored"]()
    body = reader.get("/").content.decode()
    assert body.index("Bài số 8") < body.index("Bài số 9") < body.index("Bài số 7")


def test_a_draft_arrangement_changes_nothing_readers_see(editor, stories, page_cache,
                                                        django_capture_on_commit_callbacks):
    client = client_for(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(slot_url("add"), slot_data("lead", [stories[9]]))
    assert response.status_code == 302
    assert not HomeSlot.objects.get(kind="lead").live
    assert page_cache["stored"]()  # nothing purged
    assert [a.title for a in compose_home().lead] == ["Bài số 3"]


def test_a_slot_refuses_a_story_readers_cannot_see(editor, stories, make_article, sections):
    draft = make_article(title="Bản nháp", slug="ban-nhap", primary_section=sections["local"],
                         live=False)
    response = client_for(editor).post(
        slot_url("add"), slot_data("lead", [draft], **{"action-publish": "publish"}))
    assert response.status_code == 200
    assert "Chỉ được đưa lên trang chủ bài đã đăng mà bạn đọc đang xem được." in (
        response.content.decode())
    assert not HomeSlot.objects.exists()


def test_a_section_block_needs_its_section_and_a_place_has_one_slot(editor, stories,
                                                                     sections):
    client = client_for(editor)
    response = client.post(slot_url("add"), slot_data("section", [stories[1]]))
    assert response.status_code == 200
    assert "Hãy chọn chuyên mục mà khối này hiển thị." in response.content.decode()
    client.post(slot_url("add"), slot_data("lead", [stories[1]]))
    response = client.post(slot_url("add"), slot_data("lead", [stories[2]]))
    assert response.status_code == 200
    assert "Vị trí này đã được sắp xếp" in response.content.decode()
    assert HomeSlot.objects.count() == 1


def test_a_scheduled_arrangement_goes_live_at_its_time(editor, stories):
    client = client_for(editor)
    client.post(slot_url("add"), slot_data("lead", [stories[9]],
                                           **{"action-publish": "publish"}))
    slot = HomeSlot.objects.get(kind="lead")
    item_ids = [item.pk for item in slot.items.all()]
    go_live = (timezone.now() + timedelta(hours=2)).replace(second=0, microsecond=0)
    response = client.post(slot_url("edit", slot.pk), slot_data(
        "lead", [stories[7]], item_ids=item_ids, go_live_at=local_input(go_live),
        **{"action-publish": "publish"}))
    assert response.status_code == 302
    # Until its time the published arrangement stays.
    assert [a.title for a in compose_home().lead] == ["Bài số 9"]
    with time_machine.travel(go_live - timedelta(minutes=1), tick=False):
        call_command("run_scheduler", "--once")
        assert [a.title for a in compose_home().lead] == ["Bài số 9"]
    with time_machine.travel(go_live + timedelta(seconds=30), tick=False):
        call_command("run_scheduler", "--once")
        assert [a.title for a in compose_home().lead] == ["Bài số 7"]
        assert "Bài số 7" in Client().get("/").content.decode()


def test_a_reporter_cannot_arrange_the_home(reporter, stories):
    assert_refused(client_for(reporter).get(slot_url("add")))
    assert_refused(client_for(reporter).post(slot_url("add"), slot_data("lead", [stories[9]])))
    assert not HomeSlot.objects.exists()


def ticker_on(body: str) -> str | None:
    match = re.search(r'<section class="breaking-news".*?</section>', body, re.S)
    return match.group(0) if match else None


def test_an_editor_may_draft_breaking_news_but_not_publish_it(editor, stories):
    expire = local_input(timezone.now() + timedelta(hours=1))
    client_for(editor).post(ticker_url("add"), ticker_data(
        "Bão số 9 đổ bộ", expire_at=expire, **{"action-publish": "publish"}))
    assert not BreakingNews.objects.filter(live=True).exists()
    assert ticker_on(Client().get("/").content.decode()) is None


def test_approver_publishes_breaking_news_on_every_page_until_it_expires(
        approver, stories, sections, page_cache, django_capture_on_commit_callbacks):
    reader = Client()
    article_url = stories[4].get_absolute_url()
    pages = ["/", article_url, sections["local"].get_absolute_url(), "/thong-bao/"]
    for page in pages:
        assert ticker_on(reader.get(page).content.decode()) is None
    expire = (timezone.now() + timedelta(hours=1)).replace(second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(approver).post(ticker_url("add"), ticker_data(
            "Bão số 9 đổ bộ vào Sóc Trăng", article=stories[4].pk,
            expire_at=local_input(expire), **{"action-publish": "publish"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not page_cache["stored"]()
    for page in pages:
        response = reader.get(page)
        ticker = ticker_on(response.content.decode())
        assert ticker is not None, page
        assert "Tin nóng" in ticker and "Bão số 9 đổ bộ vào Sóc Trăng" in ticker
        assert f'href="{article_url}"' in ticker
        # nginx keeps no page past the expiry.
        assert int(response["X-Accel-Expires"]) <= (expire - timezone.now()).total_seconds()
    with time_machine.travel(expire + timedelta(seconds=1), tick=False):
        for page in pages:
            assert ticker_on(reader.get(page).content.decode()) is None, page


def test_unpublishing_breaking_news_removes_it_at_once(approver, stories, page_cache,
                                                       django_capture_on_commit_callbacks):
    from .conftest import publish_ticker

    ticker = publish_ticker("Cảnh báo triều cường", timezone.now() + timedelta(hours=3))
    reader = Client()
    assert ticker_on(reader.get("/").content.decode()) is not None
    page_cache["fill"]()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(approver).post(ticker_url("unpublish", ticker.pk))
    assert response.status_code == 302
    assert not page_cache["stored"]()
    assert ticker_on(reader.get("/").content.decode()) is None


def test_breaking_news_needs_an_expiry_and_a_short_text(approver):
    client = client_for(approver)
    response = client.post(ticker_url("add"), ticker_data("Tin nóng không hạn",
                                                          **{"action-publish": "publish"}))
    assert response.status_code == 200
    assert "Tin nóng cần có thời điểm hết hạn." in response.content.decode()
    response = client.post(ticker_url("add"), ticker_data(
        "x" * 201, expire_at=local_input(timezone.now() + timedelta(hours=1)),
        **{"action-publish": "publish"}))
    assert response.status_code == 200
    assert not BreakingNews.objects.exists()


def test_a_link_to_a_story_readers_cannot_see_is_left_out(stories):
    from .conftest import publish_ticker

    publish_ticker("Tin nóng", timezone.now() + timedelta(hours=1), article=stories[2])
    stories[2].unpublish()
    ticker = ticker_on(Client().get("/").content.decode())
    assert ticker is not None and "href" not in ticker


def test_editor_previews_an_arrangement_before_publishing(editor, stories):
    client = client_for(editor)
    data = slot_data("row", [stories[8], stories[2]])
    response = client.post(slot_url("preview_on_add"), data)
    assert response.json()["is_valid"] is True
    body = client.get(slot_url("preview_on_add")).content.decode()
    assert body.index("Bài số 8") < body.index("Bài số 2")
    assert not HomeSlot.objects.exists()
