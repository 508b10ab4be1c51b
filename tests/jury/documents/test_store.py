from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from io import BytesIO

import pytest
import weasyprint
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from jury import justering
from jury.documents import render
from jury.documents.store import STALLED_AFTER, content_key, shown_content, source_of
from jury.models import (
    ConflictDeclaration,
    ConflictQuestion,
    Decision,
    JuryMembership,
    RenderedDocument,
)
from nominations.models import (
    Answer,
    AuditEntry,
    ConflictRule,
    Nomination,
    PrizeYear,
    ScreeningVerdict,
)
from nominations.privacy import remove_attachments
from tests.attachment_files import attach_to, attachments_rule, png_file
from tests.factories import (
    log_in_verified,
    make_decision,
    make_eligible_nomination,
    make_juror,
    make_nomination,
    make_prize_year,
)
from tests.mail_queue import run_queued_tasks
from tests.pdfa import assert_archival

User = get_user_model()

MOTIVATION = "Nattvandringen i Årsta förenar föräldrar, polis och fältgrupp på ett nyskapande sätt."
CASE_NUMBER = "SN 2030/0417"


def text_of(content: bytes) -> str:
    """The PDF's text with white space folded, as a reader would take it in."""
    return " ".join(page_texts(content))


def page_texts(content: bytes) -> list[str]:
    """Each page's text, of a document that passes the archival checks (tests/pdfa.py)."""
    assert_archival(content)
    return [" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(content)).pages]


def pages_of(content: bytes) -> int:
    return len(PdfReader(BytesIO(content)).pages)


def make_decided(prize_year, chair, juror) -> Decision:
    """The year decided: the winner, a shortlisted effort and a declared conflict."""
    prize_year.case_number = CASE_NUMBER
    prize_year.save()
    winner = make_eligible_nomination(
        prize_year,
        effort_name="Nattvandring i Årsta",
        organisations=["Polisen", "Fältgruppen Årsta", "Föreningen Öster"],
        nominator_email="hemlig.nominerare@example.se",
    ).effort
    other = make_eligible_nomination(prize_year, effort_name="Läxhjälp i Skärholmen").effort
    # Per effort, and off the shortlist: the juror still takes part in the vote.
    prize_year.conflict_rule = ConflictRule.EFFORT
    prize_year.save()
    third = make_eligible_nomination(prize_year, effort_name="Trygga trapphus").effort
    ConflictDeclaration.objects.create(juror=juror, effort=third, reason="Anställd där.")
    return make_decision(
        prize_year,
        votes={juror: winner, chair: winner},
        shortlist=[other],
        motivation=MOTIVATION,
        with_basis=True,
    )


@pytest.fixture
def decided(prize_year, chair, juror):
    return make_decided(prize_year, chair, juror)


@contextmanager
def made_and_undone(django_db_blocker) -> Iterator[None]:
    """For a document rendered once and read by several tests: its data is undone at once.

    The tests that share it read only its bytes, so nothing of the data may outlive the
    render; each test still starts from an empty database. Module-scoped fixtures run
    before the autouse ones of conftest.py, so the quick hashing is set here too.
    """
    fast_hashing = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast_hashing):
        with transaction.atomic():
            yield
            transaction.set_rollback(True)


def year_with_jury():
    """The year, chair and juror of the fixtures prize_year, chair and juror."""
    prize_year = make_prize_year()
    return prize_year, make_juror(prize_year, "chair", role="chair"), make_juror(prize_year)


@pytest.fixture(scope="module")
def decided_pdf(django_db_setup, django_db_blocker) -> bytes:
    """The draft decision of the fixture decided, rendered once for the tests that read it.

    The next year with changed criteria exists beside it, as one of them asks; a year's
    decision shows only its own criteria, which is what that test keeps.
    """
    with made_and_undone(django_db_blocker):
        decision = make_decided(*year_with_jury())
        make_changed_year(decision.prize_year)
        return justering.decision_document(decision=decision)


@pytest.fixture
def checked(decided, chair, juror):
    """The decision justerat: the juror is justerare, both have checked, the PDF stored."""
    justering.name_justerare(decision=decided, justerare=juror, by=chair)
    for user in (chair, juror):
        justering.mark_checked(decision=decided, membership=JuryMembership.objects.get(user=user))
    decided.refresh_from_db()
    return decided


@pytest.mark.pdf
def test_decision_pdf_states_winner_organisations_motivation_and_tally(decided_pdf):
    text = text_of(decided_pdf)
    assert "Beslut om vinnare av Trygghetspriset 2030" in text
    assert "Stockholms stad" in text and "Socialförvaltningen" in text
    assert "Nattvandring i Årsta" in text
    assert "Polisen, Fältgruppen Årsta, Föreningen Öster" in text
    assert MOTIVATION in text
    assert "Trygghet i samverkan" in text
    assert "50 000 kr" in text
    assert "Nattvandring i Årsta 2" in text and "Läxhjälp i Skärholmen 0" in text


@pytest.mark.pdf
def test_decision_pdf_names_jury_conflicts_and_signature_lines(decided_pdf):
    text = text_of(decided_pdf)
    assert "Chair Jurysson, ordförande (socialborgarrådet)" in text
    assert "Juror Jurysson, ledamot" in text
    assert "Juror Jurysson, insatsen Trygga trapphus: anmälde jäv" in text
    assert "Stockholm den" in text


@pytest.mark.pdf
def test_decision_pdf_reports_the_chairs_casting_vote(prize_year, chair, juror):
    first = make_eligible_nomination(prize_year, effort_name="Första").effort
    second = make_eligible_nomination(prize_year, effort_name="Andra").effort
    decision = make_decision(
        prize_year,
        votes={juror: first, chair: second},
        winner=second,
        casting_vote=True,
        with_basis=True,
    )
    text = text_of(justering.decision_document(decision=decision))
    assert "lika röstetal mellan Andra och Första" in text
    assert "Ordförandens utslagsröst avgjorde till förmån för Andra" in text


