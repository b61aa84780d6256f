"""Password guessing on the admin's sign-in page (django-axes, newsroom.logins): per account,
per address whatever the usernames, and through forged X-Forwarded-For headers. Every attempt
is a real POST to /admin/login/ (Wagtail's form, Django's authenticate())."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from newsroom import roles
from newsroom.tests.conftest import PASSWORD

ATTACKER = "203.0.113.50"
OFFICE = "198.51.100.20"
NGINX = "127.0.0.1"


def sign_in(client: Client, username: str, password: str, **headers):
    return client.post("/admin/login/", {"username": username, "password": password}, **headers)


def signed_in(client: Client) -> bool:
    return client.get("/admin/").status_code == 200


def assert_locked(response) -> None:
    assert response.status_code == 429
    assert response["Retry-After"] == "900"  # the cool-off, 15 minutes
    page = response.content.decode()
    assert "Tạm khoá đăng nhập" in page
    assert "Đăng nhập tạm bị khoá trong 15 phút" in page


@pytest.mark.django_db
def test_wrong_passwords_lock_the_account_from_every_address(approver, make_user):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    statuses = [sign_in(attacker, "lanhdao", f"doan-sai-{i}").status_code for i in range(30)]
    # Four wrong passwords are answered by the form, the fifth locks: 25 never checked.
    assert statuses == [200] * 4 + [429] * 26
    assert_locked(sign_in(attacker, "lanhdao", PASSWORD))
    assert not signed_in(attacker)
    # The account is locked wherever the right password comes from, until the cool-off ends.
    office = Client(REMOTE_ADDR=OFFICE)
    assert_locked(sign_in(office, "lanhdao", PASSWORD))
    assert not signed_in(office)
    # Another account is not affected, but the attacker's address, past 20 failures, is.
    make_user("phongvien", roles.REPORTER)
    assert sign_in(Client(REMOTE_ADDR=OFFICE), "phongvien", PASSWORD).status_code == 302
    assert_locked(sign_in(Client(REMOTE_ADDR=ATTACKER), "phongvien", PASSWORD))
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert sign_in(office, "lanhdao", PASSWORD).status_code == 302
        assert signed_in(office)


@pytest.mark.django_db
def test_an_address_trying_many_usernames_is_locked(approver, make_user):
    make_user("phongvien", roles.REPORTER)
    attacker = Client(REMOTE_ADDR=ATTACKER)
    statuses = [sign_in(attacker, f"nguoidung{i}", "matkhau123").status_code for i in range(30)]
    assert statuses == [200] * 19 + [429] * 11  # the 20th failure locks the address
    assert_locked(sign_in(attacker, "phongvien", PASSWORD))
    assert not signed_in(attacker)
    # The accounts themselves are not locked: their owners sign in from elsewhere.
    assert sign_in(Client(REMOTE_ADDR=OFFICE), "phongvien", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_one_persons_typos_do_not_lock_the_office_address(make_user):
    """Staff share the office's address: the address limit (20) is above the account's (5)."""
    for name in ("a", "b", "c", "d"):
        make_user(f"phongvien{name}", roles.REPORTER)
    office = Client(REMOTE_ADDR=OFFICE)
    for name in ("a", "b", "c", "d"):
        assert [sign_in(office, f"phongvien{name}", "go-nham").status_code
                for _ in range(4)] == [200] * 4
    assert sign_in(office, "phongviena", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_forged_forwarded_for_does_not_escape_the_address_lockout(settings, approver):
    """Behind nginx every request comes from loopback with X-Forwarded-For; only the entry
    nginx appended (the address it saw) counts, whatever the client put before it."""
    settings.TRUSTED_PROXIES = [NGINX]
    through_nginx = Client(REMOTE_ADDR=NGINX)
    statuses = [
        sign_in(through_nginx, f"nguoidung{i}", "matkhau123",
                HTTP_X_FORWARDED_FOR=f"10.9.{i}.{i}, 192.0.2.{i}, {ATTACKER}").status_code
        for i in range(30)]
    assert statuses == [200] * 19 + [429] * 11
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert_locked(sign_in(through_nginx, "lanhdao", PASSWORD,
                          HTTP_X_FORWARDED_FOR=f"203.0.113.99, {ATTACKER}"))
    # A reader nginx saw at another address is not locked.
    assert sign_in(through_nginx, "lanhdao", PASSWORD,
                   HTTP_X_FORWARDED_FOR=f"{ATTACKER}, {OFFICE}").status_code == 302


@pytest.mark.django_db
def test_a_client_connecting_directly_cannot_choose_its_address(settings, approver):
    """Without a trusted proxy in front, X-Forwarded-For is the client's word: ignored."""
    settings.TRUSTED_PROXIES = [NGINX]
    direct = Client(REMOTE_ADDR=ATTACKER)
    statuses = [sign_in(direct, f"nguoidung{i}", "matkhau123",
                        HTTP_X_FORWARDED_FOR=f"{NGINX}, 192.0.2.{i}").status_code
                for i in range(20)]
    assert statuses == [200] * 19 + [429]
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


@pytest.mark.django_db
def test_an_administrator_lifts_a_lockout(approver):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for i in range(5):
        sign_in(attacker, "lanhdao", f"sai-{i}")
    assert_locked(sign_in(Client(REMOTE_ADDR=OFFICE), "lanhdao", PASSWORD))
    call_command("axes_reset_username", "lanhdao")
    assert sign_in(Client(REMOTE_ADDR=OFFICE), "lanhdao", PASSWORD).status_code == 302
