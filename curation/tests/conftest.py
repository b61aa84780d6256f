"""Curation fixtures: stories in two sections, slots and tickers built as the admin would."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from newsroom.tests.conftest import (  # noqa: F401  (fixtures)
    administrator,
    approver,
    editor,
    make_user,
    reporter,
)


@pytest.fixture
def stories(sections, make_article):
    """Ten visible stories, newest first: two featured, six local, four national."""
    now = timezone.now()
    made = {}
    for index in range(10):
        section = sections["local"] if index % 2 == 0 else sections["national"]
        made[index] = make_article(
            title=f"Bài số {index}", slug=f"bai-so-{index}", primary_section=section,
            published_at=now - timedelta(hours=index + 1), is_featured=index in (3, 6),
        )
    return made


def publish_slot(kind: str, articles, section=None, user=None, **fields):
    from curation.models import HomeSlot, HomeSlotItem

    slot = HomeSlot(kind=kind, section=section, **fields)
    slot.items = [HomeSlotItem(article=article, sort_order=i) for i, article in enumerate(articles)]
    slot.save()
    slot.save_revision(user=user).publish(user=user)
    slot.refresh_from_db()  # publishing worked on the revision's copy
    return slot


def publish_ticker(text: str, expire_at, article=None, user=None):
    from curation.models import BreakingNews

    ticker = BreakingNews.objects.create(text=text, article=article, expire_at=expire_at,
                                         live=False)
    ticker.save_revision(user=user).publish(user=user)
    ticker.refresh_from_db()  # publishing worked on the revision's copy
    return ticker
