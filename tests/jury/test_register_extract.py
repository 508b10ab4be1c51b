import io
import json
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from pypdf import PdfReader

from jury.conflicts import declare_conflict
from jury.models import JuryMembership
from nominations.corrections import withdraw_nomination
from nominations.models import (
    AuditAction,
    AuditEntry,
)
from tests.factories import (
    corrected,
    log_in_verified,
    make_eligible_nomination,
    make_nomination,
    trygghetspriset,
)
from tests.pdfa import assert_archival

EXTRACT = reverse("admin:nominations_nomination_personal_data")


def pdf_of(response) -> PdfReader:
    """The extract, which passes the archival checks: PDF/A-3b, as it carries its JSON."""
    assert response["Content-Type"] == "application/pdf"
    assert_archival(response.content)
    return PdfReader(io.BytesIO(response.content))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def person(prize_year, juror):
    """A juror who has also nominated an effort from their own address."""
    effort = make_eligible_nomination(prize_year, effort_name="Grannsamverkan").effort
    make_nomination(
        prize_year,
        nominator_email="Juror@Example.se",
        effort_name="Egen nominering",
        submitted_at=datetime(2030, 6, 10, 10, 0, tzinfo=UTC),
    )
    declare_conflict(
        membership=JuryMembership.objects.get(user=juror), effort=effort, reason="Granne."
    )
    return juror


@pytest.mark.pdf
def test_register_extract_is_a_swedish_pdf_with_a_heading_per_kind_of_data(
    administrator_client, person
):
    text = text_of(pdf_of(administrator_client.post(EXTRACT, {"email": "juror@example.se"})))
    for heading in (
        "Registerutdrag",
        "Nomineringar",
        "Konto",
        "Juryuppdrag",
        "Jäv",
        "Betyg",
        "Röster",
        "Händelselogg",
    ):
        assert heading in text
    assert "Egen nominering" in text
    assert "Granne." in text
    for english_key in ("nominator_email", "prize_year", "conflicts_of_interest", "submitted_at"):
        assert english_key not in text


@pytest.mark.pdf
def test_register_extract_shows_a_score_kept_but_not_counted(
    administrator_client, prize_year, juror
):
    from jury.models import Score

    effort = make_eligible_nomination(prize_year, effort_name="Grannsamverkan").effort
    Score.objects.create(juror=juror, effort=effort)
    declare_conflict(
        membership=JuryMembership.objects.get(user=juror), effort=effort, reason="Granne."
    )
    reader = pdf_of(administrator_client.post(EXTRACT, {"email": "juror@example.se"}))
    (content,) = reader.attachments["registerutdrag.json"]
    assert json.loads(content)["accounts"][0]["scores"][0]["counted"] is False
    assert "Nej: anmälde jäv för insatsen Grannsamverkan" in " ".join(text_of(reader).split())


@pytest.mark.pdf
def test_register_extract_finds_a_nominator_by_letter_by_name(administrator_client, prize_year):
    make_nomination(
        prize_year,
        nominator_name="Åsa Öberg",
        nominator_email="",
        effort_name="Brevets insats",
    )
    reader = pdf_of(administrator_client.post(EXTRACT, {"name": "åsa  öberg"}))
    (content,) = reader.attachments["registerutdrag.json"]
    assert [n["effort_name"] for n in json.loads(content)["nominations"]] == ["Brevets insats"]


@pytest.mark.pdf
def test_register_extract_finds_a_nomination_by_its_reference(administrator_client, prize_year):
    nomination = make_nomination(prize_year, nominator_email="", effort_name="Samtalets insats")
    reader = pdf_of(administrator_client.post(EXTRACT, {"reference": nomination.reference}))
    assert "Samtalets insats" in text_of(reader)


def test_register_extract_needs_something_to_search_for(administrator_client, db):
    response = administrator_client.post(EXTRACT, {"email": "", "name": " ", "reference": ""})
    assert "Ange en e-postadress, ett namn eller ett referensnummer" in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.PERSONAL_DATA_EXPORTED).exists()


@pytest.mark.pdf
def test_register_extract_says_why_who_receives_how_long_the_rights_and_imy(
    administrator_client, person
):
    owner = trygghetspriset().owner
    owner.email = "trygghet@example.se"
    owner.save()
    text = " ".join(
        text_of(pdf_of(administrator_client.post(EXTRACT, {"email": "juror@example.se"}))).split()
    )
    for fact in (
        "Personuppgiftsansvarig Socialnämnden i Stockholms stad. Kontakt: trygghet@example.se",
        "Varför vi behandlar uppgifterna",
        "Vem som får uppgifterna",
        "Hur länge uppgifterna sparas",
        "Varifrån uppgifterna kommer",
        "rättade",
        "begränsas",
        "invända",
        "Integritetsskyddsmyndigheten (IMY)",
    ):
        assert fact in text


@pytest.mark.pdf
def test_register_extract_lists_entries_by_others_that_name_the_person(
    administrator_client, prize_year, administrator
):
    nomination = make_nomination(prize_year, nominator_email="nina@example.se")
    AuditEntry.record(
        actor=administrator,
        action=AuditAction.SCREENED,
        prize_year=prize_year,
        summary=f"Granskade nomineringen {nomination.reference}.",
    )
    reader = pdf_of(administrator_client.post(EXTRACT, {"email": "nina@example.se"}))
    (content,) = reader.attachments["registerutdrag.json"]
    named = json.loads(content)["named_by_others"]
    assert [e["summary"] for e in named] == [f"Granskade nomineringen {nomination.reference}."]


