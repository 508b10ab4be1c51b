from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from nominations.models import (
    AuditAction,
    AuditEntry,
    MailKind,
    MailStatus,
    Nomination,
    NominationVersion,
    OutgoingMail,
    RetentionDataKind,
    RetentionRule,
)
from nominations.privacy import NoRetentionRule, record_retention_rule, remove_contact_details
from tests.factories import (
    corrected,
    log_in_verified,
    make_nomination,
    make_prize_year,
    trygghetspriset,
)

CONFERENCE = date(2030, 10, 24)
REFERENCE = "Dokumenthanteringsplan Socialförvaltningen, 4.2.1"


@pytest.fixture
def awarded_year(prize_year):
    prize_year.conference_date = CONFERENCE
    prize_year.save()
    return prize_year


@pytest.fixture
def rule(db, administrator):
    return record_retention_rule(
        data_kind=RetentionDataKind.NOMINATOR_CONTACT,
        reference=REFERENCE,
        decided_on=date(2029, 3, 15),
        period_days=90,
        by=administrator,
    )


def contact_of(nomination: Nomination) -> tuple[str, str, str]:
    nomination.refresh_from_db()
    return nomination.nominator_name, nomination.nominator_email, nomination.nominator_phone


# Removal under a retention rule (arkivlagen)


def test_contact_details_removed_once_the_rule_period_has_passed(awarded_year, rule):
    nomination = make_nomination(awarded_year, description="Insatsens beskrivning.")
    removed = remove_contact_details(today=CONFERENCE + timedelta(days=90))
    assert removed == 1
    assert contact_of(nomination) == ("", "", "")
    assert nomination.contact_removed_at is not None
    assert nomination.description == "Insatsens beskrivning."
    assert nomination.organisations.count() == 2


def undelivered_mail(
    queued_on: date, kind: str = MailKind.RECEIPT, status: str = MailStatus.FAILED
) -> OutgoingMail:
    return OutgoingMail.objects.create(
        kind=kind,
        status=status,
        subject="Din nominering",
        body="En kopia av nomineringen.",
        recipients=["nominerare@example.se"],
        queued_at=datetime.combine(queued_on, datetime.min.time(), tzinfo=UTC),
        reason="550 5.1.1 No such user here",
    )


def test_undelivered_receipt_loses_address_and_text_with_the_contact_details(awarded_year, rule):
    make_nomination(awarded_year)
    failed = undelivered_mail(CONFERENCE - timedelta(days=100))
    remove_contact_details(today=CONFERENCE + timedelta(days=90))
    failed.refresh_from_db()
    assert (failed.recipients, failed.body) == ([], "")
    assert (failed.subject, failed.reason) == ("Din nominering", "550 5.1.1 No such user here")
    entry = AuditEntry.objects.get(action=AuditAction.CONTACT_REMOVED, changes__mail="failed")
    assert entry.summary == (
        "Tog bort adresser och texter ur mejl till nominerare som inte gick att skicka "
        f"(antal mejl: 1), med kontaktuppgifterna för {awarded_year.year}, enligt "
        f"gallringsregeln ”{REFERENCE}”."
    )


def test_undelivered_receipt_kept_until_the_rule_period_after_the_award(awarded_year, rule):
    make_nomination(awarded_year)
    failed = undelivered_mail(CONFERENCE - timedelta(days=100))
    remove_contact_details(today=CONFERENCE + timedelta(days=89))
    failed.refresh_from_db()
    assert failed.recipients == ["nominerare@example.se"]


def test_undelivered_mail_to_a_juror_keeps_its_address(awarded_year, rule):
    make_nomination(awarded_year)
    invitation = undelivered_mail(CONFERENCE - timedelta(days=100), kind=MailKind.INVITATION)
    remove_contact_details(today=CONFERENCE + timedelta(days=90))
    invitation.refresh_from_db()
    assert invitation.recipients == ["nominerare@example.se"]


def test_undelivered_receipt_of_the_next_year_keeps_its_address(awarded_year, rule):
    make_nomination(awarded_year)
    next_years = undelivered_mail(CONFERENCE + timedelta(days=60))
    remove_contact_details(today=CONFERENCE + timedelta(days=90))
    next_years.refresh_from_db()
    assert next_years.recipients == ["nominerare@example.se"]


def test_contact_details_removed_from_earlier_versions_too(awarded_year, rule):
    nomination = make_nomination(awarded_year, nominator_phone="08-508 000 00")
    corrected(nomination, nominator_email="ny@example.se", nominator_phone="")
    remove_contact_details(today=CONFERENCE + timedelta(days=90))
    version = NominationVersion.objects.get()
    assert (version.nominator_name, version.nominator_email, version.nominator_phone) == (
        "",
        "",
        "",
    )
    assert version.effort_name == nomination.effort_name


