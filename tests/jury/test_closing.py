from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jury.appointments import appoint
from jury.closing import close_year
from jury.errors import AppointmentError, JuryError, PhaseError
from jury.models import JuryMembership
from nominations.corrections import ChangeRefused, correct_nomination
from nominations.models import (
    VERSIONED_FIELDS,
    AuditAction,
    AuditEntry,
    MailKind,
    Nomination,
    OutgoingMail,
    PrizeYear,
    RetentionDataKind,
    ScreeningStatus,
)
from nominations.orientation import OrientationError, save_criteria
from nominations.outbox import queue_mail
from nominations.privacy import record_retention_rule, remove_contact_details
from nominations.screening import ScreeningError, screen_nomination
from tests.factories import (
    criteria_post_data,
    give_score,
    log_in_verified,
    make_announced_year,
    make_juror,
    make_nomination,
    make_user,
    year_setup_post,
)

CHANGELIST = reverse("admin:nominations_prizeyear_changelist")
CLOSED = r"är avslutat \(ad acta\)"


@pytest.fixture
def announced(prize_year):
    make_announced_year(prize_year)
    return prize_year


@pytest.fixture
def closed(announced, administrator):
    return close_year(prize_year=announced, by=administrator)


def run_action(client, action: str, prize_year: PrizeYear, **extra):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [prize_year.pk], **extra})


def test_close_year_records_the_closing_in_the_audit_trail(announced, administrator):
    close_year(prize_year=announced, by=administrator)
    announced.refresh_from_db()
    entry = AuditEntry.objects.get(action=AuditAction.YEAR_CLOSED)
    assert announced.closed_at is not None
    assert entry.actor == administrator
    assert "ad acta" in entry.summary


def test_close_year_refused_before_the_announcement(prize_year, administrator):
    with pytest.raises(PhaseError, match="inte tillkännagiven"):
        close_year(prize_year=prize_year, by=administrator)
    prize_year.refresh_from_db()
    assert prize_year.closed_at is None


def test_close_year_refused_while_the_years_mail_waits(announced, administrator):
    mail = queue_mail(
        kind=MailKind.RECEIPT, subject="Kvitto", body="Tack.", recipients=["n@example.se"]
    )
    OutgoingMail.objects.filter(pk=mail.pk).update(
        queued_at=announced.announced_at - timedelta(days=1)
    )
    with pytest.raises(PhaseError, match="väntar i kön"):
        close_year(prize_year=announced, by=administrator)


def test_close_year_refused_with_a_nomination_not_screened(announced, administrator):
    make_nomination(announced)
    with pytest.raises(PhaseError, match="utan beslut i den formella prövningen"):
        close_year(prize_year=announced, by=administrator)


def test_close_year_refused_twice(closed, administrator):
    with pytest.raises(PhaseError, match=CLOSED):
        close_year(prize_year=closed, by=administrator)


def test_correction_refused_in_a_closed_year(closed):
    nomination = Nomination.objects.get(prize_year=closed)
    fields = {name: getattr(nomination, name) for name in VERSIONED_FIELDS}
    with pytest.raises(ChangeRefused, match=CLOSED):
        correct_nomination(
            nomination=nomination,
            fields={**fields, "description": "Ändrad."},
            organisations=["Polisen", "Skolan"],
            answers=nomination.answer_texts(),
            at=timezone.now(),
        )
    nomination.refresh_from_db()
    assert nomination.description != "Ändrad."


def test_screening_refused_in_a_closed_year(closed, administrator):
    nomination = Nomination.objects.get(prize_year=closed)
    with pytest.raises(ScreeningError, match=CLOSED):
        screen_nomination(
            nomination=nomination,
            verdicts={"collaboration": (ScreeningStatus.FAILED, "Ingen samverkan.")},
            by=administrator,
        )
    assert nomination.verdicts.filter(status=ScreeningStatus.FAILED).count() == 0


def test_scoring_refused_in_a_closed_year(closed):
    juror = make_juror(closed, "sentjuror")
    membership = JuryMembership.objects.get(user=juror)
    effort = Nomination.objects.get(prize_year=closed).effort
    with pytest.raises(JuryError, match=CLOSED):
        give_score(membership, effort)
    assert not effort.scores.exists()


def test_appointment_refused_in_a_closed_year(closed, administrator):
    with pytest.raises(AppointmentError, match=CLOSED):
        appoint(prize_year=closed, user=make_user("late"), role="member", by=administrator)
    assert not JuryMembership.objects.filter(user__username="late").exists()


def test_criteria_change_refused_in_a_closed_year(closed, administrator):
    criterion = closed.criteria.first()
    criterion.title = "Ny rubrik"
    with pytest.raises(OrientationError, match=CLOSED):
        save_criteria(prize_year=closed, changed=[criterion], deleted=[], by=administrator)
    criterion.refresh_from_db()
    assert criterion.title != "Ny rubrik"


def test_admin_edit_of_a_closed_year_refused_with_the_reason(administrator_client, closed):
    url = reverse("admin:nominations_prizeyear_change", args=[closed.pk])
    response = administrator_client.post(
        url,
        {
            "year": closed.year,
            "theme": "Ett nytt tema",
            "description": closed.description,
            "prize_amount": 50000,
            "conference_date": closed.conference_date.isoformat(),
            "historical_winner": "",
            **year_setup_post(closed.year),
            **criteria_post_data(closed),
        },
    )
    closed.refresh_from_db()
    assert closed.theme != "Ett nytt tema"
    assert "är avslutat (ad acta)" in response.content.decode()


def test_removal_under_a_retention_rule_still_made_in_a_closed_year(closed, administrator):
    record_retention_rule(
        data_kind=RetentionDataKind.NOMINATOR_CONTACT,
        reference="Gallringsbeslut SN 2029/17",
        decided_on=timezone.localdate() - timedelta(days=365),
        period_days=10,
        by=administrator,
    )
    assert remove_contact_details() == 1
    nomination = Nomination.objects.get(prize_year=closed)
    assert nomination.nominator_name == ""
    entry = AuditEntry.objects.get(action=AuditAction.CONTACT_REMOVED, prize_year=closed)
    assert "SN 2029/17" in entry.summary


def test_admin_close_action_says_first_what_is_missing(administrator_client, prize_year):
    response = run_action(administrator_client, "close_year", prize_year)
    prize_year.refresh_from_db()
    assert prize_year.closed_at is None
    assert "inte tillkännagiven" in response.content.decode()


def test_admin_close_action_confirmed_closes_the_year(administrator_client, announced):
    run_action(administrator_client, "close_year", announced, confirm="yes")
    announced.refresh_from_db()
    assert announced.closed_at is not None


def test_admin_close_action_refused_to_an_outsider(client, outsider, announced):
    log_in_verified(client, outsider)
    run_action(client, "close_year", announced, confirm="yes")
    announced.refresh_from_db()
    assert announced.closed_at is None


def test_effort_of_a_closed_year_not_renamed_in_the_admin(administrator_client, closed):
    effort = Nomination.objects.get(prize_year=closed).effort
    url = reverse("admin:nominations_effort_change", args=[effort.pk])
    management = {
        "nominations-TOTAL_FORMS": 1,
        "nominations-INITIAL_FORMS": 1,
        "nominations-MIN_NUM_FORMS": 0,
        "nominations-MAX_NUM_FORMS": 1000,
        "nominations-0-id": effort.nominations.get().pk,
        "nominations-0-effort": effort.pk,
    }
    administrator_client.post(url, {"name": "Nytt namn", **management})
    effort.refresh_from_db()
    assert effort.name != "Nytt namn"
