"""A whole prize year in order, in a real browser, each person in a browser of their own."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from jury.models import CommitteeDecision, ConflictDeclaration, Decision, Score, Vote
from nominations.models import AuditAction, AuditEntry, JuryPhase, Nomination
from tests.browser.conftest import assert_accessible
from tests.browser.jury_login import log_in
from tests.browser.test_public_journey import fill_form_by_keyboard
from tests.factories import (
    kulturpriset,
    make_juror,
    make_prize_year,
    make_user,
    set_jury_deadlines,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCALE = {3: "3 – i viss grad", 4: "4 – i hög grad", 5: "5 – i mycket hög grad"}
CRITERIA = ("Innovativ och nyskapande", "Kan inspirera andra", "Visar goda resultat")


def new_page(browser):
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def choose_action(page, live_server, label: str) -> None:
    """Pick an action for the year 2030 in the admin; its intermediate page opens."""
    page.goto(live_server.url + "/admin/nominations/prizeyear/")
    page.get_by_role("row", name="2030").get_by_role("checkbox").check()
    page.get_by_label("Åtgärd:").select_option(label=label)
    page.get_by_role("button", name="Utför").click()


def admin_action(page, live_server, label: str, confirm: str) -> None:
    choose_action(page, live_server, label)
    page.get_by_role("button", name=confirm).click()


def open_window(staff, live_server) -> None:
    """The administration opens the window for a month."""
    choose_action(staff, live_server, "Öppna nomineringen nu")
    closes = timezone.localtime(timezone.now() + timedelta(days=30))
    staff.get_by_label("Nomineringen stänger").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    staff.get_by_role("button", name="Ja, öppna nomineringen nu").click()
    staff.get_by_text("Nomineringen för 2030 är öppen.").wait_for()


def close_and_screen(staff, live_server, nomination: Nomination) -> None:
    """The administration closes the window and screens the nomination as eligible."""
    admin_action(staff, live_server, "Stäng nomineringen nu", "Ja, stäng nomineringen nu")
    staff.get_by_text("Nomineringen för 2030 är stängd.").wait_for()
    staff.goto(live_server.url + "/admin/nominations/nomination/")
    staff.get_by_role("link", name=nomination.reference).click()
    staff.get_by_label(re.compile(r"^Samverkan:?$")).select_option(label="uppfyller kriteriet")
    staff.get_by_label(re.compile(r"^Utveckling och mervärde:?$")).select_option(
        label="uppfyller kriteriet"
    )
    staff.get_by_role("button", name="Spara", exact=True).click()
    staff.wait_for_url(live_server.url + "/admin/nominations/nomination/")


def enter_foredragande(staff, live_server, prize_year) -> None:
    """The administration enters who presented the matter, which the decision names."""
    staff.goto(f"{live_server.url}/admin/nominations/prizeyear/{prize_year.pk}/change/")
    staff.get_by_role("textbox", name=re.compile(r"^Föredragande:?$")).fill("Fia Föredragande")
    staff.get_by_role("textbox", name=re.compile(r"^Föredragandens titel:?$")).fill("utredare")
    staff.get_by_role("button", name="Spara", exact=True).click()
    staff.wait_for_url(live_server.url + "/admin/nominations/prizeyear/")


def score(page, effort: str, values: tuple[int, int, int]) -> None:
    page.get_by_role("link", name=effort).click()
    for legend, value in zip(CRITERIA, values, strict=True):
        page.get_by_role("group", name=legend).get_by_label(SCALE[value]).check()
    page.get_by_role("button", name="Spara bedömning").click()
    page.get_by_text("är sparad").wait_for()


def close_scoring_and_open_vote(chair_page, live_server, axe, prize: str) -> None:
    """The chair closes scoring after seeing who is done, then opens the vote."""
    chair_page.goto(f"{live_server.url}/jury/{prize}/2030/ordforande/")
    chair_page.get_by_role("button", name="Stäng bedömningen …").click()
    chair_page.get_by_text("Alla jurymedlemmar har bedömt alla insatser de får bedöma.").wait_for()
    assert_accessible(axe, chair_page)
    chair_page.get_by_role("button", name="Ja, stäng bedömningen").click()
    chair_page.get_by_role("button", name="Öppna omröstningen …").click()
    chair_page.get_by_text("kan inte öppnas igen").wait_for()
    assert_accessible(axe, chair_page)
    chair_page.get_by_role("button", name="Ja, öppna omröstningen").click()
    chair_page.get_by_text("Klart: juryns arbete är nu i skedet").wait_for()


def vote(page, live_server, effort: str, prize: str = "trygghetspriset") -> None:
    page.goto(f"{live_server.url}/jury/{prize}/2030/omrostning/")
    page.get_by_label(effort).check()
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_text("Din röst kan inte ändras när du har lagt den.").wait_for()
    page.get_by_role("button", name="Ja, lägg min röst").click()
    page.get_by_text(f"Du har röstat på ”{effort}”").wait_for()


@pytest.mark.pdf
def test_a_whole_prize_year_in_order(browser, live_server, axe):
    prize_year = set_jury_deadlines(make_prize_year(opens_at=None, closes_at=None))
    # A superuser: this journey is about the order of the year; the group's rights are
    # tried in tests/nominations/test_admin_access.py.
    administrator = make_user(
        "admin", is_staff=True, is_superuser=True, first_name="Helena", last_name="Handläggare"
    )
    chair = make_juror(prize_year, "chair", role="chair")
    juror = make_juror(prize_year, "juror")
    staff, citizen = new_page(browser), new_page(browser)
    chair_page, juror_page = new_page(browser), new_page(browser)

    # The administration opens the window.
    log_in(staff, live_server, administrator, path="/admin/")
    staff.get_by_role("heading", name="Arbetet med priserna").wait_for()
    open_window(staff, live_server)

    # A citizen nominates.
    citizen.goto(live_server.url + "/priser/trygghetspriset/")
    citizen.get_by_role("link", name="Nominera en insats").click()
    fill_form_by_keyboard(citizen)
    citizen.get_by_role("heading", name="Tack för din nominering").wait_for()
    nomination = Nomination.objects.get()

    # The chair cannot start the jury while nominations are open.
    log_in(chair_page, live_server, chair, path="/jury/trygghetspriset/2030/ordforande/")
    chair_page.get_by_text("Nomineringen är fortfarande öppen. Stäng den först.").wait_for()
    assert_accessible(axe, chair_page)

    # The administration closes the window and screens the nomination.
    close_and_screen(staff, live_server, nomination)

    # The chair opens scoring.
    chair_page.reload()
    chair_page.get_by_role("button", name="Öppna bedömningen").click()
    chair_page.get_by_text("Klart: juryns arbete är nu i skedet").wait_for()

    # A juror declares a conflict by mistake, withdraws it, then scores; the chair scores.
    effort = "Trygga skolvägar i Rinkeby"
    log_in(juror_page, live_server, juror)
    juror_page.get_by_role("link", name=effort).click()
    juror_page.get_by_role("link", name="Anmäl jäv för den här insatsen").click()
    juror_page.get_by_label("Varför är du jävig?").fill("Jag trodde att det var min förening.")
    juror_page.get_by_role("button", name="Anmäl jäv").click()
    juror_page.get_by_role("link", name=effort).click()
    juror_page.get_by_role("button", name="Återkalla min anmälan").click()
    juror_page.get_by_text("Din jävsanmälan för").wait_for()
    assert_accessible(axe, juror_page)
    juror_page.goto(live_server.url + "/jury/trygghetspriset/2030/")
    score(juror_page, effort, (4, 4, 5))
    chair_page.goto(live_server.url + "/jury/trygghetspriset/2030/")
    score(chair_page, effort, (5, 4, 4))

    # The chair closes scoring after seeing who is done, then opens the vote.
    close_scoring_and_open_vote(chair_page, live_server, axe, "trygghetspriset")

    # Both vote, each seeing first that a vote cannot be changed.
    vote(juror_page, live_server, effort)
    assert_accessible(axe, juror_page)
    vote(chair_page, live_server, effort)

    # The chair sees the result and records the decision.
    chair_page.goto(live_server.url + "/jury/trygghetspriset/2030/ordforande/")
    chair_page.get_by_label("Juryns motivering").fill(
        "Skolvägarna visar hur skola, fält och föräldrar tillsammans gör vardagen tryggare."
    )
    chair_page.get_by_role("button", name="Visa resultatet innan det registreras …").click()
    chair_page.get_by_text(f"Vinnaren blir ”{effort}”.").wait_for()
    assert_accessible(axe, chair_page)
    chair_page.get_by_role("button", name="Ja, registrera beslutet").click()
    chair_page.get_by_text("Klart: juryns arbete är nu i skedet").wait_for()

    # The administration enters who presented the matter, which the decision names.
    enter_foredragande(staff, live_server, prize_year)

    # The decision is justerat by the chair and the justerare before it is published.
    chair_page.goto(live_server.url + "/jury/trygghetspriset/2030/beslut/")
    chair_page.get_by_role("combobox", name="Justerare").select_option(label="Juror Jurysson")
    chair_page.get_by_role("button", name="Utse justerare").click()
    chair_page.get_by_role("button", name="Markera som justerat").click()
    chair_page.get_by_text("Du har justerat beslutet.").wait_for()
    juror_page.goto(live_server.url + "/jury/trygghetspriset/2030/beslut/")
    juror_page.get_by_role("button", name="Markera som justerat").click()
    juror_page.get_by_text("Nu har båda justerat beslutet.").wait_for()

    # At the conference the administration announces the winner.
    admin_action(
        staff,
        live_server,
        "Offentliggör vinnaren på de publika sidorna",
        "Ja, offentliggör vinnaren",
    )
    staff.get_by_text("Vinnaren 2030 visas nu på de publika sidorna.").wait_for()
    citizen.goto(live_server.url + "/priser/trygghetspriset/tidigare-vinnare/")
    citizen.get_by_text(effort).first.wait_for()
    # The history links the winner to its own page, with the jury's motivation.
    citizen.get_by_role("link", name=effort).click()
    citizen.get_by_role("heading", name="Juryns motivering").wait_for()
    assert citizen.url == live_server.url + "/priser/trygghetspriset/tidigare-vinnare/2030/"

    prize_year.refresh_from_db()
    assert prize_year.jury_phase == JuryPhase.DECIDED and prize_year.announced_at
    assert Decision.objects.get().effort.name == effort
    assert Score.objects.count() == 2 and Vote.objects.count() == 2
    assert ConflictDeclaration.objects.get().withdrawn_at is not None
    assert list(AuditEntry.objects.order_by("at", "pk").values_list("action", flat=True)) == [
        AuditAction.WINDOW_OPENED,
        AuditAction.WINDOW_CLOSED,
        AuditAction.SCREENED,
        AuditAction.SCORING_OPENED,
        AuditAction.CONFLICT_DECLARED,
        AuditAction.CONFLICT_WITHDRAWN,
        AuditAction.SCORING_CLOSED,
        AuditAction.VOTE_OPENED,
        # The worker stores the frozen basis: the dossier and the summary of the scores.
        AuditAction.BASIS_FROZEN,
        AuditAction.BASIS_FROZEN,
        AuditAction.VOTE_CAST,
        AuditAction.VOTE_CAST,
        AuditAction.DECISION,
        AuditAction.FOREDRAGANDE_SET,
        AuditAction.JUSTERARE_NAMED,
        AuditAction.DECISION_CHECKED,
        AuditAction.DECISION_CHECKED,
        AuditAction.ANNOUNCED,
    ]


@pytest.mark.pdf
def test_a_whole_year_of_a_prize_a_committee_decides(browser, live_server, axe):
    """The jury proposes, Kulturnämnden decides, and only then is the winner published."""
    prize_year = set_jury_deadlines(
        make_prize_year(prize=kulturpriset(), opens_at=None, closes_at=None)
    )
    administrator = make_user(
        "admin", is_staff=True, is_superuser=True, first_name="Helena", last_name="Handläggare"
    )
    chair = make_juror(prize_year, "chair", role="chair")
    juror = make_juror(prize_year, "juror")
    staff, citizen = new_page(browser), new_page(browser)
    chair_page, juror_page = new_page(browser), new_page(browser)
    jury = f"{live_server.url}/jury/kulturpriset/2030"
    effort = "Trygga skolvägar i Rinkeby"
    proposes = f"Juryn föreslår ”{effort}” som vinnare. Kulturnämnden beslutar."

    # The window opens, a citizen nominates, the window closes and the effort is screened.
    log_in(staff, live_server, administrator, path="/admin/")
    open_window(staff, live_server)
    citizen.goto(live_server.url + "/priser/kulturpriset/")
    citizen.get_by_role("link", name="Nominera en insats").click()
    fill_form_by_keyboard(citizen)
    citizen.get_by_role("heading", name="Tack för din nominering").wait_for()
    close_and_screen(staff, live_server, Nomination.objects.get())

    # The jury scores, and votes as for any prize.
    log_in(chair_page, live_server, chair, path="/jury/kulturpriset/2030/ordforande/")
    chair_page.get_by_role("button", name="Öppna bedömningen").click()
    chair_page.get_by_text("Klart: juryns arbete är nu i skedet").wait_for()
    log_in(juror_page, live_server, juror, path="/jury/kulturpriset/2030/")
    score(juror_page, effort, (4, 4, 5))
    chair_page.goto(jury + "/")
    score(chair_page, effort, (5, 4, 4))
    close_scoring_and_open_vote(chair_page, live_server, axe, "kulturpriset")
    vote(juror_page, live_server, effort, prize="kulturpriset")
    vote(chair_page, live_server, effort, prize="kulturpriset")

    # What the chair records is the jury's proposal, and the page says who decides.
    chair_page.goto(jury + "/ordforande/")
    chair_page.get_by_role(
        "heading", name="Avsluta omröstningen och registrera juryns förslag"
    ).wait_for()
    chair_page.get_by_label("Juryns motivering").fill(
        "Skolvägarna visar hur skola, fält och föräldrar tillsammans gör vardagen tryggare."
    )
    chair_page.get_by_role("button", name="Visa resultatet innan det registreras …").click()
    chair_page.get_by_role("heading", name="Registrera juryns förslag?").wait_for()
    chair_page.get_by_text(proposes).wait_for()
    assert chair_page.get_by_text("Vinnaren blir").count() == 0
    assert_accessible(axe, chair_page)
    chair_page.get_by_role("button", name="Ja, registrera förslaget").click()
    chair_page.get_by_text(proposes).wait_for()

    # The proposal is justerat by the chair and the justerare, as a decision would be.
    enter_foredragande(staff, live_server, prize_year)
    chair_page.get_by_role("link", name="Utse justerare och justera förslaget").click()
    chair_page.get_by_role("heading", name="Juryns förslag", exact=True).wait_for()
    chair_page.get_by_role("combobox", name="Justerare").select_option(label="Juror Jurysson")
    chair_page.get_by_role("button", name="Utse justerare").click()
    chair_page.get_by_role("button", name="Markera som justerat").click()
    chair_page.get_by_text("Du har justerat förslaget.").wait_for()
    juror_page.goto(jury + "/beslut/")
    juror_page.get_by_role("button", name="Markera som justerat").click()
    juror_page.get_by_text("Nu har båda justerat förslaget.").wait_for()
    juror_page.get_by_text("Kulturnämnden har inte beslutat om förslaget än.").wait_for()
    assert_accessible(axe, juror_page)
    juror_page.set_viewport_size({"width": 390, "height": 844})
    assert juror_page.evaluate("document.documentElement.scrollWidth") <= 390

    # The winner cannot be announced before the committee has decided; the page says why.
    choose_action(staff, live_server, "Offentliggör vinnaren på de publika sidorna")
    staff.get_by_text("Vinnaren kan inte publiceras än:").wait_for()
    staff.get_by_text(
        "Kulturnämnden har inte beslutat om juryns förslag än, eller så är beslutet inte "
        "registrerat."
    ).first.wait_for()
    assert staff.get_by_role("button", name="Ja, offentliggör vinnaren").count() == 0
    assert_accessible(axe, staff)

    # After Kulturnämnden's meeting the administration records its decision from the minutes.
    choose_action(staff, live_server, "Registrera nämndens beslut om juryns förslag")
    staff.get_by_text(f"Juryn föreslog ”{effort}” den").wait_for()
    assert staff.get_by_label("Beslutande nämnd").input_value() == "Kulturnämnden"
    staff.get_by_label("Datum för beslutet").fill(timezone.localdate().isoformat())
    staff.get_by_label("Paragraf (§) i protokollet").fill("§ 7")
    staff.get_by_label(re.compile(r"^Diarienummer:?$")).fill("KUN 2030/0456")
    staff.get_by_label("Ja, nämnden beslutade enligt förslaget").check()
    assert_accessible(axe, staff)
    # The page fits a phone: an administrator may record it from one.
    staff.set_viewport_size({"width": 390, "height": 844})
    assert staff.evaluate("document.documentElement.scrollWidth") <= 390
    staff.set_viewport_size({"width": 1280, "height": 720})
    staff.get_by_role("button", name="Registrera beslutet").click()
    staff.get_by_text(
        f"Beslutet från Kulturnämnden om 2030 är registrerat: ”{effort}” vinner."
    ).wait_for()

    # Now the winner is announced, and the public page says who decided.
    admin_action(
        staff,
        live_server,
        "Offentliggör vinnaren på de publika sidorna",
        "Ja, offentliggör vinnaren",
    )
    staff.get_by_text("Vinnaren 2030 visas nu på de publika sidorna.").wait_for()
    citizen.goto(live_server.url + "/priser/kulturpriset/tidigare-vinnare/")
    citizen.get_by_text("(beslutat av Kulturnämnden på juryns förslag)").wait_for()
    citizen.get_by_role("link", name=effort).click()
    citizen.get_by_role("heading", name="Juryns motivering").wait_for()
    assert citizen.url == live_server.url + "/priser/kulturpriset/tidigare-vinnare/2030/"
    decided_by = " ".join(citizen.locator("#decided-by").inner_text().split())
    assert_accessible(axe, citizen)

    with translation.override("sv"):
        day = date_format(timezone.localdate(), "j F Y")
    assert decided_by == (
        f"Juryn föreslog ”{effort}” den {day}. Kulturnämnden beslutade enligt förslaget "
        f"den {day} (§ 7, diarienummer KUN 2030/0456)."
    )
    prize_year.refresh_from_db()
    assert prize_year.jury_phase == JuryPhase.DECIDED and prize_year.announced_at
    proposal = Decision.objects.get()
    assert proposal.effort.name == effort and proposal.is_checked
    decided = CommitteeDecision.objects.get()
    assert (decided.body, decided.decided_on, decided.paragraph, decided.case_number) == (
        "Kulturnämnden",
        timezone.localdate(),
        "§ 7",
        "KUN 2030/0456",
    )
    assert decided.followed_proposal and decided.effort_id == proposal.effort_id
    assert decided.recorded_by == administrator
    assert list(AuditEntry.objects.order_by("at", "pk").values_list("action", flat=True)) == [
        AuditAction.WINDOW_OPENED,
        AuditAction.WINDOW_CLOSED,
        AuditAction.SCREENED,
        AuditAction.SCORING_OPENED,
        AuditAction.SCORING_CLOSED,
        AuditAction.VOTE_OPENED,
        AuditAction.BASIS_FROZEN,
        AuditAction.BASIS_FROZEN,
        AuditAction.VOTE_CAST,
        AuditAction.VOTE_CAST,
        AuditAction.DECISION,
        AuditAction.FOREDRAGANDE_SET,
        AuditAction.JUSTERARE_NAMED,
        AuditAction.DECISION_CHECKED,
        AuditAction.DECISION_CHECKED,
        # The refused announcement changed nothing; the committee's decision comes first.
        AuditAction.COMMITTEE_DECISION,
        AuditAction.ANNOUNCED,
    ]


@pytest.mark.parametrize("width", [390, 1280])
def test_setting_up_a_year_from_its_approval_to_opening(browser, live_server, axe, width):
    """The committee's decisions first, then the window: each step says what it needs."""
    prize_year = make_prize_year(
        year=2031,
        opens_at=None,
        closes_at=None,
        orientation_approved_on=None,
        orientation_paragraph="",
        orientation_case_number="",
        case_number="",
    )
    administrator = make_user(
        "admin", is_staff=True, is_superuser=True, first_name="Helena", last_name="Handläggare"
    )
    context = browser.new_context(
        locale="sv-SE", timezone_id="Europe/Stockholm", viewport={"width": width, "height": 900}
    )
    staff = context.new_page()
    staff.set_default_timeout(10_000)
    log_in(staff, live_server, administrator, path="/admin/")

    # The start page leads to the year; Årets gång names the next step.
    staff.get_by_role("link", name="Årets gång: Trygghetspriset 2031").click()
    staff.get_by_text("Öppna nomineringen", exact=True).wait_for()
    assert_accessible(axe, staff)

    # Opening says at once what the year lacks, and leads to where to fix it.
    staff.goto(live_server.url + "/admin/nominations/prizeyear/")
    staff.get_by_role("row", name="2031").get_by_role("checkbox").check()
    staff.get_by_label("Åtgärd:").select_option(label="Öppna nomineringen nu")
    staff.get_by_role("button", name="Utför").click()
    staff.get_by_text("Det här steget går inte att ta nu:").wait_for()
    staff.get_by_text("Ange årets eget diarienummer.").wait_for()
    assert staff.get_by_label("Nomineringen stänger").count() == 0
    assert_accessible(axe, staff)
    assert staff.evaluate("document.documentElement.scrollWidth") <= width

    # The administration records the committee's decisions.
    staff.get_by_role("link", name="Rätta det på prisåret 2031").click()
    staff.get_by_label(re.compile(r"^Diarienummer:?$")).fill("SN 2031/0102")
    staff.get_by_label(re.compile(r"^Inriktningen godkänd:?$")).fill("2031-05-23")
    staff.get_by_label(re.compile(r"^Paragraf för godkännandet:?$")).fill("§ 12")
    staff.get_by_label(re.compile(r"^Diarienummer för beslutet om inriktningen:?$")).fill(
        "SN 2031/0101"
    )
    staff.get_by_role("button", name="Spara", exact=True).click()
    staff.wait_for_url(live_server.url + "/admin/nominations/prizeyear/")

    # Now opening asks for the closing time, and opens.
    staff.get_by_role("row", name="2031").get_by_role("checkbox").check()
    staff.get_by_label("Åtgärd:").select_option(label="Öppna nomineringen nu")
    staff.get_by_role("button", name="Utför").click()
    closes = timezone.localtime(timezone.now() + timedelta(days=30))
    staff.get_by_label("Nomineringen stänger").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    assert_accessible(axe, staff)
    staff.get_by_role("button", name="Ja, öppna nomineringen nu").click()
    staff.get_by_text("Nomineringen för 2031 är öppen.").wait_for()
    context.close()

    prize_year.refresh_from_db()
    assert prize_year.is_open()
    assert (prize_year.orientation_paragraph, prize_year.case_number) == ("§ 12", "SN 2031/0102")
    assert AuditEntry.objects.filter(action=AuditAction.WINDOW_OPENED).count() == 1
