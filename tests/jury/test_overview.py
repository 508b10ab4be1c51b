"""Årets gång: the year at a glance for the administration and the chair."""

from datetime import timedelta

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
)


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
    close_window(prize_year)
    PrizeYear.objects.filter(pk=prize_year.pk).update(jury_phase=JuryPhase.DELIBERATION)
    phases.open_vote(prize_year=prize_year, efforts=[effort], by=chair)
    voting.cast_vote(membership=JuryMembership.objects.get(user=juror), effort=effort)
    html = chair_client.get(reverse("jury:overview", args=[2030])).content.decode()
    assert "Utsedda jurymedlemmar: 2" in html
    assert "Lagda röster: 1" in html
    assert "Hemlig favorit" not in html
