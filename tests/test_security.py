import logging
import os
import re
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import server_error

from nominations.models import Nomination
from tests.factories import log_in_verified, make_prize_year, nomination_post_data
from tests.readme import production_environment

# The production environment of docs/operations.md, with a production-like key of the
# test's own (the snippet reads the real one from a file on the server).
PRODUCTION_ENV = production_environment(
    secret_key="k7Qw9-production-like-secret-with-plenty-of-entropy-0123456789abcdef"
)


def manage(*args: str, env: dict, inherit: bool = True) -> subprocess.CompletedProcess:
    # A fresh process, as production starts, without the browser tests' async switch;
    # with inherit=False it sees nothing of the shell's environment but PATH.
    inherited = (
        {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        if inherit
        else {"PATH": os.environ.get("PATH", "")}
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def open_year():
    now = timezone.now()
    return make_prize_year(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=9))


def test_production_settings_pass_the_deploy_check_with_the_documented_variables():
    # Exactly the snippet's variables: nothing from the shell may make up for one it lacks.
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV, inherit=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_secret_key_refuses_to_start():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage("check", env={k: v for k, v in env.items() if v})
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_with_console_email_refuses_to_start():
    env = {**PRODUCTION_ENV, "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "Set EMAIL_BACKEND" in result.stderr


def test_bad_boolean_setting_refuses_to_start():
    result = manage("check", env={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_pages_carry_a_content_security_policy_without_inline_script(client, db):
    open_year()
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_public_pages_contain_no_inline_script(client, db):
    open_year()
    for path in (
        "/",
        "/priser/trygghetspriset/nominera/",
        "/priser/trygghetspriset/tidigare-vinnare/",
        "/personuppgifter/",
        "/jury/logga-in/",
    ):
        html = client.get(path).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path


def test_pages_refuse_framing_and_sniffing(client, db):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_oversized_nomination_is_refused_and_nothing_stored(client, db):
    open_year()
    huge = "å" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(
        reverse("nominations:nominate", args=["trygghetspriset"]),
        nomination_post_data(description=huge),
    )
    assert response.status_code == 400
    assert "Vi kunde inte hantera förfrågan" in response.content.decode()
    assert Nomination.objects.count() == 0


def test_missing_page_is_generic_and_swedish(client, db):
    response = client.get("/finns-inte/")
    assert "Sidan hittades inte" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_server_error_page_is_generic_and_needs_no_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()


def test_nomination_is_logged_without_personal_data(client, db, caplog):
    open_year()
    with caplog.at_level(logging.INFO):
        client.post(
            reverse("nominations:nominate", args=["trygghetspriset"]), nomination_post_data()
        )
    nomination = Nomination.objects.get()
    logged = caplog.text
    assert nomination.reference in logged
    for personal in ("asa.oberg@example.se", "Åsa Öberg", "08-508 000 00", "127.0.0.1"):
        assert personal not in logged


def test_login_and_refusal_are_logged_without_personal_data(client, juror, caplog):
    with caplog.at_level(logging.INFO):
        client.post(reverse("jury:login"), {"username": "juror", "password": "fel"})
        client.post(
            reverse("jury:login"), {"username": "juror", "password": "correct horse battery"}
        )
        client.get(reverse("jury:dashboard", args=[2029]))
    logged = caplog.text
    assert f"password accepted for account {juror.pk}" in logged
    for personal in ("juror@example.se", "Juror Jurysson", "127.0.0.1", "username=juror"):
        assert personal not in logged


def test_refused_jury_access_is_logged(juror_client, juror, caplog):
    with caplog.at_level(logging.WARNING):
        juror_client.get(reverse("jury:dashboard", args=[2029]))
    assert (
        f"jury access refused: account {juror.pk} has no appointment for trygghetspriset 2029"
        in caplog.text
    )


def csrf_checking_client() -> Client:
    # Django's test client skips the CSRF check unless told; browsers and scripts get it.
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_form_answers_405_to_a_method_it_does_not_take(db, method):
    open_year()
    response = getattr(csrf_checking_client(), method)(
        reverse("nominations:nominate", args=["trygghetspriset"])
    )
    assert (response.status_code, response["Allow"]) == (405, "GET, POST")
    assert "Formuläret har gått ut" not in response.content.decode()
    assert Nomination.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("nominations:home", []),
        ("nominations:receipt", ["trygghetspriset"]),
        ("nominations:history", ["trygghetspriset"]),
        ("nominations:privacy", []),
        ("nominations:accessibility", []),
        ("jury:home", []),
        ("jury:dashboard", [2030]),
        ("jury:ranking", [2030]),
        ("jury:decision_pdf", [2030]),
        ("jury:dossier_pdf", [2030]),
    ],
)
def test_page_without_a_form_answers_405_to_post(chair, name, args):
    client = csrf_checking_client()
    log_in_verified(client, chair)
    response = client.post(reverse(name, args=args))
    assert (response.status_code, response["Allow"]) == (405, "GET")
    assert "Formuläret har gått ut" not in response.content.decode()


def test_form_post_without_csrf_token_is_refused_and_not_stored(db):
    open_year()
    response = csrf_checking_client().post(
        reverse("nominations:nominate", args=["trygghetspriset"]), nomination_post_data()
    )
    assert response.status_code == 403
    assert "Formuläret har gått ut" in response.content.decode()
    assert Nomination.objects.count() == 0


def test_form_post_with_csrf_token_is_stored(db):
    open_year()
    client = csrf_checking_client()
    client.get(reverse("nominations:nominate", args=["trygghetspriset"]))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    data = {**nomination_post_data(), "csrfmiddlewaretoken": token}
    response = client.post(reverse("nominations:nominate", args=["trygghetspriset"]), data)
    assert response["Location"] == reverse("nominations:receipt", args=["trygghetspriset"])
    assert Nomination.objects.count() == 1


def test_content_security_policy_is_the_one_django_csp_builds(client, db):
    from csp.utils import build_policy

    assert client.get("/")["Content-Security-Policy"] == build_policy()


def test_content_security_policy_follows_a_changed_setting(client, db, settings):
    client.get("/")
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert client.get("/")["Content-Security-Policy"] == "default-src 'none'"
