import pytest

from jury.models import JuryMembership
from nominations.models import JuryPhase
from tests.factories import log_in_verified, make_eligible_nomination, make_juror, make_prize_year
from tests.phases import bring_to_phase


@pytest.fixture
def scoring_year(prize_year, efforts):
    """The year in scoring, its three eligible efforts (the fixture efforts) to score."""
    return bring_to_phase(prize_year, JuryPhase.SCORING)


@pytest.fixture
def efforts(prize_year):
    """Three eligible efforts of the year, by name."""
    return {
        name: make_eligible_nomination(prize_year, effort_name=name).effort
        for name in ("Nattvandring", "Trygga trapphus", "Läxhjälp")
    }


@pytest.fixture
def membership(juror):
    return JuryMembership.objects.get(user=juror)


@pytest.fixture
def chair_membership(chair):
    return JuryMembership.objects.get(user=chair)


@pytest.fixture
def juror_of_another_year(db):
    other = make_prize_year(year=2029, opens_at=None, closes_at=None)
    return make_juror(other, "otheryear")


@pytest.fixture
def chair_client(client, chair):
    log_in_verified(client, chair)
    return client
