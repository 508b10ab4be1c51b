"""Whole public pages kept for anonymous visitors (nominations/page_cache.py)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token
from django.test import Client
from django.urls import reverse

from nominations import page_cache
from nominations.models import Nomination, PrizeYear
from tests.factories import CLOSES_AT, OPENS_AT, nomination_post_data

HOME = reverse("nominations:prize", args=["trygghetspriset"])
FORM = reverse("nominations:nominate", args=["trygghetspriset"])
MIDSUMMER = OPENS_AT + timedelta(days=20)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def kept_pages(settings):
    settings.PUBLIC_PAGE_CACHE = True


def page(path: str, at, client: Client | None = None) -> str:
    with time_machine.travel(at, tick=False):
        return (client or Client()).get(path).content.decode()


def test_kept_home_page_is_byte_identical_to_a_rendered_one(prize_year, settings):
    rendered = page(HOME, MIDSUMMER)
    settings.PUBLIC_PAGE_CACHE = True
    first, kept = page(HOME, MIDSUMMER), page(HOME, MIDSUMMER)
    assert first == kept == rendered


def test_kept_home_page_in_english_is_the_english_one(prize_year, kept_pages):
    swedish = page(HOME, MIDSUMMER)
    english = Client()
    english.cookies["django_language"] = "en"
    assert page(HOME, MIDSUMMER, english) == page(HOME, MIDSUMMER, english)
    assert "Nominate an effort" in page(HOME, MIDSUMMER, english)
    assert "Nominate an effort" not in swedish


def test_kept_form_page_is_the_rendered_one_with_a_token_of_its_own(prize_year, settings):
    rendered = page(FORM, MIDSUMMER)
    settings.PUBLIC_PAGE_CACHE = True
    page(FORM, MIDSUMMER)
    kept = page(FORM, MIDSUMMER)
    assert TOKEN.sub("", kept) == TOKEN.sub("", rendered)
    assert TOKEN.search(kept).group(1) != TOKEN.search(rendered).group(1)


def test_kept_form_page_token_lets_the_visitor_nominate(prize_year, kept_pages):
    page(FORM, MIDSUMMER)
    visitor = Client(enforce_csrf_checks=True)
    token = TOKEN.search(page(FORM, MIDSUMMER, visitor)).group(1)
    with time_machine.travel(MIDSUMMER, tick=False):
        visitor.post(FORM, {**nomination_post_data(), "csrfmiddlewaretoken": token})
    assert Nomination.objects.count() == 1


def test_kept_home_page_changes_the_instant_the_window_opens(prize_year, kept_pages):
    before = page(HOME, OPENS_AT - timedelta(microseconds=1))
    at_opening = page(HOME, OPENS_AT)
    assert "Nominate an effort" not in before and "Nominera en insats" not in before
    assert "Nominera en insats" in at_opening


def test_kept_form_page_changes_the_instant_the_window_closes(prize_year, kept_pages):
    open_form = page(FORM, CLOSES_AT - timedelta(microseconds=1))
    closed = page(FORM, CLOSES_AT)
    assert 'name="effort_name"' in open_form
    assert 'name="effort_name"' not in closed
    assert "Nomineringen är stängd" in closed


def test_kept_home_page_shows_an_edit_of_the_year_at_once(prize_year, kept_pages):
    page(HOME, MIDSUMMER)
    PrizeYear.objects.filter(pk=prize_year.pk).update(theme="Trygga mötesplatser")
    assert "Trygga mötesplatser" in page(HOME, MIDSUMMER)


def test_kept_page_is_not_served_to_a_logged_in_juror(juror_client, kept_pages):
    # Now, not in 2030: the juror's session would have run out by then.
    anonymous = Client().get(HOME).content.decode()
    html = juror_client.get(HOME).content.decode()
    assert "Logga ut" in html
    assert "Logga ut" not in anonymous


def test_kept_page_is_not_used_for_a_query_string(prize_year, kept_pages):
    page(HOME, MIDSUMMER)
    html = page(HOME + "?fran=nyhetsbrev", MIDSUMMER)
    assert f'name="next" type="hidden" value="{HOME}?fran=nyhetsbrev"' in html


# The visitor's token (page_cache.visitor_token): Django's own, drawn more cheaply.


def kept_form(client: Client) -> tuple[str, str]:
    """The token on a kept form page and the CSRF cookie the answer set."""
    with time_machine.travel(MIDSUMMER, tick=False):
        response = client.get(FORM)
    token = TOKEN.search(response.content.decode()).group(1)
    return token, response.cookies[django_settings.CSRF_COOKIE_NAME].value


def test_kept_form_page_token_is_djangos_masked_cookie_secret_without_a_cookie(
    prize_year, kept_pages
):
    page(FORM, MIDSUMMER)
    token, cookie = kept_form(Client())
    assert len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS)
    assert len(cookie) == 32 and set(cookie) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == cookie


def test_kept_form_page_token_keeps_the_secret_of_a_visitors_cookie(prize_year, kept_pages):
    visitor = Client()
    _first_token, cookie = kept_form(visitor)
    token, renewed = kept_form(visitor)
    assert renewed == cookie
    assert _unmask_cipher_token(token) == cookie


def test_kept_form_page_token_is_masked_afresh_at_every_answer(prize_year, kept_pages):
    visitor = Client()
    first, _cookie = kept_form(visitor)
    second, _cookie = kept_form(visitor)
    assert first[:32] != second[:32]
    assert first != second


def test_kept_form_page_cookies_differ_between_visitors(prize_year, kept_pages):
    _token, one = kept_form(Client())
    _token, other = kept_form(Client())
    assert one != other


def test_kept_form_page_token_of_another_visitor_is_refused(prize_year, kept_pages):
    someone_token, _cookie = kept_form(Client())
    forger = Client(enforce_csrf_checks=True)
    kept_form(forger)
    with time_machine.travel(MIDSUMMER, tick=False):
        response = forger.post(
            FORM, {**nomination_post_data(), "csrfmiddlewaretoken": someone_token}
        )
    assert response.status_code == 403
    assert Nomination.objects.count() == 0


def test_kept_form_page_post_without_the_cookie_is_refused(prize_year, kept_pages):
    token, _cookie = kept_form(Client())
    cross_site = Client(enforce_csrf_checks=True)
    with time_machine.travel(MIDSUMMER, tick=False):
        response = cross_site.post(FORM, {**nomination_post_data(), "csrfmiddlewaretoken": token})
    assert response.status_code == 403
    assert Nomination.objects.count() == 0


def test_random_indices_refuse_bytes_beyond_the_last_whole_alphabet(monkeypatch):
    # 248 = 4 × 62: bytes from 248 up would make the first eight characters likelier.
    draws = iter([bytes([255, 248, 247, 0]), bytes([61, 62, 250, 124])])
    monkeypatch.setattr(page_cache.os, "urandom", lambda count: next(draws))
    assert page_cache._random_indices(5) == [61, 0, 61, 0, 0]
