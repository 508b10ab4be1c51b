"""The mail queue: queued with what it confirms, sent by the worker, never lost or doubled.

Against a real SMTP server on 127.0.0.1 (aiosmtpd, tests/mail_queue.py) that refuses or
accepts as each test says.
"""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from nominations import outbox
from nominations.forms import NOMINATION_FIELDS
from nominations.models import (
    AuditAction,
    AuditEntry,
    MailKind,
    MailStatus,
    Nomination,
    OutgoingMail,
)
from nominations.submission import submit_nomination
from tests.factories import OPENS_AT, answers_in, make_prize_year, nomination_post_data
from tests.mail_queue import run_worker_command, send_queued_mail
from tests.readme import daily_commands

MIDSUMMER = OPENS_AT + timedelta(days=20)
TRY_AGAIN_LATER = "451 4.3.0 Try again later"
NO_SUCH_USER = "550 5.1.1 No such user here"
CHANGELIST = reverse("admin:nominations_outgoingmail_changelist")


def nominate(prize_year, **overrides) -> Nomination:
    data = nomination_post_data(**overrides)
    fields = {key: value for key, value in data.items() if key in NOMINATION_FIELDS}
    with time_machine.travel(MIDSUMMER, tick=False):
        return submit_nomination(
            prize_year=prize_year,
            fields=fields,
            organisations=["Polisen", "Skolan"],
            answers=answers_in(data),
            at=MIDSUMMER,
        )


def run_worker_at(moment) -> None:
    with time_machine.travel(moment, tick=False):
        send_queued_mail()


def try_every_time(start) -> None:
    """Run the worker at the first try and at each retry, as the waits come due."""
    moment = start
    run_worker_at(moment)
    for wait in outbox.RETRY_AFTER:
        moment += wait
        run_worker_at(moment)


@pytest.fixture
def failed_receipt(prize_year, smtp_server) -> OutgoingMail:
    """A receipt the mail server refused at every try, which the worker gave up on."""
    smtp_server.answers = [NO_SUCH_USER] * outbox.MAX_ATTEMPTS
    nominate(prize_year)
    try_every_time(MIDSUMMER)
    return OutgoingMail.objects.get()


def test_receipt_queued_in_the_same_transaction_as_the_nomination(prize_year):
    with transaction.atomic():
        nomination = nominate(prize_year)
        queued = OutgoingMail.objects.get()
        assert DBTaskResult.objects.ready().count() == 1
    assert (queued.kind, queued.status) == (MailKind.RECEIPT, MailStatus.PENDING)
    assert queued.recipients == ["asa.oberg@example.se"]
    assert nomination.reference in queued.subject
    assert mail.outbox == []


def test_receipt_not_queued_when_the_nomination_rolls_back(prize_year):
    with pytest.raises(RuntimeError), transaction.atomic():
        nominate(prize_year)
        raise RuntimeError("something later in the request failed")
    send_queued_mail()
    assert Nomination.objects.count() == 0
    assert OutgoingMail.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_receipt_refused_then_accepted_arrives_exactly_once(
    client, smtp_server, mail_worker_stopped
):
    # Committed for real, and sent by the worker command as production runs it.
    make_prize_year()
    smtp_server.answers = [TRY_AGAIN_LATER]
    with time_machine.travel(MIDSUMMER, tick=False):
        client.post(
            reverse("nominations:nominate", args=["trygghetspriset"]), nomination_post_data()
        )
        run_worker_command()
    assert smtp_server.refused == 1 and smtp_server.delivered == []
    with time_machine.travel(MIDSUMMER + outbox.RETRY_AFTER[0], tick=False):
        run_worker_command()
    with time_machine.travel(MIDSUMMER + timedelta(hours=5), tick=False):
        run_worker_command()
    nomination = Nomination.objects.get()
    (receipt,) = smtp_server.delivered
    assert receipt.to == ["asa.oberg@example.se"]
    assert nomination.reference in receipt.subject
    assert "Trygga stråk i Tensta" in receipt.body
    assert OutgoingMail.objects.get().status == MailStatus.SENT


def test_failed_send_tried_again_only_when_its_wait_is_over(prize_year, smtp_server):
    smtp_server.answers = [TRY_AGAIN_LATER]
    nominate(prize_year)
    run_worker_at(MIDSUMMER)
    run_worker_at(MIDSUMMER + outbox.RETRY_AFTER[0] - timedelta(seconds=1))
    assert (smtp_server.refused, smtp_server.delivered) == (1, [])
    run_worker_at(MIDSUMMER + outbox.RETRY_AFTER[0])
    assert len(smtp_server.delivered) == 1
    assert OutgoingMail.objects.get().attempts == 2


