"""The basis of the decision frozen when the vote opens, and the föredragande."""

from hashlib import sha256
from io import BytesIO

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from jury import basis, conflicts, justering, phases
from jury.errors import JusteringError
from jury.models import BasisDocument, BasisKind, FrozenDocumentError, JuryMembership
from nominations.models import AuditAction, AuditEntry, Effort, JuryPhase, Nomination
from tests.factories import (
    give_score,
    log_in_verified,
    make_decision,
    make_eligible_nomination,
    make_juror,
    make_user,
)
from tests.jury.documents.test_store import text_of
from tests.mail_queue import run_queued_tasks
from tests.phases import bring_to_phase


def folded(content: bytes) -> str:
    """The PDF's text without any white space, for values a line may break."""
    return "".join(text_of(content).split())


@pytest.fixture
def scored(prize_year, chair, juror):
    """Two efforts scored by the chair and the juror; a third juror scored nothing."""
    make_juror(prize_year, "tyst")
    first = make_eligible_nomination(prize_year, effort_name="Nattvandring i Årsta").effort
    second = make_eligible_nomination(prize_year, effort_name="Läxhjälp i Skärholmen").effort
    bring_to_phase(prize_year, JuryPhase.SCORING)
    chair_membership = JuryMembership.objects.get(user=chair)
    membership = JuryMembership.objects.get(user=juror)
    give_score(chair_membership, first, 5, 4, 5)
    give_score(membership, first, 3, 3, 2)
    give_score(chair_membership, second, 2, 2, 2)
    bring_to_phase(prize_year, JuryPhase.DELIBERATION)
    return {"first": first, "second": second}


@pytest.fixture
def voting(prize_year, chair, scored):
    phases.open_vote(prize_year=prize_year, efforts=[scored["first"]], by=chair)
    prize_year.refresh_from_db()
    return prize_year


def stored(kind: str) -> BasisDocument:
    return BasisDocument.objects.get(kind=kind)


@pytest.mark.pdf
def test_open_vote_freezes_the_dossier_and_the_score_summary(voting):
    run_queued_tasks()
    documents = BasisDocument.objects.filter(prize_year=voting)
    assert sorted(d.kind for d in documents) == sorted(BasisKind.values)
    assert all(d.sha256 == sha256(bytes(d.content)).hexdigest() for d in documents)
    assert all(d.created_at == documents[0].created_at for d in documents)
    entries = AuditEntry.objects.filter(action=AuditAction.BASIS_FROZEN)
    assert sorted(e.changes["sha256"] for e in entries) == sorted(d.sha256 for d in documents)


@pytest.mark.pdf
def test_frozen_basis_shows_the_state_when_the_vote_opened_not_later_changes(voting, scored, juror):
    # Changed after the vote opened, before the worker made the PDFs.
    Effort.objects.filter(pk=scored["first"].pk).update(name="Omdöpt efteråt")
    Nomination.objects.filter(effort=scored["first"]).update(description="Ändrad efteråt.")
    conflicts.declare_conflict(
        membership=JuryMembership.objects.get(user=juror), effort=scored["first"], reason="Jäv."
    )
    run_queued_tasks()
    dossier, summary = text_of(stored("dossier").content), text_of(stored("scores").content)
    assert "Nattvandring i Årsta" in dossier and "Omdöpt efteråt" not in dossier
    assert "Ändrad efteråt." not in dossier
    assert "Nattvandring i Årsta" in summary and "Omdöpt efteråt" not in summary
    assert "anmälde jäv" not in summary


@pytest.mark.pdf
def test_frozen_basis_is_never_replaced_by_a_later_render(voting, scored):
    run_queued_tasks()
    before = {d.kind: (d.sha256, bytes(d.content)) for d in BasisDocument.objects.all()}
    Effort.objects.filter(pk=scored["second"].pk).update(name="Ny insats")
    for document in BasisDocument.objects.all():
        assert basis.render_basis.call(document_id=document.pk) == "skipped"
    assert basis.freeze_basis(prize_year=voting, at=voting.opens_at, by=None) == []
    after = {d.kind: (d.sha256, bytes(d.content)) for d in BasisDocument.objects.all()}
    assert after == before


