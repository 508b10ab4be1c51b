"""The owner of a prize is data: its names, contacts and logo on its pages, mails, documents."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from lxml import etree
from pypdf import PdfReader

from jury import justering
from jury.archive import metadata
from nominations.models import AuditAction, AuditEntry, Owner
from tests.attachment_files import image_bytes, noise_png
from tests.factories import (
    OPENS_AT,
    log_in_verified,
    make_decision,
    make_eligible_nomination,
    make_juror,
    make_prize_year,
    make_user,
    nomination_post_data,
    trygghetspriset,
)
from tests.pdfa import assert_archival

ERMS = "https://DILCIS.eu/XML/ERMS"


@pytest.fixture
def owner(db) -> Owner:
    """Trygghetspriset's owner, moved to another city: nothing may still say Stockholm."""
    owner = trygghetspriset().owner
    owner.municipality = "Malmö stad"
    owner.municipality_en = "City of Malmö"
    owner.administration = "Kulturförvaltningen"
    owner.body = "Kulturnämnden"
    owner.email = "priser@malmo.example"
    owner.save()
    return owner


def with_logo(owner: Owner, data: bytes | None = None) -> Owner:
    owner.logo.save("logo.png", ContentFile(data or image_bytes(size=(120, 60))))
    return owner


def owner_form(owner: Owner, **changes) -> dict:
    """The owner's change form in the admin, as a browser sends it."""
    fields = [
        "municipality",
        "municipality_en",
        "organisation_number",
        "administration",
        "administration_en",
        "body",
        "body_en",
        "postal_address",
        "email",
        "phone",
        "website",
        "data_protection_officer",
    ]
    return {**{name: getattr(owner, name) for name in fields}, **changes}


def change_url(owner: Owner) -> str:
    return reverse("admin:nominations_owner_change", args=[owner.pk])


def decision_text(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )


def draft_decision(prize_year):
    chair = make_juror(prize_year, "chair", role="chair")
    juror = make_juror(prize_year)
    winner = make_eligible_nomination(prize_year, effort_name="Nattvandring i Årsta").effort
    return make_decision(prize_year, votes={chair: winner, juror: winner})


# The decision PDF


@pytest.mark.pdf
def test_decision_pdf_names_the_owner_in_the_database(owner):
    decision = draft_decision(make_prize_year())
    pdf = justering.decision_document(decision=decision)
    assert_archival(pdf)
    text = decision_text(pdf)
    assert "Malmö stad Kulturförvaltningen · Juryn för Trygghetspriset" in text
    assert "Juryn för Trygghetspriset, Kulturförvaltningen, Malmö stad" in text
    assert "Stockholms stad" not in text and "Socialförvaltningen" not in text
    assert PdfReader(io.BytesIO(pdf)).metadata.author == "Malmö stad, Kulturförvaltningen"


@pytest.mark.pdf
def test_decision_pdf_carries_the_owners_logo_and_stays_archival(owner):
    with_logo(owner)
    decision = draft_decision(make_prize_year())
    pdf = justering.decision_document(decision=decision)
    assert_archival(pdf)
    first_page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(first_page.images) == 1


@pytest.mark.pdf
def test_decision_pdf_without_a_logo_has_no_image(owner):
    decision = draft_decision(make_prize_year())
    pdf = justering.decision_document(decision=decision)
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 0


# E-mails and pages