def test_mail_refused_at_every_try_is_given_up_with_the_reason(failed_receipt, smtp_server):
    assert smtp_server.refused == outbox.MAX_ATTEMPTS == 5
    assert failed_receipt.status == MailStatus.FAILED
    assert failed_receipt.attempts == 5
    assert failed_receipt.reason == "E-postservern svarade: 550 5.1.1 No such user here"
    assert failed_receipt.next_attempt_at is None
    # Nothing left for the worker: it stays failed until staff send it again.
    run_worker_at(MIDSUMMER + timedelta(days=1))
    assert smtp_server.refused == 5


def test_mail_server_that_cannot_be_reached_is_the_reason(prize_year, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    nominate(prize_year)
    run_worker_at(MIDSUMMER)
    queued = OutgoingMail.objects.get()
    assert queued.status == MailStatus.PENDING
    assert queued.reason.startswith("E-postservern gick inte att nå:")
    assert queued.next_attempt_at == MIDSUMMER + outbox.RETRY_AFTER[0]


def test_failed_try_logged_without_address_name_or_text(prize_year, smtp_server, caplog):
    smtp_server.answers = [NO_SUCH_USER]
    nominate(prize_year)
    with caplog.at_level(logging.INFO, logger="nominations.outbox"):
        run_worker_at(MIDSUMMER)
    assert "try 1 of 5 failed (SMTPDataError)" in caplog.text
    for personal in ("asa.oberg@example.se", "Åsa", "Öberg", "Trygga stråk", "No such user"):
        assert personal not in caplog.text


def test_sent_mail_keeps_neither_text_nor_address(prize_year):
    nominate(prize_year)
    run_worker_at(MIDSUMMER)
    sent = OutgoingMail.objects.get()
    assert (sent.status, sent.sent_at) == (MailStatus.SENT, MIDSUMMER)
    assert (sent.body, sent.recipients, sent.reason) == ("", [], "")
    assert len(mail.outbox) == 1


def test_delivery_task_run_twice_sends_once(prize_year):
    nominate(prize_year)
    queued = OutgoingMail.objects.get()
    # As if the same try were enqueued twice, or two workers took it at once.
    outbox.deliver.enqueue(mail_id=queued.pk, attempt=1)
    run_worker_at(MIDSUMMER)
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.successful().count() == 2


def test_daily_pruning_removes_old_task_records_but_keeps_the_mail(prize_year):
    nominate(prize_year)
    run_worker_at(MIDSUMMER)
    # The tasks that stand by in case a worker is lost run, and find nothing to do.
    run_worker_at(MIDSUMMER + outbox.LEASE)
    (prune,) = [words for words in daily_commands() if words[2] == "prune_db_task_results"]
    with time_machine.travel(MIDSUMMER + timedelta(days=31), tick=False):
        call_command(*prune[2:], verbosity=0)
    assert not DBTaskResult.objects.exists()
    assert OutgoingMail.objects.get().status == MailStatus.SENT


def test_daily_pruning_keeps_task_records_of_the_last_month(prize_year):
    nominate(prize_year)
    run_worker_at(MIDSUMMER)
    (prune,) = [words for words in daily_commands() if words[2] == "prune_db_task_results"]
    with time_machine.travel(MIDSUMMER + timedelta(days=29), tick=False):
        call_command(*prune[2:], verbosity=0)
    assert DBTaskResult.objects.successful().count() == 1


def test_failed_mail_listed_for_staff_with_its_reason(administrator_client, failed_receipt):
    html = administrator_client.get(CHANGELIST + "?status__exact=failed").content.decode()
    assert failed_receipt.subject in html
    assert "kunde inte skickas" in html
    assert "E-postservern svarade: 550 5.1.1 No such user here" in html
    assert "asa.oberg@example.se" in html


def test_failed_mail_page_shows_the_reason_but_never_the_text(administrator_client, failed_receipt):
    url = reverse("admin:nominations_outgoingmail_change", args=[failed_receipt.pk])
    html = administrator_client.get(url).content.decode()
    assert "550 5.1.1 No such user here" in html
    # The text may hold a link that lets its reader in (a password mail's).
    assert "Trygga stråk i Tensta" not in html
    assert "/priser/trygghetspriset/nominera/min-nominering/" not in html


def test_send_again_queues_the_failed_mail_with_an_audit_entry(
    administrator_client, administrator, failed_receipt
):
    administrator_client.post(
        CHANGELIST, {"action": "send_again", "_selected_action": [failed_receipt.pk]}
    )
    failed_receipt.refresh_from_db()
    assert failed_receipt.status == MailStatus.PENDING
    entry = AuditEntry.objects.get(action=AuditAction.MAIL_SENT_AGAIN)
    assert entry.actor == administrator
    assert failed_receipt.subject in entry.summary
    assert "asa.oberg@example.se" not in entry.summary


def test_failed_mail_sent_again_arrives_once(administrator, failed_receipt, smtp_server):
    outbox.send_again(mail=failed_receipt, by=administrator)
    run_worker_at(MIDSUMMER + timedelta(days=1))
    run_worker_at(MIDSUMMER + timedelta(days=2))
    (receipt,) = smtp_server.delivered
    assert receipt.to == ["asa.oberg@example.se"]
    assert OutgoingMail.objects.get().status == MailStatus.SENT


def test_send_again_refused_for_a_mail_already_sent(prize_year, administrator):
    nominate(prize_year)
    run_worker_at(MIDSUMMER)
    with pytest.raises(outbox.MailError):
        outbox.send_again(mail=OutgoingMail.objects.get(), by=administrator)
    run_worker_at(MIDSUMMER + timedelta(days=1))
    assert len(mail.outbox) == 1
    assert not AuditEntry.objects.filter(action=AuditAction.MAIL_SENT_AGAIN).exists()


def test_send_again_refused_for_a_mail_whose_address_was_removed(failed_receipt, administrator):
    OutgoingMail.objects.filter(pk=failed_receipt.pk).update(recipients=[], body="")
    failed_receipt.refresh_from_db()
    with pytest.raises(outbox.MailError, match="adressen är borttagen"):
        outbox.send_again(mail=failed_receipt, by=administrator)
    failed_receipt.refresh_from_db()
    assert failed_receipt.status == MailStatus.FAILED
    assert not AuditEntry.objects.filter(action=AuditAction.MAIL_SENT_AGAIN).exists()


def test_send_again_refused_for_a_mail_waiting_for_its_next_try(
    prize_year, administrator, smtp_server
):
    smtp_server.answers = [TRY_AGAIN_LATER]
    nominate(prize_year)
    run_worker_at(MIDSUMMER)
    with time_machine.travel(MIDSUMMER + timedelta(seconds=30), tick=False):
        with pytest.raises(outbox.MailError):
            outbox.send_again(mail=OutgoingMail.objects.get(), by=administrator)
    run_worker_at(MIDSUMMER + timedelta(days=1))
    assert (smtp_server.refused, len(smtp_server.delivered)) == (1, 1)


def test_mail_whose_task_a_stopped_worker_took_is_sent_by_itself_after_the_lease(
    prize_year, smtp_server
):
    nominate(prize_year)
    # A worker took the task and stopped before it ran: that task stays taken for good.
    DBTaskResult.objects.ready().get().claim("stopped-worker")
    run_worker_at(MIDSUMMER + outbox.LEASE - timedelta(seconds=1))
    assert smtp_server.delivered == []
    run_worker_at(MIDSUMMER + outbox.LEASE)
    run_worker_at(MIDSUMMER + timedelta(days=1))
    assert len(smtp_server.delivered) == 1
    assert OutgoingMail.objects.get().status == MailStatus.SENT


def test_mail_stuck_sent_again_by_staff_arrives_once(prize_year, administrator, smtp_server):
    nominate(prize_year)
    # No worker ran for hours (the tasks were all taken by one that stopped).
    for result in DBTaskResult.objects.all():
        result.claim("stopped-worker")
    late = MIDSUMMER + timedelta(hours=2)
    stuck = OutgoingMail.objects.get()
    with time_machine.travel(late, tick=False):
        assert stuck.is_stuck(late)
        outbox.send_again(mail=stuck, by=administrator)
    run_worker_at(late)
    run_worker_at(late + timedelta(days=1))
    assert len(smtp_server.delivered) == 1
    assert OutgoingMail.objects.get().status == MailStatus.SENT


# Each recipient's outcome: one greylisted, one accepted


FIRST, SECOND = "forsta@example.se", "andra@example.se"


def queue_to_two(at=MIDSUMMER) -> OutgoingMail:
    with time_machine.travel(at, tick=False):
        return outbox.queue_mail(
            kind=MailKind.CORRECTION,
            subject="Din nominering är rättad",
            body="Hej!",
            recipients=[FIRST, SECOND],
        )


def test_greylisted_recipient_recorded_with_the_servers_answer_and_the_mail_waits(
    prize_year, smtp_server
):
    smtp_server.greylisted = {SECOND}
    queue_to_two()
    run_worker_at(MIDSUMMER)
    queued = OutgoingMail.objects.get()
    assert queued.status == MailStatus.PENDING
    assert queued.recipients == [FIRST, SECOND]
    assert [o["status"] for o in queued.outcomes] == ["accepted", "refused"]
    assert "450 4.7.1" in queued.outcomes[1]["answer"]
    assert "450 4.7.1" in queued.reason
    assert queued.next_attempt_at == MIDSUMMER + outbox.RETRY_AFTER[0]


def test_greylisted_recipient_tried_again_and_the_accepted_one_not(prize_year, smtp_server):
    smtp_server.greylisted = {SECOND}
    queue_to_two()
    run_worker_at(MIDSUMMER)
    smtp_server.greylisted = set()
    run_worker_at(MIDSUMMER + outbox.RETRY_AFTER[0])
    run_worker_at(MIDSUMMER + timedelta(days=1))
    assert [d.to for d in smtp_server.delivered] == [[FIRST], [SECOND]]
    sent = OutgoingMail.objects.get()
    assert (sent.status, sent.recipients, sent.body) == (MailStatus.SENT, [], "")
    assert [o["status"] for o in sent.outcomes] == ["accepted", "accepted"]


def test_recipient_greylisted_at_every_try_given_up_having_sent_the_other_once(
    prize_year, smtp_server
):
    smtp_server.greylisted = {SECOND}
    queue_to_two()
    try_every_time(MIDSUMMER)
    failed = OutgoingMail.objects.get()
    assert failed.status == MailStatus.FAILED
    assert failed.reason == "E-postservern tog inte emot mottagaren: " + (
        "450 4.7.1 Greylisted, please try again later"
    )
    assert [d.to for d in smtp_server.delivered] == [[FIRST]]
    assert smtp_server.refused_recipients == [SECOND] * outbox.MAX_ATTEMPTS


def test_send_again_sends_only_to_the_recipients_not_accepted(
    prize_year, smtp_server, administrator
):
    smtp_server.greylisted = {SECOND}
    queue_to_two()
    try_every_time(MIDSUMMER)
    smtp_server.greylisted = set()
    later = MIDSUMMER + timedelta(days=1)
    with time_machine.travel(later, tick=False):
        outbox.send_again(mail=OutgoingMail.objects.get(), by=administrator)
    run_worker_at(later)
    assert [d.to for d in smtp_server.delivered] == [[FIRST], [SECOND]]
    assert OutgoingMail.objects.get().status == MailStatus.SENT


def test_admin_shows_each_recipients_outcome(administrator_client, prize_year, smtp_server):
    smtp_server.greylisted = {SECOND}
    queue_to_two()
    run_worker_at(MIDSUMMER)
    mail_id = OutgoingMail.objects.get().pk
    url = reverse("admin:nominations_outgoingmail_change", args=[mail_id])
    html = administrator_client.get(url).content.decode()
    assert f"{FIRST} (togs emot av e-postservern)" in html
    assert f"{SECOND} (inte mottagen: 450 4.7.1 Greylisted" in html


# A worker killed while it sends


@pytest.mark.django_db(transaction=True)
def test_worker_killed_while_sending_comes_back_after_the_lease_without_sending_twice(
    smtp_server, mail_worker_stopped, settings
):
    import os
    import signal
    import subprocess
    import sys

    from django.db import connection
    from django.utils import timezone

    if connection.vendor != "postgresql":
        pytest.skip("a second process on the test database needs PostgreSQL")
    worker: list[subprocess.Popen] = []

    def kill_the_worker_at_the_second(recipients: list[str]) -> str | None:
        if recipients == [SECOND] and worker and worker[0].poll() is None:
            os.kill(worker[0].pid, signal.SIGKILL)
            worker[0].wait()
            return "421 4.3.2 The sender is gone"  # never read: nobody is there
        return None

    smtp_server.on_data = kill_the_worker_at_the_second
    queued = queue_to_two(at=timezone.now())
    database = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
            f"/{database['NAME']}"
        ),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": settings.EMAIL_HOST,
        "EMAIL_PORT": str(settings.EMAIL_PORT),
        "EMAIL_TIMEOUT": "5",
    }
    worker.append(
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
            + ["--queue-name", "*"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    )
    assert worker[0].wait(timeout=60) == -signal.SIGKILL
    taken = OutgoingMail.objects.get(pk=queued.pk)
    assert (taken.status, taken.attempts) == (MailStatus.PENDING, 1)
    assert [o.get("status") for o in taken.outcomes] == ["accepted", None]
    # Before the lease is over nothing moves; after it, the next try sends the rest.
    run_worker_at(taken.held_until - timedelta(seconds=1))
    assert [d.to for d in smtp_server.delivered] == [[FIRST]]
    run_worker_at(taken.held_until)
    run_worker_at(taken.held_until + timedelta(days=1))
    assert [d.to for d in smtp_server.delivered] == [[FIRST], [SECOND]]
    sent = OutgoingMail.objects.get(pk=queued.pk)
    assert (sent.status, sent.attempts) == (MailStatus.SENT, 2)
