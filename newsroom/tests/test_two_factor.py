"""Two-step sign-in (newsroom.twofactor) through the real admin URLs: the password by the
sign-in form, then codes computed from the key the enrolment page shows, as an authenticator
app computes them (RFC 6238, written out here rather than borrowed from django-otp)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsroom import roles
from newsroom.tests.conftest import PASSWORD
from newsroom.twofactor import TwoFactorMiddleware

VERIFY = reverse("newsroom:two_factor_verify")
SETUP = reverse("newsroom:two_factor_setup")
OFF = reverse("newsroom:two_factor_off")
ARTICLES = "/admin/snippets/news/article/"
# Admin pages an attacker holding only the password would go for.
ADMIN_PAGES = ["/admin/", "/admin/snippets/news/article/", "/admin/snippets/news/article/add/",
               "/admin/users/", "/admin/users/add/", "/admin/account/", "/admin/documents/",
               "/admin/newsroom/takedowns/", "/admin/reports/site-history/",
               "/admin/settings/core/stationsettings/", "/admin/api/main/pages/",
               "/admin/khong-co-trang-nay/"]


def totp(secret: str, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows for `secret` (base32) at time `at`."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def sign_in(username: str) -> Client:
    """A browser that has passed the password step on the real sign-in form."""
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def enrol(client: Client) -> str:
    """Enrol through the setup page like a person: read the key shown, send the app's code."""
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html  # the QR code is drawn in the page, no third-party service
    secret = re.search(r"<code data-secret>([A-Z2-7 ]+)</code>", html).group(1)
    response = client.post(SETUP, {"code": totp(secret), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    return secret


def refused_to(response, step: str) -> bool:
    return response.status_code == 302 and response["Location"].startswith(step + "?next=")


@pytest.fixture
def required(settings):
    settings.NEWSROOM_TWO_FACTOR_REQUIRED = True


@pytest.mark.django_db
def test_a_required_role_without_an_app_is_sent_to_enrol_first(required, approver):
    client = sign_in("lanhdao")
    for path in ADMIN_PAGES:
        assert refused_to(client.get(path), SETUP), path
    assert refused_to(client.post("/admin/snippets/news/article/add/", {"title": "x"}), SETUP)
    assert refused_to(client.get(VERIFY), SETUP)
    page = client.get(SETUP).content.decode()
    assert "Vai trò của bạn bắt buộc đăng nhập hai bước" in page
    secret = re.search(r"<code data-secret>([A-Z2-7 ]+)</code>", page).group(1)
    refused = client.post(SETUP, {"code": wrong(totp(secret))})
    assert refused.status_code == 200
    assert "Mã không đúng hoặc đã hết hạn" in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=approver, confirmed=True).exists()
    # The key of that page (an app would have it from the QR code) turns it on.
    with time_machine.travel(timezone.now() + timedelta(seconds=2), tick=False):
        assert client.post(SETUP, {"code": totp(secret), "next": "/admin/"}).status_code == 302
    assert TOTPDevice.objects.filter(user=approver, confirmed=True).count() == 1
    assert client.get("/admin/").status_code == 200
    assert client.get(ARTICLES).status_code == 200
    # Its role must keep it: the status page offers no way off, and turning it off is refused.
    assert OFF not in client.get(SETUP).content.decode()
    client.post(OFF)
    assert TOTPDevice.objects.filter(user=approver, confirmed=True).count() == 1


@pytest.mark.django_db
def test_every_role_named_by_the_setting_and_superusers_must_enrol(required, make_user):
    for username, role in (("quantri", roles.ADMINISTRATOR), ("lanhdao", roles.APPROVER)):
        make_user(username, role)
        assert refused_to(sign_in(username).get("/admin/"), SETUP), username
    get_user_model().objects.create_superuser("sieuquantri", "", PASSWORD)
    assert refused_to(sign_in("sieuquantri").get("/admin/"), SETUP)
    for username, role in (("phongvien", roles.REPORTER), ("bientap", roles.EDITOR)):
        make_user(username, role)
        assert sign_in(username).get("/admin/").status_code == 200, username


@pytest.mark.django_db
def test_with_the_setting_off_nobody_must_but_anyone_may(approver):
    client = sign_in("lanhdao")
    assert client.get("/admin/").status_code == 200
    assert SETUP in client.get("/admin/account/").content.decode()  # the account menu's item
    secret = enrol(client)
    # Enrolled by choice, the account is asked for a code at the next sign-in all the same.
    later = sign_in("lanhdao")
    assert refused_to(later.get("/admin/"), VERIFY)
    assert later.post(VERIFY, {"code": totp(secret, time.time() + 30)}).status_code == 302
    assert later.get("/admin/").status_code == 200
    status = later.get(SETUP).content.decode()
    assert "Xác thực hai bước đang bật" in status and OFF in status
    # And it may turn it off again, since its role need not.
    assert later.post(OFF).status_code == 302
    assert not TOTPDevice.objects.filter(user=approver).exists()
    assert sign_in("lanhdao").get("/admin/").status_code == 200


@pytest.mark.django_db
def test_the_password_alone_reaches_no_admin_page_of_an_enrolled_account(required, approver):
    secret = enrol(sign_in("lanhdao"))
    device = TOTPDevice.objects.get(user=approver)
    attacker = sign_in("lanhdao")  # the password is known, the phone is not
    for path in ADMIN_PAGES:
        assert refused_to(attacker.get(path), VERIFY), path
    # Enrolling the attacker's own app, or turning the app off, needs the code first.
    assert refused_to(attacker.get(SETUP + "?new=1"), VERIFY)
    assert refused_to(attacker.post(SETUP, {"code": "123456"}), VERIFY)
    assert refused_to(attacker.post(OFF), VERIFY)
    assert list(TOTPDevice.objects.filter(user=approver)) == [device]
    # Guessing codes: wrong ones are refused and each one doubles the wait before the next.
    now = time.time() + 60
    with time_machine.travel(now, tick=False):
        first = attacker.post(VERIFY, {"code": wrong(totp(secret)), "next": ARTICLES})
        assert "Mã không đúng hoặc đã hết hạn" in first.content.decode()
        throttled = attacker.post(VERIFY, {"code": totp(secret), "next": ARTICLES})
        assert "vui lòng chờ 1 giây rồi thử lại" in throttled.content.decode()
        assert refused_to(attacker.get("/admin/"), VERIFY)
    # A code from ten minutes ago (an old screenshot) is refused too.
    with time_machine.travel(now + 10, tick=False):
        stale = attacker.post(VERIFY, {"code": totp(secret, now - 600)})
        assert "Mã không đúng hoặc đã hết hạn" in stale.content.decode()
    # The owner's current code opens the admin, at the page asked for.
    with time_machine.travel(now + 20, tick=False):
        code = totp(secret)
        owner = sign_in("lanhdao")
        response = owner.post(VERIFY, {"code": code, "next": ARTICLES})
        assert response.status_code == 302 and response["Location"] == ARTICLES
        assert owner.get(ARTICLES).status_code == 200
        # The same code, seen over the owner's shoulder, does not work a second time.
        replay = attacker.post(VERIFY, {"code": code})
        assert "Mã không đúng hoặc đã hết hạn" in replay.content.decode()
        assert refused_to(attacker.get("/admin/"), VERIFY)


@pytest.mark.django_db
def test_a_verify_page_never_sends_the_browser_to_another_site(required, approver):
    secret = enrol(sign_in("lanhdao"))
    client = sign_in("lanhdao")
    with time_machine.travel(time.time() + 30, tick=False):
        response = client.post(VERIFY, {"code": totp(secret), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.django_db
def test_outside_the_admin_an_unverified_session_is_anonymous(required, approver):
    """Private documents and the editor's view of the site see no signed-in user."""
    seen = []
    middleware = TwoFactorMiddleware(lambda request: seen.append(request.user) or None)
    request = RequestFactory().get("/van-ban/", HTTP_COOKIE="sessionid=x")
    approver.is_verified = lambda: False
    request.user = approver
    middleware(request)
    assert isinstance(seen[-1], AnonymousUser)
    approver.is_verified = lambda: True
    request = RequestFactory().get("/van-ban/", HTTP_COOKIE="sessionid=x")
    request.user = approver
    middleware(request)
    assert seen[-1] is approver


@pytest.mark.django_db
def test_an_administrator_resets_a_lost_phone(required, approver):
    from django.core.management import call_command

    enrol(sign_in("lanhdao"))
    call_command("reset_two_factor", "lanhdao")
    assert not TOTPDevice.objects.filter(user=approver).exists()
    assert refused_to(sign_in("lanhdao").get("/admin/"), SETUP)
