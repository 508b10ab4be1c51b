"""What the vote gives (jury/outcome.py): one winner, or several sharing the prize."""

import pytest

from jury import voting
from jury.models import JuryMembership
from jury.outcome import decision_outcome
from nominations.models import JuryPhase, PrizeYear
from tests.factories import make_juror
from tests.phases import bring_to_phase


@pytest.fixture
def jurors(prize_year, chair, juror):
    """The chair and three members, all taking part."""
    return {
        "chair": chair,
        "juror": juror,
        "second": make_juror(prize_year, "second"),
        "third": make_juror(prize_year, "third"),
    }


def at_vote(prize_year, *, places: int) -> PrizeYear:
    PrizeYear.objects.filter(pk=prize_year.pk).update(max_winners=places)
    return bring_to_phase(prize_year, JuryPhase.VOTING)


def votes(jurors, efforts, **cast) -> None:
    """cast: juror key → effort name."""
    for key, name in cast.items():
        membership = JuryMembership.objects.get(user=jurors[key])
        voting.cast_vote(membership=membership, effort=efforts[name])


def test_one_place_gives_the_effort_with_most_votes(prize_year, jurors, efforts):
    year = at_vote(prize_year, places=1)
    votes(
        jurors, efforts, chair="Läxhjälp", juror="Läxhjälp", second="Läxhjälp", third="Nattvandring"
    )
    outcome = decision_outcome(prize_year=year, by=jurors["chair"])
    assert (outcome.winners, outcome.blockers) == ([efforts["Läxhjälp"]], [])


def test_one_place_tie_goes_to_the_chairs_own_vote(prize_year, jurors, efforts):
    year = at_vote(prize_year, places=1)
    votes(
        jurors,
        efforts,
        chair="Läxhjälp",
        juror="Läxhjälp",
        second="Nattvandring",
        third="Nattvandring",
    )
    outcome = decision_outcome(prize_year=year, by=jurors["chair"])
    assert (outcome.winner, outcome.casting_vote) == (efforts["Läxhjälp"], True)


def test_two_places_give_the_two_efforts_with_most_votes(prize_year, jurors, efforts):
    year = at_vote(prize_year, places=2)
    votes(
        jurors, efforts, chair="Läxhjälp", juror="Läxhjälp", second="Nattvandring", third="Läxhjälp"
    )
    outcome = decision_outcome(prize_year=year, by=jurors["chair"])
    assert outcome.winners == [efforts["Läxhjälp"], efforts["Nattvandring"]]
    assert not outcome.casting_vote


def test_two_places_with_one_voted_effort_give_one_winner(prize_year, jurors, efforts):
    year = at_vote(prize_year, places=2)
    votes(jurors, efforts, chair="Läxhjälp", juror="Läxhjälp", second="Läxhjälp", third="Läxhjälp")
    outcome = decision_outcome(prize_year=year, by=jurors["chair"])
    assert outcome.winners == [efforts["Läxhjälp"]]


def test_two_places_tie_for_the_second_waits_for_the_casting_vote(prize_year, jurors, efforts):
    year = at_vote(prize_year, places=2)
    votes(
        jurors,
        efforts,
        chair="Läxhjälp",
        juror="Läxhjälp",
        second="Nattvandring",
        third="Trygga trapphus",
    )
    outcome = decision_outcome(prize_year=year, by=jurors["chair"])
    assert outcome.tied == [efforts["Nattvandring"], efforts["Trygga trapphus"]]
    assert outcome.winners == []
    assert any("utslagsröst" in blocker for blocker in outcome.blockers)


def test_two_places_tie_for_the_second_goes_to_the_chairs_choice(prize_year, jurors, efforts):
    year = at_vote(prize_year, places=2)
    votes(
        jurors,
        efforts,
        chair="Läxhjälp",
        juror="Läxhjälp",
        second="Nattvandring",
        third="Trygga trapphus",
    )
    outcome = decision_outcome(
        prize_year=year, by=jurors["chair"], casting_vote=[efforts["Trygga trapphus"]]
    )
    assert outcome.winners == [efforts["Läxhjälp"], efforts["Trygga trapphus"]]
    assert (outcome.casting_vote, outcome.blockers) == (True, [])


def test_two_places_tie_for_the_second_goes_to_the_chairs_own_vote(prize_year, jurors, efforts):
    year = at_vote(prize_year, places=2)
    votes(
        jurors,
        efforts,
        chair="Nattvandring",
        juror="Läxhjälp",
        second="Läxhjälp",
        third="Trygga trapphus",
    )
    outcome = decision_outcome(prize_year=year, by=jurors["chair"])
    assert outcome.winners == [efforts["Läxhjälp"], efforts["Nattvandring"]]
    assert outcome.casting_vote


def test_casting_vote_for_an_effort_not_tied_is_refused(prize_year, jurors, efforts):
    year = at_vote(prize_year, places=2)
    votes(
        jurors,
        efforts,
        chair="Läxhjälp",
        juror="Läxhjälp",
        second="Nattvandring",
        third="Trygga trapphus",
    )
    outcome = decision_outcome(
        prize_year=year, by=jurors["chair"], casting_vote=[efforts["Läxhjälp"]]
    )
    assert outcome.winners == []
    assert outcome.blockers


def test_not_awarded_outcome_asks_for_no_votes(prize_year, jurors, efforts):
    year = at_vote(prize_year, places=1)
    outcome = decision_outcome(prize_year=year, by=jurors["chair"], award=False)
    assert (outcome.winners, outcome.blockers) == ([], [])


def test_not_awarded_outcome_refused_for_an_outsider(prize_year, jurors, efforts, outsider):
    year = at_vote(prize_year, places=1)
    outcome = decision_outcome(prize_year=year, by=outsider, award=False)
    assert any("som leder juryn" in blocker for blocker in outcome.blockers)
