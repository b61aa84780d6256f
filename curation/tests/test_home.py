"""The home page as composed from editors' slots and the fallback rules, without repeats."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from curation.home import compose_home
from curation.models import HomeSlot

from .conftest import publish_slot

pytestmark = pytest.mark.django_db

LEAD, ROW, SECTION = HomeSlot.Kind.LEAD, HomeSlot.Kind.ROW, HomeSlot.Kind.SECTION


def titles(articles) -> list[str]:
    return [a.title for a in articles]


def assert_no_repeats(content) -> None:
    ids = content.article_ids()
    assert len(ids) == len(set(ids)), ids


def test_without_slots_the_rules_fill_every_place(stories, sections):
    content = compose_home()
    assert titles(content.lead) == ["Bài số 3"]  # newest featured
    # The row takes the other featured story, then the newest not yet shown.
    assert titles(content.row) == ["Bài số 6", "Bài số 0", "Bài số 1", "Bài số 2"]
    assert titles(content.latest) == ["Bài số 4", "Bài số 5", "Bài số 7", "Bài số 8",
                                      "Bài số 9"]
    assert content.section_blocks == []  # every story is already shown above
    assert_no_repeats(content)


def test_slots_show_the_editors_picks_in_their_order(stories, sections):
    publish_slot(LEAD, [stories[9]])
    publish_slot(ROW, [stories[8], stories[2], stories[7]])
    publish_slot(SECTION, [stories[5]], section=sections["national"])
    content = compose_home()
    assert titles(content.lead) == ["Bài số 9"]
    # Three picks, then the rule tops the row up with the newest featured story.
    assert titles(content.row) == ["Bài số 8", "Bài số 2", "Bài số 7", "Bài số 3"]
    assert_no_repeats(content)


def test_a_story_picked_twice_appears_once_in_page_order(stories, sections, client):
    shared = stories[5]
    publish_slot(LEAD, [shared])
    publish_slot(ROW, [shared, stories[8]])
    publish_slot(SECTION, [shared, stories[9]], section=sections["national"])
    content = compose_home()
    assert titles(content.lead) == ["Bài số 5"]
    assert "Bài số 5" not in titles(content.row)
    assert titles(content.row)[0] == "Bài số 8"
    blocks = {block["section"].slug: block["articles"] for block in content.section_blocks}
    assert "Bài số 5" not in titles(blocks.get("tin-trong-nuoc", []))
    assert_no_repeats(content)
    # The page itself links each story once (the sidebar boxes are the layout's, not the home's).
    body = client.get("/").content.decode()
    main = body.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert main.count(f'href="{shared.get_absolute_url()}"') == 1


def test_section_block_picks_come_first_then_that_sections_newest(stories, sections):
    publish_slot(LEAD, [stories[0]])
    publish_slot(ROW, [stories[2], stories[4], stories[6], stories[8]])
    publish_slot(SECTION, [stories[9]], section=sections["national"])
    content = compose_home()
    # The latest list does not take the story the national block's editor picked.
    assert "Bài số 9" not in titles(content.latest)
    blocks = {block["section"].slug: titles(block["articles"])
              for block in content.section_blocks}
    assert blocks["tin-trong-nuoc"] == ["Bài số 9"]
    assert_no_repeats(content)


def test_a_story_that_becomes_invisible_drops_out(stories, sections):
    publish_slot(LEAD, [stories[9]])
    publish_slot(ROW, [stories[8], stories[7]])
    stories[9].unpublish()
    stories[8].published_at = timezone.now() + timedelta(days=1)  # moved to tomorrow
    stories[8].save()
    content = compose_home()
    assert titles(content.lead) == ["Bài số 3"]  # the rule again
    assert "Bài số 8" not in content.article_ids() and stories[9].id not in content.article_ids()
    assert titles(content.row)[0] == "Bài số 7"
    assert_no_repeats(content)


def test_an_expired_slot_falls_back_to_its_rule(stories, sections):
    expiry = timezone.now() + timedelta(hours=2)
    publish_slot(LEAD, [stories[9]], expire_at=expiry)
    assert titles(compose_home().lead) == ["Bài số 9"]
    with time_machine.travel(expiry + timedelta(seconds=1), tick=False):
        assert titles(compose_home().lead) == ["Bài số 3"]


def test_an_unpublished_slot_is_not_used(stories, sections):
    slot = publish_slot(LEAD, [stories[9]])
    slot.unpublish()
    assert titles(compose_home().lead) == ["Bài số 3"]


def test_the_home_page_renders_the_arrangement(stories, sections, client):
    publish_slot(LEAD, [stories[9]])
    publish_slot(ROW, [stories[8], stories[7]])
    body = client.get("/").content.decode()
    lead_at = body.index("Bài số 9")
    assert lead_at < body.index("Bài số 8") < body.index("Bài số 7")
