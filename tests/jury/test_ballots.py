"""The vote of a year with categories (jury/ballots.py, jury/outcome.py): a shortlist, a
vote and a winner in each category, in one decision."""

import pytest
from django.urls import reverse

from jury import phases, voting
from jury.errors import JuryError, PhaseError
from jury.models import Decision, JuryMembership, Vote
from jury.outcome import decision_outcome
from nominations.models import Effort, JuryPhase, PrizeCategory
from tests.factories import (
    log_in_verified,
    make_administrator,
    make_categories,
    make_eligible_nomination,
    make_juror,
)
from tests.phases import MOTIVATION, bring_to_phase


@pytest.fixture
def year_in_categories(prize_year):
    """Music and literature, two eligible efforts in each."""
    music, literature = make_categories(prize_year, "Musik", "Litteratur", by=make_administrator())
    for name, category in [
        ("Kören", music),
        ("Jazzen", music),
        ("Bokbussen", literature),
        ("Skrivarverkstaden", literature),
    ]:
        effort = Effort.objects.create(prize_year=prize_year, name=name, category=category)
        make_eligible_nomination(prize_year, effort_name=name, effort=effort, category=category)
    return prize_year


@pytest.fixture
def jury(year_in_categories, chair, juror):
    make_juror(year_in_categories, "second")
    return {m.user.username: m for m in JuryMembership.objects.select_related("user")}


def effort(name: str) -> Effort:
    return Effort.objects.get(name=name)


def vote(membership, *names: str) -> None:
    for name in names:
        voting.cast_vote(membership=membership, effort=effort(name))


@pytest.fixture
def at_vote(year_in_categories, jury):
    return bring_to_phase(year_in_categories, JuryPhase.VOTING)


def test_vote_in_each_category_stores_one_vote_in_each(at_vote, jury):
    vote(jury["juror"], "Kören", "Bokbussen")
    stored = Vote.objects.filter(juror=jury["juror"].user).order_by("category__position")
    assert [(v.category.name, v.effort.name) for v in stored] == [
        ("Musik", "Kören"),
        ("Litteratur", "Bokbussen"),
    ]


def test_second_vote_in_a_category_is_refused(at_vote, jury):
    vote(jury["juror"], "Kören")
    with pytest.raises(JuryError, match="Musik"):
        vote(jury["juror"], "Jazzen")
    assert Vote.objects.filter(juror=jury["juror"].user).count() == 1


def test_outcome_gives_the_winner_of_each_category(at_vote, jury):
    vote(jury["chair"], "Kören", "Bokbussen")
    vote(jury["juror"], "Kören", "Skrivarverkstaden")
    vote(jury["second"], "Jazzen", "Bokbussen")
    outcome = decision_outcome(prize_year=at_vote, by=jury["chair"].user)
    assert outcome.blockers == []
    assert [(p.category.name, [e.name for e in p.winners]) for p in outcome.parts] == [
        ("Musik", ["Kören"]),
        ("Litteratur", ["Bokbussen"]),
    ]


def test_decision_waits_for_a_vote_in_every_category(at_vote, jury):
    vote(jury["chair"], "Kören", "Bokbussen")
    vote(jury["juror"], "Kören", "Bokbussen")
    vote(jury["second"], "Kören")
    with pytest.raises(PhaseError, match="Second"):
        phases.decide(prize_year=at_vote, motivation=MOTIVATION, by=jury["chair"].user)
    assert not Decision.objects.exists()


def test_tie_in_one_category_goes_to_the_chairs_own_vote_there(at_vote, jury):
    # Literature is tied one each between three votes, but the chair voted Skrivarverkstaden.
    vote(jury["chair"], "Kören", "Skrivarverkstaden")
    vote(jury["juror"], "Kören", "Bokbussen")
    make_juror(at_vote, "third")
    vote(JuryMembership.objects.get(user__username="third"), "Jazzen", "Bokbussen")
    vote(jury["second"], "Kören", "Skrivarverkstaden")
    decision = phases.decide(prize_year=at_vote, motivation=MOTIVATION, by=jury["chair"].user)
    assert [(c.name, [e.name for e in w]) for c, w in decision.winners_by_category] == [
        ("Musik", ["Kören"]),
        ("Litteratur", ["Skrivarverkstaden"]),
    ]


def test_decision_names_the_winner_of_each_category(at_vote, jury):
    vote(jury["chair"], "Kören", "Bokbussen")
    vote(jury["juror"], "Kören", "Bokbussen")
    vote(jury["second"], "Jazzen", "Bokbussen")
    decision = phases.decide(prize_year=at_vote, motivation=MOTIVATION, by=jury["chair"].user)
    assert decision.winner_names == "Musik: Kören; Litteratur: Bokbussen"
    assert decision.tally == {
        str(effort("Kören").pk): 2,
        str(effort("Jazzen").pk): 1,
        str(effort("Bokbussen").pk): 3,
        str(effort("Skrivarverkstaden").pk): 0,
    }


def test_open_vote_refused_without_an_effort_of_each_category(year_in_categories, jury):
    year = bring_to_phase(year_in_categories, JuryPhase.DELIBERATION)
    with pytest.raises(PhaseError, match="Litteratur"):
        phases.open_vote(
            prize_year=year, efforts=[effort("Kören"), effort("Jazzen")], by=jury["chair"].user
        )
    year.refresh_from_db()
    assert year.jury_phase == JuryPhase.DELIBERATION
    assert not Effort.objects.filter(shortlisted=True).exists()


def test_vote_page_shows_a_vote_in_each_category(at_vote, jury, client):
    log_in_verified(client, jury["juror"].user)
    html = client.get(reverse("jury:vote", args=[at_vote])).content.decode()
    assert "Kategori: Musik" in html and "Kategori: Litteratur" in html
    assert html.count('name="category"') == 2


def test_vote_page_confirms_then_casts_a_vote_in_the_category(at_vote, jury, client):
    log_in_verified(client, jury["juror"].user)
    url = reverse("jury:vote", args=[at_vote])
    literature = PrizeCategory.objects.get(name="Litteratur")
    field = f"category-{literature.pk}-effort"
    chosen = {"category": literature.pk, field: effort("Bokbussen").pk}
    confirming = client.post(url, chosen).content.decode()
    assert "Bokbussen" in confirming and not Vote.objects.exists()
    client.post(url, {**chosen, "confirm": "yes"})
    (stored,) = Vote.objects.all()
    assert (stored.category, stored.effort.name) == (literature, "Bokbussen")


def test_vote_page_refuses_an_effort_of_another_category(at_vote, jury, client):
    log_in_verified(client, jury["juror"].user)
    literature = PrizeCategory.objects.get(name="Litteratur")
    client.post(
        reverse("jury:vote", args=[at_vote]),
        {
            "category": literature.pk,
            f"category-{literature.pk}-effort": effort("Kören").pk,
            "confirm": "yes",
        },
    )
    assert not Vote.objects.exists()


def test_vote_page_of_a_year_in_categories_refuses_an_outsider(at_vote, outsider, client):
    client.force_login(outsider)
    response = client.get(reverse("jury:vote", args=[at_vote]))
    assert "Kategori: Musik" not in response.content.decode()
    assert not Vote.objects.exists()
