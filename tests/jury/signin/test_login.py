from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
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
        response["Location"]
        == reverse("jury:login_code") + "?next=%2Fjury%2Ftrygghetspriset%2F2030%2Frangordning%2F"
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


# The second factor's backup codes (jury/devices.py), from setup to use.


def set_up_authenticator(client, username: str = "juror") -> list[str]:
    """The first login up to the page that shows the backup codes; returns them as shown."""
    log_in_with_password(client, username)
    client.get(reverse("jury:two_factor_setup"))
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    response = client.post(reverse("jury:two_factor_setup"), {"token": code_for(device)})
    assert response["Location"].startswith(reverse("jury:backup_codes"))
    return client.get(response["Location"]).context["codes"]


def test_setup_shows_ten_backup_codes_once(client, juror):
    codes = set_up_authenticator(client)
    assert len(set(codes)) == 10
    assert set(StaticToken.objects.filter(device__user=juror).values_list("token", flat=True)) == {
        code.replace(" ", "") for code in codes
    }
    again = client.get(reverse("jury:backup_codes"))
    assert again.context["codes"] == []
    assert codes[0] not in again.content.decode()
    assert "visas koderna bara en gång" in again.content.decode()


def test_setup_continues_to_next_page_after_backup_codes(client, juror):
    next_url = reverse("jury:ranking", args=[2030])
    log_in_with_password(client, "juror", next_url=next_url)
    client.get(reverse("jury:two_factor_setup"))
    device = TOTPDevice.objects.get(user=juror, confirmed=False)
    response = client.post(
        reverse("jury:two_factor_setup"), {"token": code_for(device), "next": next_url}
    )
    page = client.get(response["Location"])
    assert page.context["next"] == next_url


def test_backup_codes_page_is_not_for_a_login_half_done(client, juror):
    TOTPDevice.objects.create(user=juror, name="app", confirmed=True)
    log_in_with_password(client, "juror")
    response = client.get(reverse("jury:backup_codes"))
    assert response["Location"].startswith(reverse("jury:login_code"))


def test_backup_codes_page_shows_an_outsider_no_codes(client, outsider):
    log_in_verified(client, outsider)
    response = client.get(reverse("jury:backup_codes"))
    assert response.context["codes"] == []
    assert response.context["codes_left"] == 0


def test_code_step_accepts_a_backup_code_once(client, juror):
    codes = set_up_authenticator(client)
    client.post(reverse("jury:logout"))
    log_in_with_password(client, "juror")
    response = client.post(reverse("jury:login_code"), {"token": codes[0]})
    assert response["Location"] == reverse("jury:home")
    assert client.get(reverse("jury:dashboard", args=[2030])).status_code == 200
    assert StaticToken.objects.filter(device__user=juror).count() == 9

    client.post(reverse("jury:logout"))
    log_in_with_password(client, "juror")
    response = client.post(reverse("jury:login_code"), {"token": codes[0]})
    assert "Reservkoden är fel eller redan använd" in response.content.decode()
    assert client.get(reverse("jury:dashboard", args=[2030]))["Location"].startswith(
        reverse("jury:login")
    )


def test_code_step_with_backup_code_says_how_many_are_left(client, juror):
    codes = set_up_authenticator(client)
    client.post(reverse("jury:logout"))
    log_in_with_password(client, "juror")
    response = client.post(reverse("jury:login_code"), {"token": codes[3]}, follow=True)
    assert "Reservkoder kvar: 9" in response.content.decode()


def test_code_step_accepts_backup_code_typed_in_capitals_with_dash(client, juror):
    codes = set_up_authenticator(client)
    client.post(reverse("jury:logout"))
    log_in_with_password(client, "juror")
    typed = codes[1].replace(" ", "-").upper()
    client.post(reverse("jury:login_code"), {"token": typed})
    assert client.get(reverse("jury:dashboard", args=[2030])).status_code == 200


def test_code_step_refuses_backup_code_of_another_account(client, juror, prize_year):
    make_juror(prize_year, "other")
    other_codes = set_up_authenticator(client, "other")
    client.post(reverse("jury:logout"))
    TOTPDevice.objects.create(user=juror, name="app", confirmed=True)
    log_in_with_password(client, "juror")
    response = client.post(reverse("jury:login_code"), {"token": other_codes[0]})
    assert "Reservkoden är fel eller redan använd" in response.content.decode()
    assert StaticToken.objects.filter(device__user__username="other").count() == 10


