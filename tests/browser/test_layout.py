"""No page of the public site or the jury area scrolls sideways on a phone (WCAG 1.4.10).

Every page is loaded as the persona who sees it and measured at 320 and 390 px, and at
two tablet widths where a stacked table may be a table again: it must be no wider than
the screen. Wide tables become stacked rows, or scroll inside a labelled region of their
own. The efforts carry long names, a long Swedish compound among them, and the jurors
long comments, as real ones do.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import timezone
from django.views.defaults import permission_denied, server_error
from django_otp.plugins.otp_totp.models import TOTPDevice

from jury import conflicts, phases, scoring, voting
from jury.models import JuryMembership, RenderedDocument
from nominations.models import JuryPhase, PrizeYear, ScreeningStatus
from tests.browser.conftest import assert_accessible
from tests.browser.jury_login import PASSWORD, current_code, log_in
from tests.factories import (
    close_window,
    make_decision,
    make_eligible_nomination,
    make_juror,
    make_nomination,
    make_prize,
    make_prize_year,
    make_user,
    nomination_post_data,
    set_jury_deadlines,
    trygghetspriset,
)
from tests.mail_queue import run_queued_tasks
from tests.phases import bring_to_phase

# Each test makes what it shows: the data the migrations seed is gone once an earlier
# transactional test has flushed the database.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONES = (320, 390)
WIDTHS = (*PHONES, 600, 768)
LONG_COMPOUND = "Grannsamverkansnätverksutbildningen i Hässelby-Vällingby"
EFFORTS = (LONG_COMPOUND, "Nattvandring i Skärholmen med föräldrar och fältassistenter", "Läxhjälp")
LONG_COMMENT = (
    "Tydlig samverkan mellan stadsdelsförvaltningen, polisen och bostadsbolaget, men "
    "resultaten kunde ha beskrivits med fler siffror: trygghetsmätningen från 2029 saknas."
)
LONG_REASON = "Jag sitter i styrelsen för föreningen som driver insatsen tillsammans med skolan."


class Measure:
    """Loads pages and notes every one that is wider than the screen, to report them all."""

    def __init__(self, page, live_server) -> None:
        self.page = page
        self.base = live_server.url
        self.too_wide: list[str] = []

    def __call__(self, what: str) -> None:
        """Measure the page that is open now, at each width."""
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 800})
            scroll_width = self.page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                self.too_wide.append(f"{what} ({self.page.url}): {scroll_width} px at {width} px")

    def visit(self, path: str, what: str) -> None:
        self.page.set_viewport_size({"width": PHONES[0], "height": 800})
        self.page.goto(self.base + path)
        self(what)


@pytest.fixture
def measure(page, live_server) -> Measure:
    return Measure(page, live_server)


def post_from_page(page, path: str, fields: dict, *, with_token: bool = True) -> None:
    """Send a form from the open page as its own form would, and wait for the answer."""
    page.evaluate(
        """([path, fields, withToken]) => {
            const form = document.createElement("form");
            Object.assign(form, {method: "post", action: path});
            const token = document.querySelector("[name=csrfmiddlewaretoken]");
            if (withToken && token) fields.csrfmiddlewaretoken = token.value;
            for (const [name, value] of Object.entries(fields)) {
                const input = document.createElement("input");
                form.append(Object.assign(input, {type: "hidden", name, value}));
            }
            document.body.append(form);
            HTMLFormElement.prototype.submit.call(form);
        }""",
        [path, fields, with_token],
    )
    page.wait_for_load_state()


def serve_error_page(page, live_server, path: str, response) -> None:
    """Answer one address with the page Django's own error handler renders."""
    body = response.content.decode()
    page.route(
        live_server.url + path,
        lambda route: route.fulfill(
            status=response.status_code, content_type="text/html; charset=utf-8", body=body
        ),
    )


def enter_password(page, live_server, user) -> None:
    """The login's first step; the second (code or set-up) is the page that follows."""
    page.goto(live_server.url + "/jury/logga-in/")
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_load_state()