def test_receipt_is_signed_by_the_owner_in_the_database(
    client, owner, django_capture_on_commit_callbacks
):
    make_prize_year()
    with (
        time_machine.travel(OPENS_AT + timedelta(days=20), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(
            reverse("nominations:nominate", args=["trygghetspriset"]), nomination_post_data()
        )
    (receipt,) = mail.outbox
    assert "Kulturförvaltningen, Malmö stad" in receipt.body
    assert "Stockholms stad" not in receipt.body


def test_public_page_names_the_owner_in_the_database(client, owner):
    html = client.get(reverse("nominations:history", args=["trygghetspriset"])).content.decode()
    assert '<span class="d-block small">Malmö stad</span>' in html
    assert "Trygghetspriset delas ut av Kulturnämnden, Malmö stad. Frågor: Kulturförvaltningen" in (
        html
    )
    assert "Stockholms stad</span>" not in html


def test_public_page_in_english_names_the_owner_in_english(client, owner):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("nominations:history", args=["trygghetspriset"])).content.decode()
    assert '<span class="d-block small">City of Malmö</span>' in html


def test_kept_home_page_changes_when_the_owner_does(client, owner, settings):
    settings.PUBLIC_PAGE_CACHE = True
    make_prize_year()
    assert "Malmö stad" in client.get("/").content.decode()
    owner.municipality = "Lunds kommun"
    owner.save()
    html = client.get("/").content.decode()
    assert "Lunds kommun" in html and "Malmö stad" not in html


def test_privacy_page_names_the_owners_body_as_controller(client, owner):
    html = client.get(reverse("nominations:privacy")).content.decode()
    assert "Kulturnämnden i Malmö stad är personuppgiftsansvarig." in html


# The logo on the pages


def test_public_page_shows_the_owners_logo(client, owner):
    with_logo(owner)
    html = client.get(reverse("nominations:history", args=["trygghetspriset"])).content.decode()
    src = f"/logotyp/{owner.pk}/?v={owner.logo_version}"
    assert f'<img class="site-logo" src="{src}" alt="">' in html


def test_public_page_without_a_logo_shows_none(client, owner):
    html = client.get(reverse("nominations:history", args=["trygghetspriset"])).content.decode()
    assert "site-logo" not in html


def test_logo_is_served_as_the_image_its_bytes_are(client, owner):
    # A JPEG under a .png name: the type comes from the content, never from the name.
    jpeg = image_bytes("JPEG", size=(80, 40))
    with_logo(owner, jpeg)
    response = client.get(reverse("nominations:owner_logo", args=[owner.pk]))
    assert (response["Content-Type"], response.content) == ("image/jpeg", jpeg)
    assert response["X-Content-Type-Options"] == "nosniff"


def test_logo_of_an_owner_without_one_is_not_found(client, owner):
    response = client.get(reverse("nominations:owner_logo", args=[owner.pk]))
    assert "Sidan finns inte" in response.content.decode()


def test_stored_logo_that_is_not_an_image_is_not_served(client, owner):
    with_logo(owner, b"<svg onload='alert(1)'></svg>")
    response = client.get(reverse("nominations:owner_logo", args=[owner.pk]))
    assert "Sidan finns inte" in response.content.decode()
    assert response.get("Content-Type", "").startswith("text/html")


# The archive package


def test_archive_package_names_the_owner_as_creator_and_submitter(owner):
    prize_year = make_prize_year()
    prize_year.closed_at = timezone.now()  # as the package sees a closed year; not saved
    erms = etree.fromstring(metadata.erms_xml(prize_year=prize_year, records=[]))
    agency = erms.findtext(f".//{{{ERMS}}}maintenanceAgency/{{{ERMS}}}agencyName")
    names = [a.findtext(f"{{{ERMS}}}name") for a in erms.iter(f"{{{ERMS}}}agent")]
    assert agency == "Kulturförvaltningen, Malmö stad"
    assert "Kulturnämnden, Malmö stad" in names


# Editing the owner in the admin


def test_owner_change_in_the_admin_is_stored_and_audited(client, owner):
    staff = make_user("registrator", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_owner", "change_owner"])
    )
    log_in_verified(client, staff)
    client.post(change_url(owner), owner_form(owner, municipality="Lunds kommun"))
    owner.refresh_from_db()
    entry = AuditEntry.objects.get(action=AuditAction.OWNER_CHANGED)
    assert owner.municipality == "Lunds kommun"
    assert (entry.actor, entry.changes) == (staff, {"municipality": "Lunds kommun"})
    assert entry.summary == "Ändrade ägaren Kulturförvaltningen, Lunds kommun: kommun."


def test_owner_logo_uploaded_in_the_admin_is_kept(client, owner, superuser):
    log_in_verified(client, superuser)
    logo = SimpleUploadedFile("logo.png", image_bytes(size=(90, 45)), "image/png")
    client.post(change_url(owner), {**owner_form(owner), "logo": logo})
    owner.refresh_from_db()
    assert owner.logo.name.startswith("logos/")
    assert AuditEntry.objects.get(action=AuditAction.OWNER_CHANGED).changes == {
        "logo": owner.logo.name
    }


def test_logo_that_is_not_an_image_is_refused_in_swedish(client, owner, superuser):
    log_in_verified(client, superuser)
    fake = SimpleUploadedFile("logo.png", b"<html>inte en bild</html>", "image/png")
    response = client.post(change_url(owner), {**owner_form(owner), "logo": fake})
    owner.refresh_from_db()
    assert "Logotypen måste vara en bild i formatet PNG eller JPEG." in response.content.decode()
    assert not owner.logo
    assert not AuditEntry.objects.filter(action=AuditAction.OWNER_CHANGED).exists()


def test_logo_over_a_megabyte_is_refused_in_swedish(client, owner, superuser):
    log_in_verified(client, superuser)
    big = SimpleUploadedFile("logo.png", noise_png(1.2), "image/png")
    response = client.post(change_url(owner), {**owner_form(owner), "logo": big})
    owner.refresh_from_db()
    assert "Logotypen är större än 1 MB." in response.content.decode()
    assert not owner.logo


def test_damaged_logo_is_refused(client, owner, superuser):
    log_in_verified(client, superuser)
    cut = SimpleUploadedFile("logo.png", image_bytes(size=(90, 45))[:60], "image/png")
    response = client.post(change_url(owner), {**owner_form(owner), "logo": cut})
    owner.refresh_from_db()
    assert "gick inte att öppna som bild" in response.content.decode()
    assert not owner.logo


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "juror", "staff_without_permission"])
def test_outsiders_cannot_edit_the_owner(client, owner, persona, request):
    if persona == "juror":
        log_in_verified(client, make_juror(make_prize_year(), "juror"))
    elif persona != "anonymous":
        log_in_verified(client, request.getfixturevalue(persona))
    client.post(change_url(owner), owner_form(owner, municipality="Lunds kommun"))
    owner.refresh_from_db()
    assert owner.municipality == "Malmö stad"
    assert not AuditEntry.objects.filter(action=AuditAction.OWNER_CHANGED).exists()


def test_administration_may_not_edit_the_owner(administrator_client, owner):
    # Its names are on every decision: changed by whom the city grants it, not by default.
    administrator_client.post(change_url(owner), owner_form(owner, municipality="Lunds kommun"))
    owner.refresh_from_db()
    assert owner.municipality == "Malmö stad"


def test_owner_is_not_deleted_even_by_a_superuser(client, owner, superuser):
    log_in_verified(client, superuser)
    client.post(
        reverse("admin:nominations_owner_delete", args=[owner.pk]), {"post": "yes"}, follow=True
    )
    assert Owner.objects.filter(pk=owner.pk).exists()


def test_authenticator_app_names_the_prize_and_the_owners_municipality(owner):
    device = TOTPDevice(user=make_user("juror"), name="app")
    assert "issuer=Trygghetspriset%20Malm%C3%B6%20stad" in device.config_url


def test_jury_page_speaks_for_the_owner_of_its_years_prize(rf, db):
    from django.urls import resolve

    from nominations.owners import page_owner
    from tests.factories import kulturpriset

    prize = kulturpriset()
    request = rf.get("/jury/kulturpriset/2030/")
    request.resolver_match = resolve(request.path)
    assert page_owner(request) == prize.owner
