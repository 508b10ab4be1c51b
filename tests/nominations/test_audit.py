"""The audit trail: written in Swedish with Stockholm times, read as plain Swedish."""

from datetime import UTC, date, datetime

from django.urls import reverse
from django.utils import translation

from nominations.models import AuditAction, AuditEntry, RetentionDataKind, ScreeningStatus
from nominations.privacy import record_retention_rule
from nominations.screening import screen_nomination
from tests.factories import log_in_verified, make_nomination

LATE_EVENING = datetime(2030, 6, 10, 22, 30, tzinfo=UTC)  # 00:30 on 11 June in Stockholm


def test_entry_made_by_actor_browsing_in_english_is_stored_in_swedish(
    client, administrator, prize_year
):
    log_in_verified(client, administrator)
    client.cookies["django_language"] = "en"
    client.post(
        reverse("admin:nominations_retentionrule_add"),
        {
            "data_kind": RetentionDataKind.NOMINATOR_CONTACT,
            "reference": "Gallringsbeslut SN 2029/12",
            "decided_on": "2029-03-15",
            "period_days": "90",
        },
    )
    entry = AuditEntry.objects.get(action=AuditAction.RETENTION_RULE_SET)
    assert entry.summary.startswith("Registrerade gallringsregeln")
    assert "15 mars 2029" in entry.summary
    assert "nominerarnas kontaktuppgifter" in entry.summary
    assert "Recorded" not in entry.summary and "March" not in entry.summary


def test_screening_in_english_is_recorded_with_swedish_labels(prize_year, administrator):
    nomination = make_nomination(prize_year)
    with translation.override("en"):
        screen_nomination(
            nomination=nomination,
            verdicts={
                "collaboration": (ScreeningStatus.PASSED, ""),
                "added_value": (ScreeningStatus.FAILED, "Ordinarie verksamhet."),
            },
            by=administrator,
        )
    summary = AuditEntry.objects.get(action=AuditAction.SCREENED).summary
    assert "uppfyller kriteriet" in summary and "går inte vidare" in summary
    assert "meets the criterion" not in summary


def test_entry_title_is_in_stockholm_time(db):
    entry = AuditEntry.objects.create(
        at=LATE_EVENING, actor_name="Helena Handläggare", action=AuditAction.EXPORTED, summary="."
    )
    assert str(entry).startswith("2030-06-11 00:30:00 Helena Handläggare")


def test_entry_stores_the_actors_full_name(prize_year, administrator):
    record_retention_rule(
        data_kind=RetentionDataKind.NOMINATOR_CONTACT,
        reference="Gallringsbeslut SN 2029/12",
        decided_on=date(2029, 3, 15),
        period_days=90,
        by=administrator,
    )
    assert AuditEntry.objects.get().actor_name == "Helena Handläggare"


def test_audit_list_and_entry_page_agree_on_stockholm_time(administrator_client, db):
    entry = AuditEntry.objects.create(
        at=LATE_EVENING, actor_name="Helena Handläggare", action=AuditAction.EXPORTED, summary="."
    )
    listing = administrator_client.get(reverse("admin:nominations_auditentry_changelist"))
    page = administrator_client.get(reverse("admin:nominations_auditentry_change", args=[entry.pk]))
    # To the second, as a registrar orders the events of one minute.
    assert "11 juni 2030 00:30:00" in listing.content.decode()
    html = page.content.decode()
    assert "11 juni 2030 00:30:00" in html
    assert "2030-06-11 00:30:00 Helena Handläggare" in html
    assert "22:30" not in html


def test_audit_entry_page_shows_changes_as_readable_swedish(administrator_client, prize_year):
    nomination = make_nomination(prize_year)
    screen_nomination(
        nomination=nomination,
        verdicts={
            "collaboration": (ScreeningStatus.PASSED, ""),
            "added_value": (ScreeningStatus.PASSED, ""),
        },
        by=administrator_client.user,
    )
    entry = AuditEntry.objects.get(action=AuditAction.SCREENED)
    html = administrator_client.get(
        reverse("admin:nominations_auditentry_change", args=[entry.pk])
    ).content.decode()
    assert "<li>före: Samverkan: inte granskad" in html
    assert "<li>efter: Samverkan: uppfyller kriteriet" in html
    assert '{"before"' not in html and "&quot;before&quot;" not in html


def test_audit_changes_show_dates_and_yes_no_in_swedish(administrator_client, db):
    entry = AuditEntry.objects.create(
        at=LATE_EVENING,
        actor_name="system",
        action=AuditAction.CONTACT_REMOVED,
        summary=".",
        changes={"count": 3, "contact_details": True, "awarded_on": "2030-10-24"},
    )
    html = administrator_client.get(
        reverse("admin:nominations_auditentry_change", args=[entry.pk])
    ).content.decode()
    assert "<li>antal: 3</li>" in html
    assert "<li>med kontaktuppgifter: ja</li>" in html
    assert "<li>priset delades ut: 24 oktober 2030</li>" in html


def test_audit_trail_refused_to_staff_without_permission(client, staff_without_permission, db):
    entry = AuditEntry.objects.create(actor_name="system", action=AuditAction.EXPORTED, summary=".")
    log_in_verified(client, staff_without_permission)
    response = client.get(reverse("admin:nominations_auditentry_change", args=[entry.pk]))
    assert response.status_code == 403
    assert b"system" not in response.content


def test_audit_trail_refused_to_outsider(client, outsider, db):
    entry = AuditEntry.objects.create(actor_name="system", action=AuditAction.EXPORTED, summary=".")
    log_in_verified(client, outsider)
    response = client.get(reverse("admin:nominations_auditentry_change", args=[entry.pk]))
    assert response["Location"].startswith(reverse("admin:login"))
