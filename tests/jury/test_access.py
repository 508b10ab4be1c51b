"""Every jury URL, tried by those who must not get in."""

import pytest
from django.urls import reverse

from jury import conflicts, scoring
from jury.models import ConflictDeclaration, Score, Vote
from tests.factories import log_in_verified, make_user

SCORE = {"innovation": "4", "inspiration": "3", "results": "5", "comment": ""}


@pytest.fixture
def year_urls(efforts):
    effort = efforts["Nattvandring"]
    return {
        "dashboard": reverse("jury:dashboard", args=[2030]),
        "effort": reverse("jury:effort", args=[2030, effort.pk]),
        "declare_conflict": reverse("jury:declare_conflict", args=[2030, effort.pk]),
        "ranking": reverse("jury:ranking", args=[2030]),
        "vote": reverse("jury:vote", args=[2030]),
        "conflicts": reverse("jury:conflicts", args=[2030]),
        "chair": reverse("jury:chair", args=[2030]),
    }


def post_everything(client, year_urls, efforts) -> None:
    effort = efforts["Nattvandring"]
    client.post(year_urls["effort"], SCORE)
    client.post(year_urls["declare_conflict"], {"reason": "Försöker anmäla jäv."})
    client.post(year_urls["vote"], {"effort": effort.pk})
    client.post(year_urls["chair"], {"step": "open_scoring"})


def assert_nothing_written(prize_year) -> None:
    assert not Score.objects.exists()
    assert not ConflictDeclaration.objects.exists()
    assert not Vote.objects.exists()
    prize_year.refresh_from_db()
    assert prize_year.jury_phase == "scoring"


def test_anonymous_visitor_is_sent_to_login_everywhere(client, year_urls, efforts, scoring_year):
    for url in [reverse("jury:home"), *year_urls.values()]:
        response = client.get(url)
        assert response["Location"].startswith(reverse("jury:login")), url
    post_everything(client, year_urls, efforts)
    assert_nothing_written(scoring_year)


def test_juror_with_password_only_is_sent_to_login(client, juror, year_urls, efforts, scoring_year):
    client.force_login(juror)  # no authenticator code yet
    for url in year_urls.values():
        assert client.get(url)["Location"].startswith(reverse("jury:login")), url
    post_everything(client, year_urls, efforts)
    assert_nothing_written(scoring_year)


def test_outsider_finds_no_jury_pages(client, outsider, year_urls, efforts, scoring_year):
    log_in_verified(client, outsider)
    for url in year_urls.values():
        assert client.get(url).status_code == 404, url
    post_everything(client, year_urls, efforts)
    assert_nothing_written(scoring_year)


def test_juror_of_another_year_finds_nothing_of_this_year(
    client, juror_of_another_year, year_urls, efforts, scoring_year
):
    log_in_verified(client, juror_of_another_year)
    for url in year_urls.values():
        assert client.get(url).status_code == 404, url
    post_everything(client, year_urls, efforts)
    assert_nothing_written(scoring_year)


def test_juror_cannot_reach_effort_of_another_year_through_own_year(
    juror_client, juror_of_another_year, scoring_year
):
    from nominations.models import PrizeYear
    from tests.factories import make_eligible_nomination

    other = make_eligible_nomination(PrizeYear.objects.get(year=2029)).effort
    response = juror_client.post(reverse("jury:effort", args=[2030, other.pk]), SCORE)
    assert response.status_code == 404
    assert not Score.objects.exists()


def test_juror_cannot_reach_ineligible_effort(juror_client, prize_year, scoring_year):
    from tests.factories import make_nomination

    unscreened = make_nomination(prize_year).effort
    assert juror_client.get(reverse("jury:effort", args=[2030, unscreened.pk])).status_code == 404


def test_member_reads_the_conflicts_page_without_the_leaders_forms(
    juror_client, year_urls, efforts, scoring_year
):
    html = juror_client.get(year_urls["conflicts"]).content.decode()
    assert "Anteckna frågan" not in html
    juror_client.post(year_urls["conflicts"], {"form": "question"})
    assert_nothing_written(scoring_year)


def test_member_finds_no_chair_pages(juror_client, year_urls, efforts, scoring_year):
    assert juror_client.get(year_urls["chair"]).status_code == 404
    juror_client.post(year_urls["chair"], {"step": "close_scoring"})
    assert_nothing_written(scoring_year)


def test_juror_with_conflict_can_neither_score_nor_vote_nor_see_scores(
    juror_client, membership, chair_membership, year_urls, efforts, scoring_year
):
    effort = efforts["Nattvandring"]
    scoring.save_score(
        membership=chair_membership,
        effort=effort,
        values={"innovation": 5, "inspiration": 4, "results": 3},
        comment="Ordförandens bedömning",
    )
    conflicts.declare_conflict(membership=membership, effort=effort, reason="Anställd där.")
    html = juror_client.get(year_urls["effort"]).content.decode()
    assert "Ordförandens bedömning" not in html
    juror_client.post(year_urls["effort"], SCORE)
    juror_client.post(year_urls["vote"], {"effort": effort.pk})
    assert list(Score.objects.values_list("juror__username", flat=True)) == ["chair"]
    assert not Vote.objects.exists()


def test_appointment_that_has_ended_gives_no_access(juror_client, membership, year_urls):
    from datetime import date

    membership.ends_on = date(2020, 12, 31)
    membership.save()
    assert juror_client.get(year_urls["dashboard"]).status_code == 404


def test_jury_home_tells_staff_without_appointment(client, db):
    staff = make_user("clerk", is_staff=True)
    log_in_verified(client, staff)
    html = client.get(reverse("jury:home")).content.decode()
    assert "Du är inte utsedd till någon jury" in html


def test_old_jury_address_leads_to_trygghetsprisets_year(juror_client, prize_year):
    response = juror_client.get("/jury/2030/rangordning/?sortera=namn")
    assert response.status_code == 301
    assert response["Location"] == "/jury/trygghetspriset/2030/rangordning/?sortera=namn"


def test_juror_of_one_prize_finds_nothing_of_another_prizes_year(juror_client, prize_year):
    from tests.factories import make_prize, make_prize_year

    make_prize_year(prize=make_prize())
    response = juror_client.get("/jury/miljopriset/2030/")
    assert response.status_code == 404
    assert "Trygghet i samverkan" not in response.content.decode()
