from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from nominations.models import Nomination
from tests.browser.conftest import assert_accessible
from tests.factories import make_prize_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_year(transactional_db):
    # The live server runs on the real clock, so the window is around the real now.
    now = timezone.now()
    return make_prize_year(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30))


def fill_form_by_keyboard(page) -> None:
    """Tab from field to field as a keyboard user would, typing into each."""
    page.get_by_label("Insatsens namn").focus()
    keyboard = page.keyboard
    keyboard.type("Trygga skolvägar i Rinkeby")
    keyboard.press("Tab")
    keyboard.type("Skolan, fältassistenterna och föräldrar följer barnen till skolan varje morgon.")
    keyboard.press("Tab")  # district select: typing a name picks the option
    keyboard.type("Rinkeby")
    keyboard.press("Tab")
    keyboard.type("Rinkebyskolan\nFältassistenterna\nFöräldraföreningen")
    keyboard.press("Tab")
    keyboard.type(
        "Insatsen är ett nytt samarbete utöver ordinarie verksamhet, där skola, fält och "
        "föräldrar gemensamt planerar och följer upp tryggheten på skolvägen."
    )
    for answer in (
        "Föräldrar och fält delar schema i en gemensam app.",
        "Arbetssättet är beskrivet i en handbok för andra skolor.",
        "Inga incidenter på skolvägen sedan starten.",
        "Åsa Öberg",
        "asa.oberg@example.se",
        "08-508 000 00",
    ):
        keyboard.press("Tab")
        keyboard.type(answer)
    keyboard.press("Tab")  # the link to the full privacy page: a notice, no checkbox
    keyboard.press("Tab")  # the honeypot is out of the tab order: next is the submit button
    keyboard.press("Enter")


def test_nominating_by_keyboard_shows_receipt_and_stores_nomination(
    page, live_server, open_year, settings
):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Nominera en insats").click()
    fill_form_by_keyboard(page)
    page.get_by_role("heading", name="Tack för din nominering").wait_for()
    nomination = Nomination.objects.get()
    assert nomination.effort_name == "Trygga skolvägar i Rinkeby"
    assert nomination.district == "rinkeby-kista"
    assert list(nomination.organisations.values_list("name", flat=True)) == [
        "Rinkebyskolan",
        "Fältassistenterna",
        "Föräldraföreningen",
    ]
    assert nomination.reference in page.content()
    assert [m.to for m in mail.outbox] == [["asa.oberg@example.se"]]


def test_nominating_with_one_organisation_shows_error_and_keeps_text(page, live_server, open_year):
    page.goto(live_server.url + "/nominera/")
    page.get_by_label("Insatsens namn").fill("Ensam insats")
    page.get_by_label("Samverkande organisationer").fill("Bara polisen")
    page.get_by_role("button", name="Skicka nominering").click()
    page.get_by_role("heading", name="Nomineringen kunde inte skickas").wait_for()
    assert page.get_by_label("Insatsens namn").input_value() == "Ensam insats"
    assert page.get_by_label("Samverkande organisationer").input_value() == "Bara polisen"
    assert Nomination.objects.count() == 0


def test_home_page_is_accessible(page, live_server, open_year, axe):
    page.goto(live_server.url + "/")
    assert_accessible(axe, page)


def test_empty_nomination_form_is_accessible(page, live_server, open_year, axe):
    page.goto(live_server.url + "/nominera/")
    assert_accessible(axe, page)


def test_nomination_form_with_errors_is_accessible(page, live_server, open_year, axe):
    page.goto(live_server.url + "/nominera/")
    page.get_by_role("button", name="Skicka nominering").click()
    page.get_by_role("heading", name="Nomineringen kunde inte skickas").wait_for()
    assert_accessible(axe, page)


def test_receipt_page_is_accessible(page, live_server, open_year, axe):
    page.goto(live_server.url + "/nominera/")
    fill_form_by_keyboard(page)
    page.get_by_role("heading", name="Tack för din nominering").wait_for()
    assert_accessible(axe, page)


def test_history_page_is_accessible(page, live_server, open_year, axe):
    page.goto(live_server.url + "/tidigare-vinnare/")
    assert_accessible(axe, page)


def test_closed_nomination_page_is_accessible(page, live_server, axe, transactional_db):
    now = timezone.now()
    make_prize_year(opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1))
    page.goto(live_server.url + "/nominera/")
    page.get_by_text("Nomineringen är stängd").wait_for()
    assert_accessible(axe, page)


def test_english_pages_are_accessible(page, live_server, open_year, axe):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="In English").click()
    page.get_by_role("link", name="Nominate an effort").wait_for()
    assert_accessible(axe, page)


@pytest.mark.parametrize("path", ["/personuppgifter/", "/tillganglighet/", "/finns-inte/"])
def test_information_and_error_pages_are_accessible(page, live_server, open_year, axe, path):
    page.goto(live_server.url + path)
    assert_accessible(axe, page)
