"""The site's front page lists the prizes; each prize has its own pages under its slug."""

from datetime import date, timedelta

import time_machine
from django.urls import reverse

from nominations.models import Decider, Nomination
from tests.factories import (
    CLOSES_AT,
    OPENS_AT,
    make_prize,
    make_prize_year,
    nomination_post_data,
)

DURING = OPENS_AT + timedelta(days=1)


def front_page(client, at=DURING) -> str:
    with time_machine.travel(at, tick=False):
        return client.get(reverse("nominations:home")).content.decode()


def test_front_page_lists_each_prize_with_a_link_to_its_own_page(client, prize_year):
    other = make_prize()
    make_prize_year(prize=other, theme="Gröna gårdar")
    html = front_page(client)
    assert 'href="/priser/trygghetspriset/"' in html
    assert 'href="/priser/miljopriset/"' in html
    assert "Miljöpriset belönar ett arbete som gör staden grönare." in html


def test_front_page_lists_open_calls_before_closed_ones(client, prize_year):
    # Trygghetspriset's window has closed; the other prize's is open.
    other = make_prize(name="Årets miljöinsats")
    make_prize_year(
        prize=other,
        opens_at=CLOSES_AT - timedelta(days=1),
        closes_at=CLOSES_AT + timedelta(days=60),
    )
    html = front_page(client, at=CLOSES_AT + timedelta(days=1))
    assert html.index("Årets miljöinsats") < html.index("Trygghetspriset</a>")
    assert reverse("nominations:nominate", args=["miljopriset"]) in html


def test_front_page_leaves_out_a_prize_not_listed(client, prize_year):
    make_prize(name="Internt pris", listed=False)
    assert "Internt pris" not in front_page(client)


def test_prize_page_shows_its_own_name_purpose_and_year(client, prize_year):
    other = make_prize()
    make_prize_year(prize=other, theme="Gröna gårdar")
    with time_machine.travel(DURING, tick=False):
        html = client.get(reverse("nominations:prize", args=["miljopriset"])).content.decode()
    assert "<h1>Miljöpriset 2030</h1>" in html
    assert "Gröna gårdar" in html
    assert "Trygghet i samverkan" not in html


def test_prize_page_of_an_unknown_address_is_not_found(client, prize_year):
    response = client.get("/priser/finns-inte/")
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()


def test_nomination_to_a_prize_is_stored_in_that_prizes_year(client, prize_year):
    other = make_prize()
    other_year = make_prize_year(prize=other, theme="Gröna gårdar")
    with time_machine.travel(DURING, tick=False):
        client.post(reverse("nominations:nominate", args=["miljopriset"]), nomination_post_data())
    nomination = Nomination.objects.get()
    assert nomination.prize_year == other_year
    assert nomination.reference.startswith("MP2030-")


def test_receipt_under_another_prizes_address_leads_to_its_own(client, prize_year):
    other = make_prize()
    make_prize_year(prize=other)
    with time_machine.travel(DURING, tick=False):
        client.post(reverse("nominations:nominate", args=["miljopriset"]), nomination_post_data())
        response = client.get(reverse("nominations:receipt", args=["trygghetspriset"]))
    assert response["Location"] == reverse("nominations:receipt", args=["miljopriset"])


def test_history_of_a_prize_lists_only_its_own_years(client, prize_year):
    other = make_prize(first_year=2029)
    make_prize_year(prize=other, year=2029, theme="Gröna tak", historical_winner="Takodlarna")
    html = client.get(reverse("nominations:history", args=["miljopriset"])).content.decode()
    assert "Takodlarna" in html
    assert "IGOR" not in html
    other_html = client.get(reverse("nominations:history", args=["trygghetspriset"])).content
    assert "Takodlarna" not in other_html.decode()


def test_prize_page_of_another_prize_being_judged_speaks_of_its_own_ceremony(client, db):
    other = make_prize()
    make_prize_year(prize=other, conference_date=date(2030, 11, 20))
    with time_machine.travel(CLOSES_AT + timedelta(days=1), tick=False):
        html = client.get(reverse("nominations:prize", args=["miljopriset"])).content.decode()
    assert "Vinnaren presenteras på prisutdelningen den 20 november 2030." in html
    assert "trygghetskonferens" not in html


# The prize's wording is its data: its ceremony and who can be nominated (issue 23).


def prize_page(client, slug: str, at=DURING) -> str:
    with time_machine.travel(at, tick=False):
        return client.get(reverse("nominations:prize", args=[slug])).content.decode()


