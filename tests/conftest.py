import pytest
from django.core.cache import cache

from tests.factories import make_prize_year, make_user


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The rate limit lives in the cache; every test starts with a clean count.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def prize_year(db):
    return make_prize_year()


@pytest.fixture
def outsider(db):
    """A logged-in user with no role in the prize at all."""
    return make_user("outsider")


@pytest.fixture
def staff(db):
    return make_user("staff", is_staff=True, is_superuser=True)