@pytest.mark.pdf
def test_score_summary_lists_each_jurors_scores_mean_spread_and_what_is_not_counted(
    prize_year, chair, juror, scored
):
    bring_to_phase(prize_year, JuryPhase.SCORING)
    conflicts.declare_conflict(
        membership=JuryMembership.objects.get(user=juror), effort=scored["second"], reason="Jäv."
    )
    bring_to_phase(prize_year, JuryPhase.DELIBERATION)
    phases.open_vote(prize_year=prize_year, efforts=[scored["first"]], by=chair)
    run_queued_tasks()
    text = text_of(stored("scores").content)
    assert "Sammanställning av juryns poäng – Trygghetspriset 2030" in text
    # The juror's score of the first effort (8) is not counted: jäv on the whole matter.
    assert "Juror Jurysson 3 3 2 8 nej: anmälde jäv för insatsen Läxhjälp i Skärholmen" in text
    assert "Chair Jurysson 5 4 5 14 ja" in text
    assert "Tyst Jurysson – – – – bedömde inte insatsen" in text
    assert "Medelvärde 14,00 av 1 bedömning som räknas. Spridning 0." in text
    assert "Bedömningar som inte räknas" in text


@pytest.mark.pdf
def test_stored_basis_document_refuses_every_change(voting):
    run_queued_tasks()
    document = stored("dossier")
    document.title = "Annan titel"
    with pytest.raises(FrozenDocumentError):
        document.save()
    with pytest.raises(FrozenDocumentError):
        document.delete()
    with pytest.raises(FrozenDocumentError):
        BasisDocument.objects.filter(pk=document.pk).delete()
    # Past the model too: the database refuses.
    with pytest.raises(IntegrityError), transaction.atomic():
        BasisDocument.objects.filter(pk=document.pk).update(content=b"other")
    assert stored("dossier").title.startswith("Underlag för bedömning")


@pytest.mark.pdf
def test_decision_pdf_lists_the_basis_with_date_and_checksum(prize_year, chair, juror):
    winner = make_eligible_nomination(prize_year, effort_name="Nattvandring").effort
    decision = make_decision(prize_year, votes={chair: winner, juror: winner}, with_basis=True)
    text = text_of(justering.decision_document(decision=decision))
    assert "Beslutsunderlag" in text
    assert "Föredragande Fia Föredragande, utredare" in text
    for document in BasisDocument.objects.filter(prize_year=prize_year):
        assert document.title in text
        assert document.sha256 in folded(justering.decision_document(decision=decision))


def check_both(decision, chair, juror) -> None:
    justering.name_justerare(decision=decision, justerare=juror, by=chair)
    justering.mark_checked(decision=decision, membership=JuryMembership.objects.get(user=chair))


@pytest.mark.pdf
def test_justering_refused_without_foredragande(prize_year, chair, juror):
    prize_year.case_number = "SN 2030/1"
    prize_year.save()
    winner = make_eligible_nomination(prize_year).effort
    decision = make_decision(prize_year, votes={chair: winner, juror: winner}, with_basis=True)
    prize_year.foredragande_name = ""
    prize_year.save()
    with pytest.raises(JusteringError, match="vem som föredrog ärendet"):
        check_both(decision, chair, juror)
    decision.refresh_from_db()
    assert decision.chair_checked_at is None


def test_justering_refused_without_the_basis(prize_year, chair, juror):
    prize_year.case_number = "SN 2030/1"
    prize_year.save()
    winner = make_eligible_nomination(prize_year).effort
    decision = make_decision(prize_year, votes={chair: winner, juror: winner}, with_basis=False)
    prize_year.foredragande_name, prize_year.foredragande_title = "Fia", "utredare"
    prize_year.save()
    with pytest.raises(JusteringError, match="Beslutsunderlaget för 2030 saknas"):
        check_both(decision, chair, juror)


def test_justering_refused_while_the_basis_is_not_yet_stored(voting, chair, juror):
    voting.case_number, voting.foredragande_name = "SN 2030/1", "Fia"
    voting.foredragande_title = "utredare"
    voting.save()
    winner = Effort.objects.get(name="Nattvandring i Årsta")
    decision = make_decision(voting, votes={chair: winner}, with_basis=False)
    with pytest.raises(JusteringError, match="håller fortfarande på att sparas"):
        check_both(decision, chair, juror)