def test_contact_details_kept_the_day_before_the_rule_period_ends(awarded_year, rule):
    nomination = make_nomination(awarded_year)
    assert remove_contact_details(today=CONFERENCE + timedelta(days=89)) == 0
    assert contact_of(nomination)[1].endswith("@example.se")


def test_contact_details_kept_while_prize_not_awarded(prize_year, rule):
    nomination = make_nomination(prize_year)
    assert remove_contact_details(today=date(2040, 1, 1)) == 0
    assert contact_of(nomination)[1]


def test_contact_removal_without_a_rule_refuses_and_changes_nothing(awarded_year):
    nomination = make_nomination(awarded_year)
    before = contact_of(nomination)
    with pytest.raises(NoRetentionRule):
        remove_contact_details(today=date(2040, 1, 1))
    assert contact_of(nomination) == before
    assert nomination.contact_removed_at is None
    assert not AuditEntry.objects.exists()


def test_contact_removal_command_without_a_rule_exits_with_a_clear_error(awarded_year):
    nomination = make_nomination(awarded_year)
    awarded_year.conference_date = date(2020, 1, 1)
    awarded_year.save()
    before = contact_of(nomination)
    with pytest.raises(CommandError) as refusal:
        call_command("remove_nominator_contacts")
    assert "gallringsbeslut" in str(refusal.value)
    assert contact_of(nomination) == before
    assert not AuditEntry.objects.exists()


def test_contact_removal_takes_the_period_from_the_latest_rule(awarded_year, rule, administrator):
    record_retention_rule(
        data_kind=RetentionDataKind.NOMINATOR_CONTACT,
        reference="Gallringsbeslut SN 2031/17",
        decided_on=date(2031, 1, 10),
        period_days=365,
        by=administrator,
    )
    nomination = make_nomination(awarded_year)
    assert remove_contact_details(today=CONFERENCE + timedelta(days=100)) == 0
    assert contact_of(nomination)[0] == "Nina Nominerare"
    assert remove_contact_details(today=CONFERENCE + timedelta(days=365)) == 1


def test_contact_removal_records_rule_count_and_kind_per_year(awarded_year, rule):
    earlier = make_prize_year(year=2029, opens_at=None, closes_at=None)
    earlier.conference_date = date(2029, 10, 25)
    earlier.save()
    make_nomination(awarded_year)
    make_nomination(awarded_year)
    make_nomination(earlier)
    remove_contact_details(today=CONFERENCE + timedelta(days=90))
    entries = AuditEntry.objects.filter(action=AuditAction.CONTACT_REMOVED).order_by(
        "prize_year__year"
    )
    assert [(e.prize_year.year, e.changes["count"]) for e in entries] == [(2029, 1), (2030, 2)]
    latest = entries.get(prize_year=awarded_year)
    assert latest.actor is None and latest.actor_name == "system"
    assert latest.changes["reference"] == REFERENCE
    assert latest.changes["data_kind"] == RetentionDataKind.NOMINATOR_CONTACT
    assert latest.changes["fields"] == ["nominator_name", "nominator_email", "nominator_phone"]
    assert f"”{REFERENCE}”" in latest.summary or f"“{REFERENCE}”" in latest.summary
    assert "(antal nomineringar: 2)" in latest.summary
    assert "24 oktober 2030" in latest.summary


def test_contact_removal_command_runs_twice_without_harm(awarded_year, rule, capsys):
    make_nomination(awarded_year)
    awarded_year.conference_date = date(2020, 1, 1)
    awarded_year.save()
    with time_machine.travel(datetime(2031, 1, 1, tzinfo=UTC), tick=False):
        call_command("remove_nominator_contacts")
        call_command("remove_nominator_contacts")
    output = capsys.readouterr().out
    assert "Removed the contact details of 1 nominations" in output
    assert "Removed the contact details of 0 nominations" in output
    assert AuditEntry.objects.filter(action=AuditAction.CONTACT_REMOVED).count() == 1


def test_receipt_form_still_requires_email_after_blank_became_allowed(client, prize_year):
    from nominations.forms import NominationForm
    from tests.factories import criteria_2023, nomination_post_data

    form = NominationForm(nomination_post_data(nominator_email=""), criteria=criteria_2023())
    assert "nominator_email" in form.errors
    assert Nomination.objects.count() == 0


# Retention rules in the admin: recorded, never changed

RULES = reverse("admin:nominations_retentionrule_changelist")
ADD_RULE = reverse("admin:nominations_retentionrule_add")


