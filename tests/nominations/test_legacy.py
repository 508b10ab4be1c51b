"""The public addresses from before several prizes lead, permanently, to Trygghetspriset's."""

from datetime import date, datetime, timedelta

import time_machine
from django.urls import reverse

from nominations.models import Nomination
from nominations.private_link import link_token
from tests.factories import (
    OPENS_AT,
    STOCKHOLM,
    make_nomination,
    make_prize,
    make_prize_year,
    nomination_post_data,
)
from tests.nominations.test_winners import decide

DURING = OPENS_AT + timedelta(days=1)


def test_old_form_address_redirects_permanently_to_trygghetsprisets_form(client, prize_year):
    response = client.get("/nominera/")
    assert response.status_code == 301
    assert response["Location"] == "/priser/trygghetspriset/nominera/"


def test_old_form_address_keeps_a_posted_nomination_through_the_redirect(client, prize_year):
    with time_machine.travel(DURING, tick=False):
        response = client.post("/nominera/", nomination_post_data(), follow=True)
    assert response.redirect_chain[0] == ("/priser/trygghetspriset/nominera/", 308)
    assert Nomination.objects.get().prize_year == prize_year


def test_old_winner_address_leads_to_the_same_winner(client, prize_year):
    response = client.get("/tidigare-vinnare/2022/", follow=True)
    assert response.redirect_chain == [("/priser/trygghetspriset/tidigare-vinnare/2022/", 301)]
    assert "IGOR" in response.content.decode()


def test_old_address_keeps_its_query_string(client, prize_year):
    response = client.get("/tidigare-vinnare/?fran=nyhetsbrev")
    assert response["Location"] == "/priser/trygghetspriset/tidigare-vinnare/?fran=nyhetsbrev"


def test_old_private_link_from_an_earlier_email_still_opens_the_nomination(client, prize_year):
    nomination = make_nomination(prize_year)
    token = link_token(nomination=nomination)
    with time_machine.travel(DURING, tick=False):
        response = client.get(f"/nominera/min-nominering/{token}/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/priser/trygghetspriset/nominera/")
    assert nomination.reference in response.content.decode()


def test_private_link_under_another_prizes_address_leads_to_its_own(client, prize_year):
    other_year = make_prize_year(prize=make_prize())
    nomination = make_nomination(other_year)
    token = link_token(nomination=nomination)
    with time_machine.travel(DURING, tick=False):
        response = client.get(reverse("nominations:my_nomination", args=["trygghetspriset", token]))
    assert response["Location"] == reverse("nominations:my_nomination", args=["miljopriset", token])


def test_old_address_answers_405_to_a_put(client, prize_year):
    response = client.put("/nominera/")
    assert response.status_code == 405
    assert not Nomination.objects.exists()


def test_old_open_data_addresses_redirect_permanently_to_trygghetsprisets_data(client, db):
    moved = {
        "/oppna-data/vinnare.json": "/priser/trygghetspriset/oppna-data/vinnare.json",
        "/oppna-data/vinnare.csv": "/priser/trygghetspriset/oppna-data/vinnare.csv",
        "/tidigare-vinnare/flode.atom": "/priser/trygghetspriset/tidigare-vinnare/flode.atom",
    }
    answers = {old: client.get(old) for old in moved}
    assert {old: (r.status_code, r["Location"]) for old, r in answers.items()} == {
        old: (301, new) for old, new in moved.items()
    }


def test_old_open_data_address_may_be_followed_from_another_site(client, db):
    response = client.get("/oppna-data/vinnare.json", headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"


def test_old_json_address_leads_to_trygghetsprisets_winners_only(client, prize_year):
    other_year = make_prize_year(prize=make_prize(), conference_date=date(2030, 11, 5))
    decide(other_year, effort_name="Gröna gårdar i Husby", chair="miljochair")
    type(other_year).objects.filter(pk=other_year.pk).update(
        announced_at=datetime(2030, 11, 5, 10, tzinfo=STOCKHOLM)
    )
    response = client.get("/oppna-data/vinnare.json", follow=True)
    document = response.json()
    assert document["prize"] == "Trygghetspriset"
    assert "Gröna gårdar i Husby" not in response.content.decode()
    assert "IGOR" in response.content.decode()


def test_old_open_data_address_answers_405_to_a_post(client, db):
    response = client.post("/oppna-data/vinnare.csv")
    assert (response.status_code, response.get("Location")) == (405, None)
