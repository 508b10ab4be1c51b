import pytest
from django.urls import reverse

from jury import conflicts, phases, voting
from jury.errors import JuryError
from jury.models import Decision, JuryMembership, Vote
from nominations.models import AuditAction, AuditEntry, JuryPhase
from tests.factories import (
    close_window,
    make_eligible_nomination,
    make_juror,
    set_jury_deadlines,
)
from tests.phases import bring_to_phase


@pytest.fixture
def deliberation(prize_year, efforts):
    """Scoring closed on the three efforts; the vote not yet open."""
    return bring_to_phase(prize_year, JuryPhase.DELIBERATION)


@pytest.fixture
def voting_year(deliberation, efforts, chair):
    shortlist = [efforts["Nattvandring"], efforts["Läxhjälp"]]
    return phases.open_vote(prize_year=deliberation, efforts=shortlist, by=chair)


def member(prize_year, username):
    return JuryMembership.objects.get(user=make_juror(prize_year, username))


def test_open_vote_sets_shortlist_and_phase(deliberation, efforts, chair):
    audited = AuditEntry.objects.count()  # the steps that brought the year here
    phases.open_vote(prize_year=deliberation, efforts=[efforts["Nattvandring"]], by=chair)
    deliberation.refresh_from_db()
    assert deliberation.jury_phase == JuryPhase.VOTING
    assert list(voting.shortlist(prize_year=deliberation)) == [efforts["Nattvandring"]]
    assert AuditEntry.objects.order_by("pk")[audited:].get().action == AuditAction.VOTE_OPENED


def test_open_vote_refused_while_scoring(scoring_year, efforts, chair):
    with pytest.raises(JuryError):
        phases.open_vote(prize_year=scoring_year, efforts=[efforts["Nattvandring"]], by=chair)
    assert not voting.shortlist(prize_year=scoring_year).exists()


def test_casting_vote_through_form_first_asks_for_confirmation(juror_client, voting_year, efforts):
    response = juror_client.post(
        reverse("jury:vote", args=[2030]), {"effort": efforts["Läxhjälp"].pk}
    )
    assert not Vote.objects.exists()
    assert "kan inte ändras" in response.content.decode()


def test_casting_vote_through_form_stores_it_once_confirmed(
    juror_client, juror, voting_year, efforts
):
    juror_client.post(
        reverse("jury:vote", args=[2030]), {"effort": efforts["Läxhjälp"].pk, "confirm": "yes"}
    )
    vote = Vote.objects.get()
    assert (vote.juror, vote.effort, vote.prize_year) == (juror, efforts["Läxhjälp"], voting_year)


def test_second_vote_refused(membership, voting_year, efforts):
    voting.cast_vote(membership=membership, effort=efforts["Läxhjälp"])
    with pytest.raises(JuryError):
        voting.cast_vote(membership=membership, effort=efforts["Nattvandring"])
    assert Vote.objects.get().effort == efforts["Läxhjälp"]


def test_second_vote_through_form_gets_message(juror_client, membership, voting_year, efforts):
    voting.cast_vote(membership=membership, effort=efforts["Läxhjälp"])
    url = reverse("jury:vote", args=[2030])
    html = juror_client.get(url).content.decode()
    assert "Du har röstat på ”Läxhjälp”" in html
    juror_client.post(url, {"effort": efforts["Nattvandring"].pk})
    assert Vote.objects.count() == 1


def test_vote_for_effort_off_shortlist_refused(juror_client, voting_year, efforts):
    juror_client.post(reverse("jury:vote", args=[2030]), {"effort": efforts["Trygga trapphus"].pk})
    assert not Vote.objects.exists()


def test_vote_for_conflicted_effort_refused(juror_client, membership, voting_year, efforts):
    conflicts.declare_conflict(
        membership=membership, effort=efforts["Läxhjälp"], reason="Jäv: anställd."
    )
    html = juror_client.get(reverse("jury:vote", args=[2030])).content.decode()
    assert 'name="effort"' not in html
    juror_client.post(reverse("jury:vote", args=[2030]), {"effort": efforts["Läxhjälp"].pk})
    with pytest.raises(JuryError):
        voting.cast_vote(membership=membership, effort=efforts["Läxhjälp"])
    assert not Vote.objects.exists()