def test_public_pages_fit_a_phone(page, live_server, measure, axe):
    now = timezone.now()
    prize_year = make_prize_year(
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30)
    )
    # A past winner with a long name, as in the seeded history.
    make_prize_year(
        year=2028,
        opens_at=None,
        closes_at=None,
        historical_winner="IGOR, ett samverkansprojekt mellan Polisen och Södermalms "
        "stadsdelsförvaltning med målet att förebygga och förhindra mäns våld mot kvinnor",
    )
    # A decided year waiting for the conference: the history says when it is presented.
    decided = make_prize_year(year=2029, conference_date=(now + timedelta(days=30)).date())
    winner = make_eligible_nomination(decided, effort_name=LONG_COMPOUND).effort
    make_decision(decided, votes={make_juror(decided, "chair", role="chair"): winner})
    announced_winner(2027)
    # A second prize with a long name and an owner of its own, its call open too, with
    # every rule on who may be nominated: its call lists them, its form asks a question.
    other = make_prize(
        slug="tillganglighetspriset",
        name="Stockholms stads pris för tillgänglighet och delaktighet",
        reference_prefix="TG",
        self_nomination_allowed=False,
        excludes_own_staff=True,
        excludes_last_winner=True,
    )
    make_prize_year(
        prize=other, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30)
    )

    measure.visit("/", "the prizes, nominations open")
    assert_accessible(axe, page)
    measure.visit("/priser/trygghetspriset/", "a prize's call, open")
    assert_accessible(axe, page)
    measure.visit("/priser/tillganglighetspriset/", "a second prize's call, open")
    assert_accessible(axe, page)
    measure.visit("/priser/tillganglighetspriset/nominera/", "a second prize's form, open")
    page.get_by_role("group", name="Är du själv med i insatsen som du nominerar?").wait_for()
    assert_accessible(axe, page)
    measure.visit("/priser/tillganglighetspriset/tidigare-vinnare/", "a second prize's history")
    measure.visit("/priser/trygghetspriset/nominera/", "the form, open")
    page.evaluate(
        """(data) => {
            const form = document.querySelector("[name=effort_name]").form;
            for (const [name, value] of Object.entries(data)) {
                let field = form.elements.namedItem(name);
                if (!field) {
                    field = Object.assign(document.createElement("input"), {type: "hidden", name});
                    form.append(field);
                }
                field.value = value;
            }
            HTMLFormElement.prototype.submit.call(form);
        }""",
        nomination_post_data(effort_name=LONG_COMPOUND),
    )
    page.wait_for_url(live_server.url + "/priser/trygghetspriset/nominera/tack/")
    measure("the receipt")
    measure.visit("/priser/trygghetspriset/tidigare-vinnare/", "history")
    page.get_by_text("Vinnaren presenteras på trygghetskonferensen den").wait_for()
    assert_accessible(axe, page)
    measure.visit("/priser/trygghetspriset/tidigare-vinnare/2027/", "an announced winner's page")
    page.get_by_role("heading", name="Juryns motivering").wait_for()
    assert_accessible(axe, page)
    measure.visit(
        "/priser/trygghetspriset/tidigare-vinnare/2028/",
        "a winner's page from the historical record",
    )
    assert_accessible(axe, page)
    measure.visit("/oppna-data/", "open data")
    assert_accessible(axe, page)
    measure.visit("/lattlast/", "lättläst")
    assert_accessible(axe, page)
    measure.visit("/personuppgifter/", "privacy notice")
    measure.visit("/tillganglighet/", "accessibility statement")
    measure.visit("/konto/losenord/", "forgotten password")
    measure.visit("/finns-inte/", "404")

    measure.visit("/priser/trygghetspriset/nominera/", "the form, before an oversized request")
    post_from_page(page, "/priser/trygghetspriset/nominera/", {"description": "å" * 300_000})
    page.get_by_role("heading", name="Vi kunde inte hantera förfrågan").wait_for()
    measure("400")
    measure.visit(
        "/priser/trygghetspriset/nominera/", "the form, before a request without its token"
    )
    post_from_page(
        page, "/priser/trygghetspriset/nominera/", {"effort_name": "Utan token"}, with_token=False
    )
    page.get_by_role("heading", name="Formuläret har gått ut").wait_for()
    measure("403, form expired")
    request = RequestFactory().get("/")
    serve_error_page(page, live_server, "/fel-403/", permission_denied(request, PermissionDenied()))
    serve_error_page(page, live_server, "/fel-500/", server_error(request))
    measure.visit("/fel-403/", "403")
    measure.visit("/fel-500/", "500")

    PrizeYear.objects.filter(pk=prize_year.pk).update(closes_at=now - timedelta(minutes=1))
    measure.visit("/priser/trygghetspriset/", "a prize's call, closed")
    measure.visit("/priser/trygghetspriset/nominera/", "the form, closed")

    assert measure.too_wide == []


