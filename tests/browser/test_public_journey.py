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
    for organisation in ("Rinkebyskolan", "Fältassistenterna", "Föräldraföreningen"):
        keyboard.press("Tab")
        keyboard.type(organisation)
    keyboard.press("Tab")  # "Lägg till en organisation": three are enough
    keyboard.press("Tab")
    keyboard.type(
        "Insatsen är ett nytt samarbete utöver ordinarie verksamhet, där skola, fält och "
        "föräldrar gemensamt planerar och följer upp tryggheten på skolvägen."
    )
    for answer in (
        "Föräldrar och fält delar schema i en gemensam app.",
        "Arbetssättet är beskrivet i en handbok för andra skolor.",
        "Inga incidenter på skolvägen sedan starten.",
    ):
        keyboard.press("Tab")
        keyboard.type(answer)
    keyboard.press("Tab")  # the file field: attachments are optional
    for answer in (
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
    page.goto(live_server.url + "/priser/trygghetspriset/")
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
    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    page.get_by_label("Insatsens namn").fill("Ensam insats")
    page.get_by_label("Organisation 1").fill("Bara polisen")
    page.get_by_role("button", name="Skicka nominering").click()
    page.get_by_role("heading", name="Nomineringen kunde inte skickas").wait_for()
    assert page.get_by_label("Insatsens namn").input_value() == "Ensam insats"
    assert page.get_by_label("Organisation 1").input_value() == "Bara polisen"
    assert page.get_by_role("link", name="Organisation 2").is_visible()
    assert Nomination.objects.count() == 0


def test_home_page_is_accessible(page, live_server, open_year, axe):
    page.goto(live_server.url + "/priser/trygghetspriset/")
    assert_accessible(axe, page)


def test_empty_nomination_form_is_accessible(page, live_server, open_year, axe):
    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    assert_accessible(axe, page)


def test_nomination_form_with_errors_is_accessible(page, live_server, open_year, axe):
    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    page.get_by_role("button", name="Skicka nominering").click()
    page.get_by_role("heading", name="Nomineringen kunde inte skickas").wait_for()
    assert_accessible(axe, page)


def test_receipt_page_is_accessible(page, live_server, open_year, axe):
    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    fill_form_by_keyboard(page)
    page.get_by_role("heading", name="Tack för din nominering").wait_for()
    assert_accessible(axe, page)


def test_history_page_is_accessible(page, live_server, open_year, axe):
    page.goto(live_server.url + "/priser/trygghetspriset/tidigare-vinnare/")
    assert_accessible(axe, page)


def test_closed_nomination_page_is_accessible(page, live_server, axe, transactional_db):
    now = timezone.now()
    make_prize_year(opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1))
    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    page.get_by_text("Nomineringen är stängd").wait_for()
    assert_accessible(axe, page)


def test_english_pages_are_accessible(page, live_server, open_year, axe):
    page.goto(live_server.url + "/priser/trygghetspriset/")
    page.get_by_role("button", name="In English").click()
    page.get_by_role("link", name="Nominate an effort").wait_for()
    assert_accessible(axe, page)


@pytest.mark.parametrize("path", ["/personuppgifter/", "/tillganglighet/", "/finns-inte/"])
def test_information_and_error_pages_are_accessible(page, live_server, open_year, axe, path):
    page.goto(live_server.url + path)
    assert_accessible(axe, page)


# The unsent draft, kept in this browser only


def type_a_draft(page) -> None:
    page.get_by_label("Insatsens namn").fill("Trygga skolvägar i Rinkeby")
    page.get_by_label("Beskriv insatsen").fill("Skolan och föräldrarna följer barnen varje morgon.")
    page.get_by_label("Stadsdel där insatsen genomförs").select_option("rinkeby-kista")
    page.get_by_label("Organisation 1").fill("Rinkebyskolan")
    page.get_by_label("Organisation 2").fill("Fältassistenterna")
    page.get_by_label("Vilka resultat visar insatsen?").fill("Inga incidenter sedan starten.")
    page.get_by_label("Ditt namn").fill("Åsa Öberg")
    page.get_by_label("Din e-postadress").fill("asa.oberg@example.se")
    page.get_by_label("Ditt telefonnummer (frivilligt)").fill("08-508 000 00")


def stored_drafts(page) -> str:
    return page.evaluate("JSON.stringify(window.localStorage)")


def test_draft_survives_a_reload_without_the_nominators_contact_details(
    page, live_server, open_year
):
    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    type_a_draft(page)
    page.reload()
    page.get_by_text("Vi har hämtat det du skrev om insatsen tidigare").wait_for()
    assert page.get_by_label("Insatsens namn").input_value() == "Trygga skolvägar i Rinkeby"
    assert page.get_by_label("Beskriv insatsen").input_value().startswith("Skolan och")
    assert page.get_by_label("Stadsdel där insatsen genomförs").input_value() == "rinkeby-kista"
    assert page.get_by_label("Organisation 2").input_value() == "Fältassistenterna"
    assert page.get_by_label("Vilka resultat visar insatsen?").input_value().startswith("Inga")
    assert page.get_by_label("Ditt namn").input_value() == ""
    assert page.get_by_label("Din e-postadress").input_value() == ""
    assert page.get_by_label("Ditt telefonnummer (frivilligt)").input_value() == ""
    drafts = stored_drafts(page)
    assert "Rinkebyskolan" in drafts
    for personal in ("Åsa", "Öberg", "asa.oberg", "508 000 00"):
        assert personal not in drafts
    assert Nomination.objects.count() == 0


