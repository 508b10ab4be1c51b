"""A year in categories in Chromium: a citizen nominates in a category, the jury votes in
each and the chair records a winner in each (nominations/categories.py, jury/ballots.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jury import phases, voting
from jury.models import Decision, JuryMembership, Vote
from nominations.models import Effort, JuryPhase, Nomination, PrizeCategory
from tests.browser.conftest import assert_accessible
from tests.browser.jury_login import log_in
from tests.factories import (
    close_window,
    make_categories,
    make_eligible_nomination,
    make_juror,
    make_prize_year,
    make_user,
    nomination_post_data,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MOTIVATION = "Kören för samman generationer; bokbussen når dem som inte har ett bibliotek."


def in_categories(prize_year) -> list[PrizeCategory]:
    return make_categories(prize_year, "Musik", "Litteratur", by=make_user("clerk"))


def check(page, axe) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url
    assert_accessible(axe, page)


def test_nominating_in_a_category_on_a_phone(browser, live_server, axe):
    now = timezone.now()
    prize_year = make_prize_year(
        opens_at=now + timedelta(minutes=1), closes_at=now + timedelta(days=30)
    )
    _music, literature = in_categories(prize_year)
    prize_year.opens_at = now - timedelta(days=1)
    prize_year.save(update_fields=["opens_at"])
    context = browser.new_context(locale="sv-SE", viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    data = nomination_post_data()
    page.locator("#id_effort_name").fill(data["effort_name"])
    page.get_by_role("button", name="Skicka nominering").click()
    page.get_by_text("Välj den kategori du nominerar insatsen i.").first.wait_for()
    check(page, axe)
    page.get_by_label("Litteratur").check()
    page.locator("#id_description").fill(data["description"])
    page.locator("#id_district").select_option(value=data["district"])
    for number in (1, 2, 3):
        page.locator(f"#id_organisation_{number}").fill(data[f"organisation_{number}"])
    for key in ("added_value", "innovation", "inspiration", "results"):
        page.locator(f"#id_{key}").fill(data[key])
    page.locator("#id_nominator_name").fill(data["nominator_name"])
    page.locator("#id_nominator_email").fill(data["nominator_email"])
    page.get_by_role("button", name="Skicka nominering").click()
    page.get_by_role("heading", name="Tack för din nominering").wait_for()
    nomination = Nomination.objects.get()
    assert (nomination.category, nomination.effort.category) == (literature, literature)
    context.close()


@pytest.mark.pdf
@pytest.mark.parametrize("width", [390, 1280])
def test_jury_votes_in_each_category_and_the_chair_decides(browser, live_server, axe, width):
    prize_year = make_prize_year(opens_at=None, closes_at=None)
    music, literature = in_categories(prize_year)
    for name, category in (("Kören", music), ("Jazzen", music), ("Bokbussen", literature)):
        effort = Effort.objects.create(prize_year=prize_year, name=name, category=category)
        make_eligible_nomination(prize_year, effort_name=name, effort=effort, category=category)
    prize_year = close_window(prize_year)
    chair = make_juror(prize_year, "chair", role="chair")
    member = make_juror(prize_year, "anna")
    phases.open_scoring(prize_year=prize_year, by=chair, without_deadlines_because="Test.")
    phases.close_scoring(prize_year=prize_year, by=chair)
    phases.open_vote(prize_year=prize_year, efforts=list(Effort.objects.all()), by=chair)
    context = browser.new_context(
        locale="sv-SE", timezone_id="Europe/Stockholm", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, chair, path="/jury/trygghetspriset/2030/omrostning/")
    page.get_by_role("heading", name="Kategori: Musik").wait_for()
    check(page, axe)
    for category, effort in (("Musik", "Kören"), ("Litteratur", "Bokbussen")):
        section = page.get_by_role("region", name=f"Kategori: {category}")
        section.get_by_label(effort).check()
        section.get_by_role("button", name=f"Gå vidare med {category}").click()
        page.get_by_text(f"Du är på väg att rösta på ”{effort}” i kategorin {category}.").wait_for()
        check(page, axe)
        page.get_by_role("button", name="Ja, lägg min röst").click()
        page.get_by_text(f"Din röst i kategorin {category} är registrerad.").wait_for()
    anna = JuryMembership.objects.get(user=member)
    for name in ("Jazzen", "Bokbussen"):
        voting.cast_vote(membership=anna, effort=Effort.objects.get(name=name))
    page.goto(live_server.url + "/jury/trygghetspriset/2030/ordforande/")
    page.get_by_role("heading", name="Kategori: Litteratur").wait_for()
    check(page, axe)
    page.get_by_label("Juryns motivering").fill(MOTIVATION)
    page.get_by_role("button", name="Visa resultatet innan det registreras …").click()
    page.get_by_text("Vinnaren i varje kategori blir som ovan.").wait_for()
    check(page, axe)
    page.get_by_role("button", name="Ja, registrera beslutet").click()
    page.get_by_text("Klart: juryns arbete är nu i skedet").wait_for()
    decision = Decision.objects.get()
    assert [(c.name, [e.name for e in w]) for c, w in decision.winners_by_category] == [
        ("Musik", ["Kören"]),
        ("Litteratur", ["Bokbussen"]),
    ]
    assert Vote.objects.count() == 4
    prize_year.refresh_from_db()
    assert prize_year.jury_phase == JuryPhase.DECIDED
    context.close()
