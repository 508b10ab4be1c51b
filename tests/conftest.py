import pytest
from django.core.cache import caches

from tests.factories import (
    log_in_verified,
    make_administrator,
    make_juror,
    make_prize_year,
    make_user,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The rate limit lives in the cache, and rendered fragments in theirs; every test
    # starts with a clean count and renders its own pages.
    for alias in ("default", "fragments"):
        caches[alias].clear()
    yield
    for alias in ("default", "fragments"):
        caches[alias].clear()


@pytest.fixture
def prize_year(db):
    return make_prize_year()


@pytest.fixture
def outsider(db):
    """A logged-in user with no role in the prize at all."""
    return make_user("outsider")


@pytest.fixture
def superuser(db):
    return make_user("superuser", is_staff=True, is_superuser=True)


@pytest.fixture
def administrator(db):
    return make_administrator()


@pytest.fixture
def staff_without_permission(db):
    """Staff of another part of the city: may log in to the admin, holds no rights here."""
    return make_user("otherstaff", is_staff=True)


@pytest.fixture
def juror(prize_year):
    return make_juror(prize_year)


@pytest.fixture
def chair(prize_year):
    return make_juror(prize_year, "chair", role="chair")


@pytest.fixture
def juror_client(client, juror):
    log_in_verified(client, juror)
    return client


@pytest.fixture
def administrator_client(client, administrator):
    log_in_verified(client, administrator)
    client.user = administrator
    return client


@pytest.fixture(autouse=True)
def _public_year_read_at_each_request(settings):
    # Tests change a year and look at once; the moment's reuse has a test of its own.
    settings.PUBLIC_YEAR_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing strength is Django's business, not these tests'; MD5 keeps them quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