@pytest.mark.pdf
def test_dossier_pdf_puts_each_eligible_effort_on_its_own_page(prize_year):
    names = ["Äldreomsorgens trygghetsvärdar", "Öppen fritidsgård", "Ångermanlandsgatans grannar"]
    for name in names:
        make_eligible_nomination(prize_year, effort_name=name, results="Färre brott på gården.")
    make_nomination(prize_year, effort_name="Ej granskad")
    content = render.dossier_pdf(prize_year=prize_year)
    text = text_of(content)
    assert pages_of(content) == 1 + len(names)
    assert "Underlag för bedömning – Trygghetspriset 2030" in text
    assert all(name in text for name in names)
    assert "Färre brott på gården." in text
    assert "Ej granskad" not in text


@pytest.mark.pdf
def test_dossier_pdf_table_of_contents_gives_page_numbers(prize_year):
    make_eligible_nomination(prize_year, effort_name="Alfa")
    make_eligible_nomination(prize_year, effort_name="Beta")
    first_page = (
        PdfReader(BytesIO(render.dossier_pdf(prize_year=prize_year))).pages[0].extract_text()
    )
    assert "Alfa" in first_page and "Beta" in first_page
    assert "2" in first_page.split("Alfa")[1] and "3" in first_page.split("Beta")[1]


@pytest.mark.pdf
def test_dossier_pdf_has_no_contact_details(prize_year):
    make_eligible_nomination(
        prize_year,
        nominator_name="Hemlig Person",
        nominator_email="hemlig@example.se",
        nominator_phone="070-111 22 33",
    )
    text = text_of(render.dossier_pdf(prize_year=prize_year))
    for secret in ("Hemlig Person", "hemlig@example.se", "070-111 22 33"):
        assert secret not in text


@pytest.mark.pdf
def test_dossier_pdf_prints_html_in_a_nomination_as_text(prize_year):
    make_eligible_nomination(
        prize_year, description='<img src="http://example.com/spy.png"> <b>fet</b> & mer'
    )
    text = text_of(render.dossier_pdf(prize_year=prize_year))
    assert '<img src="http://example.com/spy.png"> <b>fet</b> & mer' in text


def test_pdf_fetcher_refuses_remote_urls():
    for url in ("http://example.com/x.png", "https://example.com/font.ttf", "ftp://example.com/x"):
        with pytest.raises(render.RefusedURL):
            render.local_only_fetcher(url)


def test_pdf_fetcher_refuses_files_outside_static():
    with pytest.raises(render.RefusedURL):
        render.local_only_fetcher("file:///etc/passwd")
    with pytest.raises(render.RefusedURL):
        render.local_only_fetcher((render.ASSETS / ".." / "manage.py").as_uri())


def test_pdf_fetcher_serves_shipped_fonts():
    result = render.local_only_fetcher((render.ASSETS / "fonts" / "DejaVuSans.ttf").as_uri())
    assert result.get("string") or result.get("file_obj")


@pytest.mark.pdf
def test_jury_member_downloads_decision_pdf(juror_client, decided):
    response = download(juror_client, reverse("jury:decision_pdf", args=[2030]))
    assert response["Content-Type"] == "application/pdf"
    assert "Nattvandring i Årsta" in text_of(response.content)


@pytest.mark.pdf
def test_jury_member_downloads_dossier_pdf(juror_client, prize_year):
    make_eligible_nomination(prize_year, effort_name="Trygga trapphus")
    response = download(juror_client, reverse("jury:dossier_pdf", args=[2030]))
    assert "Trygga trapphus" in text_of(response.content)


def test_decision_pdf_before_any_decision_is_not_found(juror_client, prize_year):
    assert juror_client.get(reverse("jury:decision_pdf", args=[2030])).status_code == 404


@pytest.mark.pdf
def test_documents_refused_to_outsiders(client, outsider, juror_of_another_year, decided):
    urls = [reverse("jury:decision_pdf", args=[2030]), reverse("jury:dossier_pdf", args=[2030])]
    for url in urls:
        assert client.get(url)["Location"].startswith(reverse("jury:login"))
    log_in_verified(client, outsider)
    assert [client.get(url).status_code for url in urls] == [404, 404]
    log_in_verified(client, juror_of_another_year)
    assert [client.get(url).status_code for url in urls] == [404, 404]


@pytest.mark.pdf
def test_administration_downloads_both_documents_from_admin(administrator_client, decided):
    pk = decided.prize_year.pk
    decision = download(
        administrator_client, reverse("admin:nominations_prizeyear_decision_pdf", args=[pk])
    )
    dossier = download(
        administrator_client, reverse("admin:nominations_prizeyear_dossier_pdf", args=[pk])
    )
    assert "Beslut om vinnare" in text_of(decision.content)
    assert "Underlag för bedömning" in text_of(dossier.content)


@pytest.mark.pdf
def test_admin_documents_refused_to_staff_without_permission(
    client, staff_without_permission, decided
):
    log_in_verified(client, staff_without_permission)
    pk = decided.prize_year.pk
    for name in ("decision_pdf", "dossier_pdf"):
        response = client.get(reverse(f"admin:nominations_prizeyear_{name}", args=[pk]))
        assert response.status_code == 403
        assert response.get("Content-Type") != "application/pdf"


@pytest.mark.pdf
def test_admin_documents_refused_to_juror(client, juror, decided):
    log_in_verified(client, juror)
    response = client.get(
        reverse("admin:nominations_prizeyear_decision_pdf", args=[decided.prize_year.pk])
    )
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.pdf
def test_chair_page_links_the_decision(client, chair, decided):
    log_in_verified(client, chair)
    html = client.get(reverse("jury:chair", args=[2030])).content.decode()
    assert reverse("jury:decision_pdf", args=[2030]) in html


@pytest.mark.pdf
def test_documents_are_tagged_for_screen_readers(prize_year):
    make_eligible_nomination(prize_year)
    root = PdfReader(BytesIO(render.dossier_pdf(prize_year=prize_year))).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "sv"


# The decision as a municipal record (issue 10).


@pytest.mark.pdf
def test_decision_pdf_has_case_number_on_every_page(decided):
    decided.motivation = MOTIVATION * 60  # long enough for several pages
    decided.save()
    pages = page_texts(justering.decision_document(decision=decided))
    assert len(pages) > 1
    assert all(f"Dnr {CASE_NUMBER}" in page for page in pages)


@pytest.mark.pdf
def test_dossier_pdf_has_case_number_on_every_page(prize_year):
    prize_year.case_number = CASE_NUMBER
    prize_year.save()
    for name in ("Alfa", "Beta"):
        make_eligible_nomination(prize_year, effort_name=name)
    pages = page_texts(render.dossier_pdf(prize_year=prize_year))
    assert len(pages) == 3
    assert all(f"Dnr {CASE_NUMBER}" in page for page in pages)