def test_code_step_refuses_what_is_no_code_with_a_message(client, juror):
    TOTPDevice.objects.create(user=juror, name="app", confirmed=True)
    log_in_with_password(client, "juror")
    for typed in ("12345", "abc", "x" * 21, "x" * 100_000, "12\x0034"):
        response = client.post(reverse("jury:login_code"), {"token": typed})
        assert response.status_code == 200
        assert "sex siffrorna från appen" in response.content.decode()
    assert client.get(reverse("jury:dashboard", args=[2030]))["Location"].startswith(
        reverse("jury:login")
    )


# What the header says about the login.


def test_header_names_the_verified_user(juror_client):
    page = juror_client.get(reverse("nominations:prize", args=["trygghetspriset"])).content.decode()
    assert "Inloggad som Juror Jurysson" in page
    assert "Logga ut" in page


def test_code_step_does_not_show_the_logged_in_header(client, juror):
    TOTPDevice.objects.create(user=juror, name="app", confirmed=True)
    log_in_with_password(client, "juror")
    page = client.get(reverse("jury:login_code")).content.decode()
    assert "Logga ut" not in page
    assert "Inloggad som" not in page


def test_header_of_anonymous_visitor_shows_no_login(client, db):
    page = client.get(reverse("nominations:prize", args=["trygghetspriset"])).content.decode()
    assert "Logga ut" not in page
    assert "Inloggad som" not in page


def test_logout_says_you_are_logged_out(juror_client):
    response = juror_client.post(reverse("jury:logout"), follow=True)
    page = response.content.decode()
    assert "Du är utloggad" in page
    assert "Inloggad som" not in page
    assert "_auth_user_id" not in juror_client.session


def test_logged_out_page_sends_someone_logged_in_on(juror_client):
    response = juror_client.get(reverse("jury:logged_out"))
    assert response["Location"] == reverse("jury:home")


# The defect of issue 11: a long user name gave a 500 on PostgreSQL (django-axes
# stores the attempted name in a 255-character column).


@pytest.mark.parametrize("length", [151, 255, 256, 1_000, 100_000])
def test_long_username_gets_a_message_not_an_error(client, juror, length):
    response = log_in_with_password(client, "a" * length)
    assert response.status_code == 200
    assert "högst 150 tecken" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not AccessAttempt.objects.exists()


def test_username_of_150_characters_is_tried_and_counted(client, juror):
    response = log_in_with_password(client, "å" * 150)
    assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()
    assert AccessAttempt.objects.get().username == "å" * 150


@pytest.mark.parametrize("length", [256, 4_096, 200_000])
def test_long_password_gets_a_message_not_an_error(client, juror, length):
    response = log_in_with_password(client, "juror", "p" * length)
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_with_null_character_gets_a_message_not_an_error(client, juror):
    response = log_in_with_password(client, "jur\x00or", "lösen\x00ord")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert not AccessAttempt.objects.exists()


# Setting up the app on the phone that holds it


def setup_page(client, username: str = "juror") -> str:
    log_in_with_password(client, username)
    return client.get(reverse("jury:two_factor_setup")).content.decode()


def test_setup_page_links_the_key_for_the_app_on_the_same_phone(client, juror):
    import html as html_module

    page = setup_page(client)
    device = TOTPDevice.objects.get(user=juror, confirmed=False)
    assert f'href="{html_module.escape(device.config_url)}"' in page
    assert device.config_url.startswith("otpauth://totp/")
    assert "Öppna i autentiseringsappen på den här telefonen" in page


def test_setup_page_shows_the_key_in_groups_of_four_that_do_not_break(client, juror):
    import re
    from base64 import b32encode

    page = setup_page(client)
    key = b32encode(TOTPDevice.objects.get(user=juror, confirmed=False).bin_key).decode()
    groups = re.findall(r'<span class="text-nowrap">([A-Z2-7]+)</span>', page)
    assert "".join(groups) == key
    assert {len(group) for group in groups[:-1]} == {4}


def test_setup_code_field_asks_a_phone_for_digits_and_offers_the_code(client, juror):
    import re

    page = setup_page(client)
    [field] = re.findall(r'<input[^>]*name="token"[^>]*>', page)
    assert 'inputmode="numeric"' in field
    assert 'autocomplete="one-time-code"' in field
