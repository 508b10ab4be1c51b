"""The outcomes of each prize as open data (nominations/open_data.py, nominations/dcat.py):
each format read and compared."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime

import jsonschema
import pytest
import rdflib
from django.urls import reverse
from django.utils.html import escape

from jury.models import HonourableMention, SharedWinner
from jury.phases import PhaseError, announce_winner
from nominations.models import Effort, PrizeYear
from nominations.open_data import JSON_SCHEMA_PATH
from tests.factories import (
    STOCKHOLM,
    kulturpriset,
    make_administrator,
    make_categories,
    make_committee_decision,
    make_decision,
    make_eligible_nomination,
    make_prize,
    make_prize_year,
    mark_decision_checked,
)
from tests.nominations.test_winners import MOTIVATION, decide

ATOM = "{http://www.w3.org/2005/Atom}"
PERSONAL = ("Nina", "nina.nominerare@example.se", "070-123 45 67", "egna ord")
SITE = "http://localhost:8000"
NOT_AWARDED = "Ingen insats motsvarade i år prisets syfte fullt ut."
MENTION = "Läxhjälpen når många barn och visar hur skola och föreningar kan samverka."
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")


def announce(prize_year: PrizeYear, day: int = 26) -> PrizeYear:
    PrizeYear.objects.filter(pk=prize_year.pk).update(
        announced_at=datetime(prize_year.year, 10, day, 10, 0, tzinfo=STOCKHOLM)
    )
    prize_year.refresh_from_db()
    return prize_year


@pytest.fixture
def announced(db):
    prize_year = make_prize_year(
        conference_date=date(2030, 10, 26), conference_place="Stockholm Waterfront"
    )
    decide(prize_year)
    return announce(prize_year)


@pytest.fixture
def decided(db):
    """Decided, not announced: in no format."""
    prize_year = make_prize_year(year=2031, conference_date=date(2031, 10, 26))
    decide(prize_year, effort_name="Hemlig vinnare i Kista", chair="chair2031")
    return prize_year


def mention(prize_year: PrizeYear, name: str = "Läxhjälp i Rinkeby") -> HonourableMention:
    effort = make_eligible_nomination(prize_year, effort_name=name).effort
    return HonourableMention.objects.create(
        decision=prize_year.decision, effort=effort, motivation=MENTION
    )


def not_awarded(year: int = 2031, chair: str = "chair2031") -> PrizeYear:
    """A year whose jury decided not to award the prize, not yet announced."""
    prize_year = make_prize_year(year=year, conference_date=date(year, 10, 26))
    decision = decide(prize_year, effort_name="Kandidat i Skärholmen", chair=chair)
    type(decision).objects.filter(pk=decision.pk).update(
        effort=None, motivation="", not_awarded_reason=NOT_AWARDED
    )
    prize_year.refresh_from_db()
    return prize_year


def shared(prize_year: PrizeYear, name: str = "Trygga trapphus") -> None:
    other = make_eligible_nomination(
        prize_year, effort_name=name, organisations=("Stockholmshem", "Hyresgästföreningen")
    ).effort
    SharedWinner.objects.create(decision=prize_year.decision, effort=other, position=2)


def get_text(client, name: str, prize: str | None = "trygghetspriset") -> str:
    args = [prize] if prize and name in ("winners_json", "winners_csv", "feed") else []
    return client.get(reverse(f"nominations:{name}", args=args)).content.decode()


def winners_json(client, prize: str = "trygghetspriset") -> dict:
    return json.loads(get_text(client, "winners_json", prize))


def csv_rows(client, prize: str = "trygghetspriset") -> list[dict]:
    return list(csv.DictReader(io.StringIO(get_text(client, "winners_csv", prize))))


def feed_entries(client, prize: str = "trygghetspriset") -> list:
    root = ET.fromstring(get_text(client, "feed", prize).encode())
    return root.findall(f"{ATOM}entry")


def validate(document: dict) -> None:
    schema = json.loads(JSON_SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())


def local(url: str) -> str:
    return url.removeprefix(SITE)


# The JSON and its schema.


def test_json_validates_against_the_schema_in_the_repository(client, announced):
    validate(winners_json(client))


def test_json_of_every_outcome_validates_against_the_schema(client, announced):
    shared(announced)
    mention(announced)
    announce(not_awarded())
    document = winners_json(client)
    assert {r["kind"] for r in document["winners"]} == {"shared_winner", "winner"}
    validate(document)


def test_json_schema_is_served_as_kept_in_the_repository(client, db):
    served = json.loads(get_text(client, "winners_schema"))
    assert served == json.loads(JSON_SCHEMA_PATH.read_text(encoding="utf-8"))


def test_json_says_its_schema_version(client, db):
    schema = json.loads(JSON_SCHEMA_PATH.read_text(encoding="utf-8"))
    assert winners_json(client)["schema_version"] == "2.1"
    assert schema["properties"]["schema_version"]["const"] == "2.1"


def test_json_holds_the_announced_winner_as_its_page_shows_it(client, announced):
    [record] = [w for w in winners_json(client)["winners"] if w["year"] == 2030]
    page = client.get(local(record["url"])).content.decode()
    assert (record["kind"], record["winner"], record["shared_with"]) == (
        "winner",
        "Nattvandring i Årsta",
        [],
    )
    assert record["winner"] in page
    assert record["motivation"] == MOTIVATION
    assert MOTIVATION in page
    for organisation in record["organisations"]:
        assert organisation in page
    assert record["decision"] == {"case_number": "SN 2030/0102", "decided_on": "2030-10-02"}
    assert record["awarded_on"] == "2030-10-26"
    assert record["award_place"] == "Stockholm Waterfront"


def test_json_holds_the_historical_winners(client, db):
    records = {w["year"]: w for w in winners_json(client)["winners"]}
    assert sorted(records) == list(range(2012, 2023))
    assert records[2012]["winner"] == "Stiftelsen På Rätt Väg i Bagarmossen"
    assert records[2012]["historical_record"] is True
    assert records[2012]["decision"] is None


def test_json_names_the_licence_from_settings(client, db, settings):
    settings.OPEN_DATA_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
    assert winners_json(client)["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_json_leaves_out_a_winner_not_yet_announced(client, decided):
    text = get_text(client, "winners_json")
    assert "Hemlig vinnare i Kista" not in text
    assert 2031 not in [w["year"] for w in json.loads(text)["winners"]]


def test_json_holds_no_personal_data(client, announced):
    text = get_text(client, "winners_json")
    for secret in PERSONAL:
        assert secret not in text


# Honourable mentions.


def test_json_lists_an_honourable_mention_with_its_motivation_apart_from_the_winners(
    client, announced
):
    mention(announced)
    document = winners_json(client)
    [record] = document["honourable_mentions"]
    assert (record["kind"], record["year"], record["name"], record["motivation"]) == (
        "honourable_mention",
        2030,
        "Läxhjälp i Rinkeby",
        MENTION,
    )
    assert "Läxhjälp i Rinkeby" not in [w["winner"] for w in document["winners"]]


def test_json_mention_links_the_winner_page_that_lists_it(client, announced):
    mention(announced)
    [record] = winners_json(client)["honourable_mentions"]
    page = client.get(local(record["url"])).content.decode()
    assert "Läxhjälp i Rinkeby" in page
    assert MENTION in page


def test_json_leaves_out_a_mention_before_the_announcement(client, decided):
    mention(decided)
    assert "Läxhjälp i Rinkeby" not in get_text(client, "winners_json")


def test_csv_marks_an_honourable_mention_in_the_kind_column(client, announced):
    mention(announced)
    kinds = {
        (r["vinnare"], r["typ"], r["motivering"]) for r in csv_rows(client) if r["ar"] == "2030"
    }
    assert kinds == {
        ("Nattvandring i Årsta", "vinnare", MOTIVATION),
        ("Läxhjälp i Rinkeby", "hedersomnämnande", MENTION),
    }


def test_csv_gives_a_mention_no_prize_sum(client, announced):
    mention(announced)
    [row] = [r for r in csv_rows(client) if r["typ"] == "hedersomnämnande"]
    assert (row["prissumma_kr"], row["utdelat_datum"]) == ("", "")


# Years not awarded.


def test_json_gives_an_announced_year_not_awarded_with_its_reason_and_no_winner(client, announced):
    announce(not_awarded())
    document = winners_json(client)
    [record] = document["not_awarded"]
    assert (record["kind"], record["year"], record["reason"]) == ("not_awarded", 2031, NOT_AWARDED)
    assert 2031 not in [w["year"] for w in document["winners"]]
    assert "Kandidat i Skärholmen" not in json.dumps(document, ensure_ascii=False)


def test_json_year_not_awarded_links_its_row_in_the_history(client, db):
    announce(not_awarded())
    [record] = winners_json(client)["not_awarded"]
    assert local(record["url"]) == "/priser/trygghetspriset/tidigare-vinnare/#ar-2031"
    history = client.get(local(record["url"])).content.decode()
    assert '<tr id="ar-2031">' in history
    assert NOT_AWARDED in history


def test_json_leaves_out_a_year_not_awarded_before_its_announcement(client, db):
    not_awarded()
    document = winners_json(client)
    assert document["not_awarded"] == []
    assert NOT_AWARDED not in json.dumps(document, ensure_ascii=False)


def test_csv_gives_a_year_not_awarded_one_row_with_the_reason_and_no_winner(client, db):
    announce(not_awarded())
    [row] = [r for r in csv_rows(client) if r["ar"] == "2031"]
    assert (row["typ"], row["vinnare"], row["motivering"], row["prissumma_kr"]) == (
        "ej utdelat",
        "",
        NOT_AWARDED,
        "",
    )
    assert row["diarienummer"] == "SN 2031/0102"


def test_csv_gives_the_mention_of_a_year_not_awarded_its_own_row(client, db):
    prize_year = not_awarded()
    mention(prize_year)
    announce(prize_year)
    kinds = [r["typ"] for r in csv_rows(client) if r["ar"] == "2031"]
    assert kinds == ["ej utdelat", "hedersomnämnande"]


# A shared prize.


def test_json_gives_each_winner_of_a_shared_prize_a_record_of_its_own(client, announced):
    shared(announced)
    records = [w for w in winners_json(client)["winners"] if w["year"] == 2030]
    assert [(r["kind"], r["winner"], r["shared_with"]) for r in records] == [
        ("shared_winner", "Nattvandring i Årsta", ["Trygga trapphus"]),
        ("shared_winner", "Trygga trapphus", ["Nattvandring i Årsta"]),
    ]
    assert records[1]["organisations"] == ["Stockholmshem", "Hyresgästföreningen"]
    assert "Stockholmshem" not in records[0]["organisations"]


def test_csv_gives_each_winner_of_a_shared_prize_a_row_marked_delad_vinnare(client, announced):
    shared(announced)
    rows = [r for r in csv_rows(client) if r["ar"] == "2030"]
    assert [(r["vinnare"], r["typ"]) for r in rows] == [
        ("Nattvandring i Årsta", "delad vinnare"),
        ("Trygga trapphus", "delad vinnare"),
    ]


# The CSV.


def test_csv_has_one_row_per_winner_matching_the_json(client, announced):
    rows = csv_rows(client)
    records = winners_json(client)["winners"]
    assert [int(r["ar"]) for r in rows] == [w["year"] for w in records]
    [row] = [r for r in rows if r["ar"] == "2030"]
    assert row["vinnare"] == "Nattvandring i Årsta"
    assert row["samverkande_organisationer"].split("; ") == next(
        w["organisations"] for w in records if w["year"] == 2030
    )
    assert row["motivering"] == MOTIVATION
    assert row["diarienummer"] == "SN 2030/0102"
    assert (row["typ"], row["pris"]) == ("vinnare", "Trygghetspriset")


def test_csv_keeps_the_columns_of_before_first_in_their_order(client, db):
    header = get_text(client, "winners_csv").splitlines()[0].split(",")
    assert header[:13] == [
        "ar",
        "vinnare",
        "tema",
        "samverkande_organisationer",
        "stadsdelar",
        "motivering",
        "prissumma_kr",
        "utdelat_datum",
        "utdelat_plats",
        "offentliggjort",
        "diarienummer",
        "beslutsdatum",
        "sida",
    ]


def test_csv_leaves_out_a_winner_not_yet_announced_and_personal_data(client, announced, decided):
    text = get_text(client, "winners_csv")
    for secret in ("Hemlig vinnare i Kista", *PERSONAL):
        assert secret not in text


def announce_named(name: str) -> None:
    prize_year = make_prize_year(conference_date=date(2030, 10, 26))
    decide(prize_year, effort_name=name)
    announce(prize_year)


def test_csv_keeps_a_winner_named_like_a_formula_from_running(client, db):
    announce_named('=HYPERLINK("http://example.com")')
    [row] = [r for r in csv_rows(client) if r["ar"] == "2030"]
    assert row["vinnare"] == '\'=HYPERLINK("http://example.com")'


# The feed.


def test_feed_is_valid_atom_with_one_entry_per_announcement(client, announced):
    root = ET.fromstring(get_text(client, "feed").encode())
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    [entry] = root.findall(f"{ATOM}entry")
    for required in ("id", "title", "updated", "link"):
        assert entry.find(f"{ATOM}{required}") is not None, required
    assert (
        entry.find(f"{ATOM}title").text == "Vinnaren av Trygghetspriset 2030: Nattvandring i Årsta"
    )
    assert (
        entry.find(f"{ATOM}link")
        .get("href")
        .endswith("/priser/trygghetspriset/tidigare-vinnare/2030/")
    )


def test_feed_without_announcements_is_still_valid_atom(client, db):
    root = ET.fromstring(get_text(client, "feed").encode())
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}updated").text
    assert root.findall(f"{ATOM}entry") == []


def test_feed_leaves_out_a_winner_not_yet_announced(client, decided):
    assert "Hemlig vinnare i Kista" not in get_text(client, "feed")


def test_feed_has_an_entry_for_an_honourable_mention_with_its_motivation(client, announced):
    mention(announced)
    titles = {e.find(f"{ATOM}title").text: e for e in feed_entries(client)}
    entry = titles["Hedersomnämnande, Trygghetspriset 2030: Läxhjälp i Rinkeby"]
    assert entry.find(f"{ATOM}summary").text == escape(MENTION)
    assert len({e.find(f"{ATOM}id").text for e in titles.values()}) == 2


def test_feed_has_an_entry_for_a_year_not_awarded_with_its_reason(client, db):
    announce(not_awarded())
    [entry] = feed_entries(client)
    assert entry.find(f"{ATOM}title").text == "Trygghetspriset 2031 delas inte ut"
    assert entry.find(f"{ATOM}summary").text == escape(NOT_AWARDED)
    assert local(entry.find(f"{ATOM}link").get("href")).endswith("/tidigare-vinnare/#ar-2031")


def test_feed_names_both_winners_of_a_shared_prize_in_one_entry(client, announced):
    shared(announced)
    [entry] = feed_entries(client)
    assert (
        entry.find(f"{ATOM}title").text
        == "Vinnarna av Trygghetspriset 2030: Nattvandring i Årsta och Trygga trapphus"
    )


def test_feed_summary_shows_a_motivation_with_angle_brackets_as_text(client, db):
    prize_year = make_prize_year(conference_date=date(2030, 10, 26))
    decision = decide(prize_year)
    decision.motivation = "Tryggt <b>på riktigt</b>."
    decision.save()
    announce(prize_year)
    [entry] = feed_entries(client)
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "Tryggt &lt;b&gt;på riktigt&lt;/b&gt;."


def test_every_feed_entry_links_a_page_that_names_it(client, announced):
    mention(announced)
    for entry in feed_entries(client):
        page = client.get(local(entry.find(f"{ATOM}link").get("href"))).content.decode()
        name = entry.find(f"{ATOM}title").text.split(": ", 1)[1]
        assert name in page
        assert entry.find(f"{ATOM}summary").text in page


# Each prize its own data.


@pytest.fixture
def second_prize_announced(db):
    """Miljöpriset, with an owner of its own, and its announced winner of 2030."""
    prize_year = make_prize_year(prize=make_prize(), conference_date=date(2030, 11, 5))
    decide(prize_year, effort_name="Gröna gårdar i Husby", chair="miljochair")
    return announce(prize_year, day=30)


def test_second_prize_has_its_data_under_its_own_address(client, announced, second_prize_announced):
    document = winners_json(client, "miljopriset")
    assert (document["prize"], document["publisher"]) == (
        "Miljöpriset",
        "Stockholms stad, Miljöförvaltningen",
    )
    assert [(w["year"], w["winner"], w["prize"]) for w in document["winners"]] == [
        (2030, "Gröna gårdar i Husby", "Miljöpriset")
    ]
    assert local(document["winners"][0]["url"]) == "/priser/miljopriset/tidigare-vinnare/2030/"


def test_first_prize_data_leaves_out_the_second_prize(client, announced, second_prize_announced):
    assert "Gröna gårdar i Husby" not in get_text(client, "winners_json")
    assert "Gröna gårdar i Husby" not in get_text(client, "winners_csv")
    assert "Gröna gårdar i Husby" not in get_text(client, "feed")


def test_second_prize_csv_and_feed_name_it(client, second_prize_announced):
    [row] = csv_rows(client, "miljopriset")
    assert (row["vinnare"], row["pris"]) == ("Gröna gårdar i Husby", "Miljöpriset")
    root = ET.fromstring(get_text(client, "feed", "miljopriset").encode())
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Stockholms stad, Miljöförvaltningen"
    [entry] = root.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Vinnaren av Miljöpriset 2030: Gröna gårdar i Husby"


def test_data_set_of_an_unknown_prize_is_not_found(client, db):
    response = client.get(reverse("nominations:winners_json", args=["ingetpris"]))
    assert (response.status_code, response["Content-Type"]) == (404, "text/html; charset=utf-8")


def test_winner_page_json_ld_names_the_second_prize_and_its_owner(client, second_prize_announced):
    html = client.get(reverse("nominations:winner", args=["miljopriset", 2030])).content.decode()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block)
    assert data["award"] == "Miljöpriset 2030"
    assert data["subjectOf"]["organizer"]["name"] == "Stockholms stad, Miljöförvaltningen"


# Where a committee decides.


@pytest.fixture
def culture_proposal(db):
    """Kulturpriset's jury proposed Sommarscen; its proposal is justerad."""
    prize_year = make_prize_year(prize=kulturpriset(), year=2030, case_number="KUN 2030/0100")
    proposed = make_eligible_nomination(prize_year, effort_name="Sommarscen").effort
    make_decision(prize_year, votes={}, winner=proposed)
    mark_decision_checked(prize_year)
    return prize_year


