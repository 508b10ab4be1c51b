"""The PostgreSQL backend's health check (trygghetspris/postgresql/base.py)."""

import psycopg
import pytest
from django.db import close_old_connections, connection

from nominations.models import PrizeYear
from tests.factories import trygghetspriset

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the backend is PostgreSQL's"
)


def _kept_connection():
    connection.ensure_connection()
    return connection.connection


def _terminate(pid: int) -> None:
    """End a connection from the server's side, as a restart or fail-over does."""
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])


@pytest.mark.django_db(transaction=True)
def test_health_check_keeps_a_healthy_connection_without_a_query(monkeypatch):
    kept = _kept_connection()

    def no_query(*args, **kwargs):
        raise AssertionError("the health check sent a query")

    monkeypatch.setattr(kept, "cursor", no_query)
    monkeypatch.setattr(kept, "execute", no_query)
    assert connection.is_usable()


@pytest.mark.django_db(transaction=True)
def test_health_check_replaces_a_connection_the_server_ended():
    kept = _kept_connection()
    _terminate(kept.info.backend_pid)
    assert not connection.is_usable()
    # Between requests, as Django does: the next request gets a working connection.
    connection.health_check_done = False
    connection.close_if_health_check_failed()
    close_old_connections()
    PrizeYear.objects.create(prize=trygghetspriset(), year=2098, theme="Efter omstarten")
    assert PrizeYear.objects.filter(year=2098).exists()
    assert connection.connection is not kept