@pytest.mark.pdf
def test_decision_pdf_numbers_and_dates_every_page(decided):
    decided.motivation = MOTIVATION * 60
    decided.save()
    pages = page_texts(justering.decision_document(decision=decided))
    for number, page in enumerate(pages, start=1):
        assert f"Sida {number} av {len(pages)}" in page
        assert "Utskrivet " in page


@pytest.mark.pdf
def test_decision_pdf_states_date_place_and_body(decided):
    decided.decided_at = decided.decided_at.replace(year=2030, month=10, day=26, hour=12)
    decided.place = "Stadshuset, Stockholm"
    decided.save()
    text = text_of(justering.decision_document(decision=decided))
    assert (
        "Beslutande organ Juryn för Trygghetspriset, Socialförvaltningen, Stockholms stad" in text
    )
    assert "Datum 26 oktober 2030" in text
    assert "Plats Stadshuset, Stockholm" in text
    assert f"Diarienummer {CASE_NUMBER}" in text


@pytest.mark.pdf
def test_decision_pdf_leaves_out_juror_whose_appointment_ended_before(decided):
    left = JuryMembership.objects.get(user=make_juror(decided.prize_year, "avgangen"))
    stayed = JuryMembership.objects.get(user=make_juror(decided.prize_year, "kvar"))
    left.ended_at = decided.decided_at - timedelta(hours=1)
    left.save()
    stayed.ended_at = decided.decided_at + timedelta(hours=1)
    stayed.save()
    text = text_of(justering.decision_document(decision=decided))
    assert "Kvar Jurysson, ledamot" in text
    assert "Avgangen Jurysson, ledamot" not in text
    assert "deltog inte i beslutet: Avgangen Jurysson: uppdraget avslutades" in text


@pytest.mark.pdf
def test_decision_pdf_prints_each_vote_by_name(decided):
    make_juror(decided.prize_year, "tyst")
    text = text_of(justering.decision_document(decision=decided))
    assert "Omröstningen var öppen" in text
    assert "Chair Jurysson Nattvandring i Årsta" in text
    assert "Juror Jurysson Nattvandring i Årsta" in text
    assert "Tyst Jurysson röstade inte" in text


@pytest.mark.pdf
def test_decision_pdf_prints_reservation_under_jurors_name(decided, juror):
    justering.enter_reservation(
        decision=decided,
        membership=JuryMembership.objects.get(user=juror),
        text="Jag anser att Läxhjälp i Skärholmen borde ha vunnit.",
    )
    text = text_of(justering.decision_document(decision=decided))
    assert (
        "Reservationer Juror Jurysson Juror Jurysson reserverade sig mot beslutet: "
        "Jag anser att Läxhjälp i Skärholmen borde ha vunnit." in text
    )


@pytest.mark.pdf
def test_decision_pdf_without_reservations_says_so(decided_pdf):
    assert "Ingen jurymedlem reserverade sig mot beslutet." in text_of(decided_pdf)


@pytest.mark.pdf
def test_decision_pdf_prints_rulings_on_conflicts_with_reasons(decided, chair):
    prize_year = decided.prize_year
    effort = decided.effort
    ruled = {}
    for username, outcome, reasons in (
        ("jav", "disqualified", "Är ordförande i Föreningen Öster."),
        ("ejjav", "not_disqualified", "Lämnade styrelsen 2027; inget kvarstår."),
    ):
        ruled[username] = ConflictQuestion.objects.create(
            prize_year=prize_year,
            juror=make_juror(prize_year, username),
            effort=effort,
            raised_by="Ett tips till förvaltningen",
            question="Är ledamoten jävig?",
            outcome=outcome,
            ruling_reasons=reasons,
            ruled_at=decided.decided_at,
            ruled_by=chair,
        )
    ConflictDeclaration.objects.create(
        juror=ruled["jav"].juror, effort=effort, reason="x", ruling=ruled["jav"]
    )
    text = text_of(justering.decision_document(decision=decided))
    assert "Jav Jurysson, insatsen Nattvandring i Årsta: jävig enligt juryns beslut" in text
    assert "Skäl: Är ordförande i Föreningen Öster." in text
    assert "Ejjav Jurysson, insatsen Nattvandring i Årsta: inte jävig" in text
    assert "Skäl: Lämnade styrelsen 2027; inget kvarstår." in text
    # The ruling is printed once, not again as a declaration of the juror's own.
    assert "Jav Jurysson: Nattvandring i Årsta" not in text


@pytest.mark.pdf
def test_decision_pdf_leaves_out_withdrawn_conflicts(decided, juror):
    ConflictDeclaration.objects.filter(juror=juror).update(withdrawn_at=decided.decided_at)
    text = text_of(justering.decision_document(decision=decided))
    assert "Juror Jurysson, insatsen Trygga trapphus" not in text
    assert "Ingen jurymedlem hade jäv när beslutet fattades" in text


@pytest.mark.pdf
def test_decision_pdf_names_justerare_and_signature_lines(decided, chair, juror):
    justering.name_justerare(decision=decided, justerare=juror, by=chair)
    text = text_of(justering.decision_document(decision=decided))
    assert "Justerare: Juror Jurysson." in text
    assert "Ordförande Chair Jurysson Datum:" in text
    assert "Justerare Juror Jurysson Datum:" in text


@pytest.mark.pdf
def test_unchecked_decision_pdf_is_marked_draft(decided_pdf):
    pages = page_texts(decided_pdf)
    assert "Det här är ett utkast som inte är justerat." in pages[0]
    assert all("OJUSTERAT UTKAST" in page for page in pages)


@pytest.mark.pdf
def test_checked_decision_pdf_is_not_marked_draft(checked):
    text = text_of(justering.decision_document(decision=checked))
    assert "UTKAST" not in text.upper()
    assert text.count("Justerat i systemet") == 2


def jury_of(prize_year, size: int):
    """A chair and size - 1 members with names of Swedish length."""
    users = [make_juror(prize_year, "ordforande", role="chair")]
    users += [make_juror(prize_year, f"ledamot{n:02d}") for n in range(1, size)]
    return users


