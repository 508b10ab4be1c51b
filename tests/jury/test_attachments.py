"""Who may open a nomination's attached files, how they are served, and the jury's documents."""

import io
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from jury import conflicts
from jury.documents.render import dossier_pdf
from jury.models import JuryMembership
from nominations.models import Attachment, JuryPhase, Nomination
from tests.attachment_files import attach_to, image_bytes, jpeg_file, pdf_file, png_file
from tests.factories import log_in_verified, make_eligible_nomination, make_nomination, make_user
from tests.pdfa import assert_archival
from tests.phases import bring_to_phase


@pytest.fixture
def nomination(prize_year):
    """The year's one eligible nomination, the year brought to scoring with it."""
    nomination = make_eligible_nomination(prize_year, effort_name="Nattvandring")
    bring_to_phase(prize_year, JuryPhase.SCORING)
    return nomination


@pytest.fixture
def scoring_year(prize_year, nomination):
    # The nomination's effort is the one to score: the documents here show each effort,
    # so the three efforts of jury/conftest.py's scoring_year would only lengthen them.
    return prize_year


@pytest.fixture
def report(nomination):
    [attachment] = attach_to(nomination, pdf_file("Utvärdering 2030.pdf", pages=2))
    return attachment


@pytest.fixture
def photo(nomination):
    [attachment] = attach_to(nomination, png_file("Vandring.png"))
    return attachment


def fetch(client, attachment):
    return client.get(reverse("jury:attachment", args=[attachment.pk]))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


# Who may open a file


def test_juror_of_the_year_gets_the_file_as_sent(juror_client, report, attachment_storage):
    response = fetch(juror_client, report)
    assert body(response) == (attachment_storage / report.stored_name).read_bytes()
    assert response["Content-Type"] == "application/pdf"


def test_chair_of_the_year_gets_the_file(chair_client, report):
    assert body(fetch(chair_client, report)).startswith(b"%PDF-")


def test_administrator_gets_the_file(administrator_client, report):
    assert body(fetch(administrator_client, report)).startswith(b"%PDF-")


def test_superuser_gets_the_file(client, superuser, report):
    log_in_verified(client, superuser)
    assert body(fetch(client, report)).startswith(b"%PDF-")


def test_anonymous_visitor_finds_nothing(client, report):
    response = fetch(client, report)
    assert response.status_code == 404
    assert not hasattr(response, "streaming_content")


def test_outsider_finds_nothing(client, outsider, report):
    log_in_verified(client, outsider)
    assert fetch(client, report).status_code == 404


def test_juror_with_password_only_finds_nothing(client, juror, report):
    client.force_login(juror)  # no authenticator code yet
    assert fetch(client, report).status_code == 404


def test_juror_of_another_year_finds_nothing(client, juror_of_another_year, report):
    log_in_verified(client, juror_of_another_year)
    assert fetch(client, report).status_code == 404


def test_staff_without_permission_finds_nothing(client, staff_without_permission, report):
    log_in_verified(client, staff_without_permission)
    assert fetch(client, report).status_code == 404


def test_juror_with_a_conflict_finds_nothing(juror_client, membership, nomination, report):
    conflicts.declare_conflict(membership=membership, effort=nomination.effort, reason="Anställd.")
    assert fetch(juror_client, report).status_code == 404


def test_juror_whose_conflict_is_withdrawn_gets_the_file_again(
    juror_client, membership, nomination, report
):
    declaration = conflicts.declare_conflict(
        membership=membership, effort=nomination.effort, reason="Av misstag."
    )
    conflicts.withdraw_conflict(membership=membership, declaration=declaration)
    assert body(fetch(juror_client, report)).startswith(b"%PDF-")


def test_another_jurors_conflict_does_not_stop_the_juror(
    juror_client, chair_membership, nomination, report
):
    conflicts.declare_conflict(
        membership=chair_membership, effort=nomination.effort, reason="Ordföranden är jävig."
    )
    assert body(fetch(juror_client, report)).startswith(b"%PDF-")


def test_juror_whose_appointment_ended_finds_nothing(client, juror, report):
    JuryMembership.objects.filter(user=juror).update(ended_at=timezone.now())
    log_in_verified(client, juror)
    assert fetch(client, report).status_code == 404


def test_juror_finds_no_file_of_an_unscreened_nomination(juror_client, scoring_year):
    [attachment] = attach_to(make_nomination(scoring_year), pdf_file())
    assert fetch(juror_client, attachment).status_code == 404


def test_juror_finds_no_file_of_a_withdrawn_nomination_but_staff_do(
    juror_client, client, administrator, nomination, report
):
    # Withdrawn by the nominator: kept in the record, out of the jury's reading.
    Nomination.objects.filter(pk=nomination.pk).update(withdrawn_at=timezone.now())
    assert fetch(juror_client, report).status_code == 404
    juror_client.logout()
    log_in_verified(client, administrator)
    assert body(fetch(client, report)).startswith(b"%PDF-")


def test_unknown_attachment_is_404_for_staff(administrator_client, db):
    response = administrator_client.get(reverse("jury:attachment", args=[uuid.uuid4()]))
    assert response.status_code == 404


def test_file_missing_from_storage_is_404_not_an_error(
    administrator_client, report, attachment_storage
):
    (attachment_storage / report.stored_name).unlink()
    assert fetch(administrator_client, report).status_code == 404


# How a file is served


