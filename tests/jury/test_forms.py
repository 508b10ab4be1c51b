"""The jury area's forms (jury/forms.py): the casting vote of a shared prize."""

import pytest

from jury.forms import CloseVoteForm

MOTIVATION = "Insatserna förenar många aktörer och har gett goda resultat."


@pytest.fixture
def tied(efforts):
    return [efforts["Läxhjälp"], efforts["Nattvandring"], efforts["Trygga trapphus"]]


def test_casting_vote_for_two_places_needs_two_choices(tied):
    form = CloseVoteForm(
        {"motivation": MOTIVATION, "casting_vote": [tied[0].pk]}, tied=tied, own_votes=[], seats=2
    )
    assert not form.is_valid()
    assert "välj 2 av insatserna" in form.errors["casting_vote"][0]


def test_casting_vote_for_two_places_takes_two_of_the_tied(tied):
    form = CloseVoteForm(
        {"motivation": MOTIVATION, "casting_vote": [tied[0].pk, tied[2].pk]},
        tied=tied,
        own_votes=[],
        seats=2,
    )
    assert form.is_valid()
    assert form.chosen() == [tied[0], tied[2]]


def test_casting_vote_leaves_out_the_chairs_own_tied_vote(tied):
    form = CloseVoteForm({"motivation": MOTIVATION}, tied=tied, own_votes=[tied[1]], seats=2)
    assert list(form.fields["casting_vote"].queryset) == [tied[0], tied[2]]


def test_casting_vote_refuses_an_effort_not_tied(tied):
    form = CloseVoteForm(
        {"motivation": MOTIVATION, "casting_vote": ["99999999999999999999999"]},
        tied=tied[:2],
        own_votes=[],
    )
    assert not form.is_valid()


def test_one_place_with_the_chairs_own_tied_vote_asks_no_casting_vote(tied):
    form = CloseVoteForm({"motivation": MOTIVATION}, tied=tied, own_votes=[tied[0]])
    assert "casting_vote" not in form.fields