@pytest.mark.pdf
@pytest.mark.parametrize("size", [2, 9, 15])
def test_decision_signatures_stay_on_the_page_of_the_final_paragraph(prize_year, size):
    prize_year.case_number = CASE_NUMBER
    prize_year.save()
    users = jury_of(prize_year, size)
    winner = make_eligible_nomination(prize_year, effort_name="Nattvandring i Årsta").effort
    decision = make_decision(prize_year, votes=dict.fromkeys(users, winner), with_basis=True)
    justering.name_justerare(decision=decision, justerare=users[-1], by=users[0])
    split = []
    # Longer and longer motivations move the closing block down the page in steps
    # shorter than the block, so one of them puts it where a page would break it.
    for lines in range(0, 54, 6):
        # update(), not save(): the instance predates the justerare being named.
        Decision.objects.filter(pk=decision.pk).update(
            motivation="\n".join([MOTIVATION] * (lines + 1))
        )
        pages = page_texts(justering.decision_document(decision=decision))
        final = [i for i, page in enumerate(pages) if "Beslutet justeras av ordföranden" in page]
        signed = [
            i
            for i, page in enumerate(pages)
            if "Ordförande Ordforande Jurysson Datum:" in page
            and f"Justerare {users[-1].get_full_name()} Datum:" in page
        ]
        if not (final and final == signed):
            split.append((lines, final, signed))
    assert split == []


@pytest.mark.pdf
def test_checked_decision_is_byte_identical_after_juror_renamed(checked, juror):
    stored = bytes(Decision.objects.get(pk=checked.pk).document)
    juror.first_name, juror.last_name = "Nytt", "Namn"
    juror.save()
    checked.effort.name = "Omdöpt insats"
    checked.effort.save()
    assert justering.decision_document(decision=checked) == stored
    assert "Juror Jurysson" in text_of(stored)


@pytest.mark.pdf
def test_jury_download_of_checked_decision_is_the_stored_bytes(client, checked, juror):
    juror.last_name = "Omdöpt"
    juror.save()
    log_in_verified(client, juror)
    response = client.get(reverse("jury:decision_pdf", args=[2030]))
    assert response.content == bytes(Decision.objects.get(pk=checked.pk).document)


@pytest.mark.pdf
def test_admin_download_of_checked_decision_is_the_stored_bytes(administrator_client, checked):
    response = administrator_client.get(
        reverse("admin:nominations_prizeyear_decision_pdf", args=[checked.prize_year.pk])
    )
    assert response.content == bytes(Decision.objects.get(pk=checked.pk).document)


@pytest.mark.pdf
def test_stored_decision_matches_its_audited_sha256(checked):
    from hashlib import sha256

    digest = sha256(bytes(Decision.objects.get(pk=checked.pk).document)).hexdigest()
    assert checked.document_sha256 == digest
    assert AuditEntry.objects.filter(changes__document_sha256=digest).count() == 1


@pytest.fixture(scope="module")
def documents(django_db_setup, django_db_blocker) -> dict[str, bytes]:
    """Both documents of a decided year, rendered once: the tests below read only them."""
    with made_and_undone(django_db_blocker):
        decided = make_decided(*year_with_jury())
        make_eligible_nomination(decided.prize_year, effort_name="Ännu en insats")
        return {
            "decision": justering.decision_document(decision=decided),
            "dossier": render.dossier_pdf(prize_year=decided.prize_year),
        }


@pytest.mark.pdf
@pytest.mark.parametrize("kind", ["decision", "dossier"])
def test_documents_identify_as_pdfa_in_xmp(documents, kind):
    xmp = PdfReader(BytesIO(documents[kind])).xmp_metadata
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("2", "B")


@pytest.mark.pdf
@pytest.mark.parametrize("kind", ["decision", "dossier"])
def test_documents_pass_the_archival_checks(documents, kind):
    assert_archival(documents[kind])


@pytest.mark.pdf
def test_checked_decision_as_stored_passes_the_archival_checks(checked):
    assert_archival(bytes(Decision.objects.get(pk=checked.pk).document))


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        ("decision", "Beslut om vinnare av Trygghetspriset 2030"),
        ("dossier", "Underlag för bedömning – Trygghetspriset 2030"),
    ],
)
@pytest.mark.pdf
def test_documents_carry_title_author_language_and_creation_date(documents, kind, title):
    reader = PdfReader(BytesIO(documents[kind]))
    xmp = reader.xmp_metadata
    assert xmp.dc_title == {"x-default": title}
    assert xmp.dc_creator == ["Stockholms stad, Socialförvaltningen"]
    assert xmp.dc_language == ["sv"]
    assert xmp.xmp_create_date is not None
    assert reader.metadata.title == title
    assert reader.metadata.author == "Stockholms stad, Socialförvaltningen"
    assert reader.metadata.creation_date is not None
    assert reader.trailer["/Root"]["/Lang"] == "sv"


@pytest.mark.pdf
@pytest.mark.parametrize("kind", ["decision", "dossier"])
def test_documents_embed_their_fonts(documents, kind):
    reader = PdfReader(BytesIO(documents[kind]))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[font["/BaseFont"]] = "/FontFile2" in descriptor.get_object()
    assert fonts and all(fonts.values())


# The decision page of the jury area.


@pytest.mark.pdf
def test_decision_page_shows_state_and_pdf_link(juror_client, decided):
    html = juror_client.get(reverse("jury:decision", args=[2030])).content.decode()
    assert "Nattvandring i Årsta" in html
    assert CASE_NUMBER in html
    assert reverse("jury:decision_pdf", args=[2030]) in html


def test_decision_page_before_any_decision_is_not_found(juror_client, prize_year):
    assert juror_client.get(reverse("jury:decision", args=[2030])).status_code == 404


@pytest.mark.pdf
def test_decision_page_not_found_for_outsider_and_other_year_juror(
    client, outsider, juror_of_another_year, decided
):
    url = reverse("jury:decision", args=[2030])
    for user in (outsider, juror_of_another_year):
        log_in_verified(client, user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"step": "reservation", "text": "x" * 20}).status_code == 404
    assert not decided.reservations.exists()


@pytest.mark.pdf
def test_chair_names_justerare_on_decision_page(chair_client, decided, juror):
    response = chair_client.post(
        reverse("jury:decision", args=[2030]), {"step": "justerare", "justerare": juror.pk}
    )
    assert response.status_code == 302
    decided.refresh_from_db()
    assert decided.justerare == juror