def test_pdf_is_served_as_a_download_under_its_own_name(juror_client, report):
    response = fetch(juror_client, report)
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Utv%C3%A4rdering%202030.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_image_is_served_as_a_download_too_and_never_sniffed(juror_client, photo):
    response = fetch(juror_client, photo)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert body(response) == image_bytes("PNG")


def test_file_stored_under_another_types_name_served_under_its_own_types(juror_client, nomination):
    # A row from before names followed the type: a JPEG kept as "Utvärdering.pdf".
    [attachment] = attach_to(nomination, jpeg_file("foto.jpg"))
    Attachment.objects.filter(pk=attachment.pk).update(original_name="Utvärdering.pdf")
    response = fetch(juror_client, attachment)
    assert response["Content-Disposition"] == ("attachment; filename*=utf-8''Utv%C3%A4rdering.jpg")


def test_name_ending_in_exe_once_direction_marks_are_removed_served_as_pdf(
    juror_client, nomination
):
    [attachment] = attach_to(nomination, pdf_file("Utvärdering\u202efdp.exe"))
    disposition = fetch(juror_client, attachment)["Content-Disposition"]
    assert disposition.endswith("fdp.pdf")
    assert ".exe" not in disposition


# The jury's pages and documents


def test_effort_page_lists_the_files_with_links(juror_client, nomination, report, photo):
    html = juror_client.get(reverse("jury:effort", args=[2030, nomination.effort.pk])).content
    html = html.decode()
    assert "Bifogade filer" in html
    assert f'href="{reverse("jury:attachment", args=[report.pk])}"' in html
    assert "Utvärdering 2030.pdf" in html
    assert "2 sidor" in html
    assert f'href="{reverse("jury:attachment", args=[photo.pk])}"' in html


def test_effort_page_lists_the_files_without_links_to_a_juror_with_a_conflict(
    juror_client, membership, nomination, report
):
    conflicts.declare_conflict(membership=membership, effort=nomination.effort, reason="Anställd.")
    html = juror_client.get(reverse("jury:effort", args=[2030, nomination.effort.pk])).content
    html = html.decode()
    assert "Utvärdering 2030.pdf" in html
    assert reverse("jury:attachment", args=[report.pk]) not in html
    assert "kan därför inte öppna de bifogade filerna" in html


def drawn_images(page) -> list:
    """The image XObjects the page's content actually draws (WeasyPrint shares resources)."""
    xobjects = page["/Resources"].get("/XObject") or {}
    drawn = set(re.findall(rb"(/[^\s/]+) Do", page.get_contents().get_data()))
    return [
        xobjects[name].get_object()
        for name in xobjects
        if name.encode() in drawn and xobjects[name].get_object()["/Subtype"] == "/Image"
    ]


@pytest.mark.pdf
def test_dossier_shows_an_attached_image_on_the_efforts_page(nomination, scoring_year):
    other = make_eligible_nomination(scoring_year, effort_name="Läxhjälp")
    attach_to(nomination, jpeg_file("Vandring.jpg", size=(2400, 1600)))
    content = dossier_pdf(prize_year=scoring_year)
    assert_archival(content)
    reader = PdfReader(io.BytesIO(content))
    texts = [page.extract_text() for page in reader.pages]
    drawing = [number for number, page in enumerate(reader.pages) if drawn_images(page)]
    assert len(drawing) == 1
    # Efforts come by name: "1. Läxhjälp", then "2. Nattvandring" to the end.
    starts = next(n for n, text in enumerate(texts) if "2. Nattvandring" in text)
    assert drawing[0] >= starts
    assert other.effort.name not in texts[drawing[0]]
    [image] = drawn_images(reader.pages[drawing[0]])
    # Scaled down for the document, not the 2400 pixels sent.
    assert (image["/Width"], image["/Height"]) == (1200, 800)


@pytest.mark.pdf
def test_dossier_lists_attached_pdfs_by_name_and_page_count(nomination, scoring_year, report):
    reader = PdfReader(io.BytesIO(dossier_pdf(prize_year=scoring_year)))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Bilagor" in text
    assert "Utvärdering 2030.pdf (PDF, 2 sidor)" in text


@pytest.mark.pdf
def test_dossier_without_attachments_has_no_images(nomination, scoring_year):
    reader = PdfReader(io.BytesIO(dossier_pdf(prize_year=scoring_year)))
    assert not any(len(page.images) for page in reader.pages)
    assert "Bilagor" not in "".join(page.extract_text() for page in reader.pages)


def test_outsider_gets_no_file_even_with_the_link_from_a_jurors_page(
    client, juror, nomination, report
):
    # The link a juror sees, tried by someone who has it but is no juror.
    stranger = make_user("stranger")
    log_in_verified(client, stranger)
    assert fetch(client, report).status_code == 404


@pytest.mark.pdf
def test_dossier_image_is_drawn_without_interpolation(nomination, scoring_year):
    # PDF/A-2 (ISO 19005-2, 6.2.8) forbids /Interpolate true on an image.
    attach_to(nomination, png_file("Vandring.png"))
    content = dossier_pdf(prize_year=scoring_year)
    reader = PdfReader(io.BytesIO(content))
    [image] = [image for page in reader.pages for image in drawn_images(page)]
    assert image.get("/Interpolate") in (None, False)


@pytest.mark.pdf
def test_dossier_with_an_image_passes_the_archival_checks(nomination, scoring_year):
    attach_to(nomination, png_file("Vandring.png"))
    assert_archival(dossier_pdf(prize_year=scoring_year))
