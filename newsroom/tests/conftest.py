"""Newsroom fixtures: one user per role, logged-in clients, and admin form data builders."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from newsroom import roles

PASSWORD = "Mật-khẩu-thử-2026"


@pytest.fixture
def make_user(db):
    def factory(username: str, role: str | None):
        user = get_user_model().objects.create_user(username=username, password=PASSWORD,
                                                    first_name=username.title())
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return factory


@pytest.fixture
def reporter(make_user):
    return make_user("phongvien", roles.REPORTER)


@pytest.fixture
def other_reporter(make_user):
    return make_user("phongvien2", roles.REPORTER)


@pytest.fixture
def editor(make_user):
    return make_user("bientap", roles.EDITOR)


@pytest.fixture
def approver(make_user):
    return make_user("lanhdao", roles.APPROVER)


@pytest.fixture
def administrator(make_user):
    return make_user("quantri", roles.ADMINISTRATOR)


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    return client


def local_input(moment: datetime) -> str:
    """A datetime as the admin's date-time widget submits it (WAGTAIL_DATETIME_FORMAT)."""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def article_data(section, *, title: str = "Sóc Trăng khai mạc Lễ hội Oóc Om Bóc",
                 body: str = "<p>Tối 3/11, tại Sóc Trăng đã khai mạc lễ hội.</p>",
                 go_live_at: str = "", expire_at: str = "", **actions) -> dict:
    """POST data for the article create/edit form, plus `action-...` keys."""
    data = nested_form_data({
        "title": title,
        "slug": "",
        "sapo": "Lễ hội truyền thống của đồng bào Khmer.",
        "body": streamfield([("paragraph", rich_text(body))]),
        "byline": "Bài, ảnh: Hồng Nhung",
        "source_name": "",
        "source_url": "",
        "primary_section": section.pk,
        "genre": "news", "layout": "standard",
        "tags": "",
        "featured_image": "",
        "featured_image_caption": "",
        "related_links": inline_formset([]),
        "published_at": "",
        "go_live_at": go_live_at,
        "expire_at": expire_at,
        "correction_note": "",
    })
    data.update(actions)
    return data


def admin_url(name: str, *args) -> str:
    return reverse(f"wagtailsnippets_news_article:{name}", args=args)


def assert_refused(response) -> None:
    """Wagtail's admin answers a refusal with a redirect to the dashboard (or a 403)."""
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home"), response["Location"]
    else:
        assert response.status_code == 403, response.status_code