def test_committee_prize_publishes_nothing_before_the_committee_decides(client, culture_proposal):
    with pytest.raises(PhaseError):
        announce_winner(prize_year=culture_proposal, by=make_administrator())
    document = winners_json(client, "kulturpriset")
    assert document["winners"] == []
    assert "Sommarscen" not in get_text(client, "winners_csv", "kulturpriset")


def test_committee_prize_publishes_the_committees_decision_of_record(client, culture_proposal):
    other = make_eligible_nomination(culture_proposal, effort_name="Läsfrämjandet").effort
    committee = make_committee_decision(culture_proposal, effort=other)
    announce_winner(prize_year=culture_proposal, by=make_administrator())
    [record] = winners_json(client, "kulturpriset")["winners"]
    assert (record["winner"], record["motivation"], record["decision"]) == (
        "Läsfrämjandet",
        "Nämnden valde en insats som når fler.",
        {"case_number": "KUN 2030/0456", "decided_on": committee.decided_on.isoformat()},
    )
    assert "Sommarscen" not in get_text(client, "winners_csv", "kulturpriset")


# The DCAT-AP-SE catalogue.


def catalogue(client) -> rdflib.Graph:
    return rdflib.Graph().parse(data=get_text(client, "dcat"), format="turtle")


def test_dcat_description_parses_as_rdf_with_dataset_and_distributions(client, announced):
    graph = catalogue(client)
    [dataset] = graph.subjects(rdflib.RDF.type, DCAT.Dataset)
    downloads = {
        str(graph.value(d, DCAT.downloadURL)) for d in graph.objects(dataset, DCAT.distribution)
    }
    assert downloads == {
        f"{SITE}/priser/trygghetspriset/oppna-data/vinnare.json",
        f"{SITE}/priser/trygghetspriset/oppna-data/vinnare.csv",
    }
    assert str(graph.value(dataset, DCT.title, any=True))
    assert (
        None,
        DCT.license,
        rdflib.URIRef("https://creativecommons.org/publicdomain/zero/1.0/"),
    ) in graph
    assert len(list(graph.subjects(rdflib.RDF.type, DCAT.Catalog))) == 1


