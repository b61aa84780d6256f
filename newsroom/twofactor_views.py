"""The two-step sign-in pages inside the admin: enter a code, enrol an app, turn it off.

Codes are TOTP (RFC 6238, 6 digits, 30 s), as authenticator apps make them; django-otp checks
them, refuses a code already used, and makes each wrong code double the wait before the next
try (1 s, 2 s, 4 s, …).
"""

from __future__ import annotations

from base64 import b32encode

import django_otp
import segno
from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin import messages

from newsroom.twofactor import two_factor_required


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"), max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}))


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def _check(device: TOTPDevice, code: str, form: CodeForm) -> bool:
    """Verify `code` on `device` under django-otp's throttle; explain a refusal on the form."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        wait = (details["locked_until"] - timezone.now()).total_seconds() if details else 1
        form.add_error("code", _("Too many wrong codes: wait %(seconds)d seconds, then try "
                                 "again.") % {"seconds": max(1, round(wait))})
        return False
    if django_otp.verify_token(device.user, device.persistent_id, code.replace(" ", "")):
        return True
    form.add_error("code", _("This code is wrong or has expired: enter the code your app shows "
                             "now."))
    return False


@never_cache
@sensitive_post_parameters("code")
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the enrolled app."""
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).first()
    if device is None or request.user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check(device, form.cleaned_data["code"],
                                                                form):
        device.refresh_from_db()
        django_otp.login(request, device)
        return redirect(_next_url(request))
    return TemplateResponse(request, "newsroom/two_factor_verify.html",
                            {"form": form, "next": _next_url(request)})


def _secret(device: TOTPDevice) -> str:
    """The key as an app's manual entry wants it: base32, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


@never_cache
@sensitive_post_parameters("code")
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app (a QR code and its key), or see that one is enrolled."""
    user = request.user
    enrolled = TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
    if enrolled and request.method == "GET" and "new" not in request.GET:
        return TemplateResponse(request, "newsroom/two_factor_status.html",
                                {"required": two_factor_required(user)})
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None or request.method == "GET":
        TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"),
                                           confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check(device, form.cleaned_data["code"],
                                                                form):
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        django_otp.login(request, device)
        messages.success(request, _("Two-step sign-in is on: every sign-in will ask for a code "
                                    "from your app."))
        return redirect(_next_url(request))
    qr = segno.make(device.config_url, error="m")
    return TemplateResponse(request, "newsroom/two_factor_setup.html", {
        "form": form, "next": _next_url(request), "required": two_factor_required(user),
        "qr": mark_safe(qr.svg_inline(scale=4, title=_("QR code for your app"))),
        "secret": _secret(device), "config_url": device.config_url,
    })


@require_POST
def turn_off(request: HttpRequest) -> HttpResponse:
    """Remove the account's app, unless its role must use one."""
    if two_factor_required(request.user):
        messages.error(request, _("Your role must sign in in two steps: it cannot be turned "
                                  "off."))
    else:
        TOTPDevice.objects.filter(user=request.user).delete()
        messages.success(request, _("Two-step sign-in is off."))
    return redirect("wagtailadmin_account")
