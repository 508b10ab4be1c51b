from datetime import timedelta

import time_machine
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import log_in_verified, make_juror

PASSWORD = "correct horse battery"


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def log_in_with_password(client, username: str, password: str = PASSWORD, next_url: str = ""):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("jury:login"), data)


def test_first_login_sets_up_authenticator_then_verifies(client, juror):
    response = log_in_with_password(client, "juror")
    assert response["Location"].startswith(reverse("jury:two_factor_setup"))
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=juror, confirmed=False)
    client.post(reverse("jury:two_factor_setup"), {"token": code_for(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("jury:dashboard", args=[2030])).context["membership"].user == juror


def test_login_with_password_and_code_reaches_next_page(client, juror):
    device = TOTPDevice.objects.create(user=juror, name="app", confirmed=True)
    next_url = reverse("jury:ranking", args=[2030])
    response = log_in_with_password(client, "juror", next_url=next_url)
    assert (
        response["Location"] == reverse("jury:login_code") + "?next=%2Fjury%2F2030%2Frangordning%2F"
    )
    response = client.post(
        reverse("jury:login_code"), {"token": code_for(device), "next": next_url}
    )
    assert response["Location"] == next_url


def test_wrong_code_leaves_session_unverified(client, juror):
    TOTPDevice.objects.create(user=juror, name="app", confirmed=True)
    log_in_with_password(client, "juror")
    response = client.post(reverse("jury:login_code"), {"token": "000000"})
    assert "Koden är fel" in response.content.decode()
    assert client.get(reverse("jury:dashboard", args=[2030]))["Location"].startswith(
        reverse("jury:login")
    )


def test_login_refuses_external_next(client, juror):
    device = TOTPDevice.objects.create(user=juror, name="app", confirmed=True)
    log_in_with_password(client, "juror", next_url="https://evil.example/")
    response = client.post(
        reverse("jury:login_code"), {"token": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("jury:home")


def test_wrong_password_shows_message_and_logs_nobody_in(client, juror):
    response = log_in_with_password(client, "juror", "fel lösenord")
    assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_too_many_wrong_passwords_lock_the_account(client, juror, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in_with_password(client, "juror", "fel lösenord")
    response = log_in_with_password(client, "juror")
    assert "_auth_user_id" not in client.session
    assert "För många försök" in response.content.decode()
    assert AccessAttempt.objects.get(username="juror").failures_since_start >= 5


def test_lockout_applies_from_another_address_too(client, juror, settings):
    from django.test import Client

    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in_with_password(client, "juror", "fel lösenord")
    other = Client(REMOTE_ADDR="10.1.2.3")
    log_in_with_password(other, "juror")
    assert "_auth_user_id" not in other.session


def test_logout_ends_the_session_on_the_server(juror_client):
    session_key = juror_client.session.session_key
    assert Session.objects.filter(session_key=session_key).exists()
    juror_client.post(reverse("jury:logout"))
    assert not Session.objects.filter(session_key=session_key).exists()
    assert juror_client.get(reverse("jury:dashboard", args=[2030]))["Location"].startswith(
        reverse("jury:login")
    )


def test_idle_session_expires(client, juror, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in_verified(client, juror)
        assert client.get(reverse("jury:dashboard", args=[2030])).status_code == 200
    later = start + timedelta(seconds=settings.SESSION_COOKIE_AGE + 1)
    with time_machine.travel(later, tick=False):
        response = client.get(reverse("jury:dashboard", args=[2030]))
    assert response["Location"].startswith(reverse("jury:login"))


def test_login_page_for_logged_in_user_does_not_loop(juror_client):
    response = juror_client.get(reverse("jury:login"), {"next": "/admin/"})
    assert "Du är inloggad som juror" in response.content.decode()


def test_chair_juror_persona_is_a_plain_user(prize_year):
    chair = make_juror(prize_year, "chair", role="chair")
    assert not chair.is_staff