@pytest.mark.pdf
def test_member_cannot_name_justerare_on_decision_page(juror_client, decided, juror):
    html = juror_client.get(reverse("jury:decision", args=[2030])).content.decode()
    assert 'name="justerare"' not in html
    response = juror_client.post(
        reverse("jury:decision", args=[2030]), {"step": "justerare", "justerare": juror.pk}
    )
    assert response.status_code == 200
    decided.refresh_from_db()
    assert decided.justerare is None


@pytest.mark.pdf
def test_juror_enters_reservation_on_decision_page(juror_client, decided, juror):
    text = "Jag reserverar mig mot beslutet till förmån för Läxhjälp."
    response = juror_client.post(
        reverse("jury:decision", args=[2030]), {"step": "reservation", "text": text}
    )
    assert response.status_code == 302
    assert decided.reservations.get().text == text
    html = juror_client.get(reverse("jury:decision", args=[2030])).content.decode()
    assert text in html


@pytest.mark.pdf
def test_decision_page_refuses_reservation_after_checking(juror_client, checked):
    response = juror_client.post(
        reverse("jury:decision", args=[2030]),
        {"step": "reservation", "text": "För sent, men ändå."},
    )
    assert response.status_code == 200
    assert not checked.reservations.exists()


@pytest.mark.pdf
def test_chair_and_justerare_mark_checked_on_decision_page(client, decided, chair, juror):
    justering.name_justerare(decision=decided, justerare=juror, by=chair)
    url = reverse("jury:decision", args=[2030])
    for user in (chair, juror):
        log_in_verified(client, user)
        assert 'value="check"' in client.get(url).content.decode()
        assert client.post(url, {"step": "check"}).status_code == 302
    decided.refresh_from_db()
    assert decided.is_checked and decided.document_sha256


@pytest.mark.pdf
def test_member_who_is_not_justerare_sees_no_check_button(client, decided, chair, juror):
    other = make_juror(decided.prize_year, "annan")
    justering.name_justerare(decision=decided, justerare=juror, by=chair)
    log_in_verified(client, other)
    url = reverse("jury:decision", args=[2030])
    assert 'value="check"' not in client.get(url).content.decode()
    assert client.post(url, {"step": "check"}).status_code == 200
    decided.refresh_from_db()
    assert decided.chair_checked_at is None and decided.justerare_checked_at is None


@pytest.mark.pdf
def test_chair_page_links_the_decision_page(client, chair, decided):
    log_in_verified(client, chair)
    html = client.get(reverse("jury:chair", args=[2030])).content.decode()
    assert reverse("jury:decision", args=[2030]) in html


# The year's own criteria in both documents


def make_changed_year(prize_year):
    """The next year, whose committee changed the criteria, with one eligible effort."""
    from tests.factories import CHANGED_CRITERIA

    changed = make_prize_year(
        year=2031,
        criteria=CHANGED_CRITERIA,
        opens_at=prize_year.opens_at.replace(year=2029),
        closes_at=prize_year.closes_at.replace(year=2029),
        orientation_approved_on=prize_year.opens_at.date().replace(year=2029, month=5),
        orientation_case_number="SN 2029/0099",
    )
    make_eligible_nomination(
        changed, effort_name="Grannar i Hjulsta", local_roots="Boende planerar allt själva."
    )
    return changed


@pytest.fixture
def changed_year(prize_year):
    return make_changed_year(prize_year)


@pytest.mark.pdf
def test_dossier_pdf_of_a_year_with_changed_criteria_quotes_its_own_questions(changed_year):
    text = text_of(render.dossier_pdf(prize_year=changed_year))
    assert "Hur är insatsen förankrad bland de boende?" in text
    assert "Boende planerar allt själva." in text
    assert "Lokal förankring." in text and "Når många." in text and "Varaktig." in text
    assert "1 maj 2029, § 12 (dnr SN 2029/0099)" in text
    assert "Innovativ och nyskapande" not in text and "mervärde" not in text


@pytest.mark.pdf
def test_dossier_pdf_of_the_previous_year_keeps_its_own_questions(changed_year, prize_year):
    make_eligible_nomination(prize_year, effort_name="Nattvandring i Årsta")
    text = text_of(render.dossier_pdf(prize_year=prize_year))
    assert "På vilket sätt är insatsen innovativ och nyskapande?" in text
    assert "Lokal förankring" not in text


@pytest.mark.pdf
def test_decision_pdf_of_a_year_with_changed_criteria_states_its_own_criteria(changed_year, chair):
    winner = changed_year.efforts.get()
    decision = make_decision(changed_year, votes={chair: winner}, with_basis=True)
    text = text_of(justering.decision_document(decision=decision))
    assert "Socialnämnden godkände inriktningen för Trygghetspriset 2031 den 1 maj 2029" in text
    assert "Insatsen ska vara förankrad bland dem som bor i stadsdelen." in text
    assert "Når många." in text and "Varaktig." in text
    assert "Innovativ och nyskapande" not in text


@pytest.mark.pdf
def test_decision_pdf_of_the_previous_year_keeps_its_own_criteria(decided_pdf):
    text = text_of(decided_pdf)
    assert "Innovativ och nyskapande." in text
    assert "Insatsen är utvecklande och innehåller ett mervärde utöver ordinarie" in text
    assert "Lokal förankring" not in text


# Long documents off the request path (issue 13): rendered by the worker, kept per content.

RENDER_TASK = "jury.documents.store.render_document"


def render_tasks() -> int:
    return DBTaskResult.objects.filter(task_path=RENDER_TASK).count()


def dossier_url(year: int = 2030) -> str:
    return reverse("jury:dossier_pdf", args=[year])


def progress_url(document: RenderedDocument) -> str:
    return reverse("jury:document", args=[document.prize_year.year, document.pk])


def download(client, url: str):
    """Ask for a document as a reader does: wait while the worker makes it, ask again."""
    response = client.get(url)
    if response.get("Content-Type") != "application/pdf":
        run_queued_tasks()
        response = client.get(url)
    return response


@pytest.fixture
def dossier_year(prize_year):
    make_eligible_nomination(prize_year, effort_name="Trygga trapphus")
    return prize_year


