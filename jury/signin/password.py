"""Login with password and a second factor (TOTP), for jurors and staff alike.

Step one checks the password (django-axes counts failures and locks out), step two
asks for the six-digit code from the authenticator app, or a one-time backup code,
or sets the app up on the first login and shows the backup codes once. Only after
step two is the session verified, which the jury area and the admin require. Those with
a work account at the city may instead log in through the city's identity provider
(jury/signin/city.py), which counts as both steps.
"""

import logging
import unicodedata
from base64 import b32encode
from io import BytesIO
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
    UsernameField,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from nominations.models import MailKind, Prize
from nominations.outbox import queue_mail
from nominations.owners import site_contact, site_email, site_owner, site_prize

from . import city, devices

# Account numbers only: names, e-mail and addresses stay out of the logs.
log = logging.getLogger(__name__)

# The backup codes of a just-confirmed app wait here for the one page that shows them.
BACKUP_CODES_SESSION_KEY = "jury_backup_codes"
USERNAME_MAX_LENGTH = 150  # django.contrib.auth's User.username
# Django's own message for a NUL character ("Null-tecken är inte tillåtna") is jargon.
ORDINARY_CHARACTERS = gettext_lazy("Use only letters, digits and ordinary characters.")
SIX_DIGITS = gettext_lazy("Enter the six digits the app shows.")
NOT_A_CODE = gettext_lazy(
    "Enter the six digits from the app, or a backup code of eight letters and digits."
)