def announced_winner(year: int) -> PrizeYear:
    """A year whose winner, with a long compound for a name, is announced."""
    prize_year = make_prize_year(
        year=year,
        conference_date=timezone.localdate() - timedelta(days=30),
        conference_place="Stockholm Waterfront Congress Centre",
    )
    effort = make_eligible_nomination(
        prize_year,
        effort_name=LONG_COMPOUND,
        organisations=("Hässelby-Vällingby stadsdelsförvaltning", "Polisområde Nordväst"),
    ).effort
    make_decision(
        prize_year,
        votes={make_juror(prize_year, f"chair{year}", role="chair"): effort},
        motivation=LONG_COMMENT,
    )
    PrizeYear.objects.filter(pk=prize_year.pk).update(announced_at=timezone.now())
    return prize_year


@pytest.mark.parametrize("width", (*WIDTHS, 1024, 1280, 1920))
def test_history_shows_every_year_on_one_line(page, live_server, width):
    # Long themes and winners beside the year, as in the seeded history. The seeded years
    # are there when this is a worker's first test on a live server, gone after a flush.
    for year in range(2012, 2023):
        PrizeYear.objects.update_or_create(
            prize=trygghetspriset(),
            year=year,
            defaults={
                "theme": "arbete mot våld och kriminalitet i Stockholms stad utifrån ett "
                "genusperspektiv",
                "historical_winner": "IGOR, ett samverkansprojekt mellan Polisen och Södermalms "
                "stadsdelsförvaltning med målet att förebygga och förhindra mäns våld mot kvinnor",
            },
        )
    announced_winner(2026)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/priser/trygghetspriset/tidigare-vinnare/")
    lines = page.evaluate(
        """() => [...document.querySelectorAll("tbody th[scope=row]")].map((th) => {
            const range = document.createRange();
            range.selectNodeContents(th);
            return [th.textContent.trim(), range.getClientRects().length];
        })"""
    )
    assert [year for year, _count in lines] == [str(y) for y in range(2026, 2011, -1)]
    assert [year for year, count in lines if count != 1] == []


def jury_year_at(phase: str):
    prize_year = close_window(make_prize_year())
    efforts = {
        name: make_eligible_nomination(
            prize_year,
            effort_name=name,
            organisations=("Hässelby-Vällingby stadsdelsförvaltning", "Polisområde Nordväst"),
        ).effort
        for name in EFFORTS
    }
    bring_to_phase(prize_year, phase)
    chair = make_juror(prize_year, "chair", role="chair")
    juror = make_juror(prize_year, "juror")
    other = make_juror(prize_year, "annika")
    return prize_year, efforts, chair, juror, other


@pytest.fixture
def jury_year(transactional_db):
    return jury_year_at(JuryPhase.SCORING)


@pytest.fixture
def preparing_jury_year(transactional_db):
    """The jury appointed, the screening done, scoring not yet open."""
    return jury_year_at(JuryPhase.PREPARATION)


def score_every_effort(user, efforts, *, comment: str = LONG_COMMENT) -> None:
    membership = JuryMembership.objects.get(user=user)
    for effort in efforts:
        scoring.save_score(
            membership=membership,
            effort=effort,
            values={"innovation": 4, "inspiration": 3, "results": 5},
            comment=comment,
        )