def test_dossier_download_queues_a_render_and_shows_progress_page(juror_client, dossier_year):
    response = juror_client.get(dossier_url(), follow=True)
    document = RenderedDocument.objects.get()
    html = response.content.decode()
    assert response.redirect_chain == [(progress_url(document), 302)]
    assert (document.status, document.content, document.efforts_total) == ("queued", None, 1)
    assert render_tasks() == 1
    assert "Underlaget för bedömning skapas" in html
    assert '<progress id="render-progress"' in html and "0 av 1 insats" in html
    assert '<meta http-equiv="refresh" content="2">' in html


@pytest.mark.pdf
def test_queued_dossier_render_stores_the_pdf(juror_client, dossier_year):
    juror_client.get(dossier_url())
    assert run_queued_tasks() == 1
    document = RenderedDocument.objects.get()
    assert document.status == "done" and document.finished_at is not None
    assert (document.efforts_done, document.efforts_total) == (1, 1)
    assert document.pages_done == 2
    assert "Trygga trapphus" in text_of(bytes(document.content))


@pytest.mark.pdf
def test_dossier_download_after_render_serves_the_stored_pdf(juror_client, dossier_year):
    juror_client.get(dossier_url())
    run_queued_tasks()
    response = juror_client.get(dossier_url())
    assert response["Content-Type"] == "application/pdf"
    assert response.content == bytes(RenderedDocument.objects.get().content)
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="underlag-trygghetspriset-2030.pdf"'
    )
    assert render_tasks() == 1


@pytest.mark.pdf
def test_progress_page_links_the_download_when_done(juror_client, dossier_year):
    juror_client.get(dossier_url())
    run_queued_tasks()
    html = juror_client.get(progress_url(RenderedDocument.objects.get())).content.decode()
    assert "Underlaget för bedömning är klart" in html
    assert f'href="{dossier_url()}"' in html
    assert "http-equiv" not in html


@pytest.mark.pdf
def test_unchanged_dossier_is_rendered_once_for_nine_jurors(client, dossier_year):
    for n in range(9):
        log_in_verified(client, make_juror(dossier_year, f"ledamot{n}"))
        client.get(dossier_url())
    run_queued_tasks()
    for n in range(9):
        log_in_verified(client, User.objects.get(username=f"ledamot{n}"))
        assert "Trygga trapphus" in text_of(client.get(dossier_url()).content)
    assert RenderedDocument.objects.count() == 1
    assert render_tasks() == 1


@pytest.mark.pdf
def test_newly_screened_nomination_makes_a_new_render(juror_client, dossier_year):
    download(juror_client, dossier_url())
    old = RenderedDocument.objects.get()
    make_eligible_nomination(dossier_year, effort_name="Läxhjälp i Rinkeby")
    response = juror_client.get(dossier_url())
    new = RenderedDocument.objects.get()
    assert response["Location"] == progress_url(new)
    assert new.content_key != old.content_key
    run_queued_tasks()
    assert "Läxhjälp i Rinkeby" in text_of(juror_client.get(dossier_url()).content)
    assert render_tasks() == 2


def test_edited_answer_changes_the_content_key(dossier_year):
    before = content_key(kind="dossier", prize_year=dossier_year)
    answer = Answer.objects.filter(criterion__kind="assessment").first()
    answer.text = "Ett nytt svar om resultaten."
    answer.save()
    assert content_key(kind="dossier", prize_year=dossier_year) != before


def test_edited_criterion_question_changes_the_content_key(dossier_year):
    before = content_key(kind="dossier", prize_year=dossier_year)
    dossier_year.criteria.filter(kind="assessment").update(question="En ny fråga?")
    assert content_key(kind="dossier", prize_year=dossier_year) != before


def test_failed_screening_changes_the_content_key(dossier_year):
    before = content_key(kind="dossier", prize_year=dossier_year)
    ScreeningVerdict.objects.filter(criterion__kind="mandatory").update(
        status="failed", reason="Bara en organisation."
    )
    assert content_key(kind="dossier", prize_year=dossier_year) != before


def test_attached_image_changes_the_content_key(dossier_year, attachment_storage):
    before = content_key(kind="dossier", prize_year=dossier_year)
    attach_to(Nomination.objects.first(), png_file("Vandring.png"))
    assert content_key(kind="dossier", prize_year=dossier_year) != before


def test_content_key_names_an_attached_image_by_its_checksum(dossier_year, attachment_storage):
    [photo] = attach_to(Nomination.objects.first(), png_file("Vandring.png"))
    source = source_of(kind="dossier", prize_year=dossier_year)
    shown = b"".join(shown_content(source)).decode(errors="replace")
    assert f"sha256:{photo.sha256}" in shown
    assert "data:image" not in shown


@pytest.mark.pdf
def test_renders_deleted_when_attached_files_are_removed_under_retention(
    juror_client, dossier_year, attachment_storage, administrator
):
    attach_to(Nomination.objects.first(), png_file("Vandring.png"))
    download(juror_client, dossier_url())
    assert RenderedDocument.objects.filter(content__isnull=False).exists()
    dossier_year.conference_date = date(2030, 10, 24)
    dossier_year.save()
    attachments_rule(administrator)
    remove_attachments(today=date(2031, 10, 24))
    assert not RenderedDocument.objects.exists()


@pytest.mark.pdf
def test_renders_of_other_years_kept_when_attached_files_are_removed(
    juror_client, dossier_year, attachment_storage, administrator
):
    download(juror_client, dossier_url())
    other = make_prize_year(year=2031)
    attach_to(make_eligible_nomination(other), png_file("Vandring.png"))
    other.conference_date = date(2031, 10, 24)
    other.save()
    attachments_rule(administrator)
    remove_attachments(today=date(2032, 10, 24))
    assert RenderedDocument.objects.filter(prize_year=dossier_year).exists()


def test_change_the_dossier_does_not_show_keeps_the_content_key(dossier_year):
    before = content_key(kind="dossier", prize_year=dossier_year)
    # Contact details are never in the dossier, and an unscreened nomination is not.
    Nomination.objects.update(nominator_email="ny.adress@example.se", nominator_phone="08-1")
    make_nomination(dossier_year, effort_name="Ej granskad")
    assert content_key(kind="dossier", prize_year=dossier_year) == before