class LoginForm(AuthenticationForm):
    # AuthenticationForm sets max_length on the widget only, so any length reached
    # authenticate(), and django-axes then failed to store a username over 255
    # characters on PostgreSQL (a 500). Refused here, axes never sees it.
    username = UsernameField(
        max_length=USERNAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autofocus": True}),
        error_messages={
            "max_length": gettext_lazy(
                "A user name has at most 150 characters. Check that you typed your user "
                "name, not something else."
            ),
            "null_characters_not_allowed": ORDINARY_CHARACTERS,
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].error_messages["null_characters_not_allowed"] = ORDINARY_CHARACTERS


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Six-digit code"),
        min_length=6,
        max_length=6,
        error_messages={
            "min_length": SIX_DIGITS,
            "max_length": SIX_DIGITS,
            "null_characters_not_allowed": SIX_DIGITS,
        },
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


class CodeForm(forms.Form):
    """The code step: the app's six-digit code, or one of the backup codes."""

    token = forms.CharField(
        label=gettext_lazy("Six-digit code"),
        help_text=gettext_lazy(
            "No phone at hand? Enter one of your backup codes instead. Each works once."
        ),
        # Room for a backup code typed with spaces; anything longer is no code at all.
        max_length=20,
        error_messages={"max_length": NOT_A_CODE, "null_characters_not_allowed": NOT_A_CODE},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def __init__(
        self, *args, authenticator: TOTPDevice, backup: StaticDevice | None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.authenticator = authenticator
        self.backup = backup
        self.device: Device | None = None

    def clean_token(self) -> str:
        typed = self.cleaned_data["token"]
        code = "".join(typed.split())
        # verify_token throttles repeated wrong codes, and a backup code is used up here.
        if code.isdigit() and len(code) == 6:
            if self.authenticator.verify_token(code):
                self.device = self.authenticator
                return code
        else:
            code = devices.normalise_backup_code(typed)
            if not devices.looks_like_backup_code(code):
                raise forms.ValidationError(NOT_A_CODE)
            if self.backup is not None and self.backup.verify_token(code):
                self.device = self.backup
                return code
            raise forms.ValidationError(
                _(
                    "The backup code is wrong or has already been used. Each code works "
                    "once. Try another one."
                )
            )
        raise forms.ValidationError(
            _("The code is wrong or has expired. Enter the code your app shows now.")
        )


class ResetPasswordForm(PasswordResetForm):
    def get_users(self, email: str):
        """Active accounts with this address, also those that never had a password.

        Django leaves out accounts without a usable password, but here those are new
        jurors (jury/appointments.py): when the invitation's link has expired, this is
        where they ask for a new one.
        """
        field = get_user_model().get_email_field_name()
        wanted = unicodedata.normalize("NFKC", email).casefold()
        return (
            user
            for user in get_user_model()._default_manager.filter(
                **{f"{field}__iexact": email, "is_active": True}
            )
            # The database's case-insensitive match is looser than Unicode's.
            if unicodedata.normalize("NFKC", getattr(user, field)).casefold() == wanted
        )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        """Queue the link like every e-mail (nominations/outbox.py), as Django's text.

        The worker sends it, so the page answers at once, and alike whether the address
        has an account or not, and a mail server that is down does not lose the link.
        """
        context = {**context, "prize": account_prizes(context["user"])}
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        queue_mail(
            kind=MailKind.PASSWORD,
            subject=subject,
            body=render_to_string(email_template_name, context),
            recipients=[to_email],
        )


def account_prizes(user) -> str:
    """The prizes whose jury the account is on, as the reset e-mail names them.

    An account on no jury (the administration's staff) is the installation's, named
    after its prize (nominations/owners.py's site_prize).
    """
    names = list(
        Prize.objects.filter(years__jury_memberships__user=user)
        .distinct()
        .order_by("position", "name")
        .values_list("name", flat=True)
    )
    if not names:
        prize = site_prize()
        names = [prize.name] if prize else []
    return " och ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def app_name() -> str:
    """What the authenticator app calls the entry: begins with the installation's prize.

    The entry's issuer is nominations/owners.py's totp_issuer, the same for every prize.
    """
    prize = site_prize()
    return prize.name if prize else ""


def confirmed_device(user) -> TOTPDevice | None:
    return devices.confirmed_authenticator(user)


@sensitive_post_parameters()
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    form = LoginForm(request, data=request.POST or None)
    # Always show the form, even when logged in: a page the user may not see
    # sends them here, and redirecting back would loop.
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        auth_login(request, user)
        log.info("login: password accepted for account %s", user.pk)
        step = "jury:login_code" if confirmed_device(user) else "jury:two_factor_setup"
        return _with_next(step, next_url)
    return render(
        request,
        "jury/login.html",
        {"form": form, "next": next_url, "city_signin": city.enabled()},
    )


@sensitive_post_parameters()
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def code_view(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    device = confirmed_device(request.user)
    if device is None:
        return _with_next("jury:two_factor_setup", next_url)
    form = CodeForm(
        request.POST or None, authenticator=device, backup=devices.backup_device(request.user)
    )
    if request.method == "POST":
        if form.is_valid():
            otp_login(request, form.device)
            if form.device == device:
                log.info("login: second factor accepted for account %s", request.user.pk)
            else:
                left = devices.backup_codes_left(request.user)
                log.info("login: backup code used for account %s, %s left", request.user.pk, left)
                messages.warning(request, _backup_code_used_message(left))
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
        log.warning("login: wrong second factor for account %s", request.user.pk)
    return render(
        request,
        "jury/login_code.html",
        {
            "form": form,
            "next": next_url,
            "administration_email": site_email(),
            "app_name": app_name(),
        },
    )


def _backup_code_used_message(left: int) -> str:
    if left == 0:
        return (
            _(
                "You logged in with your last backup code. Ask %(administration)s, "
                "%(email)s, to reset your login so that you can set up the app again."
            )
            % site_contact()
        )
    return _(
        "You logged in with a backup code, which is now used up. Backup codes left: %(count)s."
    ) % {"count": left}


@sensitive_post_parameters()
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
        codes = devices.confirm_authenticator(device=device)
        otp_login(request, device)
        # Shown once, on the next page, which then forgets them.
        request.session[BACKUP_CODES_SESSION_KEY] = codes
        log.info("login: authenticator set up for account %s", request.user.pk)
        return _with_next("jury:backup_codes", next_url)
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
            # In groups of four, as apps show it, so a phone wraps it between groups.
            "secret_groups": _groups_of_four(b32encode(device.bin_key).decode()),
            # Opens the authenticator app on the same phone, where a QR code cannot be read.
            "otpauth_url": device.config_url,
        },
    )


def _groups_of_four(key: str) -> list[str]:
    return [key[start : start + 4] for start in range(0, len(key), 4)]


@never_cache
@login_required
@require_http_methods(["GET"])
def backup_codes_view(request: HttpRequest) -> HttpResponse:
    """The backup codes of the app just set up, once: a reload shows them no more."""
    if not request.user.is_verified():
        return _with_next("jury:login_code", _next_url(request))
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    return render(
        request,
        "jury/backup_codes.html",
        {
            # Grouped in fours, as people read and copy them; typing either way works.
            "codes": [f"{code[:4]} {code[4:]}" for code in codes or []],
            "codes_left": devices.backup_codes_left(request.user),
            "next": _next_url(request) or resolve_url(settings.LOGIN_REDIRECT_URL),
            "administration_email": site_email(),
        },
    )


@require_http_methods(["GET"])
def logged_out_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        # Someone who logged in again, or came back here: not logged out any more.
        return redirect("jury:home")
    return render(request, "jury/logged_out.html")


class LogoutView(auth_views.LogoutView):
    """Logging out ends the session on the server, then says so on a page of its own."""

    next_page = "jury:logged_out"


class _AdministrationContact:
    """Who to ask when a link does not arrive or does not work."""

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["administration_email"] = site_email()
        return context


class PasswordResetView(_AdministrationContact, auth_views.PasswordResetView):
    form_class = ResetPasswordForm
    # Django's form views take PUT as a POST; a page's form sends only POST, so anything
    # else gets 405 before the CSRF check (trygghetspris/middleware.py).
    http_method_names = ["get", "post"]

    @property
    def extra_email_context(self) -> dict:
        # The address configured for e-mails, as the invitations use, not the request's host.
        return {"site_url": settings.SITE_URL.rstrip("/"), "owner": site_owner()}


class PasswordResetDoneView(_AdministrationContact, auth_views.PasswordResetDoneView):
    pass


class ChoosePasswordForm(SetPasswordForm):
    """Django's form, with a refused password's reasons under the password itself.

    Django puts them under the confirmation field, where someone who typed a too-short
    password twice looks for a typing mistake; that field keeps the mismatch only.
    """

    def clean(self) -> dict:
        self.validate_passwords("new_password1", "new_password2")
        if not self.has_error("new_password2"):
            self.validate_password_for_user(self.user, "new_password1")
        return self.cleaned_data


class PasswordResetConfirmView(_AdministrationContact, auth_views.PasswordResetConfirmView):
    http_method_names = ["get", "post"]  # as PasswordResetView
    form_class = ChoosePasswordForm


class PasswordResetCompleteView(_AdministrationContact, auth_views.PasswordResetCompleteView):
    pass