@pytest.mark.pdf
def test_juror_pages_fit_a_phone(page, live_server, measure, jury_year, axe):
    prize_year, efforts, chair, juror, other = jury_year
    long_effort = efforts[LONG_COMPOUND].pk
    score_every_effort(other, efforts.values())
    score_every_effort(juror, efforts.values(), comment="Bra.")

    # A newcomer's first login sets up the authenticator app.
    newcomer = make_juror(prize_year, "nykomling")
    enter_password(page, live_server, newcomer)
    page.get_by_label("Sexsiffrig kod").wait_for()
    measure("setting up the app")
    page.context.clear_cookies()

    measure.visit("/jury/logga-in/", "login")
    log_in(page, live_server, juror)
    measure.visit("/jury/trygghetspriset/2030/", "the efforts")
    measure.visit(f"/jury/trygghetspriset/2030/insats/{long_effort}/", "an effort, scoring open")
    page.get_by_role("heading", name="De andra jurymedlemmarnas betyg").wait_for()
    assert_accessible(axe, page)
    measure.visit(f"/jury/trygghetspriset/2030/insats/{long_effort}/jav/", "declaring a conflict")
    measure.visit("/jury/trygghetspriset/2030/rangordning/", "ranking")
    page.get_by_text(LONG_COMPOUND).first.wait_for()
    assert_accessible(axe, page)

    phases.close_scoring(prize_year=prize_year, by=chair)
    phases.open_vote(prize_year=prize_year, efforts=list(efforts.values()), by=chair)
    measure.visit("/jury/trygghetspriset/2030/omrostning/", "the vote, open")
    page.get_by_label(LONG_COMPOUND).check()
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_text("Din röst kan inte ändras när du har lagt den.").wait_for()
    measure("the vote, confirming")

    # Every juror who takes part votes before the decision can be recorded.
    for user in (chair, juror, other, newcomer):
        voting.cast_vote(
            membership=JuryMembership.objects.get(user=user), effort=efforts[LONG_COMPOUND]
        )
    phases.decide(prize_year=prize_year, motivation=LONG_COMMENT, by=chair)
    measure.visit("/jury/trygghetspriset/2030/beslut/", "the decision, for a juror")
    measure.visit("/jury/trygghetspriset/2030/omrostning/", "the vote, decided")

    assert measure.too_wide == []


@pytest.mark.pdf
def test_document_progress_page_fits_a_phone(
    page, live_server, measure, jury_year, axe, mail_worker_stopped
):
    prize_year, efforts, chair, juror, other = jury_year
    log_in(page, live_server, juror)
    # The first download of the dossier waits for the worker, on its progress page.
    measure.visit("/jury/trygghetspriset/2030/underlag.pdf", "the dossier's progress, waiting")
    page.get_by_role("heading", name="Underlaget för bedömning skapas").wait_for()
    progress_path = page.url.removeprefix(live_server.url)
    # The page updates itself; axe checks the same page with that turned off.
    measure.visit(progress_path + "?uppdatera=nej", "the dossier's progress, not updating")
    assert_accessible(axe, page)
    RenderedDocument.objects.update(
        status="layout", efforts_done=3, efforts_total=3, pages_done=4, started_at=timezone.now()
    )
    measure.visit(progress_path + "?uppdatera=nej", "the dossier's progress, laying out")
    RenderedDocument.objects.update(status="failed", failure="error", reason="MemoryError")
    measure.visit(progress_path, "the dossier's progress, failed")
    page.get_by_role("button", name="Försök igen").click()
    page.wait_for_load_state()
    run_queued_tasks()
    measure.visit(progress_path, "the dossier's progress, done")
    page.get_by_role("link", name="Ladda ner underlaget för bedömning (PDF)").wait_for()
    assert_accessible(axe, page)

    assert measure.too_wide == []