def test_content_changed_while_queued_stops_the_render_unmade(juror_client, dossier_year):
    juror_client.get(dossier_url())
    make_eligible_nomination(dossier_year, effort_name="Läxhjälp i Rinkeby")
    run_queued_tasks()
    document = RenderedDocument.objects.get()
    assert (document.status, document.failure, document.content) == ("failed", "changed", None)
    html = juror_client.get(progress_url(document)).content.decode()
    assert "Det som dokumentet visar ändrades medan det väntade" in html
    assert "Försök igen" in html


@pytest.fixture
def weasyprint_fails(monkeypatch):
    """WeasyPrint stops with an error, as it would when the machine runs out of memory."""

    def fail(self, *args, **kwargs):
        raise MemoryError("out of memory")

    monkeypatch.setattr(weasyprint.HTML, "render", fail)
    return monkeypatch


def test_failed_render_is_recorded_with_its_reason(juror_client, dossier_year, weasyprint_fails):
    juror_client.get(dossier_url())
    run_queued_tasks()
    document = RenderedDocument.objects.get()
    assert (document.status, document.failure) == ("failed", "error")
    assert document.reason == "MemoryError: out of memory"
    html = juror_client.get(progress_url(document)).content.decode()
    assert "Underlaget för bedömning kunde inte skapas" in html
    assert "Något gick fel när dokumentet skapades." in html
    assert "http-equiv" not in html


def test_failed_render_is_not_tried_again_by_a_download(
    juror_client, dossier_year, weasyprint_fails
):
    juror_client.get(dossier_url())
    run_queued_tasks()
    response = juror_client.get(dossier_url())
    assert response["Location"] == progress_url(RenderedDocument.objects.get())
    assert RenderedDocument.objects.get().status == "failed"
    assert render_tasks() == 1


@pytest.mark.pdf
def test_try_again_renders_a_failed_document(juror_client, dossier_year, weasyprint_fails):
    juror_client.get(dossier_url())
    run_queued_tasks()
    document = RenderedDocument.objects.get()
    weasyprint_fails.undo()
    response = juror_client.post(progress_url(document))
    document.refresh_from_db()
    assert response["Location"] == progress_url(document)
    assert (document.status, document.attempt, document.failure) == ("queued", 2, "")
    run_queued_tasks()
    assert "Trygga trapphus" in text_of(juror_client.get(dossier_url()).content)


def test_try_again_twice_queues_one_render(juror_client, dossier_year, weasyprint_fails):
    juror_client.get(dossier_url())
    run_queued_tasks()
    document = RenderedDocument.objects.get()
    juror_client.post(progress_url(document))
    juror_client.post(progress_url(document))
    assert RenderedDocument.objects.get().attempt == 2
    assert render_tasks() == 2


@pytest.mark.pdf
def test_stalled_render_shows_as_failed_and_can_be_tried_again(juror_client, dossier_year):
    juror_client.get(dossier_url())
    RenderedDocument.objects.update(
        status="layout", started_at=timezone.now() - STALLED_AFTER - timedelta(seconds=1)
    )
    document = RenderedDocument.objects.get()
    html = juror_client.get(progress_url(document)).content.decode()
    assert "Arbetet med dokumentet avbröts innan det blev klart." in html
    juror_client.post(progress_url(document))
    run_queued_tasks()
    assert RenderedDocument.objects.get().status == "done"


def test_progress_page_counts_the_efforts_read(juror_client, dossier_year):
    juror_client.get(dossier_url())
    RenderedDocument.objects.update(
        status="reading", efforts_done=2, efforts_total=3, started_at=timezone.now()
    )
    html = juror_client.get(progress_url(RenderedDocument.objects.get())).content.decode()
    assert '<label for="render-progress" class="d-block">Inlästa insatser</label>' in html
    assert 'max="3" value="2"' in html
    assert "2 av 3 insatser" in html


def test_progress_page_counts_the_pages_laid_out(juror_client, dossier_year):
    juror_client.get(dossier_url())
    RenderedDocument.objects.update(
        status="layout", efforts_done=3, efforts_total=3, pages_done=7, started_at=timezone.now()
    )
    html = juror_client.get(progress_url(RenderedDocument.objects.get())).content.decode()
    assert "Sidorna sätts: 7 sidor är klara." in html


def test_progress_page_stops_updating_itself_when_asked(juror_client, dossier_year):
    juror_client.get(dossier_url())
    url = progress_url(RenderedDocument.objects.get())
    html = juror_client.get(url, {"uppdatera": "nej"}).content.decode()
    assert "http-equiv" not in html
    assert "Se hur långt det har kommit" in html


def test_progress_page_of_an_unknown_document_is_not_found(juror_client, dossier_year):
    response = juror_client.get(reverse("jury:document", args=[2030, 999999]))
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_progress_page_of_another_years_document_is_not_found(
    client, dossier_year, juror_of_another_year
):
    other = RenderedDocument.objects.create(
        kind="dossier", prize_year=JuryMembership.objects.get(user=juror_of_another_year).prize_year
    )
    log_in_verified(client, make_juror(dossier_year, "ledamot"))
    response = client.get(reverse("jury:document", args=[2030, other.pk]))
    assert response.status_code == 404 and b"progress" not in response.content


def test_progress_page_refused_to_outsiders(client, outsider, juror_of_another_year, dossier_year):
    document = RenderedDocument.objects.create(kind="dossier", prize_year=dossier_year)
    url = progress_url(document)
    assert client.get(url)["Location"].startswith(reverse("jury:login"))
    for user in (outsider, juror_of_another_year):
        log_in_verified(client, user)
        response = client.get(url)
        assert response.status_code == 404 and b"render-progress" not in response.content
        client.post(url)
    assert RenderedDocument.objects.get().attempt == 1
    assert render_tasks() == 0


def test_dossier_download_refused_to_outsiders_queues_nothing(
    client, outsider, juror_of_another_year, dossier_year
):
    assert client.get(dossier_url())["Location"].startswith(reverse("jury:login"))
    for user in (outsider, juror_of_another_year):
        log_in_verified(client, user)
        assert client.get(dossier_url()).status_code == 404
    assert not RenderedDocument.objects.exists() and render_tasks() == 0


@pytest.mark.pdf
def test_draft_decision_is_rendered_by_the_worker(juror_client, decided):
    response = juror_client.get(reverse("jury:decision_pdf", args=[2030]))
    document = RenderedDocument.objects.get()
    assert response["Location"] == progress_url(document)
    assert document.kind == "decision" and document.content is None
    run_queued_tasks()
    content = juror_client.get(reverse("jury:decision_pdf", args=[2030])).content
    assert "OJUSTERAT UTKAST" in text_of(content)


