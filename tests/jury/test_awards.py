"""Outcomes besides one winner (jury/awards.py): not awarded, shared, honourable mentions."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from jury import awards, justering, phases, voting
from jury.errors import JusteringError, PhaseError
from jury.models import ConflictDeclaration, Decision, HonourableMention, JuryMembership
from nominations.models import AuditAction, AuditEntry, ConflictRule, JuryPhase, PrizeYear
from tests.factories import log_in_verified, make_eligible_nomination, make_juror
from tests.phases import bring_to_phase

REASON = "Ingen av insatserna har ännu visat resultat som motsvarar prisets syfte."
MENTION = "Läxhjälpen når många barn och visar hur skolan och föreningarna kan samverka."


@pytest.fixture
def voting_year(prize_year, chair, juror, efforts):
    """The year at the vote among the three fixture efforts, no one has voted yet."""
    return bring_to_phase(prize_year, JuryPhase.VOTING)


@pytest.fixture
def decided(voting_year, chair, juror, efforts):
    """Nattvandring wins by both votes; the decision is not yet checked."""
    for user in (chair, juror):
        membership = JuryMembership.objects.get(user=user)
        voting.cast_vote(membership=membership, effort=efforts["Nattvandring"])
    return phases.decide(
        prize_year=voting_year,
        motivation="Nattvandringen förenar föräldrar, polis och skola.",
        by=chair,
    )


def pdf_text(content: bytes) -> str:
    reader = PdfReader(BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def chair_post(client, data: dict):
    return client.post(reverse("jury:chair", args=[2030]), data, follow=True)


# Not awarded.


def test_not_awarded_is_recorded_with_its_reason_and_no_winner(voting_year, chair):
    decision = phases.decide(
        prize_year=voting_year, motivation="", not_awarded_reason=REASON, by=chair
    )
    decision.refresh_from_db()
    assert (decision.effort, decision.not_awarded_reason) == (None, REASON)
    assert PrizeYear.objects.get(pk=voting_year.pk).jury_phase == JuryPhase.DECIDED


def test_not_awarded_is_audited_with_its_reason(voting_year, chair):
    phases.decide(prize_year=voting_year, motivation="", not_awarded_reason=REASON, by=chair)
    entry = AuditEntry.objects.filter(action=AuditAction.DECISION).get()
    assert entry.summary == f"Juryn beslutade att inte dela ut priset för 2030: {REASON}"
    assert entry.changes["not_awarded"] == REASON


def test_not_awarded_needs_no_votes(voting_year, chair):
    phases.decide(prize_year=voting_year, motivation="", not_awarded_reason=REASON, by=chair)
    assert Decision.objects.get().tally == {
        str(pk): 0 for pk in voting_year.efforts.values_list("pk", flat=True)
    }


def test_not_awarded_refused_for_a_member_who_does_not_lead(voting_year, juror):
    with pytest.raises(PhaseError, match="som leder juryn"):
        phases.decide(prize_year=voting_year, motivation="", not_awarded_reason=REASON, by=juror)
    assert not Decision.objects.exists()


def test_not_awarded_refused_without_a_quorate_jury(voting_year, chair, juror, efforts):
    ConflictDeclaration.objects.create(juror=juror, effort=efforts["Läxhjälp"], reason="Styrelse.")
    with pytest.raises(PhaseError, match="kan inte besluta"):
        phases.decide(prize_year=voting_year, motivation="", not_awarded_reason=REASON, by=chair)
    assert not Decision.objects.exists()


def test_chair_page_shows_not_awarded_before_recording_it(client, voting_year, chair):
    log_in_verified(client, chair)
    html = chair_post(client, {"step": "not_awarded", "reason": REASON}).content.decode()
    assert "Juryn beslutar att inte dela ut priset för 2030." in html
    assert not Decision.objects.exists()


def test_chair_page_records_not_awarded_once_confirmed(client, voting_year, chair):
    log_in_verified(client, chair)
    chair_post(client, {"step": "not_awarded", "reason": REASON, "confirm": "yes"})
    assert Decision.objects.get().not_awarded_reason == REASON


def test_chair_page_refuses_a_reason_too_short_to_say_why(client, voting_year, chair):
    log_in_verified(client, chair)
    html = chair_post(client, {"step": "not_awarded", "reason": "Nej.", "confirm": "yes"})
    assert "Skriv skälet med en eller två meningar" in html.content.decode()
    assert not Decision.objects.exists()


def test_chair_page_not_awarded_refused_for_a_member(client, voting_year, juror):
    log_in_verified(client, juror)
    chair_post(client, {"step": "not_awarded", "reason": REASON, "confirm": "yes"})
    assert not Decision.objects.exists()


def test_chair_page_not_awarded_refused_for_an_outsider(client, voting_year, outsider):
    log_in_verified(client, outsider)
    chair_post(client, {"step": "not_awarded", "reason": REASON, "confirm": "yes"})
    assert not Decision.objects.exists()


def test_announcing_not_awarded_says_so_in_the_audit_trail(voting_year, chair, administrator):
    from tests.factories import mark_decision_checked

    phases.decide(prize_year=voting_year, motivation="", not_awarded_reason=REASON, by=chair)
    mark_decision_checked(voting_year)
    phases.announce_winner(prize_year=voting_year, by=administrator)
    entry = AuditEntry.objects.filter(action=AuditAction.ANNOUNCED).get()
    assert entry.summary == "Offentliggjorde att priset för 2030 inte delas ut."


@pytest.mark.pdf
def test_decision_pdf_of_not_awarded_gives_the_reason(voting_year, chair):
    decision = phases.decide(
        prize_year=voting_year, motivation="", not_awarded_reason=REASON, by=chair
    )
    text = pdf_text(justering.decision_document(decision=decision))
    assert "Juryn beslutar att inte dela ut Trygghetspriset 2030." in text
    assert REASON in text
    assert "beslutade att inte dela ut Trygghetspriset 2030" in text


# Honourable mentions.


def test_record_mention_saves_it_with_its_motivation(decided, chair, efforts):
    awards.record_mention(
        decision=decided, effort=efforts["Läxhjälp"], motivation=MENTION, by=chair
    )
    mention = HonourableMention.objects.get()
    assert (mention.effort, mention.motivation, mention.recorded_by) == (
        efforts["Läxhjälp"],
        MENTION,
        chair,
    )


def test_record_mention_is_audited(decided, chair, efforts):
    awards.record_mention(
        decision=decided, effort=efforts["Läxhjälp"], motivation=MENTION, by=chair
    )
    entry = AuditEntry.objects.filter(action=AuditAction.MENTION).get()
    assert entry.summary == "Juryn gav ”Läxhjälp” ett hedersomnämnande för 2030."


def test_record_mention_refused_for_the_winner(decided, chair, efforts):
    with pytest.raises(JusteringError, match="som inte vann"):
        awards.record_mention(
            decision=decided, effort=efforts["Nattvandring"], motivation=MENTION, by=chair
        )
    assert not HonourableMention.objects.exists()


def test_record_mention_refused_twice_for_the_same_effort(decided, chair, efforts):
    awards.record_mention(
        decision=decided, effort=efforts["Läxhjälp"], motivation=MENTION, by=chair
    )
    with pytest.raises(JusteringError, match="inte redan har fått"):
        awards.record_mention(
            decision=decided, effort=efforts["Läxhjälp"], motivation=MENTION, by=chair
        )
    assert HonourableMention.objects.count() == 1


def test_record_mention_refused_for_a_juror_who_did_not_lead(decided, juror, efforts):
    with pytest.raises(JusteringError, match="som ledde beslutet"):
        awards.record_mention(
            decision=decided, effort=efforts["Läxhjälp"], motivation=MENTION, by=juror
        )
    assert not HonourableMention.objects.exists()


def test_record_mention_refused_without_a_motivation(decided, chair, efforts):
    with pytest.raises(JusteringError, match="Skriv varför"):
        awards.record_mention(
            decision=decided, effort=efforts["Läxhjälp"], motivation=" ", by=chair
        )
    assert not HonourableMention.objects.exists()


def test_record_mention_refused_once_the_decision_is_checked(decided, chair, efforts):
    from tests.factories import mark_decision_checked

    mark_decision_checked(decided.prize_year)
    with pytest.raises(JusteringError, match="redan justerat"):
        awards.record_mention(
            decision=decided, effort=efforts["Läxhjälp"], motivation=MENTION, by=chair
        )
    assert not HonourableMention.objects.exists()


def test_record_mention_after_a_check_undoes_the_check(decided, chair, efforts):
    Decision.objects.filter(pk=decided.pk).update(chair_checked_at=decided.decided_at)
    awards.record_mention(
        decision=decided, effort=efforts["Läxhjälp"], motivation=MENTION, by=chair
    )
    assert Decision.objects.get(pk=decided.pk).chair_checked_at is None
    assert AuditEntry.objects.filter(action=AuditAction.CHECKS_UNDONE).exists()


def test_withdraw_mention_removes_it_and_is_audited(decided, chair, efforts):
    mention = awards.record_mention(
        decision=decided, effort=efforts["Läxhjälp"], motivation=MENTION, by=chair
    )
    awards.withdraw_mention(mention=mention, by=chair)
    assert not HonourableMention.objects.exists()
    entry = AuditEntry.objects.filter(action=AuditAction.MENTION_WITHDRAWN).get()
    assert entry.changes == {"effort": efforts["Läxhjälp"].pk, "motivation": MENTION}


def test_withdraw_mention_refused_for_a_juror_who_did_not_lead(decided, chair, juror, efforts):
    mention = awards.record_mention(
        decision=decided, effort=efforts["Läxhjälp"], motivation=MENTION, by=chair
    )
    with pytest.raises(JusteringError, match="som ledde beslutet"):
        awards.withdraw_mention(mention=mention, by=juror)
    assert HonourableMention.objects.exists()


def test_mention_candidates_leave_out_an_effort_a_participant_is_jävig_for(
    prize_year, chair, juror, efforts
):
    # Per effort: the juror's jäv for an effort off the shortlist keeps them in the vote.
    PrizeYear.objects.filter(pk=prize_year.pk).update(conflict_rule=ConflictRule.EFFORT)
    ConflictDeclaration.objects.create(juror=juror, effort=efforts["Läxhjälp"], reason="Styrelse.")
    year = bring_to_phase(prize_year, JuryPhase.DECIDED, shortlist=[efforts["Nattvandring"]])
    decision = Decision.objects.get(prize_year=year)
    assert list(awards.mention_candidates(decision=decision)) == [efforts["Trygga trapphus"]]


def test_mention_of_another_years_effort_is_refused(decided, chair):
    from tests.factories import make_prize_year

    other = make_eligible_nomination(make_prize_year(year=2031), effort_name="Annat år").effort
    with pytest.raises(JusteringError, match="Välj en insats från 2030"):
        awards.record_mention(decision=decided, effort=other, motivation=MENTION, by=chair)
    assert not HonourableMention.objects.exists()


def test_decision_page_records_a_mention_posted_by_the_chair(client, decided, chair, efforts):
    log_in_verified(client, chair)
    response = client.post(
        reverse("jury:decision", args=[2030]),
        {"step": "mention", "effort": efforts["Läxhjälp"].pk, "motivation": MENTION},
        follow=True,
    )
    assert HonourableMention.objects.get().effort == efforts["Läxhjälp"]
    assert "Hedersomnämnandet är registrerat" in response.content.decode()


def test_decision_page_refuses_a_mention_posted_by_a_member(client, decided, juror, efforts):
    log_in_verified(client, juror)
    response = client.post(
        reverse("jury:decision", args=[2030]),
        {"step": "mention", "effort": efforts["Läxhjälp"].pk, "motivation": MENTION},
        follow=True,
    )
    assert not HonourableMention.objects.exists()
    assert "som ledde beslutet, kan registrera hedersomnämnanden" in response.content.decode()


def test_decision_page_refuses_a_mention_posted_by_an_outsider(client, decided, outsider, efforts):
    log_in_verified(client, outsider)
    client.post(
        reverse("jury:decision", args=[2030]),
        {"step": "mention", "effort": efforts["Läxhjälp"].pk, "motivation": MENTION},
    )
    assert not HonourableMention.objects.exists()


def test_decision_page_refuses_a_mention_of_an_unknown_effort(client, decided, chair):
    log_in_verified(client, chair)
    client.post(
        reverse("jury:decision", args=[2030]),
        {"step": "mention", "effort": "99999999999999999999999", "motivation": MENTION},
    )
    assert not HonourableMention.objects.exists()


def test_decision_page_withdraws_a_mention_for_the_chair(client, decided, chair, efforts):
    mention = awards.record_mention(
        decision=decided, effort=efforts["Läxhjälp"], motivation=MENTION, by=chair
    )
    log_in_verified(client, chair)
    client.post(
        reverse("jury:decision", args=[2030]), {"step": "withdraw_mention", "mention": mention.pk}
    )
    assert not HonourableMention.objects.exists()


@pytest.mark.pdf
def test_decision_pdf_lists_the_mentions_with_their_motivation(decided, chair, efforts):
    awards.record_mention(
        decision=decided, effort=efforts["Läxhjälp"], motivation=MENTION, by=chair
    )
    text = pdf_text(justering.decision_document(decision=decided))
    assert "Hedersomnämnanden" in text
    assert "Juryn ger följande insats ett hedersomnämnande: Läxhjälp" in text
    assert MENTION in text


# A prize shared between winners.


@pytest.fixture
def shared_year(prize_year, chair, juror, efforts):
    PrizeYear.objects.filter(pk=prize_year.pk).update(max_winners=2)
    make_juror(prize_year, "third")
    return bring_to_phase(prize_year, JuryPhase.VOTING)


def vote(user, effort) -> None:
    voting.cast_vote(membership=JuryMembership.objects.get(user=user), effort=effort)


def test_shared_prize_records_the_second_winner(shared_year, chair, juror, efforts):
    third = JuryMembership.objects.get(user__username="third").user
    vote(chair, efforts["Nattvandring"])
    vote(juror, efforts["Nattvandring"])
    vote(third, efforts["Läxhjälp"])
    decision = phases.decide(prize_year=shared_year, motivation="Båda förtjänar priset.", by=chair)
    assert decision.winners == [efforts["Nattvandring"], efforts["Läxhjälp"]]


def test_shared_prize_is_audited_with_both_winners(shared_year, chair, juror, efforts):
    third = JuryMembership.objects.get(user__username="third").user
    vote(chair, efforts["Nattvandring"])
    vote(juror, efforts["Nattvandring"])
    vote(third, efforts["Läxhjälp"])
    phases.decide(prize_year=shared_year, motivation="Båda förtjänar priset.", by=chair)
    entry = AuditEntry.objects.filter(action=AuditAction.DECISION).get()
    assert entry.summary == ("Juryn utsåg ”Nattvandring” och ”Läxhjälp” att dela priset för 2030.")
    assert entry.changes["winners"] == [efforts["Nattvandring"].pk, efforts["Läxhjälp"].pk]


@pytest.mark.pdf
def test_decision_pdf_of_a_shared_prize_names_both_winners(shared_year, chair, juror, efforts):
    third = JuryMembership.objects.get(user__username="third").user
    vote(chair, efforts["Nattvandring"])
    vote(juror, efforts["Nattvandring"])
    vote(third, efforts["Läxhjälp"])
    decision = phases.decide(prize_year=shared_year, motivation="Båda förtjänar priset.", by=chair)
    text = pdf_text(justering.decision_document(decision=decision))
    assert "Juryn utser Nattvandring och Läxhjälp att dela Trygghetspriset 2030." in text


def test_chair_page_records_a_shared_prize_once_confirmed(
    client, shared_year, chair, juror, efforts
):
    third = JuryMembership.objects.get(user__username="third").user
    vote(chair, efforts["Nattvandring"])
    vote(juror, efforts["Nattvandring"])
    vote(third, efforts["Läxhjälp"])
    log_in_verified(client, chair)
    data = {
        "step": "close_vote",
        "motivation": "Båda insatserna förenar många aktörer och förtjänar priset.",
    }
    preview = chair_post(client, data).content.decode()
    chair_post(client, {**data, "confirm": "yes"})
    assert "Vinnarna, som delar priset, blir: Nattvandring, Läxhjälp." in preview
    assert Decision.objects.get().winners == [efforts["Nattvandring"], efforts["Läxhjälp"]]


def test_max_winners_cannot_change_once_the_vote_has_opened(shared_year):
    with pytest.raises(PhaseError, match="kan inte ändras"):
        phases.check_max_winners(prize_year=shared_year)


def test_vote_page_tells_a_juror_the_prize_is_not_awarded(client, voting_year, chair, juror):
    phases.decide(prize_year=voting_year, motivation="", not_awarded_reason=REASON, by=chair)
    log_in_verified(client, juror)
    html = client.get(reverse("jury:vote", args=[2030])).content.decode()
    assert "Juryn har beslutat att inte dela ut priset i år." in html
    assert REASON in html


def test_decision_page_of_not_awarded_gives_the_reason(client, voting_year, chair, juror):
    phases.decide(prize_year=voting_year, motivation="", not_awarded_reason=REASON, by=chair)
    log_in_verified(client, juror)
    html = client.get(reverse("jury:decision", args=[2030])).content.decode()
    assert "Beslut att inte dela ut Trygghetspriset 2030" in html
    assert REASON in html


# A set of winners named by hand (jury/committee.py): awards.winner_set_blockers


def test_winner_set_allows_up_to_the_years_most_winners(prize_year, efforts):
    PrizeYear.objects.filter(pk=prize_year.pk).update(max_winners=2)
    prize_year.refresh_from_db()
    assert (
        awards.winner_set_blockers(prize_year=prize_year, efforts=list(efforts.values())[:2]) == []
    )


def test_winner_set_refuses_none(prize_year):
    assert awards.winner_set_blockers(prize_year=prize_year, efforts=[]) == [
        "Välj minst en vinnande insats."
    ]


def test_winner_set_refuses_more_than_the_years_most_winners(prize_year, efforts):
    PrizeYear.objects.filter(pk=prize_year.pk).update(max_winners=2)
    prize_year.refresh_from_db()
    assert awards.winner_set_blockers(prize_year=prize_year, efforts=list(efforts.values())) == [
        f"Priset för {prize_year.year} kan delas av högst 2 vinnare. 3 är valda."
    ]


def test_winner_set_refuses_two_where_the_year_has_one_winner(prize_year, efforts):
    (blocker,) = awards.winner_set_blockers(
        prize_year=prize_year, efforts=list(efforts.values())[:2]
    )
    assert blocker == f"Priset för {prize_year.year} har bara en vinnare. Välj en insats."


def test_winner_set_refuses_an_effort_twice(prize_year, efforts):
    PrizeYear.objects.filter(pk=prize_year.pk).update(max_winners=2)
    prize_year.refresh_from_db()
    blockers = awards.winner_set_blockers(prize_year=prize_year, efforts=[efforts["Läxhjälp"]] * 2)
    assert blockers == ["Välj varje vinnande insats bara en gång."]


def test_winner_set_refuses_an_effort_not_eligible(prize_year, efforts):
    from nominations.models import Effort

    ineligible = Effort.objects.create(prize_year=prize_year, name="Ej godkänd")
    (blocker,) = awards.winner_set_blockers(prize_year=prize_year, efforts=[ineligible])
    assert blocker.endswith("De här är inte bland dem: Ej godkänd.")