def rule_post(**overrides) -> dict:
    data = {
        "data_kind": RetentionDataKind.NOMINATOR_CONTACT,
        "reference": REFERENCE,
        "decided_on": "2029-03-15",
        "period_days": "90",
    }
    data.update(overrides)
    return data


def test_retention_rule_recorded_in_admin_with_who_and_audit(administrator_client, administrator):
    administrator_client.post(ADD_RULE, rule_post())
    rule = RetentionRule.objects.get()
    assert (rule.reference, rule.period_days, rule.decided_on) == (REFERENCE, 90, date(2029, 3, 15))
    assert rule.recorded_by == administrator
    entry = AuditEntry.objects.get(action=AuditAction.RETENTION_RULE_SET)
    assert entry.actor == administrator
    assert "15 mars 2029" in entry.summary and "90 dagar" in entry.summary
    in_force = RetentionRule.objects.in_force(
        kind=RetentionDataKind.NOMINATOR_CONTACT, on=date(2029, 3, 15)
    )
    assert in_force == rule


def test_retention_rule_cannot_be_changed_or_deleted_in_admin(administrator_client, rule):
    change = reverse("admin:nominations_retentionrule_change", args=[rule.pk])
    delete = reverse("admin:nominations_retentionrule_delete", args=[rule.pk])
    administrator_client.post(change, rule_post(period_days="1"))
    response = administrator_client.post(delete, {"post": "yes"})
    assert response.status_code == 403
    rule.refresh_from_db()
    assert rule.period_days == 90


def test_retention_rule_add_refused_to_staff_without_permission(client, staff_without_permission):
    log_in_verified(client, staff_without_permission)
    response = client.post(ADD_RULE, rule_post())
    assert response.status_code == 403
    assert not RetentionRule.objects.exists()
    assert not AuditEntry.objects.exists()


def test_retention_rule_add_refused_to_outsider(client, outsider):
    log_in_verified(client, outsider)
    response = client.post(ADD_RULE, rule_post())
    assert response["Location"].startswith(reverse("admin:login"))
    assert not RetentionRule.objects.exists()


def test_retention_rule_list_shows_which_rule_is_in_force(administrator_client, administrator):
    record_retention_rule(
        data_kind=RetentionDataKind.NOMINATOR_CONTACT,
        reference=REFERENCE,
        decided_on=date(2024, 3, 15),
        period_days=90,
        by=administrator,
    )
    html = administrator_client.get(RULES).content.decode()
    assert REFERENCE in html
    assert "icon-yes" in html
    assert "gäller sedan 15 mars 2024" in html


# A rule applies from its own date, never before


def future_rule(by, kind=RetentionDataKind.NOMINATOR_CONTACT) -> RetentionRule:
    """A rule recorded today with a decision date a year ahead, as in the issue."""
    from django.utils import timezone

    return record_retention_rule(
        data_kind=kind,
        reference="Gallringsbeslut SN 2031/99",
        decided_on=timezone.localdate() + timedelta(days=365),
        period_days=1,
        by=by,
    )


def test_rule_with_a_later_date_is_not_in_force_before_it(administrator):
    rule = future_rule(administrator)
    kind = RetentionDataKind.NOMINATOR_CONTACT
    assert RetentionRule.objects.in_force(kind=kind) is None
    assert RetentionRule.objects.in_force(kind=kind, on=rule.decided_on - timedelta(days=1)) is None
    assert RetentionRule.objects.in_force(kind=kind, on=rule.decided_on) == rule


def test_contact_removal_command_leaves_contacts_under_a_rule_from_the_future(
    awarded_year, administrator
):
    future_rule(administrator)
    awarded_year.conference_date = date(2020, 1, 1)
    awarded_year.save()
    nomination = make_nomination(awarded_year)
    before = contact_of(nomination)
    with pytest.raises(CommandError) as refusal:
        call_command("remove_nominator_contacts")
    assert "Gallringsbeslut SN 2031/99" in str(refusal.value)
    assert contact_of(nomination) == before
    assert not AuditEntry.objects.filter(action=AuditAction.CONTACT_REMOVED).exists()


def test_earlier_rule_stays_in_force_until_the_later_rules_date(awarded_year, rule, administrator):
    record_retention_rule(
        data_kind=RetentionDataKind.NOMINATOR_CONTACT,
        reference="Gallringsbeslut SN 2032/1",
        decided_on=date(2032, 1, 1),
        period_days=10,
        by=administrator,
    )
    nomination = make_nomination(awarded_year)
    # On 31 December 2031 the rule of 2029 (90 days) is the one in force.
    assert remove_contact_details(today=date(2031, 12, 31)) == 1
    entry = AuditEntry.objects.get(action=AuditAction.CONTACT_REMOVED)
    assert entry.changes["reference"] == REFERENCE
    assert contact_of(nomination) == ("", "", "")


