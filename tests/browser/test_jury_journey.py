import pytest
from django.contrib.auth import get_user_model

from jury import conflicts, phases
from jury.models import ConflictDeclaration, JuryMembership, Score, Vote
from nominations.models import JuryPhase
from tests.browser.conftest import assert_accessible
from tests.browser.jury_login import log_in
from tests.factories import make_eligible_nomination, make_juror, make_prize_year
from tests.phases import bring_to_phase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NAMES = ("Läxhjälp", "Nattvandring", "Trygga trapphus")


@pytest.fixture
def jury_year(transactional_db):
    prize_year = make_prize_year()
    efforts = {
        name: make_eligible_nomination(prize_year, effort_name=name).effort for name in NAMES
    }
    bring_to_phase(prize_year, JuryPhase.SCORING)
    chair = make_juror(prize_year, "chair", role="chair")
    juror = make_juror(prize_year, "juror")
    return prize_year, efforts, chair, juror


def score(page, values: tuple[int, int, int]) -> None:
    labels = ("Innovativ och nyskapande", "Kan inspirera andra", "Visar goda resultat")
    scale = {3: "3 – i viss grad", 4: "4 – i hög grad", 5: "5 – i mycket hög grad"}
    for legend, value in zip(labels, values, strict=True):
        page.get_by_role("group", name=legend).get_by_label(scale[value]).check()
    page.get_by_role("button", name="Spara bedömning").click()
    page.get_by_text("är sparad").wait_for()


@pytest.mark.pdf
def test_juror_declares_conflict_scores_and_votes(page, live_server, jury_year, axe):
    prize_year, efforts, chair, juror = jury_year
    # This journey is the committee's narrower rule: jäv keeps the juror out of one effort.
    prize_year.conflict_rule = "effort"
    prize_year.save()
    log_in(page, live_server, juror)
    page.get_by_role("heading", name="Juryns insatser 2030").wait_for()
    assert_accessible(axe, page)

    # Jäv on one effort.
    page.get_by_role("link", name="Läxhjälp").click()
    page.get_by_role("link", name="Anmäl jäv för den här insatsen").click()
    assert_accessible(axe, page)
    page.get_by_label("Varför är du jävig?").fill("Jag sitter i föreningens styrelse.")
    page.get_by_role("button", name="Anmäl jäv").click()
    page.get_by_text("Din jävsanmälan för ”Läxhjälp” är registrerad.").wait_for()

    # Score the other two.
    page.get_by_role("link", name="Nattvandring").click()
    assert_accessible(axe, page)
    score(page, (4, 5, 4))
    page.get_by_role("link", name="Trygga trapphus").click()
    score(page, (3, 3, 4))

    page.get_by_role("link", name="Rangordning", exact=True).click()
    page.get_by_text("Dolt: du har anmält jäv.").wait_for()
    assert_accessible(axe, page)

    # The chair moves on to the vote; the juror's ballot leaves out the conflict.
    phases.close_scoring(prize_year=prize_year, by=chair)
    shortlist = [efforts["Nattvandring"], efforts["Trygga trapphus"]]
    phases.open_vote(prize_year=prize_year, efforts=shortlist, by=chair)
    page.get_by_role("link", name="Omröstning", exact=True).click()
    assert page.get_by_label("Läxhjälp").count() == 0
    assert_accessible(axe, page)
    page.get_by_label("Nattvandring").check()
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_text("Din röst kan inte ändras när du har lagt den.").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Ja, lägg min röst").click()
    page.get_by_text("Du har röstat på ”Nattvandring”").wait_for()

    assert ConflictDeclaration.objects.get().effort == efforts["Läxhjälp"]
    assert sorted(Score.objects.values_list("effort__name", flat=True)) == [
        "Nattvandring",
        "Trygga trapphus",
    ]
    vote = Vote.objects.get()
    assert (vote.juror, vote.effort) == (juror, efforts["Nattvandring"])


@pytest.mark.pdf
def test_chair_pages_are_accessible_in_every_phase(page, live_server, jury_year, axe):
    prize_year, efforts, chair, juror = jury_year
    membership = JuryMembership.objects.get(user=juror)
    conflicts.declare_conflict(
        membership=membership, effort=efforts["Läxhjälp"], reason="Anställd där."
    )
    log_in(page, live_server, chair, path="/jury/trygghetspriset/2030/ordforande/")
    page.get_by_role("heading", name="Ordförandens sida").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Stäng bedömningen …").click()
    page.get_by_role("heading", name="Vill du stänga bedömningen?").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Ja, stäng bedömningen").click()
    page.get_by_role("heading", name="Öppna omröstningen").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Öppna omröstningen …").click()
    page.get_by_role("heading", name="Vill du öppna omröstningen?").wait_for()
    page.get_by_text("kan inte öppnas igen").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Ja, öppna omröstningen").click()
    page.get_by_role("heading", name="Stäng omröstningen och registrera beslutet").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Jäv", exact=True).click()
    page.get_by_text("Anställd där.").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Årets gång").click()
    page.get_by_role("heading", name="Årets gång: 2030").wait_for()
    assert_accessible(axe, page)


def test_login_pages_are_accessible(page, live_server, jury_year, axe):
    _prize_year, _efforts, _chair, juror = jury_year
    page.goto(live_server.url + "/jury/logga-in/")
    assert_accessible(axe, page)
    page.get_by_label("Användarnamn").fill("juror")
    page.get_by_label("Lösenord").fill("correct horse battery")
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_role("heading", name="Aktivera tvåstegsverifiering").wait_for()
    assert_accessible(axe, page)


def test_code_page_and_unappointed_home_are_accessible(page, live_server, jury_year, axe):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.browser.jury_login import current_code
    from tests.factories import make_user

    outsider = make_user("outsider")
    device = TOTPDevice.objects.create(user=outsider, name="phone", confirmed=True)
    page.goto(live_server.url + "/jury/logga-in/")
    page.get_by_label("Användarnamn").fill("outsider")
    page.get_by_label("Lösenord").fill("correct horse battery")
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_role("heading", name="Skriv din kod").wait_for()
    assert_accessible(axe, page)
    page.get_by_label("Sexsiffrig kod").fill(current_code(device))
    page.get_by_role("button", name="Logga in").click()
    page.get_by_text("Du är inte utsedd till någon jury just nu.").wait_for()
    assert_accessible(axe, page)


def test_wrong_password_page_is_accessible(page, live_server, jury_year, axe):
    page.goto(live_server.url + "/jury/logga-in/")
    page.get_by_label("Användarnamn").fill("juror")
    page.get_by_label("Lösenord").fill("fel")
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_text("Ange ett korrekt användarnamn").wait_for()
    assert_accessible(axe, page)
    assert get_user_model().objects.get(username="juror").last_login is None
