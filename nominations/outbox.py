"""The mail queue: every e-mail the application sends is queued here and sent by the worker.

queue_mail() stores the message and its delivery task (django-tasks with the database
backend) in the caller's transaction, so a nomination and its receipt are stored
together or not at all, and a slow or absent mail server never holds up a request.
The worker (`manage.py db_worker`) runs deliver(), which sends through Django's mail
backend. A failed send is tried again after each of RETRY_AFTER's waits; after the last
try the mail is marked failed and shown to staff in the admin with the reason, where
send_again() gives it one more try (as it does a mail whose try is long overdue).

Every delivery task carries the try it is for, and claims the mail for that try with one
conditional UPDATE before it sends: a task run twice, or two workers at once, send the
mail once. No lock is held while the mail server answers.

Each recipient gets a message of their own, and the server's answer for each is stored
as soon as it comes (OutgoingMail.outcomes): a recipient refused for now (greylisting,
"450 4.7.1") is tried again, one accepted never is. The mail is sent when every
recipient is accepted.

A claim takes the mail for LEASE. Each try has a second task queued for when the lease
would be over: if the worker was killed while sending, or took the task and stopped
before running it, that task takes the mail as the next try and sends to the recipients
not yet accepted. A recipient accepted in the instant before the kill, before its answer
was stored, is the one who may get the mail twice.

The queue serves both apps: jury/ imports it, as it imports the rest of nominations/.
"""

import logging
import smtplib
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Django 6 has this as django.tasks.task.
from django_tasks import task

from .models import AuditAction, AuditEntry, MailStatus, OutgoingMail, RecipientStatus

# Mail numbers and kinds only: addresses, names and texts stay out of the logs.
log = logging.getLogger(__name__)

# The waits before the second, third, … try. After the last try the worker gives up and
# staff see the mail: five tries over about two and a half hours.
RETRY_AFTER = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
REASON_MAX_LENGTH = 1000
# How long a worker holds a mail it sends: far longer than the mail server's time-out
# (EMAIL_TIMEOUT) for each of a mail's few recipients. After it, the mail is taken to be
# lost with its worker and the next try takes it.
LEASE = timedelta(minutes=10)


class MailError(Exception):
    """The mail cannot be sent again; the message says why."""


# Both rows or neither; inside the caller's transaction without a savepoint of its own,
# which would cost a nomination two more round trips to the database.
@transaction.atomic(savepoint=False)
def queue_mail(*, kind: str, subject: str, body: str, recipients: Iterable[str]) -> OutgoingMail:
    """Queue a plain-text e-mail from DEFAULT_FROM_EMAIL, in the caller's transaction."""
    mail = OutgoingMail.objects.create(
        kind=kind,
        subject=subject,
        body=body,
        recipients=list(recipients),
        next_attempt_at=timezone.now(),
    )
    _enqueue(mail_id=mail.pk, attempt=1)
    return mail


def _enqueue(*, mail_id: int, attempt: int, run_after: datetime | None = None) -> None:
    delivery = deliver if run_after is None else deliver.using(run_after=run_after)
    delivery.enqueue(mail_id=mail_id, attempt=attempt)
    # The same try again once a lease would be over, in case a worker takes the first
    # task and stops before running it; if it ran, this one finds the try taken and skips.
    backup_at = (run_after or timezone.now()) + LEASE
    deliver.using(run_after=backup_at).enqueue(mail_id=mail_id, attempt=attempt)


def _claim(*, mail_id: int, attempt: int) -> datetime | None:
    """Take the mail for this try; the end of the lease, or None if it is not this try's.

    A try is this one's if the mail waits, the tries before it are done, and nothing
    holds it: neither a worker (or the one that did has let its lease run out) nor the
    wait after a failed try.
    """
    now = timezone.now()
    held_until = now + LEASE
    claimed = (
        OutgoingMail.objects.filter(pk=mail_id, status=MailStatus.PENDING, attempts=attempt - 1)
        .filter(Q(held_until__isnull=True) | Q(held_until__lte=now))
        .update(attempts=attempt, last_attempt_at=now, held_until=held_until)
    )
    if not claimed:
        return None
    # The next try, for when the lease is over: it sends only if this worker never
    # finished (a finished try clears the lease, or the mail is sent).
    deliver.using(run_after=held_until).enqueue(mail_id=mail_id, attempt=attempt + 1)
    return held_until


@task()
def deliver(*, mail_id: int, attempt: int) -> str:
    """Send the mail to each recipient not yet accepted, if it waits for this try.

    Each answer is stored as it comes, so a worker killed halfway leaves a record of
    whom the server took. Plans the next try if any recipient is left.
    """
    if _claim(mail_id=mail_id, attempt=attempt) is None:
        # Sent, given up on, not due yet, or taken by another run of the same try.
        return "skipped"
    mail = OutgoingMail.objects.get(pk=mail_id)
    outcomes = [mail.outcome(position) for position in range(len(mail.recipients))]
    errors: list[Exception] = []
    try:
        with get_connection() as connection:
            for position, address in mail.unaccepted():
                try:
                    EmailMessage(
                        subject=mail.subject,
                        body=mail.body,
                        to=[address],
                        connection=connection,
                    ).send()
                except Exception as error:  # whatever stops it, the next try may get through
                    errors.append(error)
                    outcomes[position] = _outcome(RecipientStatus.REFUSED, server_answer(error))
                else:
                    outcomes[position] = _outcome(RecipientStatus.ACCEPTED, "")
                OutgoingMail.objects.filter(pk=mail.pk).update(outcomes=outcomes)
    except Exception as error:  # the connection itself: opening or closing it
        errors.append(error)
    if errors:
        return _failed(mail, attempt=attempt, errors=errors)
    # The text and the address are not kept once sent: the records they came from hold them.
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.SENT,
        sent_at=timezone.now(),
        next_attempt_at=None,
        held_until=None,
        body="",
        recipients=[],
        reason="",
    )
    log.info("mail %s (%s) sent on try %s", mail.pk, mail.kind, attempt)
    return "sent"


