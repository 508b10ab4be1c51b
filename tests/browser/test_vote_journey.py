"""The jury's one act in Chromium: a jäv ruling by the jury, then a tied vote and the decision."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from jury import conflicts, phases, scoring, voting
from jury.models import ConflictQuestion, Decision, JuryMembership, Vote
from nominations.models import JuryPhase
from tests.browser.conftest import assert_accessible
from tests.browser.jury_login import log_in
from tests.factories import close_window, make_eligible_nomination, make_juror, make_prize_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MOTIVATION = "Läxhjälpen visar hur skola, bibliotek och föreningar gör kvällarna tryggare."


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def check(page, axe) -> None:
    assert fits(page), page.url
    assert_accessible(axe, page)


def membership(user) -> JuryMembership:
    return JuryMembership.objects.get(user=user)


@pytest.mark.pdf
@pytest.mark.parametrize("width", [390, 1280])
def test_jury_rules_on_jav_and_decides_a_tied_vote(browser, live_server, axe, width):
    prize_year = close_window(make_prize_year())
    prize_year.scoring_deadline = timezone.localdate()
    prize_year.vote_deadline = timezone.localdate() + timedelta(days=10)
    prize_year.save()
    efforts = {
        name: make_eligible_nomination(prize_year, effort_name=name).effort
        for name in ("Läxhjälp", "Nattvandring", "Trygga trapphus")
    }
    chair = make_juror(prize_year, "chair", role="chair")
    anna, bo, cia, dan = (make_juror(prize_year, name) for name in ("anna", "bo", "cia", "dan"))
    phases.open_scoring(prize_year=prize_year, by=chair)
    context = browser.new_context(
        locale="sv-SE", timezone_id="Europe/Stockholm", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, chair, path="/jury/trygghetspriset/2030/jav/")

    # The chair records that someone questions Cia's impartiality.
    page.get_by_label("Jurymedlem som frågan gäller").select_option(label="Cia Jurysson")
    page.get_by_role("combobox", name="Insats").select_option(label="Nattvandring")
    page.get_by_label("Väckt av").fill("Ett tips till förvaltningen")
    page.get_by_role("textbox", name=re.compile(r"^Frågan\*?$")).fill(
        "Cia sitter i nattvandrarnas styrelse."
    )
    page.get_by_role("button", name="Anteckna frågan").click()
    page.get_by_text("Frågan är registrerad.").wait_for()
    check(page, axe)
    question = ConflictQuestion.objects.get()

    # The others vote with reasons; Cia takes no part. The chair votes and concludes.
    for user in (anna, bo, dan):
        conflicts.cast_ruling_vote(
            question=question,
            membership=membership(user),
            disqualified=True,
            reasons="Styrelseuppdraget ger ett intresse i utgången.",
        )
    page.get_by_label("Jurymedlemmen är jävig för insatsen").check()
    page.get_by_role("textbox", name=re.compile(r"^Skäl\*?$")).fill(
        "Cia leder föreningen som driver insatsen."
    )
    page.get_by_role("button", name="Registrera min röst").click()
    page.get_by_text("Din röst i frågan är registrerad.").wait_for()
    page.get_by_label("Skäl för juryns beslut").fill("Cia är ordförande i föreningen.")
    page.get_by_role("button", name="Registrera juryns beslut").click()
    page.get_by_text("Juryns beslut är registrerat.").wait_for()
    check(page, axe)
    assert ConflictQuestion.objects.get().outcome == ConflictQuestion.Outcome.DISQUALIFIED

    # The chair closes scoring and opens the vote, each after a confirmation page.
    for user, value in ((anna, 5), (bo, 4), (dan, 3)):
        scoring.save_score(
            membership=membership(user),
            effort=efforts["Läxhjälp"],
            values={"innovation": value, "inspiration": value, "results": value},
            comment="",
        )
    page.goto(live_server.url + "/jury/trygghetspriset/2030/ordforande/")
    check(page, axe)
    page.get_by_role("button", name="Stäng bedömningen …").click()
    page.get_by_role("heading", name="Vill du stänga bedömningen?").wait_for()
    check(page, axe)
    page.get_by_role("button", name="Ja, stäng bedömningen").click()
    page.get_by_role("button", name="Öppna omröstningen …").click()
    page.get_by_role("heading", name="Vill du öppna omröstningen?").wait_for()
    page.get_by_text("Läxhjälp: medelsumma 12,0").wait_for()
    check(page, axe)
    page.get_by_role("button", name="Ja, öppna omröstningen").click()
    page.get_by_text("Du ser rösterna när du har röstat själv.").wait_for()
    check(page, axe)
    shortlist = list(voting.shortlist(prize_year=prize_year).order_by("name"))
    assert [e.name for e in shortlist] == ["Läxhjälp", "Nattvandring", "Trygga trapphus"]

    # Two and two: the chair's own vote for Läxhjälp is the casting vote.
    voting.cast_vote(membership=membership(anna), effort=efforts["Nattvandring"])
    voting.cast_vote(membership=membership(bo), effort=efforts["Nattvandring"])
    voting.cast_vote(membership=membership(dan), effort=efforts["Läxhjälp"])
    page.goto(live_server.url + "/jury/trygghetspriset/2030/omrostning/")
    page.get_by_label("Läxhjälp").check()
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_role("button", name="Ja, lägg min röst").click()
    page.get_by_text("Läxhjälp: 2 röster").wait_for()
    check(page, axe)
    page.goto(live_server.url + "/jury/trygghetspriset/2030/ordforande/")
    page.get_by_text("Det är lika röstetal.").wait_for()
    check(page, axe)
    page.get_by_label("Juryns motivering").fill(MOTIVATION)
    page.get_by_role("button", name="Visa resultatet innan det registreras …").click()
    page.get_by_text("Vinnaren blir ”Läxhjälp”.").wait_for()
    check(page, axe)
    page.get_by_role("button", name="Ja, registrera beslutet").click()
    page.get_by_text("Klart: juryns arbete är nu i skedet").wait_for()
    check(page, axe)

    decision = Decision.objects.get()
    assert (decision.effort, decision.casting_vote) == (efforts["Läxhjälp"], True)
    prize_year.refresh_from_db()
    assert prize_year.jury_phase == JuryPhase.DECIDED
    assert Vote.objects.count() == 4
    context.close()