@pytest.mark.pdf
def test_chair_pages_fit_a_phone_in_every_phase(
    page, live_server, measure, preparing_jury_year, axe
):
    prize_year, efforts, chair, juror, other = preparing_jury_year

    # The login's code step, then the rest of it as a person does it.
    device = TOTPDevice.objects.create(user=chair, name="phone", confirmed=True)
    enter_password(page, live_server, chair)
    measure("the login's code step")
    page.get_by_label("Sexsiffrig kod").fill(current_code(device))
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()

    measure.visit("/jury/trygghetspriset/2030/ordforande/", "chair, preparation")
    set_jury_deadlines(prize_year)
    phases.open_scoring(prize_year=prize_year, by=chair)
    conflicts.declare_conflict(
        membership=JuryMembership.objects.get(user=other),
        effort=efforts["Läxhjälp"],
        reason=LONG_REASON,
    )
    score_every_effort(juror, efforts.values())
    measure.visit("/jury/trygghetspriset/2030/ordforande/", "chair, scoring")
    measure.visit("/jury/trygghetspriset/2030/jav/", "conflicts of interest")
    measure.visit("/jury/trygghetspriset/2030/arets-gang/", "the year at a glance")
    assert_accessible(axe, page)
    measure.visit("/jury/trygghetspriset/2030/rangordning/", "ranking, for the chair")

    phases.close_scoring(prize_year=prize_year, by=chair)
    measure.visit("/jury/trygghetspriset/2030/ordforande/", "chair, scoring closed")
    phases.open_vote(prize_year=prize_year, efforts=list(efforts.values()), by=chair)
    for user, name in ((chair, LONG_COMPOUND), (juror, EFFORTS[1])):
        voting.cast_vote(membership=JuryMembership.objects.get(user=user), effort=efforts[name])
    measure.visit("/jury/trygghetspriset/2030/ordforande/", "chair, vote open and tied")
    page.get_by_text("Det är lika röstetal.").wait_for()

    phases.decide(
        prize_year=prize_year,
        motivation=LONG_COMMENT,
        by=chair,
        casting_vote=efforts[LONG_COMPOUND],
    )
    measure.visit("/jury/trygghetspriset/2030/ordforande/", "chair, decided")
    measure.visit("/jury/trygghetspriset/2030/beslut/", "the decision, for the chair")
    assert_accessible(axe, page)
    measure.visit("/jury/trygghetspriset/2030/arets-gang/", "the year at a glance, decided")

    assert measure.too_wide == []


def test_admin_nomination_list_fits_a_1280_px_screen(page, live_server):
    prize_year = make_prize_year()
    make_nomination(prize_year, effort_name=LONG_COMPOUND, district="hasselby-vallingby")
    make_nomination(
        prize_year,
        effort_name="Trygga trapphus i Östberga",
        district="enskede-arsta-vantor",
        collaboration_status=ScreeningStatus.FAILED,
        collaboration_reason="Bara en organisation.",
        added_value_status=ScreeningStatus.FAILED,
        added_value_reason="Ordinarie verksamhet.",
    )
    grouped = make_eligible_nomination(prize_year, effort_name=EFFORTS[1])
    make_eligible_nomination(prize_year, effort=grouped.effort, effort_name="Nattvandringar")
    make_nomination(prize_year, collaboration_status=ScreeningStatus.PASSED)
    page.set_viewport_size({"width": 1280, "height": 800})
    superuser = make_user("admin", is_staff=True, is_superuser=True)
    log_in(page, live_server, superuser, path="/admin/nominations/nomination/")
    page.get_by_text("✗ uppfyller inte: samverkan, utveckling och mervärde").wait_for()

    table, room = page.evaluate(
        """[document.querySelector("#result_list").scrollWidth,
            document.querySelector("#result_list").parentElement.clientWidth]"""
    )
    assert table <= room
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.get_by_text("○ inte granskad").count() == 1


def lines_of(page, selector: str) -> list[str]:
    """The text of an element as the browser lays it out, one string per line."""
    return page.evaluate(
        """(selector) => {
            const element = document.querySelector(selector);
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            const lines = new Map();
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (let i = 0; i < node.length; i++) {
                    const range = document.createRange();
                    range.setStart(node, i);
                    range.setEnd(node, i + 1);
                    const rect = range.getBoundingClientRect();
                    if (!rect.width) continue;
                    const top = Math.round(rect.top);
                    lines.set(top, (lines.get(top) || "") + node.data[i]);
                }
            }
            return [...lines.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
        }""",
        selector,
    )


