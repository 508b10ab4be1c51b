"""Reminders before the jury's deadlines: each sent once, only to those who are behind."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jury import reminders, scoring
from jury.models import JuryMembership, ReminderSent, ReminderStage
from nominations import outbox
from nominations.models import AuditAction, AuditEntry, JuryPhase, PrizeYear
from tests.factories import make_eligible_nomination, make_juror
from tests.mail_queue import send_queued_mail
from tests.phases import bring_to_phase

DEADLINE = date(2030, 10, 1)


@pytest.fixture
def scoring_with_deadline(prize_year):
    make_eligible_nomination(prize_year, effort_name="Nattvandring")
    PrizeYear.objects.filter(pk=prize_year.pk).update(scoring_deadline=DEADLINE)
    prize_year = bring_to_phase(prize_year, JuryPhase.SCORING)
    # The notices that scoring opened, to the jurors already appointed, go out first: the
    # tests count the reminders.
    send_queued_mail()
    mail.outbox.clear()
    return prize_year


def test_reminder_command_run_twice_sends_each_reminder_once(scoring_with_deadline, juror):
    day_before = DEADLINE - timedelta(days=1)
    assert reminders.send_scheduled_reminders(today=day_before) == 1
    assert reminders.send_scheduled_reminders(today=day_before) == 0
    send_queued_mail()
    assert [m.to for m in mail.outbox] == [[juror.email]]
    assert "1 insats kvar att bedöma" in mail.outbox[0].body
    assert "1 oktober 2030" in mail.outbox[0].body


def test_reminder_sent_again_on_the_day_of_the_deadline(scoring_with_deadline, juror):
    reminders.send_scheduled_reminders(today=DEADLINE - timedelta(days=2))
    reminders.send_scheduled_reminders(today=DEADLINE)
    reminders.send_scheduled_reminders(today=DEADLINE)
    send_queued_mail()
    stages = list(ReminderSent.objects.order_by("sent_at").values_list("stage", flat=True))
    assert stages == [ReminderStage.BEFORE, ReminderStage.DUE]
    assert len(mail.outbox) == 2


def test_no_reminder_long_before_the_deadline(scoring_with_deadline, juror):
    assert reminders.send_scheduled_reminders(today=DEADLINE - timedelta(days=10)) == 0
    send_queued_mail()
    assert mail.outbox == []


def test_juror_who_has_scored_everything_gets_no_reminder(scoring_with_deadline, juror):
    effort = scoring_with_deadline.efforts.get()
    scoring.save_score(
        membership=JuryMembership.objects.get(user=juror),
        effort=effort,
        values={"innovation": 3, "inspiration": 3, "results": 3},
        comment="",
    )
    assert reminders.send_scheduled_reminders(today=DEADLINE) == 0
    send_queued_mail()
    assert mail.outbox == []


def test_reminder_command_prints_how_many_it_sent(scoring_with_deadline, juror, capsys):
    import time_machine

    with time_machine.travel(DEADLINE, tick=False):
        call_command("send_jury_reminders")
        call_command("send_jury_reminders")
        send_queued_mail()
    assert capsys.readouterr().out.splitlines() == ["Sent 1 reminders.", "Sent 0 reminders."]
    assert len(mail.outbox) == 1


def test_chair_reminder_names_the_recipients_before_sending(
    chair_client, chair, juror, scoring_with_deadline
):
    html = chair_client.post(reverse("jury:overview", args=[2030])).content.decode()
    send_queued_mail()
    assert "En påminnelse skickas med e-post till: Chair Jurysson, Juror Jurysson." in html
    assert mail.outbox == [] and not ReminderSent.objects.exists()


def test_chair_sends_a_reminder_now_from_the_overview(
    chair_client, chair, juror, scoring_with_deadline
):
    audited = AuditEntry.objects.count()  # the steps that brought the year to scoring
    response = chair_client.post(
        reverse("jury:overview", args=[2030]), {"confirm": "yes"}, follow=True
    )
    send_queued_mail()
    assert sorted(m.to[0] for m in mail.outbox) == [chair.email, juror.email]
    assert ReminderSent.objects.filter(stage=ReminderStage.MANUAL).count() == 2
    entry = AuditEntry.objects.order_by("pk")[audited:].get()
    assert entry.action == AuditAction.REMINDER_SENT
    assert entry.summary.endswith("till Chair Jurysson, Juror Jurysson.")
    assert "jurymedlemmar: Chair Jurysson och Juror Jurysson." in response.content.decode()


def test_member_cannot_send_a_reminder(juror_client, scoring_with_deadline):
    response = juror_client.post(reverse("jury:overview", args=[2030]), {"confirm": "yes"})
    send_queued_mail()
    assert response.status_code == 404
    assert mail.outbox == [] and not ReminderSent.objects.exists()


def test_outsider_cannot_send_a_reminder(client, outsider, scoring_with_deadline):
    from tests.factories import log_in_verified

    log_in_verified(client, outsider)
    client.post(reverse("jury:overview", args=[2030]), {"confirm": "yes"})
    send_queued_mail()
    assert mail.outbox == [] and not ReminderSent.objects.exists()


@pytest.mark.pdf
def test_vote_reminder_goes_to_those_who_have_not_voted(prize_year, juror, chair):
    from jury import phases, voting

    effort = make_eligible_nomination(prize_year).effort
    PrizeYear.objects.filter(pk=prize_year.pk).update(vote_deadline=DEADLINE)
    bring_to_phase(prize_year, JuryPhase.DELIBERATION)
    phases.open_vote(prize_year=prize_year, efforts=[effort], by=chair)
    voting.cast_vote(membership=JuryMembership.objects.get(user=chair), effort=effort)
    send_queued_mail()
    mail.outbox.clear()  # the notices that the vote opened
    reminders.send_scheduled_reminders(today=DEADLINE)
    send_queued_mail()
    assert [m.to for m in mail.outbox] == [[juror.email]]
    assert "inte röstat" in mail.outbox[0].body


def test_ended_juror_gets_no_reminder(scoring_with_deadline, juror):
    from django.utils import timezone

    JuryMembership.objects.filter(user=juror).update(ended_at=timezone.now())
    make_juror(scoring_with_deadline, "serving")
    reminders.send_scheduled_reminders(today=DEADLINE)
    send_queued_mail()
    assert [m.to for m in mail.outbox] == [["serving@example.se"]]


def test_reminder_job_run_again_after_a_refused_send_delivers_it_once(
    scoring_with_deadline, juror, smtp_server
):
    smtp_server.answers = ["451 4.3.0 Try again later"]
    day_before = DEADLINE - timedelta(days=1)
    morning = timezone.make_aware(datetime(2030, 9, 30, 6, 0))
    with time_machine.travel(morning, tick=False):
        reminders.send_scheduled_reminders(today=day_before)
        send_queued_mail()
    # The timer runs the job again, and the worker comes to the mail's second try.
    with time_machine.travel(morning + outbox.RETRY_AFTER[0], tick=False):
        reminders.send_scheduled_reminders(today=day_before)
        send_queued_mail()
    assert smtp_server.refused == 1
    assert [m.to for m in smtp_server.delivered] == [[juror.email]]


def test_reminder_of_another_prize_names_that_prize_and_its_owner(db):
    from tests.factories import kulturpriset, make_prize_year

    prize_year = make_prize_year(prize=kulturpriset(), year=2031)
    member = make_juror(prize_year, "kulturjuror")
    make_eligible_nomination(prize_year, effort_name="Gatukonst")
    PrizeYear.objects.filter(pk=prize_year.pk).update(scoring_deadline=DEADLINE)
    bring_to_phase(prize_year, JuryPhase.SCORING)
    send_queued_mail()
    mail.outbox.clear()
    reminders.send_scheduled_reminders(today=DEADLINE - timedelta(days=1))
    send_queued_mail()
    (message,) = [m for m in mail.outbox if m.to == [member.email]]
    assert "1 insats kvar att bedöma för Kulturpriset 2031" in message.body
    assert "Kulturförvaltningen, Stockholms stad" in message.body
    assert "Trygghetspriset" not in message.body + message.subject
