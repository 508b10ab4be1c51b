import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from jury.models import JuryMembership
from jury.scoring import declare_conflict
from nominations.models import AuditAction, AuditEntry, Nomination
from nominations.privacy import remove_contact_details
from tests.factories import log_in_verified, make_eligible_nomination, make_nomination

CONFERENCE = date(2030, 10, 24)


@pytest.fixture
def awarded_year(prize_year):
    prize_year.conference_date = CONFERENCE
    prize_year.save()
    return prize_year


def test_contact_details_removed_once_retention_has_passed(awarded_year):
    nomination = make_nomination(awarded_year, description="Insatsens beskrivning.")
    removed = remove_contact_details(today=CONFERENCE + timedelta(days=90), retention_days=90)
    nomination.refresh_from_db()
    assert removed == 1
    assert (nomination.nominator_name, nomination.nominator_email, nomination.nominator_phone) == (
        "",
        "",
        "",
    )
    assert nomination.contact_removed_at is not None
    assert nomination.description == "Insatsens beskrivning."
    assert nomination.organisations.count() == 2


def test_contact_details_kept_the_day_before_retention_ends(awarded_year):
    nomination = make_nomination(awarded_year)
    assert remove_contact_details(today=CONFERENCE + timedelta(days=89), retention_days=90) == 0
    nomination.refresh_from_db()
    assert nomination.nominator_email.endswith("@example.se")


def test_contact_details_kept_while_prize_not_awarded(prize_year):
    nomination = make_nomination(prize_year)
    assert remove_contact_details(today=date(2040, 1, 1), retention_days=90) == 0
    nomination.refresh_from_db()
    assert nomination.nominator_email


def test_contact_removal_is_audited_as_the_scheduled_job(awarded_year):
    make_nomination(awarded_year)
    remove_contact_details(today=CONFERENCE + timedelta(days=100), retention_days=90)
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.CONTACT_REMOVED
    assert entry.actor is None and entry.actor_name == "system"


def test_contact_removal_command_runs_twice_without_harm(awarded_year, settings, capsys):
    make_nomination(awarded_year)
    awarded_year.conference_date = date(2020, 1, 1)
    awarded_year.save()
    call_command("remove_nominator_contacts")
    call_command("remove_nominator_contacts", "--days", "10")
    output = capsys.readouterr().out
    assert "Removed the contact details of 1 nominations." in output
    assert "Removed the contact details of 0 nominations." in output
    assert AuditEntry.objects.count() == 1


def test_receipt_form_still_requires_email_after_blank_became_allowed(client, prize_year):
    from nominations.forms import NominationForm
    from tests.factories import nomination_post_data

    form = NominationForm(nomination_post_data(nominator_email=""))
    assert "nominator_email" in form.errors
    assert Nomination.objects.count() == 0


EXTRACT = reverse("admin:nominations_nomination_personal_data")


def test_register_extract_holds_nominations_and_account_data(
    administrator_client, prize_year, juror
):
    effort = make_eligible_nomination(prize_year, effort_name="Grannsamverkan").effort
    make_nomination(prize_year, nominator_email="Juror@Example.se", effort_name="Egen nominering")
    declare_conflict(
        membership=JuryMembership.objects.get(user=juror), effort=effort, reason="Granne."
    )
    response = administrator_client.post(EXTRACT, {"email": "juror@example.se"})
    extract = json.loads(response.content)
    assert [n["effort_name"] for n in extract["nominations"]] == ["Egen nominering"]
    assert extract["accounts"][0]["username"] == "juror"
    assert extract["accounts"][0]["jury_memberships"][0]["prize_year"] == 2030
    assert extract["accounts"][0]["conflicts_of_interest"][0]["reason"] == "Granne."
    assert AuditEntry.objects.filter(action=AuditAction.PERSONAL_DATA_EXPORTED).count() == 1


def test_register_extract_refused_without_permission(client, staff_without_permission, prize_year):
    make_nomination(prize_year, nominator_email="someone@example.se")
    log_in_verified(client, staff_without_permission)
    response = client.post(EXTRACT, {"email": "someone@example.se"})
    assert response.status_code == 403
    assert b"someone@example.se" not in response.content
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


def test_privacy_page_explains_retention_and_rights(client, db, settings):
    html = client.get(reverse("nominations:privacy")).content.decode()
    assert f"tas bort {settings.NOMINATOR_RETENTION_DAYS} dagar efter" in html
    assert "Integritetsskyddsmyndigheten" in html
    assert "Juryn ser nomineringarnas innehåll men aldrig vem som nominerat" in html


def test_accessibility_statement_has_what_the_law_asks(client, db):
    html = client.get(reverse("nominations:accessibility")).content.decode()
    for part in (
        "delvis förenlig med lagen om tillgänglighet till digital offentlig service",
        "Innehåll som inte är tillgängligt",
        "Rapportera brister",
        "Myndigheten för digital förvaltning",
        "uppdaterades senast",
    ):
        assert part in html
