"""The winner's public page and the history (nominations/winners.py)."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from nominations.models import Prize, PrizeYear
from tests.factories import (
    STOCKHOLM,
    log_in_verified,
    make_categories,
    make_decision,
    make_eligible_nomination,
    make_juror,
    make_prize,
    make_prize_year,
)

MOTIVATION = "Insatsen förenar föräldrar, polis och skola på ett nyskapande sätt."


def decide(prize_year: PrizeYear, *, effort_name: str = "Nattvandring i Årsta", chair="chair"):
    nomination = make_eligible_nomination(
        prize_year,
        effort_name=effort_name,
        organisations=("Polisområde Söderort", "Fryshuset"),
        nominator_name="Nina Nominerare",
        nominator_email="nina.nominerare@example.se",
        nominator_phone="070-123 45 67",
        description="Nina beskriver insatsen med egna ord.",
    )
    make_eligible_nomination(
        prize_year,
        effort=nomination.effort,
        effort_name=effort_name,
        organisations=("fryshuset", "Enskede-Årsta-Vantörs stadsdelsförvaltning"),
    )
    chair_user = make_juror(prize_year, chair, role="chair")
    return make_decision(
        prize_year,
        votes={chair_user: nomination.effort},
        motivation=MOTIVATION,
        decided_at=datetime(2030, 10, 2, 14, 0, tzinfo=STOCKHOLM),
    )


@pytest.fixture
def decided(db):
    prize_year = make_prize_year(
        conference_date=date(2030, 10, 26), conference_place="Stockholm Waterfront"
    )
    decide(prize_year)
    return prize_year


@pytest.fixture
def announced(decided):
    PrizeYear.objects.filter(pk=decided.pk).update(
        announced_at=datetime(2030, 10, 26, 10, 0, tzinfo=STOCKHOLM)
    )
    decided.refresh_from_db()
    return decided


def winner_page(client, year=2030) -> tuple[int, str]:
    response = client.get(reverse("nominations:winner", args=["trygghetspriset", year]))
    return response.status_code, response.content.decode()


def test_winner_page_shows_effort_organisations_theme_and_motivation(client, announced):
    _status, html = winner_page(client)
    assert "Nattvandring i Årsta" in html
    assert "Polisområde Söderort" in html
    assert "Enskede-Årsta-Vantörs stadsdelsförvaltning" in html
    assert "Trygghet i samverkan" in html
    assert MOTIVATION in html


def test_winner_page_lists_an_organisation_named_twice_once(client, announced):
    _status, html = winner_page(client)
    assert html.count('<li lang="sv">Fryshuset</li>') == 1
    assert '<li lang="sv">fryshuset</li>' not in html


def test_winner_page_shows_prize_sum_award_and_decision_facts(client, announced):
    _status, html = winner_page(client)
    assert "50\N{NO-BREAK SPACE}000 kr" in html
    assert "26 oktober 2030 på trygghetskonferensen, Stockholm Waterfront" in html
    assert "SN 2030/0102" in html
    assert "2 oktober 2030" in html


def test_winner_page_says_when_the_winner_was_published_before_the_conference(client, decided):
    PrizeYear.objects.filter(pk=decided.pk).update(
        announced_at=datetime(2030, 10, 20, 10, 0, tzinfo=STOCKHOLM),
        announcement_reason="Konferensen flyttades.",
    )
    _status, html = winner_page(client)
    assert "Publicerad 20 oktober 2030, före trygghetskonferensen." in html


def test_winner_page_shows_no_nominator_or_contact_details(client, announced):
    _status, html = winner_page(client)
    for secret in ("Nina", "nina.nominerare@example.se", "070-123 45 67", "egna ord"):
        assert secret not in html


def test_winner_page_has_schema_org_json_ld(client, announced):
    import json
    import re

    _status, html = winner_page(client)
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block)
    assert data["@context"] == "https://schema.org"
    assert data["name"] == "Nattvandring i Årsta"
    assert data["award"] == "Trygghetspriset 2030"
    assert data["subjectOf"]["startDate"] == "2030-10-26"


def test_winner_page_before_the_announcement_is_not_found_for_anyone(client, decided):
    status, html = winner_page(client)
    assert status == 404
    assert "Nattvandring i Årsta" not in html


def test_winner_page_before_the_announcement_is_not_found_for_the_chair(client, decided):
    from django.contrib.auth import get_user_model

    log_in_verified(client, get_user_model().objects.get(username="chair"))
    status, html = winner_page(client)
    assert status == 404
    assert "Nattvandring i Årsta" not in html


def test_winner_page_of_a_historical_year_shows_name_and_theme(client, db):
    status, html = winner_page(client, 2012)
    assert status == 200
    assert "Stiftelsen På Rätt Väg i Bagarmossen" in html
    assert "ungdomar och trygghet" in html
    assert "Här finns bara vinnaren, temat och prissumman." in html


def test_winner_page_of_a_year_without_a_winner_is_not_found(client, db):
    status, html = winner_page(client, 2023)
    assert status == 404
    assert "Sidan finns inte" in html


def test_winner_page_of_an_absurd_year_is_not_found(client, db):
    response = client.get("/priser/trygghetspriset/tidigare-vinnare/99999999999/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_winner_page_in_english_shows_the_english_labels(client, announced):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    _status, html = winner_page(client)
    assert "The jury&#x27;s motivation" in html or "The jury's motivation" in html
    assert "Collaborating organisations" in html


# The history.


def history_at(client, moment) -> str:
    with time_machine.travel(moment, tick=False):
        return client.get(reverse("nominations:history", args=["trygghetspriset"])).content.decode()


def test_history_links_each_winner_to_its_page(client, db):
    html = client.get(reverse("nominations:history", args=["trygghetspriset"])).content.decode()
    for year in range(2012, 2023):
        assert f'href="{reverse("nominations:winner", args=["trygghetspriset", year])}"' in html


def test_history_links_an_announced_winner_to_its_page(client, announced):
    html = history_at(client, datetime(2030, 12, 1, tzinfo=STOCKHOLM))
    page = reverse("nominations:winner", args=["trygghetspriset", 2030])
    assert f'<a href="{page}">Nattvandring i Årsta</a>' in html


def test_history_does_not_link_a_decided_year_before_the_announcement(client, decided):
    html = history_at(client, datetime(2030, 10, 20, tzinfo=STOCKHOLM))
    assert reverse("nominations:winner", args=["trygghetspriset", 2030]) not in html
    assert "Nattvandring i Årsta" not in html


def test_history_has_a_row_for_every_year_up_to_the_latest(client, announced):
    html = history_at(client, datetime(2030, 12, 1, tzinfo=STOCKHOLM))
    for year in range(2012, 2031):
        assert f'<th scope="row">{year}</th>' in html


def test_history_says_a_year_without_record_has_no_winner_recorded(client, announced):
    html = history_at(client, datetime(2030, 12, 1, tzinfo=STOCKHOLM))
    row = html.split('<th scope="row">2027</th>')[1].split("</tr>")[0]
    assert "Ingen vinnare finns registrerad för det här året." in row


def test_history_no_longer_claims_a_prize_every_year(client, db):
    html = client.get(reverse("nominations:history", args=["trygghetspriset"])).content.decode()
    assert "varje år sedan 2012" not in html
    assert "delades ut första gången 2012" in html


def test_history_links_the_open_data_and_the_feed(client, db):
    html = client.get(reverse("nominations:history", args=["trygghetspriset"])).content.decode()
    assert f'href="{reverse("nominations:open_data")}#dataset"' in html
    feed = reverse("nominations:feed", args=["trygghetspriset"])
    assert f'type="application/atom+xml" href="{feed}"' in html


def test_history_keeps_years_on_one_line(client, db):
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/site.css"), encoding="utf-8").read()
    assert '.table-years th[scope="row"] { overflow-wrap: normal; white-space: nowrap; }' in css
    html = client.get(reverse("nominations:history", args=["trygghetspriset"])).content.decode()
    assert 'class="table table-stack table-years"' in html


# Lättläst.


def test_easy_read_page_tells_about_the_prize_in_easy_swedish(client, db):
    now = timezone.now()
    make_prize_year(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=10))
    html = client.get(reverse("nominations:easy_read")).content.decode()
    assert "Om Trygghetspriset på lätt svenska" in html
    assert "Du kan nominera nu." in html
    assert reverse("nominations:nominate", args=["trygghetspriset"]) in html


def test_easy_read_page_says_when_nominating_is_closed(client, db):
    html = client.get(reverse("nominations:easy_read")).content.decode()
    assert "Just nu kan du inte nominera." in html


def test_easy_read_page_is_linked_from_the_home_page(client, db):
    html = client.get(reverse("nominations:prize", args=["trygghetspriset"])).content.decode()
    assert f'href="{reverse("nominations:easy_read")}"' in html
    assert "Lättläst" in html


def test_winner_page_appears_once_the_winner_is_announced(client, decided, administrator):
    from hashlib import sha256

    from jury import phases
    from jury.models import Decision

    document = b"%PDF-1.7 the checked decision"
    Decision.objects.filter(prize_year=decided).update(
        chair_checked_at=timezone.now(),
        justerare_checked_at=timezone.now(),
        document=document,
        document_sha256=sha256(document).hexdigest(),
    )
    assert winner_page(client)[0] == 404
    with time_machine.travel(datetime(2030, 10, 26, 12, 0, tzinfo=STOCKHOLM), tick=False):
        phases.announce_winner(prize_year=decided, by=administrator)
    status, html = winner_page(client)
    assert status == 200
    assert "Nattvandring i Årsta" in html


def test_footer_links_the_open_data_and_the_easy_read_page(client, db):
    html = client.get(reverse("nominations:privacy")).content.decode()
    footer = html.split('class="site-footer')[1]
    assert f'<a href="{reverse("nominations:open_data")}">Öppna data</a>' in footer
    assert f'href="{reverse("nominations:easy_read")}" lang="sv">Lättläst</a>' in footer


def test_history_says_no_winner_is_recorded_for_a_year_whose_conference_passed_unjudged(client, db):
    make_prize_year(conference_date=date(2030, 10, 26))
    html = history_at(client, datetime(2030, 12, 1, tzinfo=STOCKHOLM))
    row = html.split('<th scope="row">2030</th>')[1].split("</tr>")[0]
    assert "Ingen vinnare finns registrerad för det här året." in row
    assert "Inte offentliggjort ännu" not in row


# Outcomes besides one winner (jury/awards.py).

NOT_AWARDED = "Ingen insats motsvarade i år prisets syfte fullt ut."
MENTION = "Läxhjälpen når många barn och visar hur skola och föreningar kan samverka."


@pytest.fixture
def not_awarded(db):
    prize_year = make_prize_year(conference_date=date(2030, 10, 26))
    decision = decide(prize_year)
    type(decision).objects.filter(pk=decision.pk).update(
        effort=None, motivation="", not_awarded_reason=NOT_AWARDED
    )
    return prize_year


def announce(prize_year: PrizeYear) -> None:
    PrizeYear.objects.filter(pk=prize_year.pk).update(
        announced_at=datetime(2030, 10, 26, 10, 0, tzinfo=STOCKHOLM)
    )


def mention(prize_year: PrizeYear, name: str = "Läxhjälp i Rinkeby"):
    from jury.models import HonourableMention

    effort = make_eligible_nomination(prize_year, effort_name=name).effort
    return HonourableMention.objects.create(
        decision=prize_year.decision, effort=effort, motivation=MENTION
    )


def test_history_says_an_announced_year_was_not_awarded_and_why(client, not_awarded):
    announce(not_awarded)
    html = history_at(client, datetime(2030, 12, 1, tzinfo=STOCKHOLM))
    row = html.split('<th scope="row">2030</th>')[1].split("</tr>")[0]
    assert f'Inte utdelat 2030: <span lang="sv">{NOT_AWARDED}</span>' in row


def test_history_keeps_not_awarded_to_itself_before_the_announcement(client, not_awarded):
    html = history_at(client, datetime(2030, 10, 20, tzinfo=STOCKHOLM))
    assert NOT_AWARDED not in html


def test_winner_page_of_a_year_not_awarded_is_not_found(client, not_awarded):
    announce(not_awarded)
    status, html = winner_page(client)
    assert status == 404
    assert NOT_AWARDED not in html


def test_winner_page_lists_the_honourable_mentions(client, announced):
    mention(announced)
    _status, html = winner_page(client)
    assert "Hedersomnämnanden" in html
    assert "Läxhjälp i Rinkeby" in html
    assert MENTION in html


def test_history_lists_the_honourable_mentions_of_an_announced_year(client, announced):
    mention(announced)
    html = history_at(client, datetime(2030, 12, 1, tzinfo=STOCKHOLM))
    row = html.split('<th scope="row">2030</th>')[1].split("</tr>")[0]
    assert 'Hedersomnämnanden: <span lang="sv">Läxhjälp i Rinkeby</span>' in row


def test_history_lists_the_mentions_of_a_year_not_awarded(client, not_awarded):
    not_awarded.refresh_from_db()
    mention(not_awarded)
    announce(not_awarded)
    html = history_at(client, datetime(2030, 12, 1, tzinfo=STOCKHOLM))
    assert "Läxhjälp i Rinkeby" in html


def test_history_keeps_the_mentions_to_itself_before_the_announcement(client, decided):
    mention(decided)
    html = history_at(client, datetime(2030, 10, 20, tzinfo=STOCKHOLM))
    assert "Läxhjälp i Rinkeby" not in html


def test_winner_page_of_a_shared_prize_names_both_winners(client, announced):
    from jury.models import SharedWinner

    other = make_eligible_nomination(announced, effort_name="Trygga trapphus").effort
    SharedWinner.objects.create(decision=announced.decision, effort=other, position=2)
    _status, html = winner_page(client)
    assert "Vinnare av Trygghetspriset 2030, som delar priset" in html
    assert "Nattvandring i Årsta och Trygga trapphus" in html


def test_winner_page_of_a_year_in_categories_shows_each_categorys_winner(client, db):
    from jury.models import SharedWinner
    from nominations.models import Effort

    prize_year = make_prize_year(conference_date=date(2030, 10, 26))
    music, literature = make_categories(prize_year, "Musik", "Litteratur", by=None)
    choir = Effort.objects.create(prize_year=prize_year, name="Kören", category=music)
    bus = Effort.objects.create(prize_year=prize_year, name="Bokbussen", category=literature)
    make_eligible_nomination(prize_year, effort=choir, organisations=("Kulturskolan", "Kyrkan"))
    make_eligible_nomination(prize_year, effort=bus, organisations=("Biblioteket", "SL"))
    decision = make_decision(prize_year, votes={}, winner=choir)
    SharedWinner.objects.create(decision=decision, effort=bus, position=2)
    PrizeYear.objects.filter(pk=prize_year.pk).update(
        announced_at=datetime(2030, 10, 26, 10, 0, tzinfo=STOCKHOLM)
    )
    _status, html = winner_page(client)
    assert "Vinnare av Trygghetspriset 2030" in html
    assert "Kategori: Musik" in html and "Kategori: Litteratur" in html
    assert 'Samverkande organisationer: <span lang="sv">Biblioteket, SL</span>' in html
    assert "delar priset" not in html


# Another prize's winner and history name its own ceremony and administration (issue 23).


@pytest.fixture
def other_announced(db):
    prize = make_prize(ceremony="miljögalan")
    prize_year = make_prize_year(
        prize=prize, conference_date=date(2030, 10, 26), conference_place="Stadshuset"
    )
    decide(prize_year)
    PrizeYear.objects.filter(pk=prize_year.pk).update(
        announced_at=datetime(2030, 10, 20, 10, 0, tzinfo=STOCKHOLM),
        announcement_reason="Galan flyttades.",
    )
    return prize_year


def test_winner_page_of_another_prize_names_its_ceremony_and_administration(
    client, other_announced
):
    html = client.get(reverse("nominations:winner", args=["miljopriset", 2030])).content.decode()
    assert (
        "Publicerad 20 oktober 2030, före miljögalan. 26 oktober 2030 på miljögalan, Stadshuset"
        in html
    )
    assert "Vill du läsa det? Fråga miljöförvaltningen på" in html
    assert "trygghetskonferens" not in html and "socialförvaltningen" not in html


def test_winner_page_of_another_prize_without_a_ceremony_names_the_prize_ceremony(
    client, other_announced
):
    Prize.objects.filter(slug="miljopriset").update(ceremony="")
    html = client.get(reverse("nominations:winner", args=["miljopriset", 2030])).content.decode()
    assert "26 oktober 2030 på prisutdelningen, Stadshuset" in html


def test_history_of_another_prize_names_its_ceremony(client, other_announced):
    with time_machine.travel(datetime(2030, 12, 1, tzinfo=STOCKHOLM), tick=False):
        html = client.get(reverse("nominations:history", args=["miljopriset"])).content.decode()
    assert "(publicerad 20 oktober 2030, före miljögalan)" in html
    assert "trygghetskonferens" not in html


def test_history_of_another_prize_says_at_which_ceremony_a_decided_winner_is_presented(client, db):
    prize_year = make_prize_year(
        prize=make_prize(ceremony="miljögalan"), conference_date=date(2030, 10, 26)
    )
    with time_machine.travel(datetime(2030, 10, 1, tzinfo=STOCKHOLM), tick=False):
        decide(prize_year)
        html = client.get(reverse("nominations:history", args=["miljopriset"])).content.decode()
    assert "Vinnaren presenteras på miljögalan den 26 oktober 2030" in html


def test_history_of_trygghetspriset_says_it_was_published_before_the_conference(client, decided):
    PrizeYear.objects.filter(pk=decided.pk).update(
        announced_at=datetime(2030, 10, 20, 10, 0, tzinfo=STOCKHOLM),
        announcement_reason="Konferensen flyttades.",
    )
    html = history_at(client, datetime(2030, 12, 1, tzinfo=STOCKHOLM))
    assert "(publicerad 20 oktober 2030, före trygghetskonferensen)" in html


def test_easy_read_page_is_not_linked_from_another_prizes_page(client, db):
    make_prize()
    html = client.get(reverse("nominations:prize", args=["miljopriset"])).content.decode()
    assert "Lättläst: om Trygghetspriset" not in html