@pytest.mark.pdf
def test_reservation_changes_the_draft_decision(juror_client, decided, juror):
    download(juror_client, reverse("jury:decision_pdf", args=[2030]))
    justering.enter_reservation(
        decision=decided,
        membership=JuryMembership.objects.get(user=juror),
        text="Jag reserverar mig till förmån för Läxhjälp i Skärholmen.",
    )
    content = download(juror_client, reverse("jury:decision_pdf", args=[2030])).content
    assert "Jag reserverar mig till förmån för Läxhjälp i Skärholmen." in text_of(content)
    assert render_tasks() == 2


@pytest.mark.pdf
def test_checked_decision_is_served_without_a_render(juror_client, checked):
    response = juror_client.get(reverse("jury:decision_pdf", args=[2030]))
    assert response.content == bytes(Decision.objects.get(pk=checked.pk).document)
    assert not RenderedDocument.objects.exists() and render_tasks() == 0


@pytest.mark.pdf
def test_draft_queued_before_the_decision_was_checked_is_not_rendered(
    juror_client, decided, chair, juror
):
    juror_client.get(reverse("jury:decision_pdf", args=[2030]))
    justering.name_justerare(decision=decided, justerare=juror, by=chair)
    for user in (chair, juror):
        justering.mark_checked(decision=decided, membership=JuryMembership.objects.get(user=user))
    run_queued_tasks()
    document = RenderedDocument.objects.get()
    assert (document.status, document.failure, document.content) == ("failed", "unavailable", None)
    response = juror_client.post(progress_url(document))
    assert response["Location"] == reverse("jury:decision_pdf", args=[2030])


@pytest.mark.pdf
def test_requesting_and_rendering_documents_write_no_audit_entry(juror_client, decided):
    before = AuditEntry.objects.count()
    download(juror_client, dossier_url())
    download(juror_client, reverse("jury:decision_pdf", args=[2030]))
    assert AuditEntry.objects.count() == before


@pytest.mark.pdf
def test_administration_waits_for_the_dossier_in_the_admin(administrator_client, dossier_year):
    url = reverse("admin:nominations_prizeyear_dossier_pdf", args=[dossier_year.pk])
    response = administrator_client.get(url, follow=True)
    document = RenderedDocument.objects.get()
    progress = reverse("admin:nominations_prizeyear_document", args=[dossier_year.pk, document.pk])
    assert response.redirect_chain == [(progress, 302)]
    html = response.content.decode()
    assert "Underlaget för bedömning skapas" in html and "0 av 1 insats" in html
    run_queued_tasks()
    assert f'href="{url}"' in administrator_client.get(progress).content.decode()
    assert "Trygga trapphus" in text_of(administrator_client.get(url).content)


def test_admin_progress_page_refused_to_staff_without_permission(
    client, staff_without_permission, dossier_year
):
    document = RenderedDocument.objects.create(kind="dossier", prize_year=dossier_year)
    url = reverse("admin:nominations_prizeyear_document", args=[dossier_year.pk, document.pk])
    log_in_verified(client, staff_without_permission)
    response = client.get(url)
    assert response.status_code == 403 and b"render-progress" not in response.content
    assert client.post(url).status_code == 403
    assert RenderedDocument.objects.get().attempt == 1


def test_admin_progress_page_refused_to_juror(client, juror, dossier_year):
    document = RenderedDocument.objects.create(kind="dossier", prize_year=dossier_year)
    log_in_verified(client, juror)
    response = client.get(
        reverse("admin:nominations_prizeyear_document", args=[dossier_year.pk, document.pk])
    )
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_progress_page_of_an_unknown_document_is_not_found(
    administrator_client, dossier_year
):
    url = reverse("admin:nominations_prizeyear_document", args=[dossier_year.pk, 999999])
    assert administrator_client.get(url).status_code == 404
    assert not RenderedDocument.objects.exists()


def test_admin_progress_page_shows_the_technical_reason(
    administrator_client, dossier_year, weasyprint_fails
):
    administrator_client.get(
        reverse("admin:nominations_prizeyear_dossier_pdf", args=[dossier_year.pk])
    )
    run_queued_tasks()
    document = RenderedDocument.objects.get()
    html = administrator_client.get(
        reverse("admin:nominations_prizeyear_document", args=[dossier_year.pk, document.pk])
    ).content.decode()
    assert "Teknisk orsak: MemoryError: out of memory" in html


def test_progress_page_of_an_id_beyond_any_row_is_not_found(juror_client, dossier_year):
    response = juror_client.get(f"/jury/trygghetspriset/2030/dokument/{10**30}/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


@pytest.mark.pdf
def test_decision_pdf_cites_the_mandate_and_the_committees_approval(decided_pdf):
    text = text_of(decided_pdf)
    assert "Juryn beslutar med stöd av följande beslut: Kommunstyrelsens beslut 2012" in text
    assert "den 21 oktober 2020" in text
    assert (
        "Socialnämnden godkände inriktningen för Trygghetspriset 2030 den 23 maj 2030, § 12 "
        "(dnr SN 2030/0101)" in text
    )


@pytest.mark.pdf
def test_decision_pdf_says_when_the_approval_is_not_recorded(decided):
    PrizeYear.objects.filter(pk=decided.prize_year_id).update(
        orientation_approved_on=None, mandate=""
    )
    decided.prize_year.refresh_from_db()
    text = text_of(justering.decision_document(decision=decided))
    assert "Nämndens godkännande av inriktningen är inte registrerat." in text
    assert "Beslutet som ger juryn dess mandat är inte registrerat." in text


@pytest.mark.pdf
def test_dossier_pdf_prints_a_nomination_in_sami_and_meankieli(prize_year):
    sami = "Dát lea oadjebas ovttasbargu: čđŋšŧž."
    make_eligible_nomination(
        prize_year, effort_name="Oadjebas gilli", results=sami + " Meänkieli: Tämä on hyvä."
    )
    text = text_of(render.dossier_pdf(prize_year=prize_year))
    assert "Oadjebas gilli" in text
    assert sami in text
    assert "Tämä on hyvä." in text
