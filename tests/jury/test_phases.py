"""The prize year's order, held by jury/phases.py: every step in turn, every other refused."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from jury import phases, voting
from jury.models import Decision, JuryMembership
from nominations.models import (
    AuditAction,
    AuditEntry,
    JuryPhase,
    Nomination,
    PrizeYear,
    ScreeningStatus,
)
from nominations.screening import set_aside
from tests.factories import (
    CLOSES_AT,
    OPENS_AT,
    close_window,
    log_in_verified,
    make_eligible_nomination,
    make_nomination,
    make_prize,
    make_prize_year,
    mark_decision_checked,
    nomination_post_data,
    set_jury_deadlines,
    trygghetspriset,
    year_setup_post,
)
from tests.phases import bring_to_phase

CHANGELIST = reverse("admin:nominations_prizeyear_changelist")


def at_phase(prize_year: PrizeYear, phase: str) -> int:
    """Bring the year's jury to the phase through the steps; the audit entries so far.

    The steps write their own entries; a test of a refused step compares with this number.
    """
    bring_to_phase(prize_year, phase)
    return AuditEntry.objects.count()


def unchanged(prize_year: PrizeYear, phase: str, audited: int = 0) -> bool:
    """The year still at the phase and nothing audited beyond the `audited` entries."""
    prize_year.refresh_from_db()
    return prize_year.jury_phase == phase and AuditEntry.objects.count() == audited


def test_open_scoring_refused_while_nominations_are_open(prize_year, administrator):
    make_eligible_nomination(prize_year)
    with time_machine.travel(OPENS_AT + timedelta(days=3), tick=False):
        with pytest.raises(phases.PhaseError, match="öppen|open"):
            phases.open_scoring(prize_year=prize_year, by=administrator)
    assert unchanged(prize_year, JuryPhase.PREPARATION)


def test_open_scoring_refused_while_a_nomination_is_unscreened(prize_year, administrator):
    make_eligible_nomination(prize_year)
    waiting = make_nomination(prize_year)
    close_window(prize_year)
    with pytest.raises(phases.PhaseError) as refusal:
        phases.open_scoring(prize_year=prize_year, by=administrator)
    assert waiting.reference in str(refusal.value)
    assert unchanged(prize_year, JuryPhase.PREPARATION)


def test_open_scoring_allowed_once_the_unscreened_nomination_is_set_aside(
    prize_year, administrator
):
    make_eligible_nomination(prize_year)
    duplicate = make_nomination(prize_year)
    close_window(prize_year)
    set_aside(nomination=duplicate, reason="Skickad två gånger.", by=administrator)
    set_jury_deadlines(prize_year)
    phases.open_scoring(prize_year=prize_year, by=administrator)
    prize_year.refresh_from_db()
    assert prize_year.jury_phase == JuryPhase.SCORING
    assert not Nomination.objects.eligible().filter(pk=duplicate.pk).exists()


@pytest.mark.parametrize(
    ("phase", "step"),
    [
        (JuryPhase.SCORING, "open_scoring"),
        (JuryPhase.PREPARATION, "close_scoring"),
        (JuryPhase.SCORING, "reopen_scoring"),
        (JuryPhase.VOTING, "reopen_scoring"),
        (JuryPhase.SCORING, "open_vote"),
        (JuryPhase.DELIBERATION, "decide"),
    ],
)
def test_jury_step_out_of_turn_refused_and_nothing_changes(prize_year, chair, phase, step):
    effort = make_eligible_nomination(prize_year).effort
    audited = at_phase(prize_year, phase)
    arguments = {
        "open_vote": {"efforts": [effort]},
        "decide": {"motivation": "En motivering som är lång nog."},
    }.get(step, {})
    with pytest.raises(phases.PhaseError):
        getattr(phases, step)(prize_year=prize_year, by=chair, **arguments)
    assert unchanged(prize_year, phase, audited)
    assert not Decision.objects.exists()


def test_announcing_twice_refused(prize_year, administrator, chair):
    make_eligible_nomination(prize_year)
    at_phase(prize_year, JuryPhase.DECIDED)
    mark_decision_checked(prize_year)
    phases.announce_winner(prize_year=prize_year, by=administrator)
    with pytest.raises(phases.PhaseError):
        phases.announce_winner(prize_year=prize_year, by=administrator)
    assert AuditEntry.objects.filter(action=AuditAction.ANNOUNCED).count() == 1


def test_opening_a_second_year_refused_naming_the_open_one(prize_year, administrator):
    next_year = make_prize_year(year=2031, opens_at=None, closes_at=None)
    with time_machine.travel(OPENS_AT + timedelta(days=3), tick=False):
        with pytest.raises(phases.PhaseError, match="2030"):
            phases.open_nominations(
                prize_year=next_year, closes_at=CLOSES_AT + timedelta(days=10), by=administrator
            )
    next_year.refresh_from_db()
    assert next_year.opens_at is None
    assert not AuditEntry.objects.exists()


def test_opening_a_year_of_another_prize_while_one_is_open_is_allowed(prize_year, administrator):
    other = make_prize_year(prize=make_prize(), opens_at=None, closes_at=None)
    with time_machine.travel(OPENS_AT + timedelta(days=3), tick=False):
        phases.open_nominations(prize_year=other, closes_at=CLOSES_AT, by=administrator)
        other.refresh_from_db()
        assert other.is_open() and PrizeYear.objects.get(pk=prize_year.pk).is_open()


def test_window_overlapping_another_year_refused_in_the_admin_form(
    administrator_client, prize_year
):
    response = administrator_client.post(
        reverse("admin:nominations_prizeyear_add"),
        {
            "prize": trygghetspriset().pk,
            "year": 2031,
            "theme": "Trygghet för äldre",
            "description": "",
            "prize_amount": 50000,
            "case_number": "",
            "opens_at_0": "2030-08-01",
            "opens_at_1": "00:00:00",
            "closes_at_0": "2030-10-01",
            "closes_at_1": "00:00:00",
            "historical_winner": "",
            **year_setup_post(2031),
        },
    )
    assert not PrizeYear.objects.filter(year=2031).exists()
    assert "2030" in response.content.decode()


def test_window_cannot_move_once_the_jury_has_started(prize_year, administrator):
    make_eligible_nomination(prize_year)
    audited = at_phase(prize_year, JuryPhase.SCORING)
    with pytest.raises(phases.PhaseError):
        phases.change_window(
            prize_year=prize_year,
            opens_at=timezone.now(),
            closes_at=timezone.now() + timedelta(days=30),
            by=administrator,
        )
    assert unchanged(prize_year, JuryPhase.SCORING, audited)


def test_open_scoring_through_admin_action_refused_while_open(administrator_client, prize_year):
    make_eligible_nomination(prize_year)
    with time_machine.travel(OPENS_AT + timedelta(days=3), tick=False):
        log_in_verified(administrator_client, administrator_client.user)
        response = administrator_client.post(
            CHANGELIST,
            {"action": "open_jury_scoring", "_selected_action": [prize_year.pk], "confirm": "yes"},
            follow=True,
        )
    assert "Stäng den först" in response.content.decode()
    assert unchanged(prize_year, JuryPhase.PREPARATION)


def test_open_scoring_confirmation_lists_what_is_left(administrator_client, prize_year):
    waiting = make_nomination(prize_year)
    close_window(prize_year)
    response = administrator_client.post(
        CHANGELIST, {"action": "open_jury_scoring", "_selected_action": [prize_year.pk]}
    )
    html = response.content.decode()
    assert waiting.reference in html
    assert "Ja, öppna bedömningen" not in html
    assert unchanged(prize_year, JuryPhase.PREPARATION)


def test_decision_through_direct_post_refused_while_scoring(chair_client, chair, prize_year):
    make_eligible_nomination(prize_year)
    audited = at_phase(prize_year, JuryPhase.SCORING)
    chair_client.post(
        reverse("jury:chair", args=[2030]),
        {
            "step": "close_vote",
            "motivation": "En motivering som är lång nog. " * 3,
            "confirm": "yes",
        },
    )
    assert unchanged(prize_year, JuryPhase.SCORING, audited)
    assert not Decision.objects.exists()


def test_close_scoring_confirmation_names_jurors_behind_and_unscored_efforts(
    chair_client, chair, juror, prize_year
):
    make_eligible_nomination(prize_year, effort_name="Läxhjälp i Rinkeby")
    audited = at_phase(prize_year, JuryPhase.SCORING)
    response = chair_client.post(reverse("jury:chair", args=[2030]), {"step": "close_scoring"})
    html = response.content.decode()
    assert "Juror Jurysson: 1 insats kvar" in html
    assert "Läxhjälp i Rinkeby" in html
    assert unchanged(prize_year, JuryPhase.SCORING, audited)


def test_chair_reopens_scoring_before_the_vote(chair_client, prize_year):
    make_eligible_nomination(prize_year)
    audited = at_phase(prize_year, JuryPhase.DELIBERATION)
    chair_client.post(reverse("jury:chair", args=[2030]), {"step": "reopen_scoring"})
    prize_year.refresh_from_db()
    assert prize_year.jury_phase == JuryPhase.SCORING
    assert AuditEntry.objects.order_by("pk")[audited:].get().action == (
        AuditAction.SCORING_REOPENED
    )


def test_decision_preview_shows_the_winner_before_recording(chair_client, chair, juror, prize_year):
    effort = make_eligible_nomination(prize_year, effort_name="Trygga trapphus").effort
    at_phase(prize_year, JuryPhase.DELIBERATION)
    phases.open_vote(prize_year=prize_year, efforts=[effort], by=chair)
    voting.cast_vote(membership=JuryMembership.objects.get(user=juror), effort=effort)
    voting.cast_vote(membership=JuryMembership.objects.get(user=chair), effort=effort)
    response = chair_client.post(
        reverse("jury:chair", args=[2030]),
        {
            "step": "close_vote",
            "motivation": "Trapphusen visar vad samverkan kan göra för de boende.",
        },
    )
    html = response.content.decode()
    assert "Vinnaren blir ”Trygga trapphus”" in html
    assert "Trygga trapphus: 2 röster" in html
    assert not Decision.objects.exists()


def test_announcement_action_asks_for_confirmation_first(administrator_client, prize_year, chair):
    make_eligible_nomination(prize_year, effort_name="Vinnande insats")
    at_phase(prize_year, JuryPhase.DECIDED)
    mark_decision_checked(prize_year)
    response = administrator_client.post(
        CHANGELIST, {"action": "announce_winner", "_selected_action": [prize_year.pk]}
    )
    assert "Vinnande insats" in response.content.decode()
    prize_year.refresh_from_db()
    assert prize_year.announced_at is None


def test_public_form_refuses_a_year_whose_jury_has_started(client, prize_year):
    # An impossible year by the process, made directly: the public form must still hold.
    # (So not through tests/phases.py, whose steps close the window before the jury starts.)
    with time_machine.travel(OPENS_AT + timedelta(days=3), tick=False):
        PrizeYear.objects.filter(pk=prize_year.pk).update(jury_phase=JuryPhase.SCORING)
        page = client.get(
            reverse("nominations:nominate", args=["trygghetspriset"])
        ).content.decode()
        client.post(
            reverse("nominations:nominate", args=["trygghetspriset"]), nomination_post_data()
        )
    assert "Nomineringen är stängd" in page
    assert not Nomination.objects.exists()


def test_home_names_the_next_window_when_none_is_open(client, prize_year):
    # Last year closed, this year's window announced but not yet open.
    make_prize_year(
        year=2029, opens_at=OPENS_AT.replace(year=2029), closes_at=CLOSES_AT.replace(year=2029)
    )
    with time_machine.travel(CLOSES_AT.replace(year=2029) + timedelta(days=30), tick=False):
        html = client.get("/priser/trygghetspriset/").content.decode()
    assert "1 juni 2030" in html
    assert "trygghetspriset@stockholm.se" in html
    assert reverse("nominations:history", args=["trygghetspriset"]) in html


def test_home_without_next_window_says_how_to_reach_the_administration(client, prize_year):
    with time_machine.travel(CLOSES_AT + timedelta(days=30), tick=False):
        html = client.get("/priser/trygghetspriset/").content.decode()
    assert "Nästa nomineringsperiod är inte bestämd än" in html
    assert "trygghetspriset@stockholm.se" in html


def test_screening_verdict_counts_for_open_scoring(prize_year, administrator):
    from nominations.screening import screen_nomination

    nomination = make_nomination(prize_year)
    close_window(prize_year)
    screen_nomination(
        nomination=nomination,
        verdicts={
            "collaboration": (ScreeningStatus.PASSED, ""),
            "added_value": (ScreeningStatus.PASSED, ""),
        },
        by=administrator,
    )
    set_jury_deadlines(prize_year)
    phases.open_scoring(prize_year=prize_year, by=administrator)
    prize_year.refresh_from_db()
    assert prize_year.jury_phase == JuryPhase.SCORING


# The committee's decisions before the window opens (issue 19, finding 1)


def unapproved_year(**blanks) -> PrizeYear:
    """A year in preparation, without a window, its set-up blanked as given."""
    return make_prize_year(year=2031, opens_at=None, closes_at=None, **blanks)


def test_open_nominations_refused_without_the_approval_recorded(db, administrator):
    year = unapproved_year(orientation_approved_on=None, orientation_case_number="")
    with pytest.raises(phases.PhaseError, match="godkände inriktningen"):
        phases.open_nominations(
            prize_year=year, closes_at=timezone.now() + timedelta(days=30), by=administrator
        )
    year.refresh_from_db()
    assert year.opens_at is None
    assert not AuditEntry.objects.filter(action=AuditAction.WINDOW_OPENED).exists()


def test_open_nominations_refused_without_the_years_case_number(db, administrator):
    year = unapproved_year(case_number="")
    with pytest.raises(phases.PhaseError, match="årets eget diarienummer"):
        phases.open_nominations(
            prize_year=year, closes_at=timezone.now() + timedelta(days=30), by=administrator
        )
    year.refresh_from_db()
    assert year.opens_at is None


def test_change_window_refused_without_the_approval_recorded(db, administrator):
    year = unapproved_year(orientation_case_number="")
    with pytest.raises(phases.PhaseError, match="diarienumret för godkännandet"):
        phases.change_window(
            prize_year=year,
            opens_at=timezone.now() + timedelta(days=1),
            closes_at=timezone.now() + timedelta(days=30),
            by=administrator,
        )
    year.refresh_from_db()
    assert year.opens_at is None


def test_open_nominations_allowed_once_the_decisions_are_recorded(db, administrator):
    year = unapproved_year()
    phases.open_nominations(
        prize_year=year, closes_at=timezone.now() + timedelta(days=30), by=administrator
    )
    year.refresh_from_db()
    assert year.is_open()


def test_window_without_approval_refused_in_the_admin_form(administrator_client, db):
    administrator_client.post(
        reverse("admin:nominations_prizeyear_add"),
        {
            "prize": trygghetspriset().pk,
            "year": 2031,
            "theme": "Trygghet för äldre",
            "prize_amount": 50000,
            "opens_at_0": "2031-06-01",
            "opens_at_1": "00:00:00",
            "closes_at_0": "2031-09-02",
            "closes_at_1": "00:00:00",
            **year_setup_post(2031),
            "orientation_approved_on": "",
        },
    )
    assert not PrizeYear.objects.filter(year=2031).exists()


# Deadlines before the jury starts (issue 19, finding 3)


def test_open_scoring_refused_without_deadlines(prize_year, administrator):
    make_eligible_nomination(prize_year)
    close_window(prize_year)
    with pytest.raises(phases.PhaseError, match="påminnelser"):
        phases.open_scoring(prize_year=prize_year, by=administrator)
    assert unchanged(prize_year, JuryPhase.PREPARATION)


def test_open_scoring_without_deadlines_records_the_reason(prize_year, administrator):
    make_eligible_nomination(prize_year)
    close_window(prize_year)
    phases.open_scoring(
        prize_year=prize_year,
        by=administrator,
        without_deadlines_because="Juryn möts en enda dag och bedömer då allt.",
    )
    prize_year.refresh_from_db()
    assert prize_year.jury_phase == JuryPhase.SCORING
    entry = AuditEntry.objects.get(action=AuditAction.SCORING_OPENED)
    assert "inga påminnelser" in entry.summary
    assert "Juryn möts en enda dag" in entry.summary


def test_chair_page_says_up_front_that_the_deadlines_are_missing(chair_client, prize_year):
    make_eligible_nomination(prize_year)
    close_window(prize_year)
    html = chair_client.get(reverse("jury:chair", args=[2030])).content.decode()
    assert "Förvaltningen har inte angett sista dag för bedömningen och sista dag för" in html
    assert 'value="open_scoring"' not in html


def test_chair_page_offers_to_open_scoring_once_the_deadlines_are_set(chair_client, prize_year):
    make_eligible_nomination(prize_year)
    close_window(set_jury_deadlines(prize_year))
    html = chair_client.get(reverse("jury:chair", args=[2030])).content.decode()
    assert 'value="open_scoring"' in html


def test_saving_a_window_with_empty_english_texts_warns(administrator_client, db):
    response = administrator_client.post(
        reverse("admin:nominations_prizeyear_add"),
        {
            "prize": trygghetspriset().pk,
            "year": 2031,
            "theme": "Trygghet för äldre",
            "prize_amount": 50000,
            "opens_at_0": "2031-06-01",
            "opens_at_1": "00:00:00",
            "closes_at_0": "2031-09-02",
            "closes_at_1": "00:00:00",
            **year_setup_post(2031),
        },
        follow=True,
    )
    assert PrizeYear.objects.get(year=2031).opens_at is not None
    assert "De engelska texterna saknas för temat" in response.content.decode()