def test_vote_refused_when_not_open(membership, deliberation, efforts):
    with pytest.raises(JuryError):
        voting.cast_vote(membership=membership, effort=efforts["Läxhjälp"])
    assert not Vote.objects.exists()


def test_close_vote_majority_wins(voting_year, efforts, chair, chair_membership, membership):
    voting.cast_vote(membership=membership, effort=efforts["Läxhjälp"])
    voting.cast_vote(membership=chair_membership, effort=efforts["Läxhjälp"])
    voting.cast_vote(membership=member(voting_year, "third"), effort=efforts["Nattvandring"])
    decision = phases.decide(
        prize_year=voting_year, motivation="Läxhjälpen visar goda resultat.", by=chair
    )
    assert decision.effort == efforts["Läxhjälp"]
    assert not decision.casting_vote
    assert decision.tally == {str(efforts["Läxhjälp"].pk): 2, str(efforts["Nattvandring"].pk): 1}
    assert decision.decided_by == chair
    voting_year.refresh_from_db()
    assert voting_year.jury_phase == JuryPhase.DECIDED
    assert AuditEntry.objects.filter(action=AuditAction.DECISION).count() == 1


def test_close_vote_tie_needs_chair_casting_vote(
    voting_year, efforts, chair, chair_membership, membership
):
    voting.cast_vote(membership=membership, effort=efforts["Läxhjälp"])
    voting.cast_vote(membership=chair_membership, effort=efforts["Nattvandring"])
    # The chair's own vote is for one of the tied efforts, so it is the casting vote.
    decision = phases.decide(prize_year=voting_year, motivation="Motivering.", by=chair)
    assert decision.effort == efforts["Nattvandring"]
    assert decision.casting_vote


def test_casting_vote_must_be_one_of_the_tied(
    voting_year, efforts, chair, chair_membership, membership
):
    voting.cast_vote(membership=membership, effort=efforts["Läxhjälp"])
    voting.cast_vote(membership=chair_membership, effort=efforts["Nattvandring"])
    with pytest.raises(JuryError):
        phases.decide(
            prize_year=voting_year,
            motivation="M.",
            by=chair,
            casting_vote=efforts["Trygga trapphus"],
        )
    assert not Decision.objects.exists()


def test_close_vote_without_votes_refused(voting_year, chair):
    with pytest.raises(JuryError):
        phases.decide(prize_year=voting_year, motivation="Motivering.", by=chair)
    voting_year.refresh_from_db()
    assert voting_year.jury_phase == JuryPhase.VOTING


def test_chair_closes_tied_vote_through_page_with_casting_vote(
    chair_client, chair_membership, membership, voting_year, efforts
):
    voting.cast_vote(membership=membership, effort=efforts["Läxhjälp"])
    voting.cast_vote(membership=chair_membership, effort=efforts["Nattvandring"])
    url = reverse("jury:chair", args=[2030])
    motivation = "Nattvandringen förenar föräldrar, polis och fritidsgård på ett nytt sätt."
    response = chair_client.post(url, {"step": "close_vote", "motivation": motivation})
    assert "utslagsröst" in response.content.decode()
    assert not Decision.objects.exists()
    chosen = {
        "step": "close_vote",
        "motivation": motivation,
        "casting_vote": efforts["Nattvandring"].pk,
    }
    preview = chair_client.post(url, chosen).content.decode()
    assert "Nattvandring" in preview and not Decision.objects.exists()
    chair_client.post(url, {**chosen, "confirm": "yes"})
    decision = Decision.objects.get()
    assert decision.effort == efforts["Nattvandring"] and decision.casting_vote
    assert decision.motivation == motivation