def test_dcat_keeps_trygghetsprisets_dataset_identifier(client, db):
    graph = catalogue(client)
    [dataset] = graph.subjects(rdflib.RDF.type, DCAT.Dataset)
    assert str(dataset) == f"{SITE}/oppna-data/#dataset"


def test_dcat_lists_a_dataset_per_listed_prize_with_its_owner_as_publisher(
    client, second_prize_announced
):
    graph = catalogue(client)
    [catalog] = graph.subjects(rdflib.RDF.type, DCAT.Catalog)
    datasets = {str(d): d for d in graph.objects(catalog, DCAT.dataset)}
    assert sorted(datasets) == [
        f"{SITE}/oppna-data/#dataset",
        f"{SITE}/oppna-data/#dataset-miljopriset",
    ]
    miljo = datasets[f"{SITE}/oppna-data/#dataset-miljopriset"]
    assert str(graph.value(graph.value(miljo, DCT.publisher), FOAF.name)) == (
        "Stockholms stad, Miljöförvaltningen"
    )
    first = datasets[f"{SITE}/oppna-data/#dataset"]
    assert str(graph.value(graph.value(first, DCT.publisher), FOAF.name)) == (
        "Stockholms stad, Socialförvaltningen"
    )
    downloads = {
        str(graph.value(d, DCAT.downloadURL)) for d in graph.objects(miljo, DCAT.distribution)
    }
    assert f"{SITE}/priser/miljopriset/oppna-data/vinnare.json" in downloads


