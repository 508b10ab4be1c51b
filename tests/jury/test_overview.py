"""Årets gång: the year at a glance for the administration and the chair."""

from datetime import date, datetime, timedelta

import time_machine
from django.urls import reverse

from jury import phases, voting
from jury.models import JuryMembership
from nominations.corrections import withdraw_nomination
from nominations.models import JuryPhase, PrizeYear
from nominations.screening import set_aside
from tests.factories import (
    close_window,
    log_in_verified,
    make_eligible_nomination,
    make_nomination,
    set_jury_deadlines,
)
from tests.phases import bring_to_phase


def overview_url(prize_year: PrizeYear) -> str:
    return reverse("admin:nominations_prizeyear_overview", args=[prize_year.pk])


def test_overview_counts_the_nominations_and_names_the_next_step(
    administrator_client, administrator, prize_year
):
    make_eligible_nomination(prize_year)
    make_nomination(prize_year)
    set_aside(nomination=make_nomination(prize_year), reason="Dubblett.", by=administrator)
    close_window(prize_year)
    html = administrator_client.get(overview_url(prize_year)).content.decode()
    assert "Inkomna: 3" in html
    assert "Granskade: 2 (kvar att granska: 1)" in html
    assert "Lagda åt sidan: 1" in html
    assert "Granska de nomineringar som är kvar" in html


def test_overview_counts_withdrawn_nominations_apart_from_the_screened(
    administrator_client, prize_year
):
    make_eligible_nomination(prize_year)
    withdrawn = make_nomination(prize_year)
    withdraw_nomination(nomination=withdrawn, at=prize_year.opens_at + timedelta(days=1))
    close_window(prize_year)
    html = administrator_client.get(overview_url(prize_year)).content.decode()
    assert "Inkomna: 2" in html
    assert "Granskade: 1 (kvar att granska: 0)" in html
    assert "Återkallade av nomineraren: 1" in html


def test_overview_shows_who_opened_scoring_and_when(
    administrator_client, administrator, prize_year
):
    make_eligible_nomination(prize_year)
    close_window(prize_year)
    set_jury_deadlines(prize_year)
    phases.open_scoring(prize_year=prize_year, by=administrator)
    html = administrator_client.get(overview_url(prize_year)).content.decode()
    assert "Helena Handläggare" in html
    assert "Juryn bedömer" in html


def test_overview_refused_to_staff_without_permission(client, staff_without_permission, prize_year):
    log_in_verified(client, staff_without_permission)
    response = client.get(overview_url(prize_year))
    assert response.status_code == 403
    assert "Inkomna" not in response.content.decode()


def test_overview_refused_to_a_juror(juror_client, prize_year):
    response = juror_client.get(overview_url(prize_year))
    assert "Inkomna" not in response.content.decode()


def test_chair_overview_counts_votes_without_saying_for_what(
    chair_client, chair, juror, prize_year
):
    effort = make_eligible_nomination(prize_year, effort_name="Hemlig favorit").effort
    bring_to_phase(prize_year, JuryPhase.DELIBERATION)
    phases.open_vote(prize_year=prize_year, efforts=[effort], by=chair)
    voting.cast_vote(membership=JuryMembership.objects.get(user=juror), effort=effort)
    html = chair_client.get(reverse("jury:overview", args=[2030])).content.decode()
    assert "Utsedda jurymedlemmar: 2" in html
    assert "Lagda röster: 1" in html
    assert "Hemlig favorit" not in html


# Årets gång: the next step as an action, steps under way, one closing moment (finding 9)


def test_overview_while_scoring_marks_it_under_way_and_names_closing_as_next(
    administrator_client, administrator, prize_year
):
    make_eligible_nomination(prize_year)
    close_window(set_jury_deadlines(prize_year))
    phases.open_scoring(prize_year=prize_year, by=administrator)
    html = administrator_client.get(overview_url(prize_year)).content.decode()
    next_step = html.split("<h2>Nästa steg</h2>")[1].split("</p>")[0]
    assert "Stäng bedömningen" in next_step
    scoring_row = html.split('<th scope="row">Juryn bedömer</th>')[1].split("</tr>")[0]
    assert "pågår" in scoring_row and "klart" not in scoring_row


