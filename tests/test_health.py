"""The load balancer's health check (trygghetspris/health.py)."""

import logging
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.test import Client


def test_healthz_answers_200_ok_when_database_and_cache_answer(db, client):
    response = client.get("/healthz")

    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_fails(db, client):
    with mock.patch("trygghetspris.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")

    assert (response.status_code, response.content) == (503, b"unavailable: database\n")


def test_healthz_answers_503_when_the_cache_fails(db, client):
    with mock.patch("trygghetspris.health.cache.set", side_effect=ConnectionError("down")):
        response = client.get("/healthz")

    assert (response.status_code, response.content) == (503, b"unavailable: cache\n")


def test_healthz_sets_no_cookie_and_stores_no_session(db, client):
    response = client.get("/healthz")

    assert response.cookies == {}
    assert Session.objects.count() == 0


def test_healthz_logs_nothing_when_healthy(db, client, caplog):
    with caplog.at_level(logging.INFO):
        client.get("/healthz")

    assert [r.getMessage() for r in caplog.records] == []


def test_healthz_logs_a_failure_as_a_warning_without_internals(db, client, caplog):
    with mock.patch(
        "trygghetspris.health.connection.cursor",
        side_effect=OperationalError("password authentication failed for user secret"),
    ):
        client.get("/healthz")

    warnings = [r.getMessage() for r in caplog.records if r.name == "trygghetspris.health"]
    assert warnings == ["health check: database unavailable (OperationalError)"]


def test_healthz_is_exempt_from_the_https_redirect(db, client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_healthz_refuses_other_methods_with_405(db, method):
    client = Client(enforce_csrf_checks=True)

    assert getattr(client, method)("/healthz").status_code == 405