def test_set_foredragande_records_it_with_an_audit_entry(prize_year, administrator):
    basis.set_foredragande(
        prize_year=prize_year, name=" Fia Föredragande ", title="utredare", by=administrator
    )
    prize_year.refresh_from_db()
    assert (prize_year.foredragande_name, prize_year.foredragande_title) == (
        "Fia Föredragande",
        "utredare",
    )
    entry = AuditEntry.objects.get(action=AuditAction.FOREDRAGANDE_SET)
    assert entry.summary == (
        "Registrerade Fia Föredragande, utredare, som föredragande i ärendet för 2030."
    )


def test_set_foredragande_refused_once_the_decision_is_stored(prize_year, administrator):
    from tests.factories import make_checked_decision

    make_checked_decision(prize_year, make_eligible_nomination(prize_year).effort)
    with pytest.raises(basis.BasisError, match="kan föredraganden"):
        basis.set_foredragande(prize_year=prize_year, name="Ny", title="chef", by=administrator)


def test_admin_form_enters_the_foredragande_through_the_audited_function(
    administrator_client, prize_year
):
    from tests.jury.test_admin_prize_year import BEFORE_OPENING, change_form_data, change_url

    data = change_form_data(prize_year) | {
        "foredragande_name": "Fia",
        "foredragande_title": "utredare",
    }
    with time_machine.travel(BEFORE_OPENING, tick=False):
        log_in_verified(administrator_client, administrator_client.user)
        administrator_client.post(change_url(prize_year), data)
    prize_year.refresh_from_db()
    assert (prize_year.foredragande_name, prize_year.foredragande_title) == ("Fia", "utredare")
    assert AuditEntry.objects.filter(action=AuditAction.FOREDRAGANDE_SET).count() == 1


@pytest.mark.pdf
def test_juror_of_the_year_downloads_the_frozen_basis(voting, client, juror):
    run_queued_tasks()
    log_in_verified(client, juror)
    response = client.get(reverse("jury:basis_pdf", args=[2030, "scores"]))
    assert b"".join(response) == bytes(stored("scores").content)


@pytest.mark.pdf
def test_administration_downloads_the_frozen_basis(voting, administrator_client):
    run_queued_tasks()
    url = reverse("admin:nominations_prizeyear_basis_pdf", args=[voting.pk, "dossier"])
    response = administrator_client.get(url)
    assert b"".join(response) == bytes(stored("dossier").content)


@pytest.mark.pdf
def test_outsider_cannot_download_the_frozen_basis(voting, client, juror_of_another_year):
    run_queued_tasks()
    outsider = make_user("outsider2")
    for user in (outsider, juror_of_another_year):
        log_in_verified(client, user)
        response = client.get(reverse("jury:basis_pdf", args=[2030, "scores"]))
        assert response.status_code == 404
        assert b"%PDF" not in response.content
    staff = make_user("annanforvaltning", is_staff=True)
    log_in_verified(client, staff)
    url = reverse("admin:nominations_prizeyear_basis_pdf", args=[voting.pk, "scores"])
    response = client.get(url)
    assert response.status_code == 403 and b"%PDF" not in response.content


@pytest.mark.pdf
def test_jury_dashboard_links_the_stored_basis(voting, client, juror):
    run_queued_tasks()
    log_in_verified(client, juror)
    html = client.get(reverse("jury:dashboard", args=[2030])).content.decode()
    assert reverse("jury:basis_pdf", args=[2030, "dossier"]) in html
    assert "Sammanställning av juryns poäng – Trygghetspriset 2030 (PDF)" in html


def fonts_and_images(content: bytes) -> tuple[set[str], int]:
    """The fonts the PDF embeds, by name, and how many different images it holds."""
    reader = PdfReader(BytesIO(content))
    fonts, images = set(), set()
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
        # WeasyPrint may share one resource dictionary between pages: count each image once.
        images |= {image.data for image in page.images}
    return fonts, len(images)


@pytest.mark.pdf
def test_frozen_dossier_keeps_our_fonts_and_the_attached_images(prize_year, chair, scored):
    from tests.attachment_files import attach_to, png_file

    attach_to(Nomination.objects.get(effort=scored["first"]), png_file("karta.png"))
    phases.open_vote(prize_year=prize_year, efforts=[scored["first"]], by=chair)
    run_queued_tasks()
    fonts, images = fonts_and_images(bytes(stored("dossier").content))
    # Our own @font-face ("TP Sans", the shipped DejaVu), not a fallback of the machine.
    assert fonts and all(name.startswith("TP-Sans") for name in fonts)
    assert images == 1