def test_overview_shows_the_closing_at_midnight_as_the_last_minute_everywhere(
    administrator_client, prize_year
):
    from tests.factories import STOCKHOLM

    midnight = datetime(2030, 9, 2, tzinfo=STOCKHOLM)
    PrizeYear.objects.filter(pk=prize_year.pk).update(
        opens_at=midnight - timedelta(days=90), closes_at=midnight
    )
    with time_machine.travel(midnight + timedelta(days=1), tick=False):
        log_in_verified(administrator_client, administrator_client.user)
        html = administrator_client.get(overview_url(prize_year)).content.decode()
    assert html.count("1 september 2030 23:59") == 2
    assert "2 september 2030 00:00" not in html


def test_admin_start_page_leads_to_the_years_overview(administrator_client, prize_year):
    html = administrator_client.get(reverse("admin:index")).content.decode()
    assert f'href="{overview_url(prize_year)}"' in html
    assert "Årets gång: Trygghetspriset 2030" in html


def test_admin_start_page_leaves_out_finished_years(administrator_client, prize_year):
    html = administrator_client.get(reverse("admin:index")).content.decode()
    historic = PrizeYear.objects.get(year=2022)
    assert overview_url(historic) not in html


def test_admin_start_page_shows_no_year_to_staff_without_permission(
    client, staff_without_permission, prize_year
):
    log_in_verified(client, staff_without_permission)
    html = client.get(reverse("admin:index")).content.decode()
    assert overview_url(prize_year) not in html


def test_overview_of_a_year_being_set_up_says_what_opening_needs(administrator_client, db):
    from tests.factories import make_prize_year

    year = make_prize_year(year=2031, opens_at=None, closes_at=None, case_number="")
    html = administrator_client.get(overview_url(year)).content.decode()
    next_step = html.split("<h2>Nästa steg</h2>")[1].split("<h2>")[0]
    assert "Öppna nomineringen" in next_step
    assert "Ange årets eget diarienummer." in next_step


def test_overview_states_the_committees_approval_and_the_jurys_mandate(
    administrator_client, prize_year
):
    html = administrator_client.get(overview_url(prize_year)).content.decode()
    decisions = html.split('id="committee-decisions">')[1].split("</p>")[0]
    assert "Socialnämnden godkände inriktningen den 23 maj 2030, § 12 (dnr SN 2030/0101)." in (
        decisions
    )
    assert "Juryns mandat: Kommunstyrelsens beslut 2012" in decisions


def test_overview_of_a_committee_prize_waits_for_the_committee(db):
    from jury.overview import year_overview
    from tests.factories import (
        kulturpriset,
        make_checked_decision,
        make_eligible_nomination,
        make_prize_year,
    )

    culture_year = make_prize_year(prize=kulturpriset(), year=2030)
    effort = make_eligible_nomination(culture_year, effort_name="Sommarscen").effort
    make_checked_decision(culture_year, effort)
    steps = year_overview(prize_year=culture_year).steps
    assert [step.key for step in steps][-3:] == ["decision", "committee", "announced"]
    assert "Kulturnämnden" in str(steps[-2].title)


def test_overview_gives_the_day_of_trygghetsprisets_conference(administrator_client, prize_year):
    PrizeYear.objects.filter(pk=prize_year.pk).update(conference_date=date(2030, 10, 24))
    html = administrator_client.get(overview_url(prize_year)).content.decode()
    assert "<li>Trygghetskonferensen: 24 oktober 2030</li>" in html


def test_overview_of_another_prize_gives_the_day_of_its_own_ceremony(administrator_client, db):
    from tests.factories import make_prize, make_prize_year

    year = make_prize_year(prize=make_prize(), conference_date=date(2030, 11, 20))
    html = administrator_client.get(overview_url(year)).content.decode()
    assert "<li>Prisutdelningen: 20 november 2030</li>" in html
    assert "onferens" not in html.split("<h2>Viktiga datum</h2>")[1].split("</ul>")[0]
