"""The language switch without a CSRF token (trygghetspris/language.py)."""

from django.test import Client
from django.urls import reverse

SWITCH = reverse("set_language")


def switch(client: Client, **headers):
    return client.post(SWITCH, {"language": "en", "next": "/"}, headers=headers)


def test_language_switch_from_this_site_needs_no_token(db):
    client = Client(enforce_csrf_checks=True)
    response = switch(client, sec_fetch_site="same-origin", origin="http://testserver")
    assert response.cookies["django_language"].value == "en"
    assert "Nominate" in client.get("/priser/trygghetspriset/").content.decode()


def test_language_switch_from_this_site_by_origin_alone_needs_no_token(db):
    client = Client(enforce_csrf_checks=True)
    switch(client, origin="http://testserver")
    assert client.cookies["django_language"].value == "en"


def test_language_switch_from_another_site_is_refused_and_says_why(db):
    client = Client(enforce_csrf_checks=True)
    response = switch(client, sec_fetch_site="cross-site", origin="https://annan.example")
    assert "django_language" not in response.cookies
    assert "Språket byttes inte" in response.content.decode()
    assert "Nominera" in client.get("/priser/trygghetspriset/").content.decode()


def test_language_switch_from_another_origin_without_fetch_metadata_is_refused(db):
    client = Client(enforce_csrf_checks=True)
    response = switch(client, origin="https://annan.example")
    assert "django_language" not in response.cookies


def test_language_switch_with_a_referer_from_another_site_is_refused(db):
    client = Client(enforce_csrf_checks=True)
    response = switch(client, referer="https://annan.example/sida")
    assert "django_language" not in response.cookies


def test_public_pages_carry_no_csrf_token_for_the_language_switch(db):
    html = Client().get("/priser/trygghetspriset/").content.decode()
    assert "csrfmiddlewaretoken" not in html
