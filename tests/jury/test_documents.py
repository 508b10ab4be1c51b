from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from jury import pdf, scoring, voting
from jury.models import JuryMembership
from nominations.models import JuryPhase
from tests.factories import log_in_verified, make_eligible_nomination, make_nomination

MOTIVATION = "Nattvandringen i Årsta förenar föräldrar, polis och fältgrupp på ett nyskapande sätt."


def text_of(content: bytes) -> str:
    """The PDF's text with white space folded, as a reader would take it in."""
    reader = PdfReader(BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def pages_of(content: bytes) -> int:
    return len(PdfReader(BytesIO(content)).pages)


@pytest.fixture
def decided(prize_year, chair, juror):
    winner = make_eligible_nomination(
        prize_year,
        effort_name="Nattvandring i Årsta",
        organisations=["Polisen", "Fältgruppen Årsta", "Föreningen Öster"],
        nominator_email="hemlig.nominerare@example.se",
    ).effort
    other = make_eligible_nomination(prize_year, effort_name="Läxhjälp i Skärholmen").effort
    prize_year.jury_phase = JuryPhase.DELIBERATION
    prize_year.save()
    member = JuryMembership.objects.get(user=juror)
    scoring.declare_conflict(membership=member, effort=other, reason="Anställd där.")
    voting.open_vote(prize_year=prize_year, efforts=[winner, other], by=chair)
    voting.cast_vote(membership=member, effort=winner)
    voting.cast_vote(membership=JuryMembership.objects.get(user=chair), effort=winner)
    return voting.close_vote(prize_year=prize_year, motivation=MOTIVATION, by=chair)


def test_decision_pdf_states_winner_organisations_motivation_and_tally(decided):
    text = text_of(pdf.decision_pdf(decision=decided))
    assert "Beslut om vinnare av Trygghetspriset 2030" in text
    assert "Stockholms stad" in text and "Socialförvaltningen" in text
    assert "Nattvandring i Årsta" in text
    assert "Polisen, Fältgruppen Årsta, Föreningen Öster" in text
    assert MOTIVATION in text
    assert "Trygghet i samverkan" in text
    assert "50 000 kr" in text
    assert "Nattvandring i Årsta 2" in text and "Läxhjälp i Skärholmen 0" in text


def test_decision_pdf_names_jury_conflicts_and_signature_lines(decided):
    text = text_of(pdf.decision_pdf(decision=decided))
    assert "Chair Jurysson, ordförande (socialborgarrådet)" in text
    assert "Juror Jurysson, ledamot" in text
    assert "Juror Jurysson: Läxhjälp i Skärholmen" in text
    assert "Stockholm den" in text


def test_decision_pdf_reports_the_chairs_casting_vote(prize_year, chair, juror):
    first = make_eligible_nomination(prize_year, effort_name="Första").effort
    second = make_eligible_nomination(prize_year, effort_name="Andra").effort
    prize_year.jury_phase = JuryPhase.DELIBERATION
    prize_year.save()
    voting.open_vote(prize_year=prize_year, efforts=[first, second], by=chair)
    voting.cast_vote(membership=JuryMembership.objects.get(user=juror), effort=first)
    voting.cast_vote(membership=JuryMembership.objects.get(user=chair), effort=second)
    decision = voting.close_vote(
        prize_year=prize_year, motivation=MOTIVATION, by=chair, casting_vote=second
    )
    text = text_of(pdf.decision_pdf(decision=decision))
    assert "Ordförandens utslagsröst avgjorde till förmån för Andra" in text


def test_dossier_pdf_puts_each_eligible_effort_on_its_own_page(prize_year):
    names = ["Äldreomsorgens trygghetsvärdar", "Öppen fritidsgård", "Ångermanlandsgatans grannar"]
    for name in names:
        make_eligible_nomination(prize_year, effort_name=name, results="Färre brott på gården.")
    make_nomination(prize_year, effort_name="Ej granskad")
    content = pdf.dossier_pdf(prize_year=prize_year)
    text = text_of(content)
    assert pages_of(content) == 1 + len(names)
    assert "Underlag för bedömning – Trygghetspriset 2030" in text
    assert all(name in text for name in names)
    assert "Färre brott på gården." in text
    assert "Ej granskad" not in text


def test_dossier_pdf_table_of_contents_gives_page_numbers(prize_year):
    make_eligible_nomination(prize_year, effort_name="Alfa")
    make_eligible_nomination(prize_year, effort_name="Beta")
    first_page = PdfReader(BytesIO(pdf.dossier_pdf(prize_year=prize_year))).pages[0].extract_text()
    assert "Alfa" in first_page and "Beta" in first_page
    assert "2" in first_page.split("Alfa")[1] and "3" in first_page.split("Beta")[1]


def test_dossier_pdf_has_no_contact_details(prize_year):
    make_eligible_nomination(
        prize_year,
        nominator_name="Hemlig Person",
        nominator_email="hemlig@example.se",
        nominator_phone="070-111 22 33",
    )
    text = text_of(pdf.dossier_pdf(prize_year=prize_year))
    for secret in ("Hemlig Person", "hemlig@example.se", "070-111 22 33"):
        assert secret not in text


def test_dossier_pdf_prints_html_in_a_nomination_as_text(prize_year):
    make_eligible_nomination(
        prize_year, description='<img src="http://example.com/spy.png"> <b>fet</b> & mer'
    )
    text = text_of(pdf.dossier_pdf(prize_year=prize_year))
    assert '<img src="http://example.com/spy.png"> <b>fet</b> & mer' in text


def test_pdf_fetcher_refuses_remote_urls():
    for url in ("http://example.com/x.png", "https://example.com/font.ttf", "ftp://example.com/x"):
        with pytest.raises(pdf.RefusedURL):
            pdf.local_only_fetcher(url)


def test_pdf_fetcher_refuses_files_outside_static():
    with pytest.raises(pdf.RefusedURL):
        pdf.local_only_fetcher("file:///etc/passwd")
    with pytest.raises(pdf.RefusedURL):
        pdf.local_only_fetcher((pdf.ASSETS / ".." / "manage.py").as_uri())


def test_pdf_fetcher_serves_shipped_fonts():
    result = pdf.local_only_fetcher((pdf.ASSETS / "fonts" / "DejaVuSans.ttf").as_uri())
    assert result.get("string") or result.get("file_obj")


def test_jury_member_downloads_decision_pdf(juror_client, decided):
    response = juror_client.get(reverse("jury:decision_pdf", args=[2030]))
    assert response["Content-Type"] == "application/pdf"
    assert "Nattvandring i Årsta" in text_of(response.content)


def test_jury_member_downloads_dossier_pdf(juror_client, prize_year):
    make_eligible_nomination(prize_year, effort_name="Trygga trapphus")
    response = juror_client.get(reverse("jury:dossier_pdf", args=[2030]))
    assert "Trygga trapphus" in text_of(response.content)


def test_decision_pdf_before_any_decision_is_not_found(juror_client, prize_year):
    assert juror_client.get(reverse("jury:decision_pdf", args=[2030])).status_code == 404


def test_documents_refused_to_outsiders(client, outsider, juror_of_another_year, decided):
    urls = [reverse("jury:decision_pdf", args=[2030]), reverse("jury:dossier_pdf", args=[2030])]
    for url in urls:
        assert client.get(url)["Location"].startswith(reverse("jury:login"))
    log_in_verified(client, outsider)
    assert [client.get(url).status_code for url in urls] == [404, 404]
    log_in_verified(client, juror_of_another_year)
    assert [client.get(url).status_code for url in urls] == [404, 404]


def test_administration_downloads_both_documents_from_admin(administrator_client, decided):
    pk = decided.prize_year.pk
    decision = administrator_client.get(
        reverse("admin:nominations_prizeyear_decision_pdf", args=[pk])
    )
    dossier = administrator_client.get(
        reverse("admin:nominations_prizeyear_dossier_pdf", args=[pk])
    )
    assert "Beslut om vinnare" in text_of(decision.content)
    assert "Underlag för bedömning" in text_of(dossier.content)


def test_admin_documents_refused_to_staff_without_permission(
    client, staff_without_permission, decided
):
    log_in_verified(client, staff_without_permission)
    pk = decided.prize_year.pk
    for name in ("decision_pdf", "dossier_pdf"):
        response = client.get(reverse(f"admin:nominations_prizeyear_{name}", args=[pk]))
        assert response.status_code == 403
        assert response.get("Content-Type") != "application/pdf"


def test_admin_documents_refused_to_juror(client, juror, decided):
    log_in_verified(client, juror)
    response = client.get(
        reverse("admin:nominations_prizeyear_decision_pdf", args=[decided.prize_year.pk])
    )
    assert response["Location"].startswith(reverse("admin:login"))


def test_chair_page_links_the_decision(client, chair, decided):
    log_in_verified(client, chair)
    html = client.get(reverse("jury:chair", args=[2030])).content.decode()
    assert reverse("jury:decision_pdf", args=[2030]) in html


def test_documents_are_tagged_for_screen_readers(prize_year):
    make_eligible_nomination(prize_year)
    root = PdfReader(BytesIO(pdf.dossier_pdf(prize_year=prize_year))).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "sv"