def test_dcat_catalogue_is_published_by_the_installations_owner(client, second_prize_announced):
    graph = catalogue(client)
    [catalog] = graph.subjects(rdflib.RDF.type, DCAT.Catalog)
    publisher = graph.value(catalog, DCT.publisher)
    assert str(graph.value(publisher, FOAF.name)) == "Stockholms stad, Socialförvaltningen"


def test_dcat_leaves_out_a_prize_not_listed(client, second_prize_announced):
    type(second_prize_announced.prize).objects.filter(slug="miljopriset").update(listed=False)
    graph = catalogue(client)
    datasets = [str(d) for d in graph.subjects(rdflib.RDF.type, DCAT.Dataset)]
    assert datasets == [f"{SITE}/oppna-data/#dataset"]


def test_dcat_dataset_covers_the_years_of_its_prize(client, second_prize_announced):
    graph = catalogue(client)
    miljo = rdflib.URIRef(f"{SITE}/oppna-data/#dataset-miljopriset")
    period = graph.value(miljo, DCT.temporal)
    assert str(graph.value(period, DCAT.startDate)) == "2030-01-01"


# The page and the cache.


def test_open_data_page_names_the_licence_and_links_every_format(client, db):
    html = get_text(client, "open_data")
    assert "CC0 1.0 Universal" in html
    assert "Du får använda data fritt." in html
    for name in ("winners_json", "winners_csv", "feed"):
        assert f'href="{reverse(f"nominations:{name}", args=["trygghetspriset"])}"' in html
    for name in ("winners_schema", "dcat"):
        assert f'href="{reverse(f"nominations:{name}")}"' in html