def test_admin_shows_a_rule_from_the_future_as_not_yet_in_force(
    administrator_client, administrator
):
    rule = future_rule(administrator)
    html = administrator_client.get(RULES).content.decode()
    assert "gäller inte ännu" in html
    assert "icon-no" in html
    assert str(rule.decided_on.year) in html


def test_privacy_page_does_not_name_a_rule_from_the_future(client, administrator):
    future_rule(administrator)
    html = client.get(reverse("nominations:privacy")).content.decode()
    assert "Gallringsbeslut SN 2031/99" not in html
    assert "Det finns ännu inget beslut som tillåter" in html


# The public texts tell the truth


def test_privacy_page_says_a_nomination_is_a_public_record(client, db):
    html = client.get(reverse("nominations:privacy")).content.decode()
    assert "När din nominering kommer in till Stockholms stad blir den en allmän handling" in html
    assert "sekretessprövning" in html
    assert "även ditt namn, din e-postadress och ditt telefonnummer" in html
    assert "artikel 6.1 e i dataskyddsförordningen" in html
    assert "inte på ditt samtycke" in html
    assert "Juryn ser vad nomineringen säger om insatsen men aldrig vem som har nominerat" in html
    assert "Integritetsskyddsmyndigheten" in html


def test_privacy_page_names_the_retention_rule_in_force(client, rule):
    with time_machine.travel(datetime(2029, 3, 15, 12, tzinfo=UTC), tick=False):
        html = client.get(reverse("nominations:privacy")).content.decode()
    assert "tas bort 90 dagar efter att priset har delats ut" in html
    assert f"beslutet ”{REFERENCE}” från 15 mars 2029" in html


def test_privacy_page_without_a_rule_says_everything_is_kept(client, db):
    html = client.get(reverse("nominations:privacy")).content.decode()
    assert "Det finns ännu inget beslut som tillåter" in html
    assert "sparar vi hela nomineringen, även dina kontaktuppgifter" in html
    assert "tas bort 90 dagar" not in html


def test_nomination_form_shows_a_notice_and_no_checkbox(client, prize_year):
    import time_machine

    with time_machine.travel(datetime(2030, 6, 24, 12, tzinfo=UTC), tick=False):
        html = client.get(
            reverse("nominations:nominate", args=["trygghetspriset"])
        ).content.decode()
    assert 'name="effort_name"' in html
    assert 'type="checkbox"' not in html
    assert "Din nominering är en allmän handling" in html
    assert "inte om ditt samtycke" in html
    assert reverse("nominations:privacy") in html


def test_accessibility_statement_follows_diggs_model(client, db):
    html = client.get(reverse("nominations:accessibility")).content.decode()
    for part in (
        "delvis förenlig med lagen om tillgänglighet till digital offentlig service",
        "Innehåll som inte är tillgängligt",
        "WCAG 2.2.1",
        "Vad kan du göra om du inte kan använda delar av webbplatsen?",
        "Du kan nominera med brev, per telefon, med e-post eller genom att besöka oss",
        "Rapportera brister",
        "Myndigheten för digital förvaltning",
        'href="https://www.digg.se/tdosanmalan"',
        "Den senaste bedömningen gjordes 25 november 2026",
        "axe-core",
        "Redogörelsen uppdaterades senast 25 november 2026",
    ):
        assert part in html


def test_accessibility_statement_quotes_the_owners_contact(client, db):
    owner = trygghetspriset().owner
    owner.email = "trygghet@example.se"
    owner.phone = "08-123 456 78"
    owner.postal_address = "Box 1, 100 00 Stockholm"
    owner.save()
    html = client.get(reverse("nominations:accessibility")).content.decode()
    assert 'href="mailto:trygghet@example.se"' in html
    assert "08-123 456 78" in html
    assert "Box 1, 100 00 Stockholm" in html


# The register extract (GDPR art. 15): a PDF in Swedish, the JSON attached


def test_privacy_page_says_which_copies_go_without_a_retention_rule_and_why(client, db, settings):
    settings.PENDING_UPLOAD_HOURS = 8
    html = client.get(reverse("nominations:privacy")).content.decode()
    assert "Texten och adressen i ett skickat mejl" in html
    assert "tas bort efter 8 timmar" in html
    assert "aldrig allmänna handlingar" in html
    assert "tas bort efter 30 dagar" in html