def test_draft_survives_the_language_switch(page, live_server, open_year):
    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    type_a_draft(page)
    page.get_by_role("button", name="In English").click()
    page.get_by_text("has been put back from the draft").wait_for()
    assert page.get_by_label("Name of the effort").input_value() == "Trygga skolvägar i Rinkeby"
    assert page.get_by_label("Organisation 1").input_value() == "Rinkebyskolan"
    assert page.get_by_label("Your name").input_value() == ""


def test_draft_brings_back_organisations_beyond_the_three_fields(page, live_server, open_year):
    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    for number, name in enumerate(["Skolan", "Polisen", "Fältgruppen"], start=1):
        page.get_by_label(f"Organisation {number}").fill(name)
    page.get_by_role("button", name="Lägg till en organisation").click()
    page.get_by_label("Organisation 4").fill("Föräldraföreningen")
    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    page.get_by_text("Vi har hämtat det du skrev om insatsen tidigare").wait_for()
    assert page.get_by_label("Organisation 3").input_value() == "Fältgruppen"
    assert page.get_by_label("Organisation 4").input_value() == "Föräldraföreningen"


def test_draft_is_cleared_after_sending(page, live_server, open_year):
    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    fill_form_by_keyboard(page)
    page.get_by_role("heading", name="Tack för din nominering").wait_for()
    page.wait_for_function("!JSON.stringify(window.localStorage).includes('Rinkeby')")
    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    assert page.get_by_label("Insatsens namn").input_value() == ""
    assert page.get_by_label("Organisation 1").input_value() == ""
    assert Nomination.objects.count() == 1


def test_draft_clear_button_empties_the_form_and_the_browser(page, live_server, open_year):
    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    type_a_draft(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Rensa utkastet").click()
    page.get_by_text("Utkastet är rensat").wait_for()
    assert page.get_by_label("Insatsens namn").input_value() == ""
    assert page.get_by_label("Organisation 1").input_value() == ""
    page.reload()
    assert page.get_by_label("Insatsens namn").input_value() == ""
    assert "Rinkeby" not in stored_drafts(page)


# Without JavaScript


def test_adding_an_organisation_works_without_javascript(browser, live_server, open_year):
    context = browser.new_context(
        locale="sv-SE", timezone_id="Europe/Stockholm", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
        page.get_by_label("Insatsens namn").fill("Trygga skolvägar")
        page.get_by_label("Organisation 1").fill("Skolan")
        page.get_by_label("Ditt namn").fill("Åsa Öberg")
        # No JavaScript, no draft: the page does not offer one.
        assert not page.get_by_role("button", name="Rensa utkastet").is_visible()
        page.get_by_role("button", name="Lägg till en organisation").click()
        page.get_by_label("Organisation 4").wait_for()
        assert page.get_by_label("Insatsens namn").input_value() == "Trygga skolvägar"
        assert page.get_by_label("Organisation 1").input_value() == "Skolan"
        assert page.get_by_label("Ditt namn").input_value() == "Åsa Öberg"
        assert page.get_by_text("Nomineringen kunde inte skickas").count() == 0
        assert Nomination.objects.count() == 0
    finally:
        context.close()


# Limits that show before they bite


def test_counter_shows_characters_left_and_pasted_text_over_the_limit_is_kept(
    page, live_server, open_year
):
    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    results = page.get_by_label("Vilka resultat visar insatsen?")
    assert page.locator("#id_results_counter").inner_text() == "5\xa0000 tecken kvar"
    results.fill("Färre inbrott.")
    assert page.locator("#id_results_counter").inner_text() == "4\xa0986 tecken kvar"
    pasted = "Uppföljning visar färre incidenter. " * 140  # 5 040, 5 039 without the last space
    results.fill(pasted)
    assert results.input_value() == pasted  # nothing cut off
    # Counted as the server counts: without the trailing space.
    assert page.locator("#id_results_counter").inner_text() == "39 tecken för mycket"
    page.get_by_role("button", name="Skicka nominering").click()
    page.get_by_role("heading", name="Nomineringen kunde inte skickas").wait_for()
    assert page.get_by_text("Texten har 5\xa0039 tecken, och högst 5\xa0000 får plats").count()
    assert page.get_by_label("Vilka resultat visar insatsen?").input_value() == pasted


def test_counter_announces_politely_only_at_thresholds(page, live_server, open_year):
    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    announcer = page.locator("p[aria-live='polite']")
    innovation = page.get_by_label("På vilket sätt är insatsen innovativ och nyskapande?")
    innovation.press_sequentially("Nytt")
    page.wait_for_timeout(1500)
    assert announcer.inner_text() == ""  # plenty of room: nothing to say
    innovation.fill("a" * 4960)
    page.wait_for_timeout(1500)
    assert announcer.inner_text() == "40 tecken kvar"
    innovation.press_sequentially("bb")
    page.wait_for_timeout(1500)
    assert announcer.inner_text() == "40 tecken kvar"  # still near the limit: not repeated


def test_nomination_form_with_restored_draft_is_accessible(page, live_server, open_year, axe):
    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    type_a_draft(page)
    page.reload()
    page.get_by_text("Vi har hämtat det du skrev om insatsen tidigare").wait_for()
    assert_accessible(axe, page)
