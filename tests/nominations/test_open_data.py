"""The winners as open data (nominations/open_data.py): each format read and compared."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date, datetime

import jsonschema
import pytest
import rdflib
from django.urls import reverse

from nominations.models import PrizeYear
from nominations.open_data import JSON_SCHEMA_PATH
from tests.factories import STOCKHOLM, make_prize_year
from tests.nominations.test_winners import MOTIVATION, decide

ATOM = "{http://www.w3.org/2005/Atom}"
PERSONAL = ("Nina", "nina.nominerare@example.se", "070-123 45 67", "egna ord")


@pytest.fixture
def announced(db):
    prize_year = make_prize_year(
        conference_date=date(2030, 10, 26), conference_place="Stockholm Waterfront"
    )
    decide(prize_year)
    PrizeYear.objects.filter(pk=prize_year.pk).update(
        announced_at=datetime(2030, 10, 26, 10, 0, tzinfo=STOCKHOLM)
    )
    return prize_year


@pytest.fixture
def decided(db):
    """Decided, not announced: in no format."""
    prize_year = make_prize_year(year=2031, conference_date=date(2031, 10, 26))
    decide(prize_year, effort_name="Hemlig vinnare i Kista", chair="chair2031")
    return prize_year


def get_text(client, name: str) -> str:
    return client.get(reverse(f"nominations:{name}")).content.decode()


def winners_json(client) -> dict:
    return json.loads(get_text(client, "winners_json"))


def test_json_validates_against_the_schema_in_the_repository(client, announced):
    schema = json.loads(JSON_SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(winners_json(client), schema, format_checker=jsonschema.FormatChecker())


def test_json_schema_is_served_as_kept_in_the_repository(client, db):
    served = json.loads(get_text(client, "winners_schema"))
    assert served == json.loads(JSON_SCHEMA_PATH.read_text(encoding="utf-8"))


def test_json_holds_the_announced_winner_as_its_page_shows_it(client, announced):
    [record] = [w for w in winners_json(client)["winners"] if w["year"] == 2030]
    page = client.get(record["url"].removeprefix("http://localhost:8000")).content.decode()
    assert record["winner"] == "Nattvandring i Årsta"
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


def test_csv_has_one_row_per_winner_matching_the_json(client, announced):
    rows = list(csv.DictReader(io.StringIO(get_text(client, "winners_csv"))))
    records = winners_json(client)["winners"]
    assert [int(r["ar"]) for r in rows] == [w["year"] for w in records]
    [row] = [r for r in rows if r["ar"] == "2030"]
    assert row["vinnare"] == "Nattvandring i Årsta"
    assert row["samverkande_organisationer"].split("; ") == next(
        w["organisations"] for w in records if w["year"] == 2030
    )
    assert row["motivering"] == MOTIVATION
    assert row["diarienummer"] == "SN 2030/0102"


def test_csv_leaves_out_a_winner_not_yet_announced_and_personal_data(client, announced, decided):
    text = get_text(client, "winners_csv")
    for secret in ("Hemlig vinnare i Kista", *PERSONAL):
        assert secret not in text


def test_feed_is_valid_atom_with_one_entry_per_announcement(client, announced):
    root = ET.fromstring(client.get(reverse("nominations:feed")).content)
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
    root = ET.fromstring(client.get(reverse("nominations:feed")).content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}updated").text
    assert root.findall(f"{ATOM}entry") == []


def test_feed_leaves_out_a_winner_not_yet_announced(client, decided):
    assert "Hemlig vinnare i Kista" not in get_text(client, "feed")


def test_dcat_description_parses_as_rdf_with_dataset_and_distributions(client, announced):
    graph = rdflib.Graph().parse(data=get_text(client, "dcat"), format="turtle")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    dct = rdflib.Namespace("http://purl.org/dc/terms/")
    [dataset] = graph.subjects(rdflib.RDF.type, dcat.Dataset)
    downloads = {
        str(graph.value(d, dcat.downloadURL)) for d in graph.objects(dataset, dcat.distribution)
    }
    assert downloads == {
        "http://localhost:8000/oppna-data/vinnare.json",
        "http://localhost:8000/oppna-data/vinnare.csv",
    }
    assert str(graph.value(dataset, dct.title, any=True))
    assert (
        None,
        dct.license,
        rdflib.URIRef("https://creativecommons.org/publicdomain/zero/1.0/"),
    ) in graph
    assert len(list(graph.subjects(rdflib.RDF.type, dcat.Catalog))) == 1


def test_open_data_page_names_the_licence_and_links_every_format(client, db):
    html = get_text(client, "open_data")
    assert "CC0 1.0 Universal" in html
    assert "Du får använda data fritt." in html
    for name in ("winners_json", "winners_csv", "winners_schema", "feed", "dcat"):
        assert f'href="{reverse(f"nominations:{name}")}"' in html


def test_open_data_page_says_it_holds_no_personal_data(client, db):
    assert "Där finns inga personuppgifter" in get_text(client, "open_data")


def test_data_set_is_rebuilt_once_a_winner_is_announced(client, decided):
    assert "Hemlig vinnare i Kista" not in get_text(client, "winners_json")
    PrizeYear.objects.filter(pk=decided.pk).update(
        announced_at=datetime(2031, 10, 26, 10, 0, tzinfo=STOCKHOLM)
    )
    assert "Hemlig vinnare i Kista" in get_text(client, "winners_json")


def test_feed_summary_shows_a_motivation_with_angle_brackets_as_text(client, db):
    prize_year = make_prize_year(conference_date=date(2030, 10, 26))
    decision = decide(prize_year)
    decision.motivation = "Tryggt <b>på riktigt</b>."
    decision.save()
    PrizeYear.objects.filter(pk=prize_year.pk).update(
        announced_at=datetime(2030, 10, 26, 10, 0, tzinfo=STOCKHOLM)
    )
    root = ET.fromstring(client.get(reverse("nominations:feed")).content)
    summary = root.find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "Tryggt &lt;b&gt;på riktigt&lt;/b&gt;."


def test_data_sets_answer_a_head_request_with_their_type(client, db):
    response = client.head(reverse("nominations:winners_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content == b""


def test_data_set_is_served_from_the_cache_while_the_years_are_unchanged(
    client, announced, django_assert_num_queries
):
    first = get_text(client, "winners_json")
    # One query for the years' fingerprint; nothing else is read again.
    with django_assert_num_queries(1):
        assert get_text(client, "winners_json") == first


def announce_named(name: str) -> None:
    prize_year = make_prize_year(conference_date=date(2030, 10, 26))
    decide(prize_year, effort_name=name)
    PrizeYear.objects.filter(pk=prize_year.pk).update(
        announced_at=datetime(2030, 10, 26, 10, 0, tzinfo=STOCKHOLM)
    )


def test_csv_keeps_a_winner_named_like_a_formula_from_running(client, db):
    announce_named('=HYPERLINK("http://example.com")')
    [row] = [
        r for r in csv.DictReader(io.StringIO(get_text(client, "winners_csv"))) if r["ar"] == "2030"
    ]
    assert row["vinnare"] == '\'=HYPERLINK("http://example.com")'


def test_json_ld_of_a_name_with_a_closing_script_tag_stays_inside_its_script(client, db):
    import re

    announce_named("Trygg </script><script>alert(1)</script> stad")
    html = client.get(
        reverse("nominations:winner", args=["trygghetspriset", 2030])
    ).content.decode()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert json.loads(block)["name"] == "Trygg </script><script>alert(1)</script> stad"
    assert "<script>alert(1)" not in html


def local(url: str) -> str:
    return url.removeprefix("http://localhost:8000")


def test_every_json_record_matches_its_winner_page(client, announced):
    from django.utils.html import escape

    for record in winners_json(client)["winners"]:
        response = client.get(local(record["url"]))
        page = response.content.decode()
        assert (record["year"], response.status_code) == (record["year"], 200)
        assert escape(record["winner"]) in page
        assert escape(record["theme"]) in page


def test_every_feed_entry_links_a_winner_page_that_names_it(client, announced):
    root = ET.fromstring(client.get(reverse("nominations:feed")).content)
    for entry in root.findall(f"{ATOM}entry"):
        page = client.get(local(entry.find(f"{ATOM}link").get("href"))).content.decode()
        name = entry.find(f"{ATOM}title").text.split(": ", 1)[1]
        assert name in page
        assert entry.find(f"{ATOM}summary").text in page
