"""Login through the city's identity provider (OpenID Connect), beside password and code.

Staff and jurors who have a work account with the city log in there, with the city's
own second factor, and come back verified: the provider's login counts as both steps
(jury.models.CityLoginDevice). An account is never created for the provider's user: it
is matched by a verified e-mail address to an active staff member or to a juror whose
appointment is in force, and anyone else is refused with a page that says why.

mozilla-django-oidc does the redirect, the state, nonce and PKCE check and the token
exchange; this module switches it on and off with OIDC_ISSUER, finds the provider's
endpoints, checks the ID token more strictly, and decides who may come in.
"""

import enum
import functools
import logging
import unicodedata

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import View
from django_otp import login as otp_login
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from nominations.owners import site_contact

from ..models import CityLoginDevice, JuryMembership

# Account numbers and reasons only: the provider's claims (names, addresses) stay out.
log = logging.getLogger(__name__)

# The settings mozilla-django-oidc reads, and the discovery document's names for them.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER)


class Unavailable(Exception):
    """The provider's discovery document could not be read."""


@functools.cache
def discovery(issuer: str) -> dict[str, str]:
    """The provider's endpoints, read from its discovery document once per process.

    Read at the first provider login rather than at start-up, so that a provider that is
    down never keeps the site, its password logins or a management command from starting;
    a failed read is not cached and is tried again at the next login.
    """
    try:
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
        )
        response.raise_for_status()
        document = response.json()
        endpoints = {name: str(document[key]) for name, key in DISCOVERED.items()}
        named_issuer = str(document["issuer"]).rstrip("/")
    except (requests.RequestException, ValueError, KeyError, TypeError) as error:
        raise Unavailable(f"discovery document of {issuer}: {type(error).__name__}") from error
    # OpenID Connect Discovery 1.0, 4.3: a document naming another issuer is not to be used.
    if named_issuer != issuer:
        raise Unavailable(f"discovery document of {issuer} names another issuer")
    return endpoints


def setting(name: str, *default):
    """mozilla-django-oidc's setting, the endpoints from discovery unless set explicitly."""
    if name in DISCOVERED and not getattr(settings, name, ""):
        return discovery(settings.OIDC_ISSUER)[name]
    return import_from_settings(name, *default)


def accounts_for_address(*, email: str) -> QuerySet:
    """Active staff, and jurors whose appointment is in force, with this e-mail address.

    Nobody else may come in through the provider: a city employee with no role in the
    prize has no account here and gets none.
    """
    user_model = get_user_model()
    field = user_model.get_email_field_name()
    if not email.strip():
        return user_model._default_manager.none()
    in_force = JuryMembership.objects.active().filter(user=OuterRef("pk"))
    candidates = user_model._default_manager.filter(
        Q(is_staff=True) | Exists(in_force), **{f"{field}__iexact": email}, is_active=True
    )
    wanted = _comparable(email)
    # The database's case-insensitive match is looser than Unicode's (as the password
    # reset's, jury/signin/password.py).
    return user_model._default_manager.filter(
        pk__in=[user.pk for user in candidates if _comparable(getattr(user, field)) == wanted]
    )


def _comparable(address: str) -> str:
    return unicodedata.normalize("NFKC", address).casefold()


class Refusal(enum.Enum):
    NO_ACCOUNT = "no account"
    UNVERIFIED = "address not verified"
    AMBIGUOUS = "several accounts"
    FAILED = "login not completed"
    UNAVAILABLE = "provider unreachable"

    def message(self) -> str:
        contact = site_contact()
        if self is Refusal.NO_ACCOUNT:
            return (
                _(
                    "You logged in with the city's sign-in, but no account here has your e-mail "
                    "address. The site is for the jury and %(administration)s; if you should "
                    "have access, ask %(administration)s, %(email)s."
                )
                % contact
            )
        if self is Refusal.UNVERIFIED:
            return _(
                "The city's sign-in did not confirm your e-mail address, so no account could "
                "be found for you. Log in with your password and code, or ask the city's IT "
                "support."
            )
        if self is Refusal.AMBIGUOUS:
            return (
                _(
                    "More than one account here has your e-mail address, so none was chosen. "
                    "Ask %(administration)s, %(email)s."
                )
                % contact
            )
        if self is Refusal.UNAVAILABLE:
            return _(
                "The city's sign-in cannot be reached right now. Try again in a while, or "
                "log in with your password and code."
            )
        return _(
            "The login with the city's sign-in was not completed. Start again, or log in "
            "with your password and code."
        )


class SignInRefused(Exception):
    """The provider's login came back but lets nobody in; the callback says why."""

    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


class CityBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(setting)

    def __init__(self, *args, **kwargs) -> None:
        # Django builds every backend for every password login and permission check; the
        # library's own set-up reads the provider's endpoints, which may mean asking the
        # provider. It runs in authenticate(), for a provider login only.
        self.UserModel = get_user_model()

    def authenticate(self, request: HttpRequest | None, **kwargs):
        # Only the provider's callback passes a nonce; password logins pass by untouched,
        # even with a code and state in their query string.
        if request is None or "nonce" not in kwargs or not enabled():
            return None
        self.refusal = Refusal.FAILED
        try:
            super().__init__()
            user = super().authenticate(request, **kwargs)
        except Unavailable as error:
            log.warning("city sign-in: provider unreachable (%s)", error)
            raise SignInRefused(Refusal.UNAVAILABLE) from error
        except (SuspiciousOperation, jwt.InvalidTokenError) as error:
            # The library's and PyJWT's fixed texts: an expired or forged token, say.
            log.warning("city sign-in: token refused (%s: %s)", type(error).__name__, error)
            raise SignInRefused(Refusal.FAILED) from error
        except requests.RequestException as error:
            # Not the text: a token endpoint's error answer may quote the request.
            log.warning("city sign-in: provider request failed (%s)", type(error).__name__)
            raise SignInRefused(Refusal.FAILED) from error
        if user is None:
            raise SignInRefused(self.refusal)
        return user

    def get_user(self, user_id):
        # A session the provider opened ends when the provider is switched off; and as
        # for passwords, an account made inactive logs out at once.
        if not enabled():
            return None
        return ModelBackend.get_user(self, user_id)

    def _verify_jws(self, payload, key) -> dict:
        """The ID token's signature, expiry, issuer and audience.

        The library checks the signature and expiry only; a token the provider made for
        another of its clients, or another provider's, is refused here too.
        """
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("ID token signed with another algorithm")
        claims = jwt.decode(
            payload,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
        if str(claims["iss"]).rstrip("/") != settings.OIDC_ISSUER:
            raise jwt.InvalidIssuerError("ID token of another issuer")
        return claims

    def retrieve_matching_jwk(self, token) -> jwt.PyJWK:
        """The provider's key that signed the token, from its published key set.

        The library needs a key id in the token; a provider with a single key may leave it
        out, and then the one key of the token's algorithm is taken.
        """
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        header = jwt.get_unverified_header(token)
        keys = [
            key
            for key in response.json().get("keys", [])
            if ("kid" not in header or key.get("kid") == header["kid"])
            and key.get("alg", header.get("alg")) == header.get("alg")
            and key.get("use", "sig") == "sig"
        ]
        if len(keys) != 1:
            raise SuspiciousOperation("no single key of the provider matches the ID token")
        return jwt.PyJWK(keys[0])

    def verify_claims(self, claims) -> bool:
        address = claims.get(settings.OIDC_EMAIL_CLAIM)
        if not isinstance(address, str) or "@" not in address:
            log.warning(
                "city sign-in: no e-mail address in the claim %r (OIDC_EMAIL_CLAIM)",
                settings.OIDC_EMAIL_CLAIM,
            )
            return False
        return True

    def filter_users_by_claims(self, claims) -> QuerySet:
        # The spec's boolean, or the string some providers send.
        if claims.get("email_verified") not in (True, "true"):
            self.refusal = Refusal.UNVERIFIED
            return self.UserModel._default_manager.none()
        users = accounts_for_address(email=claims[settings.OIDC_EMAIL_CLAIM])
        count = users.count()
        if count == 0:
            self.refusal = Refusal.NO_ACCOUNT
        elif count > 1:
            self.refusal = Refusal.AMBIGUOUS
        return users

    def create_user(self, claims) -> None:
        # Accounts are made by the administration (staff) or by appointing a juror.
        return None

    def describe_user_by_claims(self, claims) -> str:
        # The library logs this; an address is personal data.
        return "the provider's user"


@method_decorator(never_cache, name="dispatch")
class CityLoginView(OIDCAuthenticationRequestView):
    """Sends the visitor to the city's provider with a fresh state, nonce and PKCE pair."""

    get_settings = staticmethod(setting)

    def __init__(self, **kwargs) -> None:
        # The library reads the provider's endpoint here, before the view knows whether
        # the provider is on; get() reads it.
        View.__init__(self, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except Unavailable as error:
            log.warning("city sign-in: provider unreachable (%s)", error)
            return refuse(request, Refusal.UNAVAILABLE)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


@method_decorator(never_cache, name="dispatch")
class CityCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the visitor back: in, verified, or refused with a reason."""

    get_settings = staticmethod(setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            raise Http404
        try:
            return super().get(request)
        except SignInRefused as refused:
            return refuse(request, refused.reason)
        except SuspiciousOperation:
            # A state this session never sent: another tab's, an old link, or a login
            # forged to put someone else's account in this browser.
            log.warning("city sign-in: callback with a state this session did not send")
            return refuse(request, Refusal.FAILED)

    def login_failure(self) -> HttpResponse:
        # The provider answered with an error (the user cancelled, say), or no login was
        # started in this session.
        return refuse(self.request, Refusal.FAILED)

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        device = CityLoginDevice.objects.filter(user=self.user).first()
        if device is None:
            device = CityLoginDevice.objects.create(user=self.user, name="city sign-in")
        otp_login(self.request, device)
        log.info("login: city sign-in accepted for account %s", self.user.pk)
        return response


def refuse(request: HttpRequest, reason: Refusal) -> HttpResponse:
    log.info("city sign-in refused: %s", reason.value)
    messages.error(request, reason.message())
    return redirect("jury:login")
