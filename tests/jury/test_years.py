"""Setting up a prize year (jury/years.py), as the admin and the demo data do it."""

from datetime import date, datetime

import pytest
import time_machine

from jury import phases, years
from nominations.models import AuditAction, AuditEntry, PrizeYear
from tests.factories import STOCKHOLM, trygghetspriset, year_setup


def values_for(year: int, **overrides) -> dict:
    return {
        "prize": trygghetspriset(),
        "year": year,
        "theme": "Trygghet i samverkan",
        "description": "Årets pris.",
        **year_setup(year),
        **overrides,
    }


def test_next_year_keeps_the_stockholm_wall_clock_time_across_daylight_saving():
    moment = datetime(2030, 3, 30, 12, tzinfo=STOCKHOLM)
    assert years.next_year(moment) == datetime(2031, 3, 30, 12, tzinfo=STOCKHOLM)


def test_next_year_of_29_february_is_28_february():
    assert years.next_year(date(2028, 2, 29)) == date(2029, 2, 28)


def test_proposed_values_move_the_dates_a_year_and_leave_the_case_numbers_out(prize_year):
    proposed = years.proposed_values(source=prize_year)
    assert proposed["year"] == prize_year.year + 1
    assert proposed["opens_at"] == years.next_year(prize_year.opens_at)
    assert "case_number" not in proposed
    assert proposed["mandate"] == prize_year.mandate


def test_copy_source_without_a_choice_is_the_latest_year_before(prize_year):
    assert years.copy_source(year=prize_year.year + 1) == prize_year


def test_copy_source_ignores_a_choice_that_is_not_a_number(prize_year):
    assert years.copy_source(chosen="x; DROP", year=prize_year.year + 1) == prize_year


@time_machine.travel(datetime(2031, 1, 10, tzinfo=STOCKHOLM))
def test_create_year_is_audited_and_copies_the_criteria(prize_year, administrator):
    created = years.create_year(values=values_for(2031), copy_from=prize_year, by=administrator)
    assert [c.key for c in created.criteria.all()] == [c.key for c in prize_year.criteria.all()]
    entry = AuditEntry.objects.get(action=AuditAction.PRIZE_YEAR_CREATED)
    assert (entry.prize_year, entry.actor) == (created, administrator)


@time_machine.travel(datetime(2031, 1, 10, tzinfo=STOCKHOLM))
def test_create_year_sets_the_window_through_the_phases(prize_year, administrator):
    opens = datetime(2031, 6, 1, tzinfo=STOCKHOLM)
    closes = datetime(2031, 9, 1, tzinfo=STOCKHOLM)
    created = years.create_year(
        values=values_for(2031, opens_at=opens, closes_at=closes),
        copy_from=prize_year,
        by=administrator,
    )
    assert (created.opens_at, created.closes_at) == (opens, closes)
    assert AuditEntry.objects.filter(action=AuditAction.WINDOW_CHANGED, prize_year=created).exists()


@time_machine.travel(datetime(2031, 1, 10, tzinfo=STOCKHOLM))
def test_create_year_with_an_overlapping_window_saves_nothing(prize_year, administrator):
    with pytest.raises(phases.PhaseError):
        years.create_year(
            values=values_for(2031, opens_at=prize_year.opens_at, closes_at=prize_year.closes_at),
            copy_from=prize_year,
            by=administrator,
        )
    assert not PrizeYear.objects.filter(year=2031).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.PRIZE_YEAR_CREATED).exists()


def test_create_year_of_another_prize_starts_with_its_owners_body(administrator):
    from tests.factories import kulturpriset

    values = values_for(2031, prize=kulturpriset())
    del values["orientation_approved_by"]
    created = years.create_year(values=values, copy_from=None, by=administrator)
    assert created.orientation_approved_by == "Kulturnämnden"


def test_admin_form_for_a_new_year_of_a_prize_offers_its_owners_body(db):
    from tests.factories import kulturpriset

    prize = kulturpriset()
    initial = years.initial_values(source=None, prize_id=str(prize.pk))
    assert initial == {"orientation_approved_by": "Kulturnämnden"}