@pytest.mark.pdf
def test_register_extract_gives_stockholm_times_in_swedish(administrator_client, person):
    text = text_of(pdf_of(administrator_client.post(EXTRACT, {"email": "juror@example.se"})))
    # 10:00 UTC on 10 June is 12:00 in Stockholm (summer time).
    assert "10 juni 2030 kl. 12:00" in text


@pytest.mark.pdf
def test_register_extract_embeds_the_json_for_machines(administrator_client, person):
    reader = pdf_of(administrator_client.post(EXTRACT, {"email": "juror@example.se"}))
    (content,) = reader.attachments["registerutdrag.json"]
    extract = json.loads(content)
    assert [n["effort_name"] for n in extract["nominations"]] == ["Egen nominering"]
    assert extract["nominations"][0]["submitted_at"] == "2030-06-10T10:00:00+00:00"
    assert extract["accounts"][0]["username"] == "juror"
    assert extract["accounts"][0]["jury_memberships"][0]["prize_year"] == 2030
    assert extract["accounts"][0]["conflicts_of_interest"][0]["reason"] == "Granne."


@pytest.mark.pdf
def test_register_extract_finds_an_address_kept_only_in_an_earlier_version(
    administrator_client, prize_year
):
    nomination = make_nomination(
        prize_year, nominator_email="gammal@example.se", effort_name="Första namnet"
    )
    corrected(nomination, nominator_email="ny@example.se", effort_name="Rättat namn")
    reader = pdf_of(administrator_client.post(EXTRACT, {"email": "gammal@example.se"}))
    text = text_of(reader)
    assert "Rättat namn" in text
    assert "Tidigare version 1" in text
    assert "Första namnet" in text
    (content,) = reader.attachments["registerutdrag.json"]
    (held,) = json.loads(content)["nominations"]
    assert held["nominator_email"] == "ny@example.se"
    assert held["earlier_versions"][0]["nominator_email"] == "gammal@example.se"
    assert held["corrected_at"] == "2030-07-01T12:00:00+00:00"


@pytest.mark.pdf
def test_register_extract_shows_a_withdrawn_nomination_as_withdrawn(
    administrator_client, prize_year
):
    nomination = make_nomination(prize_year, nominator_email="drog@example.se")
    withdraw_nomination(nomination=nomination, at=datetime(2030, 7, 1, 12, tzinfo=UTC))
    reader = pdf_of(administrator_client.post(EXTRACT, {"email": "drog@example.se"}))
    text = " ".join(text_of(reader).split())  # the table wraps its labels
    assert "Återkallad av nomineraren 1 juli 2030 kl. 14:00" in text


@pytest.mark.pdf
def test_register_extract_is_audited(administrator_client, person, administrator):
    administrator_client.post(EXTRACT, {"email": "juror@example.se"})
    entry = AuditEntry.objects.get(action=AuditAction.PERSONAL_DATA_EXPORTED)
    assert entry.actor == administrator
    assert entry.summary == "Gjorde ett registerutdrag (nomineringar: 1, konton: 1)."


@pytest.mark.pdf
def test_register_extract_for_unknown_address_says_nothing_is_held(administrator_client, db):
    response = administrator_client.post(EXTRACT, {"email": "okand@example.se"})
    text = text_of(pdf_of(response))
    assert "Inga nomineringar har hittats." in text
    assert "Det finns inget konto med adressen eller namnet." in text


def test_register_extract_refused_without_permission(client, staff_without_permission, prize_year):
    make_nomination(prize_year, nominator_email="someone@example.se")
    log_in_verified(client, staff_without_permission)
    response = client.post(EXTRACT, {"email": "someone@example.se"})
    assert response.status_code == 403
    assert b"someone@example.se" not in response.content
    assert not AuditEntry.objects.exists()


def test_register_extract_refused_to_outsider(client, outsider, prize_year):
    make_nomination(prize_year, nominator_email="someone@example.se")
    log_in_verified(client, outsider)
    response = client.post(EXTRACT, {"email": "someone@example.se"})
    assert response["Location"].startswith(reverse("admin:login"))
    assert not AuditEntry.objects.exists()


def test_register_extract_refused_to_juror(client, juror, prize_year):
    log_in_verified(client, juror)
    response = client.post(EXTRACT, {"email": "juror@example.se"})
    assert response["Location"].startswith(reverse("admin:login"))
    assert not AuditEntry.objects.exists()


def test_register_extract_with_bad_address_says_so(administrator_client, db):
    response = administrator_client.post(EXTRACT, {"email": "inte-en-adress"})
    assert "giltig e-postadress" in response.content.decode()
    assert not AuditEntry.objects.exists()


@pytest.mark.pdf
def test_register_extract_of_another_prizes_juror_names_that_prize_and_owner(administrator_client):
    from tests.factories import kulturpriset, make_juror, make_prize_year

    prize = kulturpriset()
    prize.chair_title = "kulturborgarrådet"
    prize.save()
    make_juror(make_prize_year(prize=prize), "kulturjuror")
    text = text_of(pdf_of(administrator_client.post(EXTRACT, {"email": "kulturjuror@example.se"})))
    flat = " ".join(text.split())
    assert "alla uppgifter som Kulturpriset har om dig" in flat
    assert "kulturborgarrådets beslut att utse dig" in flat
    assert "Kulturnämnden i Stockholms stad" in flat
    assert "Trygghetspriset" not in flat and "socialborgarråd" not in flat
