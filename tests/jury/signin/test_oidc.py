"""Login through the city's identity provider, against a real OpenID Connect provider.

oidc-provider-mock runs on 127.0.0.1 in a thread of the test process: the application
fetches its discovery document, sends the browser to its authorize endpoint, exchanges
the code at its token endpoint, checks the ID token against its keys and reads the
user's claims from its userinfo endpoint, all over HTTP, as with the city's provider.
"""

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import oidc_provider_mock
import pytest
import requests
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from werkzeug.serving import make_server

from jury.models import JuryMembership
from jury.signin.city import CityLoginDevice
from tests.factories import make_user

CITY_LOGIN_BUTTON = "Logga in med inloggningen för Stockholms stad"
PROVIDER_LOGGERS = ("werkzeug", "oidc_provider_mock")


@dataclass(frozen=True)
class Provider:
    url: str

    def add_user(self, sub: str, **claims) -> None:
        """The provider's account `sub`, whose claims the next authorization carries."""
        requests.put(f"{self.url}/users/{sub}", json=claims, timeout=5).raise_for_status()

    def authorize(self, authorize_url: str, sub: str) -> str:
        """The user `sub` logs in at the provider; returns where it sends the browser back."""
        answer = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]


def _run_provider(**options) -> Iterator[Provider]:
    server = make_server("127.0.0.1", 0, oidc_provider_mock.app(**options), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield Provider(url=f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    thread.join(5)
    server.server_close()


@pytest.fixture(scope="session")
def provider_server() -> Iterator[Provider]:
    # The nonce is required, as from the city's provider: a login without one fails.
    yield from _run_provider(require_nonce=True)


@pytest.fixture(scope="session")
def expiring_provider_server() -> Iterator[Provider]:
    """A provider whose ID tokens have expired five minutes before they are issued."""
    yield from _run_provider(require_nonce=True, access_token_max_age=timedelta(minutes=-5))


def _point_at(settings, provider: Provider) -> Provider:
    settings.OIDC_ISSUER = provider.url
    settings.OIDC_RP_CLIENT_ID = "trygghetspris"
    settings.OIDC_RP_CLIENT_SECRET = "client-secret"
    return provider


@pytest.fixture
def provider(settings, provider_server) -> Provider:
    return _point_at(settings, provider_server)


@pytest.fixture
def expiring_provider(settings, expiring_provider_server) -> Provider:
    return _point_at(settings, expiring_provider_server)


def start_city_login(client, next_url: str = "") -> str:
    """Press the button: returns the provider's authorize URL the browser is sent to."""
    response = client.get(reverse("jury:city_login"), {"next": next_url} if next_url else {})
    assert response.status_code == 302
    return response["Location"]


def city_login(client, provider: Provider, email: str, next_url: str = "", **claims):
    """The whole round: button, the provider's login as `email`, and back to the site."""
    claims = {"email": email, "email_verified": True, **claims}
    provider.add_user(email, **claims)
    back = provider.authorize(start_city_login(client, next_url), email)
    return client.get(back)


def messages_of(client) -> str:
    return client.get(reverse("jury:login")).content.decode()


def test_city_login_sends_browser_to_provider_with_state_nonce_and_pkce(client, provider, db):
    authorize_url = start_city_login(client)
    assert authorize_url.startswith(f"{provider.url}/oauth2/authorize?")
    for parameter in ("state=", "nonce=", "code_challenge=", "client_id=trygghetspris"):
        assert parameter in authorize_url


def test_city_login_staff_reaches_admin_without_code(client, provider, administrator):
    response = city_login(client, provider, "handlaggare@example.se", next_url="/admin/")
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert int(client.session["_auth_user_id"]) == administrator.pk
    assert not TOTPDevice.objects.filter(user=administrator).exists()


def test_city_login_juror_reaches_jury_area(client, provider, juror):
    city_login(client, provider, "juror@example.se")
    assert client.get(reverse("jury:dashboard", args=[2030])).status_code == 200


def test_city_login_matches_address_in_other_case(client, provider, juror):
    city_login(client, provider, "Juror@EXAMPLE.se")
    assert int(client.session["_auth_user_id"]) == juror.pk


def test_city_login_records_provider_as_second_factor(client, provider, juror):
    city_login(client, provider, "juror@example.se")
    device = CityLoginDevice.objects.get(user=juror)
    assert client.session["otp_device_id"] == device.persistent_id
    assert not device.verify_token("123456")


def test_city_login_refuses_stranger_and_creates_no_account(client, provider, juror):
    accounts = get_user_model().objects.count()
    city_login(client, provider, "okand@stockholm.se")
    assert get_user_model().objects.count() == accounts
    assert "_auth_user_id" not in client.session
    assert "ingen användare här har din e-postadress" in messages_of(client)


def test_city_login_refusal_is_logged_without_the_address(client, provider, db, caplog):
    caplog.set_level("INFO", logger="jury.signin.city")
    city_login(client, provider, "okand@stockholm.se")
    # The application's records; the provider's own request log is the provider's.
    ours = [r.getMessage() for r in caplog.records if not r.name.startswith(PROVIDER_LOGGERS)]
    assert "city sign-in refused: no account" in ours
    assert not [message for message in ours if "okand" in message]


def test_city_login_refuses_unverified_address(client, provider, juror):
    city_login(client, provider, "juror@example.se", email_verified=False)
    assert "_auth_user_id" not in client.session
    assert "bekräftade inte din e-postadress" in messages_of(client)


def test_city_login_refuses_address_without_verified_claim(client, provider, juror):
    provider.add_user("juror-no-claim", email="juror@example.se")
    client.get(provider.authorize(start_city_login(client), "juror-no-claim"))
    assert "_auth_user_id" not in client.session


def test_city_login_refuses_account_without_role(client, provider, outsider):
    city_login(client, provider, "outsider@example.se")
    assert "_auth_user_id" not in client.session


def test_city_login_refuses_juror_whose_appointment_ended(client, provider, juror):
    JuryMembership.objects.filter(user=juror).update(ends_on=date(2000, 1, 1))
    city_login(client, provider, "juror@example.se")
    assert "_auth_user_id" not in client.session


def test_city_login_refuses_inactive_staff(client, provider, db):
    make_user("former", is_staff=True, is_active=False)
    city_login(client, provider, "former@example.se")
    assert "_auth_user_id" not in client.session


def test_city_login_refuses_address_shared_by_two_accounts(client, provider, juror, db):
    make_user("twin", is_staff=True, email="JUROR@example.se")
    city_login(client, provider, "juror@example.se")
    assert "_auth_user_id" not in client.session
    assert "Mer än ett konto" in messages_of(client)


def test_city_login_refuses_wrong_state(client, provider, juror):
    provider.add_user("juror", email="juror@example.se", email_verified=True)
    back = provider.authorize(start_city_login(client), "juror")
    forged = back.replace("state=", "state=forged")
    response = client.get(forged)
    assert response["Location"] == reverse("jury:login")
    assert "_auth_user_id" not in client.session
    assert "inte slutförd" in messages_of(client)


def test_city_login_refuses_callback_of_another_browser(client, provider, juror):
    from django.test import Client

    provider.add_user("juror", email="juror@example.se", email_verified=True)
    back = provider.authorize(start_city_login(client), "juror")
    other = Client()
    other.get(back)
    assert "_auth_user_id" not in other.session


def test_city_login_refuses_expired_token(client, expiring_provider, juror, caplog):
    city_login(client, expiring_provider, "juror@example.se")
    assert "_auth_user_id" not in client.session
    assert "token refused (ExpiredSignatureError" in caplog.text
    assert "inte slutförd" in messages_of(client)


def test_city_login_refused_when_provider_says_no(client, provider, juror):
    authorize_url = start_city_login(client)
    answer = requests.post(authorize_url, data={"action": "deny"}, allow_redirects=False, timeout=5)
    client.get(answer.headers["Location"])
    assert "_auth_user_id" not in client.session


def test_city_login_says_so_when_provider_unreachable(client, settings, db):
    settings.OIDC_ISSUER = "http://127.0.0.1:9"
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "trygghetspris", "secret"
    settings.OIDC_TIMEOUT = 2
    response = client.get(reverse("jury:city_login"))
    assert response["Location"] == reverse("jury:login")
    assert "kan inte nås just nu" in messages_of(client)


def test_password_login_still_needs_code_with_provider_on(client, provider, juror):
    response = client.post(
        reverse("jury:login"), {"username": "juror", "password": "correct horse battery"}
    )
    assert response["Location"].startswith(reverse("jury:two_factor_setup"))
    assert client.get(reverse("jury:dashboard", args=[2030]))["Location"].startswith(
        reverse("jury:login")
    )


def test_login_page_shows_city_button_when_provider_on(client, provider, db):
    page = client.get(reverse("jury:login"), {"next": "/admin/"}).content.decode()
    assert CITY_LOGIN_BUTTON in page
    assert f"{reverse('jury:city_login')}?next=/admin/" in page


def test_login_page_has_no_city_button_when_provider_off(client, db):
    assert CITY_LOGIN_BUTTON not in client.get(reverse("jury:login")).content.decode()


@pytest.mark.parametrize("name", ["jury:city_login", "jury:city_callback"])
def test_city_login_urls_answer_404_when_provider_off(client, db, name):
    assert client.get(reverse(name), {"code": "x", "state": "y"}).status_code == 404


def test_city_session_ends_when_provider_switched_off(client, provider, juror, settings):
    city_login(client, provider, "juror@example.se")
    settings.OIDC_ISSUER = ""
    assert client.get(reverse("jury:dashboard", args=[2030]))["Location"].startswith(
        reverse("jury:login")
    )