def test_prize_page_of_another_prize_names_its_own_ceremony(client, db):
    other = make_prize(ceremony="miljögalan", ceremony_en="the environment gala")
    make_prize_year(prize=other, conference_date=date(2030, 11, 20))
    html = prize_page(client, "miljopriset")
    assert "Priset delas ut på miljögalan den 20 november 2030." in html
    assert "trygghetskonferens" not in html


def test_prize_page_of_another_prize_without_a_ceremony_names_the_prize_ceremony(client, db):
    make_prize_year(prize=make_prize(), conference_date=date(2030, 11, 20))
    html = prize_page(client, "miljopriset")
    assert "Priset delas ut på prisutdelningen den 20 november 2030." in html


def test_prize_page_in_english_without_an_english_ceremony_names_the_prize_ceremony(client, db):
    make_prize_year(prize=make_prize(ceremony="miljögalan"), conference_date=date(2030, 11, 20))
    client.cookies["django_language"] = "en"
    html = prize_page(client, "miljopriset")
    assert "The prize is awarded at the prize ceremony on 20 November 2030." in html


def test_prize_page_of_another_prize_being_judged_names_its_ceremony_in_full(client, db):
    other = make_prize(ceremony="miljögalan", ceremony_full="miljönämndens miljögala")
    make_prize_year(prize=other, conference_date=date(2030, 11, 20))
    html = prize_page(client, "miljopriset", at=CLOSES_AT + timedelta(days=1))
    assert "Vinnaren presenteras på miljönämndens miljögala den 20 november 2030." in html


def test_prize_page_of_trygghetspriset_reads_as_before(client, db):
    make_prize_year(conference_date=date(2030, 10, 24))
    html = prize_page(client, "trygghetspriset")
    assert "Priset delas ut på trygghetskonferensen den 24 oktober 2030." in html
    assert (
        "Verksamheter och organisationer som är värda att uppmärksammas för ett framgångsrikt "
        "trygghetsskapande arbete kan nomineras. Insatsen ska uppfylla alla de här kraven:"
    ) in html


def test_prize_page_of_trygghetspriset_being_judged_without_a_date_reads_as_before(client, db):
    make_prize_year(conference_date=None)
    html = prize_page(client, "trygghetspriset", at=CLOSES_AT + timedelta(days=1))
    assert (
        "Vinnaren presenteras på socialnämndens trygghetskonferens. Datumet är inte bestämt än."
    ) in html


def test_prize_page_of_another_prize_says_who_it_may_nominate_in_its_own_words(client, db):
    other = make_prize(nominees="Alla som gör staden grönare kan nomineras.")
    make_prize_year(prize=other)
    html = prize_page(client, "miljopriset")
    assert "Alla som gör staden grönare kan nomineras. Insatsen ska uppfylla" in html
    assert "trygghetsskapande" not in html


def test_prize_page_of_another_prize_without_nominees_text_starts_with_the_requirements(client, db):
    make_prize_year(prize=make_prize())
    html = prize_page(client, "miljopriset")
    assert "<p>Insatsen ska uppfylla alla de här kraven:</p>" in html


def receipt_page(client, slug: str) -> str:
    with time_machine.travel(DURING, tick=False):
        client.post(reverse("nominations:nominate", args=[slug]), nomination_post_data())
        return client.get(reverse("nominations:receipt", args=[slug])).content.decode()


def test_receipt_of_another_prize_names_its_administration_and_ceremony(client, db):
    make_prize_year(prize=make_prize(ceremony="miljögalan"))
    html = receipt_page(client, "miljopriset")
    assert (
        "Efter nomineringsperioden går miljöförvaltningen igenom varje nominering mot årets "
        "obligatoriska kriterier. Sedan bedömer juryn insatserna och utser en vinnare, som "
        "tillkännages på miljögalan."
    ) in html
    assert "trygghetskonferens" not in html and "socialförvaltningen" not in html


def test_receipt_of_a_prize_a_committee_decides_says_the_committee_decides(client, db):
    other = make_prize(decider=Decider.COMMITTEE, deciding_body="Miljö- och hälsoskyddsnämnden")
    make_prize_year(prize=other)
    html = receipt_page(client, "miljopriset")
    assert (
        "Sedan bedömer juryn insatserna och lämnar ett förslag till miljö- och "
        "hälsoskyddsnämnden, som beslutar vem som vinner. Vinnaren tillkännages på "
        "prisutdelningen."
    ) in html


def test_receipt_of_trygghetspriset_reads_as_before(client, prize_year):
    html = receipt_page(client, "trygghetspriset")
    assert (
        "Efter nomineringsperioden går socialförvaltningen igenom varje nominering mot årets "
        "obligatoriska kriterier. Sedan bedömer juryn insatserna och utser en vinnare, som "
        "tillkännages på trygghetskonferensen."
    ) in html
