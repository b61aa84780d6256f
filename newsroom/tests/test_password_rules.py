"""One set of password rules (AUTH_PASSWORD_VALIDATORS) on every way an account gets a
password: `create_newsroom_user` (new and existing accounts) and the admin's user forms
(`ensure_admin` is tested with the other `make run` commands in core/tests/test_commands.py).
A refused password leaves the database as it was, with a Vietnamese reason."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from newsroom import roles
from newsroom.tests.conftest import PASSWORD, client_for

# (password, the validator's Vietnamese reason) for the account "hongnhung".
WEAK = [
    ("ngan-qua", "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 10 ký tự"),
    ("1234567890123", "Mật khẩu này hoàn toàn là số"),
    ("password1234", "Mật khẩu này quá phổ biến"),
    ("hongnhung-2", "Mật khẩu quá giống với"),
]
STRONG = "Đua-ghe-Ngo-Sóc-Trăng-2026"


@pytest.mark.django_db
@pytest.mark.parametrize(("weak", "reason"), WEAK)
def test_create_newsroom_user_refuses_a_weak_password(weak, reason):
    with pytest.raises(CommandError, match=reason):
        call_command("create_newsroom_user", "hongnhung", "--role", "phong-vien",
                     "--password", weak)
    assert not get_user_model().objects.filter(username="hongnhung").exists()


@pytest.mark.django_db
def test_create_newsroom_user_keeps_an_existing_password_when_the_new_one_is_weak(monkeypatch):
    call_command("create_newsroom_user", "hongnhung", "--role", "phong-vien",
                 "--password", STRONG)
    monkeypatch.setenv("NEWSROOM_USER_PASSWORD", "1234567890123")
    with pytest.raises(CommandError, match="hoàn toàn là số"):
        call_command("create_newsroom_user", "hongnhung", "--role", "quan-tri")
    user = get_user_model().objects.get(username="hongnhung")
    assert user.check_password(STRONG)
    assert list(user.groups.values_list("name", flat=True)) == [roles.REPORTER]


def _user_form(username: str, password: str, group: Group) -> dict:
    return {"username": username, "email": f"{username}@thst.example.vn",
            "first_name": "Hồng", "last_name": "Nhung", "password1": password,
            "password2": password, "is_active": "on", "groups": [group.pk]}


@pytest.mark.django_db
@pytest.mark.parametrize(("weak", "reason"), WEAK)
def test_the_admins_new_user_form_refuses_a_weak_password(administrator, weak, reason):
    client = client_for(administrator)
    reporters = Group.objects.get(name=roles.REPORTER)
    response = client.post(reverse("wagtailusers_users:add"),
                           _user_form("hongnhung", weak, reporters))
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not get_user_model().objects.filter(username="hongnhung").exists()
    created = client.post(reverse("wagtailusers_users:add"),
                          _user_form("hongnhung", STRONG, reporters))
    assert created.status_code == 302
    assert get_user_model().objects.get(username="hongnhung").check_password(STRONG)


@pytest.mark.django_db
@pytest.mark.parametrize(("weak", "reason"), WEAK)
def test_the_admins_edit_user_form_refuses_a_weak_password(administrator, make_user, weak,
                                                          reason):
    reporter = make_user("hongnhung", roles.REPORTER)
    reporters = Group.objects.get(name=roles.REPORTER)
    response = client_for(administrator).post(
        reverse("wagtailusers_users:edit", args=[reporter.pk]),
        _user_form("hongnhung", weak, reporters))
    assert response.status_code == 200
    assert reason in response.content.decode()
    reporter.refresh_from_db()
    assert reporter.check_password(PASSWORD)
