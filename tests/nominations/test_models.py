from datetime import date, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from nominations.models import Organisation, PrizeYear
from tests.factories import CLOSES_AT, OPENS_AT, STOCKHOLM, make_nomination, make_prize_year

TICK = timedelta(microseconds=1)
MIDSUMMER = OPENS_AT + timedelta(days=20)


def test_prize_year_is_open_at_opening_instant(prize_year):
    assert prize_year.is_open(OPENS_AT)


def test_prize_year_is_not_open_just_before_opening(prize_year):
    assert not prize_year.is_open(OPENS_AT - TICK)
    assert prize_year.window_state(OPENS_AT - TICK) == "upcoming"


def test_prize_year_is_open_just_before_closing(prize_year):
    assert prize_year.is_open(CLOSES_AT - TICK)


def test_prize_year_is_closed_at_closing_instant(prize_year):
    assert not prize_year.is_open(CLOSES_AT)
    assert prize_year.window_state(CLOSES_AT) == "closed"


def test_prize_year_without_window_is_never_open(db):
    prize_year = make_prize_year(opens_at=None, closes_at=None)
    assert prize_year.window_state(OPENS_AT) == "none"
    assert not prize_year.is_open(OPENS_AT)


def test_prize_year_window_closing_before_opening_is_refused_by_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_prize_year(opens_at=CLOSES_AT, closes_at=OPENS_AT)
    assert not PrizeYear.objects.filter(year=2030).exists()


def test_prize_year_window_with_only_one_end_is_refused_by_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_prize_year(closes_at=None)


def test_current_prize_year_is_latest_with_window(db):
    make_prize_year(year=2031, opens_at=None, closes_at=None)
    expected = make_prize_year(year=2030)
    assert PrizeYear.objects.current() == expected


def test_current_year_is_the_open_one_even_when_next_year_exists(db):
    open_year = make_prize_year()
    make_prize_year(
        year=2031, opens_at=OPENS_AT.replace(year=2031), closes_at=CLOSES_AT.replace(year=2031)
    )
    assert PrizeYear.objects.current(MIDSUMMER) == open_year
    assert PrizeYear.objects.current(CLOSES_AT).year == 2031


def test_seeded_2023_window_is_1_june_to_1_september_stockholm_time(db):
    prize_year = PrizeYear.objects.get(year=2023)
    assert prize_year.theme == "Stärkt samverkan för ökad trygghet"
    assert prize_year.prize_amount == 50_000
    assert prize_year.conference_date == date(2023, 10, 26)
    assert prize_year.is_open(datetime(2023, 6, 1, 0, 0, tzinfo=STOCKHOLM))
    assert prize_year.is_open(datetime(2023, 9, 1, 23, 59, 59, tzinfo=STOCKHOLM))
    assert not prize_year.is_open(datetime(2023, 9, 2, 0, 0, tzinfo=STOCKHOLM))
    assert not prize_year.is_open(datetime(2023, 5, 31, 23, 59, 59, tzinfo=STOCKHOLM))


def test_seeded_history_has_theme_and_winner_of_every_year_since_2012(db):
    history = {p.year: p for p in PrizeYear.objects.filter(year__lte=2022)}
    assert sorted(history) == list(range(2012, 2023))
    assert all(p.theme and p.historical_winner for p in history.values())
    assert history[2012].historical_winner == "Stiftelsen På Rätt Väg i Bagarmossen"
    assert history[2022].historical_winner.startswith("IGOR")


def test_organisation_name_unique_per_nomination_regardless_of_case(prize_year):
    nomination = make_nomination(prize_year, organisations=["Polisen", "Skolan"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(nomination=nomination, name="POLISEN")
    assert nomination.organisations.count() == 2


def test_same_organisation_may_collaborate_in_several_nominations(prize_year):
    make_nomination(prize_year, organisations=["Polisen", "Skolan"])
    make_nomination(prize_year, organisations=["Polisen", "Fältgruppen"])
    assert Organisation.objects.filter(name="Polisen").count() == 2