def test_open_data_page_lists_each_listed_prizes_files(client, second_prize_announced):
    html = get_text(client, "open_data")
    section = html.split('id="dataset-miljopriset"')[1].split("</section>")[0]
    assert "Miljöpriset" in section
    assert f'href="{reverse("nominations:winners_csv", args=["miljopriset"])}"' in section


def test_open_data_page_says_it_holds_no_personal_data(client, db):
    assert "Där finns inga personuppgifter" in get_text(client, "open_data")


def test_open_data_page_explains_the_kind_column(client, db):
    assert "delad vinnare (en av vinnarna när priset är delat" in get_text(client, "open_data")


def test_data_set_is_rebuilt_once_a_winner_is_announced(client, decided):
    assert "Hemlig vinnare i Kista" not in get_text(client, "winners_json")
    announce(decided)
    assert "Hemlig vinnare i Kista" in get_text(client, "winners_json")


def test_data_set_is_rebuilt_once_a_year_not_awarded_is_announced(client, db):
    prize_year = not_awarded()
    assert NOT_AWARDED not in get_text(client, "winners_csv")
    announce(prize_year)
    assert NOT_AWARDED in get_text(client, "winners_csv")


def test_data_sets_answer_a_head_request_with_their_type(client, db):
    response = client.head(reverse("nominations:winners_csv", args=["trygghetspriset"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content == b""


def test_data_set_is_served_from_the_cache_while_the_years_are_unchanged(
    client, announced, django_assert_num_queries
):
    first = get_text(client, "winners_json")
    # The prize (kept by the process outside tests) and its years' fingerprint.
    with django_assert_num_queries(2):
        assert get_text(client, "winners_json") == first


def test_catalogue_is_served_from_the_cache_while_nothing_changes(
    client, second_prize_announced, django_assert_num_queries
):
    first = get_text(client, "dcat")
    # The listed prizes and the years' fingerprint, however many prizes there are.
    with django_assert_num_queries(2):
        assert get_text(client, "dcat") == first


def test_json_ld_of_a_name_with_a_closing_script_tag_stays_inside_its_script(client, db):
    announce_named("Trygg </script><script>alert(1)</script> stad")
    html = client.get(
        reverse("nominations:winner", args=["trygghetspriset", 2030])
    ).content.decode()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert json.loads(block)["name"] == "Trygg </script><script>alert(1)</script> stad"
    assert "<script>alert(1)" not in html


def test_every_json_record_matches_its_winner_page(client, announced):
    for record in winners_json(client)["winners"]:
        response = client.get(local(record["url"]))
        page = response.content.decode()
        assert (record["year"], response.status_code) == (record["year"], 200)
        assert escape(record["winner"]) in page
        assert escape(record["theme"]) in page


def test_year_in_categories_gives_a_winner_record_with_its_category(client, prize_year):
    music, literature = make_categories(prize_year, "Musik", "Litteratur", by=None)
    choir = Effort.objects.create(prize_year=prize_year, name="Kören", category=music)
    bus = Effort.objects.create(prize_year=prize_year, name="Bokbussen", category=literature)
    for effort in (choir, bus):
        make_eligible_nomination(prize_year, effort_name=effort.name, effort=effort)
    decision = make_decision(prize_year, votes={}, winner=choir)
    SharedWinner.objects.create(decision=decision, effort=bus, position=2)
    mark_decision_checked(prize_year)
    announce(prize_year)
    records = [r for r in winners_json(client)["winners"] if r["year"] == prize_year.year]
    assert [(r["winner"], r["category"], r["kind"], r["shared_with"]) for r in records] == [
        ("Kören", "Musik", "winner", []),
        ("Bokbussen", "Litteratur", "winner", []),
    ]