def test_decided_winner_stays_off_public_pages_until_announced(
    client, voting_year, efforts, chair, membership, administrator
):
    from jury.phases import announce_winner

    voting.cast_vote(membership=membership, effort=efforts["Läxhjälp"])
    voting.cast_vote(membership=JuryMembership.objects.get(user=chair), effort=efforts["Läxhjälp"])
    decision = phases.decide(prize_year=voting_year, motivation="Motivering.", by=chair)
    assert (
        "Läxhjälp"
        not in client.get(reverse("nominations:history", args=["trygghetspriset"])).content.decode()
    )
    Decision.objects.filter(pk=decision.pk).update(
        chair_checked_at=decision.decided_at,
        justerare_checked_at=decision.decided_at,
        document=b"%PDF",
        document_sha256="0" * 64,
    )
    announce_winner(prize_year=voting_year, by=administrator)
    html = client.get(reverse("nominations:history", args=["trygghetspriset"])).content.decode()
    assert "Läxhjälp" in html
    assert AuditEntry.objects.filter(action=AuditAction.ANNOUNCED).count() == 1


def test_announcing_before_a_decision_is_refused(voting_year, administrator):
    from jury.phases import PhaseError as AnnouncementError
    from jury.phases import announce_winner

    with pytest.raises(AnnouncementError):
        announce_winner(prize_year=voting_year, by=administrator)
    voting_year.refresh_from_db()
    assert voting_year.announced_at is None


def test_chair_runs_the_phases_through_the_page(chair_client, prize_year, efforts):
    close_window(set_jury_deadlines(prize_year))
    url = reverse("jury:chair", args=[2030])
    chair_client.post(url, {"step": "open_scoring"})
    prize_year.refresh_from_db()
    assert prize_year.jury_phase == JuryPhase.SCORING
    chair_client.post(url, {"step": "close_scoring", "confirm": "yes"})
    chair_client.post(url, {"step": "open_vote", "efforts": [efforts["Läxhjälp"].pk]})
    prize_year.refresh_from_db()
    assert prize_year.jury_phase == JuryPhase.DELIBERATION  # asked to confirm first
    chair_client.post(
        url, {"step": "open_vote", "efforts": [efforts["Läxhjälp"].pk], "confirm": "yes"}
    )
    prize_year.refresh_from_db()
    assert prize_year.jury_phase == JuryPhase.VOTING
    assert list(voting.shortlist(prize_year=prize_year)) == [efforts["Läxhjälp"]]


def test_chair_sees_every_conflict_declaration(chair_client, membership, efforts):
    conflicts.declare_conflict(
        membership=membership, effort=efforts["Läxhjälp"], reason="Min bror leder den."
    )
    html = chair_client.get(reverse("jury:conflicts", args=[2030])).content.decode()
    assert "Min bror leder den." in html
    assert "Juror Jurysson" in html


def test_chair_with_a_conflict_leaves_the_decision_to_the_named_member(
    prize_year, chair, juror, chair_membership, membership
):
    first = make_eligible_nomination(prize_year, effort_name="Första").effort
    second = make_eligible_nomination(prize_year, effort_name="Andra").effort
    conflicts.declare_conflict(
        membership=chair_membership, effort=first, reason="Styrelseledamot där."
    )
    bring_to_phase(prize_year, JuryPhase.DELIBERATION)
    from jury.appointments import name_deputy

    name_deputy(membership=membership, by=chair)
    third = member(prize_year, "third")
    fourth = member(prize_year, "fourth")
    phases.open_vote(prize_year=prize_year, efforts=[first, second], by=juror)
    voting.cast_vote(membership=membership, effort=first)
    voting.cast_vote(membership=third, effort=second)
    voting.cast_vote(membership=fourth, effort=second)
    with pytest.raises(JuryError):
        phases.decide(prize_year=prize_year, motivation="M.", by=chair)
    decision = phases.decide(prize_year=prize_year, motivation="M.", by=juror)
    assert (decision.effort, decision.decided_by) == (second, juror)