def _outcome(status: str, answer: str) -> dict:
    return {"status": status, "at": timezone.now().isoformat(), "answer": answer}


def _failed(mail: OutgoingMail, *, attempt: int, errors: list[Exception]) -> str:
    """Plan the next try for the recipients left, or give up after the last; the reason kept."""
    reason = "; ".join(dict.fromkeys(describe(error) for error in errors))[:REASON_MAX_LENGTH]
    mail.refresh_from_db(fields=["outcomes"])
    accepted = len(mail.recipients) - len(mail.unaccepted())
    kind = ", ".join(dict.fromkeys(type(error).__name__ for error in errors))
    if attempt >= MAX_ATTEMPTS:
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=MailStatus.FAILED, next_attempt_at=None, held_until=None, reason=reason
        )
        log.error(
            "mail %s (%s) not sent after try %s (%s, %s of %s recipients accepted): given "
            "up, shown in the admin",
            mail.pk,
            mail.kind,
            attempt,
            kind,
            accepted,
            len(mail.recipients),
        )
        return "failed"
    retry_at = timezone.now() + RETRY_AFTER[attempt - 1]
    with transaction.atomic():
        OutgoingMail.objects.filter(pk=mail.pk).update(
            # Held for the wait: the task standing by for a lost worker finds it held.
            next_attempt_at=retry_at,
            held_until=retry_at,
            reason=reason,
        )
        _enqueue(mail_id=mail.pk, attempt=attempt + 1, run_after=retry_at)
    log.warning(
        "mail %s (%s) try %s of %s failed (%s); %s of %s recipients accepted, the others "
        "tried again at %s",
        mail.pk,
        mail.kind,
        attempt,
        MAX_ATTEMPTS,
        kind,
        accepted,
        len(mail.recipients),
        retry_at.isoformat(),
    )
    return "retry"


def describe(error: Exception) -> str:
    """The reason a send failed, as staff read it: the mail server's answer if it gave one.

    In Swedish, like the audit trail, whichever process or page the try was made from.
    """
    with translation.override("sv"):
        return _describe(error)[:REASON_MAX_LENGTH]


def _describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = [_smtp_answer(code, text) for code, text in error.recipients.values()]
        reason = _("The mail server refused the recipient: %(answer)s") % {
            "answer": "; ".join(dict.fromkeys(answers))
        }
    elif isinstance(error, smtplib.SMTPResponseException):
        reason = _("The mail server answered: %(answer)s") % {
            "answer": _smtp_answer(error.smtp_code, error.smtp_error)
        }
    elif isinstance(error, OSError):  # refused or lost connections, time-outs (smtplib's too)
        reason = _("The mail server could not be reached: %(error)s") % {
            "error": str(error) or type(error).__name__
        }
    else:
        reason = f"{type(error).__name__}: {error}"
    return reason


def server_answer(error: Exception) -> str:
    """What the mail server said about one recipient ("450 4.7.1 …"), else the reason."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = [_smtp_answer(code, text) for code, text in error.recipients.values()]
        return "; ".join(dict.fromkeys(answers))[:REASON_MAX_LENGTH]
    if isinstance(error, smtplib.SMTPResponseException):
        return _smtp_answer(error.smtp_code, error.smtp_error)[:REASON_MAX_LENGTH]
    return describe(error)


def _smtp_answer(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return f"{code} {text}".strip()


@transaction.atomic
def send_again(*, mail: OutgoingMail, by) -> OutgoingMail:
    """Give one more try to a mail the worker gave up on, or one stuck in the queue.

    With an audit entry. A stuck mail's own task may still run: the claim lets only one
    of the two send it.
    """
    now = timezone.now()
    mail = OutgoingMail.objects.select_for_update().get(pk=mail.pk)
    if mail.status == MailStatus.SENT:
        raise MailError(
            _("“%(subject)s” has already been handed to the mail server.")
            % {"subject": mail.subject}
        )
    if not mail.recipients:
        raise MailError(
            _(
                "“%(subject)s” cannot be sent again: its address was removed under the "
                "retention rule."
            )
            % {"subject": mail.subject}
        )
    if not mail.may_send_again(now):
        raise MailError(
            _("“%(subject)s” waits for its next try, at %(time)s.")
            % {
                "subject": mail.subject,
                "time": formats.date_format(timezone.localtime(mail.next_attempt_at), "H:i"),
            }
        )
    mail.status = MailStatus.PENDING
    mail.next_attempt_at = now
    mail.held_until = None
    mail.save(update_fields=["status", "next_attempt_at", "held_until"])
    _enqueue(mail_id=mail.pk, attempt=mail.attempts + 1)
    AuditEntry.record(
        actor=by,
        action=AuditAction.MAIL_SENT_AGAIN,
        # The subject and the kind: the address stays out of the trail.
        summary=gettext_lazy(
            "Queued the e-mail “%(subject)s” (%(kind)s) to be sent again after %(attempts)s tries."
        ),
        params={
            "subject": mail.subject,
            "kind": mail.get_kind_display(),
            "attempts": mail.attempts,
        },
        changes={"mail": mail.pk, "kind": mail.kind, "attempts": mail.attempts},
    )
    return mail