def test_history_page_keeps_each_year_on_one_line_on_a_laptop(page, live_server):
    make_prize_year(
        year=2026,
        opens_at=None,
        closes_at=None,
        historical_winner="IGOR, ett samverkansprojekt mellan Polisen, Södermalms "
        "stadsdelsförvaltning, Stockholms stads trafikkontor och fastighetsägarna",
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/priser/trygghetspriset/tidigare-vinnare/")
    assert lines_of(page, "tbody th[scope=row]") == ["2026"]


@pytest.mark.parametrize("width", PHONES)
def test_accessibility_statement_heading_breaks_no_letter_off_on_a_phone(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/tillganglighet/")
    lines = lines_of(page, "main h1")
    assert min(len(line.strip("\xad-")) for line in lines) >= 4, lines


@pytest.mark.parametrize("width", PHONES)
def test_phone_number_never_breaks_after_its_area_code(page, live_server, width):
    trygghetspriset()  # the owner whose phone number the statement gives
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/tillganglighet/")
    numbers = page.locator("main a[href^='tel:']").all()
    assert numbers
    for number in numbers:
        assert number.evaluate("(a) => a.getClientRects().length") == 1


def widest_right_edge(page) -> float:
    """How far right anything in the admin's content reaches, hidden overflow included."""
    widest = page.evaluate(
        """[...document.querySelectorAll("#content *")].map((element) => [
            element.getBoundingClientRect().right, element.tagName + "." + element.className
        ]).sort((a, b) => b[0] - a[0])[0] || [0, ""]"""
    )
    return widest[0]


@pytest.mark.parametrize("width", PHONES)
def test_admin_year_at_a_glance_and_audit_list_fit_a_phone(page, live_server, width):
    prize_year = make_prize_year()
    for name in EFFORTS:
        make_eligible_nomination(prize_year, effort_name=name)
    make_juror(prize_year, "chair", role="chair")
    make_juror(prize_year, "juror")
    from nominations.models import AuditAction, AuditEntry

    AuditEntry.record(
        actor=None,
        action=AuditAction.SCREENED,
        prize_year=prize_year,
        summary=f"Granskade TP2030-ABCDEF ”{LONG_COMPOUND}”: {LONG_COMMENT}",
    )
    superuser = make_user("admin", is_staff=True, is_superuser=True)
    log_in(page, live_server, superuser, path="/admin/")
    page.get_by_role("link", name="Logga ut").or_(
        page.get_by_role("button", name="Logga ut")
    ).first.wait_for()
    page.set_viewport_size({"width": width, "height": 800})
    for path in (
        f"/admin/nominations/prizeyear/{prize_year.pk}/arets-gang/",
        "/admin/nominations/auditentry/",
    ):
        page.goto(live_server.url + path)
        assert widest_right_edge(page) <= width, path


@pytest.mark.pdf
@pytest.mark.parametrize("width", (1280, 390))
def test_admin_audit_list_shows_the_details_within_the_screen(page, live_server, tmp_path, width):
    """The registrar reads the trail at 1280 px: the details column in view, to the second."""
    from jury.basis import freeze_basis
    from jury.models import BasisDocument
    from nominations.models import AuditAction, AuditEntry

    prize_year = make_prize_year()
    make_eligible_nomination(prize_year, effort_name=LONG_COMPOUND)
    for _ in range(3):
        AuditEntry.record(
            actor=None,
            action=AuditAction.SCREENED,
            prize_year=prize_year,
            summary=f"Granskade TP2030-ABCDEF ”{LONG_COMPOUND}”: {LONG_COMMENT}",
            changes={"before": {"closes_at": timezone.now().isoformat()}, "reasons": LONG_REASON},
        )
    [document, *_] = freeze_basis(prize_year=prize_year, at=timezone.now(), by=None)
    run_queued_tasks()
    assert BasisDocument.objects.get(pk=document.pk).is_stored
    superuser = make_user("admin", is_staff=True, is_superuser=True)
    log_in(page, live_server, superuser, path="/admin/")
    page.get_by_role("link", name="Logga ut").or_(
        page.get_by_role("button", name="Logga ut")
    ).first.wait_for()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(
        f"{live_server.url}/admin/nominations/auditentry/?prize_year__id__exact={prize_year.pk}"
    )
    page.screenshot(path=tmp_path / f"audit-{width}.png", full_page=True)
    details = page.locator("#result_list td.field-summary").first
    box = details.bounding_box()
    # Within the list's own box, which cuts off (scrolls) what is wider than it.
    shown = page.locator("#changelist .results").bounding_box()
    assert box["x"] + box["width"] <= min(width, shown["x"] + shown["width"]) + 1
    assert widest_right_edge(page) <= width
    assert "SHA-256" in details.inner_text()
    # To the second: "3 december 2026 09:14:05".
    when = page.locator("#result_list .field-at_display").first.inner_text()
    assert when.count(":") == 2
    assert page.get_by_role("link", name=f"Händelselogg för {prize_year.year} (CSV)").count() == 1
