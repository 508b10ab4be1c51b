"""Login with password and a second factor (TOTP), for jurors and staff alike.

Step one checks the password (django-axes counts failures and locks out), step two
asks for the six-digit code from the authenticator app, or sets the app up on the
first login. Only after step two is the session verified, which the jury area and
the admin require.
"""

import logging
from base64 import b32encode
from io import BytesIO
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

# Account numbers only: names, e-mail and addresses stay out of the logs.
log = logging.getLogger(__name__)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Six-digit code"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        # verify_token also throttles repeated wrong codes.
        if not token.isdigit() or not self.device.verify_token(token):
            raise forms.ValidationError(
                _("The code is wrong or has expired. Enter the code your app shows now.")
            )
        return token


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _with_next(url_name: str, next_url: str):
    response = redirect(url_name)
    if next_url:
        response["Location"] += "?" + urlencode({"next": next_url})
    return response


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


@sensitive_post_parameters()
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    form = AuthenticationForm(request, data=request.POST or None)
    # Always show the form, even when logged in: a page the user may not see
    # sends them here, and redirecting back would loop.
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        auth_login(request, user)
        log.info("login: password accepted for account %s", user.pk)
        step = "jury:login_code" if confirmed_device(user) else "jury:two_factor_setup"
        return _with_next(step, next_url)
    return render(request, "jury/login.html", {"form": form, "next": next_url})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def code_view(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    device = confirmed_device(request.user)
    if device is None:
        return _with_next("jury:two_factor_setup", next_url)
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST":
        if form.is_valid():
            otp_login(request, device)
            log.info("login: second factor accepted for account %s", request.user.pk)
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
        log.warning("login: wrong second factor for account %s", request.user.pk)
    return render(request, "jury/login_code.html", {"form": form, "next": next_url})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup_view(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if confirmed_device(request.user):
        return _with_next("jury:login_code", next_url)
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        log.info("login: authenticator set up for account %s", request.user.pk)
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    return render(
        request,
        "jury/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            # Generated by qrcode from our own URL: no user input reaches the markup.
            "qr_svg": mark_safe(buffer.getvalue().decode().split("?>", 1)[-1]),
            "secret": b32encode(device.bin_key).decode(),
        },
    )
