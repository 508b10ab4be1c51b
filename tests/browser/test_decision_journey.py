import pytest

from jury.models import Decision, Reservation
from tests.browser.conftest import assert_accessible
from tests.browser.jury_login import log_in
from tests.factories import make_decision, make_eligible_nomination, make_juror, make_prize_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def decided_year(transactional_db):
    prize_year = make_prize_year(case_number="SN 2030/0417")
    winner = make_eligible_nomination(prize_year, effort_name="Nattvandring i Årsta").effort
    chair = make_juror(prize_year, "chair", role="chair")
    juror = make_juror(prize_year, "juror")
    make_decision(prize_year, votes={chair: winner, juror: winner}, with_basis=True)
    return prize_year, chair, juror


def fits_narrow_screen(page) -> bool:
    """Nothing wider than a 320 px screen: no sideways scrolling (WCAG 1.4.10)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.pdf
def test_chair_and_justerare_check_the_decision_with_a_reservation(
    browser, page, live_server, decided_year, axe
):
    _prize_year, chair, juror = decided_year
    page.set_viewport_size({"width": 320, "height": 900})
    log_in(page, live_server, chair, path="/jury/trygghetspriset/2030/beslut/")
    page.get_by_role("heading", name="Beslutet", exact=True).wait_for()
    assert_accessible(axe, page)
    assert fits_narrow_screen(page)
    page.get_by_role("combobox", name="Justerare").select_option(label="Juror Jurysson")
    page.get_by_role("button", name="Utse justerare").click()
    page.get_by_text("Justeraren är utsedd.").wait_for()
    page.get_by_role("button", name="Markera som justerat").click()
    page.get_by_text("Du har justerat beslutet.").wait_for()

    context = browser.new_context(locale="sv-SE", viewport={"width": 320, "height": 900})
    juror_page = context.new_page()
    log_in(juror_page, live_server, juror, path="/jury/trygghetspriset/2030/beslut/")
    juror_page.get_by_label("Din reservation").fill("Jag anser att en annan insats borde vinna.")
    juror_page.get_by_role("button", name="Lämna min reservation").click()
    juror_page.get_by_text("Din reservation är sparad.").wait_for()
    assert_accessible(axe, juror_page)
    assert fits_narrow_screen(juror_page)
    # The reservation changed the text, so the chair's check was undone: both check again.
    juror_page.get_by_role("button", name="Markera som justerat").click()
    juror_page.get_by_text("Du har justerat beslutet.").wait_for()
    page.reload()
    page.get_by_role("button", name="Markera som justerat").click()
    page.get_by_text("Nu har båda justerat beslutet.").wait_for()
    assert_accessible(axe, page)
    assert fits_narrow_screen(page)
    context.close()

    decision = Decision.objects.get()
    assert decision.is_checked and decision.justerare == juror
    assert Reservation.objects.get().juror == juror
