"""Reminders to jurors who still have efforts to score or a vote to cast.

The daily job (`manage.py send_jury_reminders`, from cron) sends each reminder
once: a few days before the deadline and on the day. What was sent is recorded,
and a unique constraint keeps two runs at once from sending the same one twice;
the mail is queued with the record (nominations/outbox.py) and the worker sends it.
The chair may also remind the jury at any time from the year's overview.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.models import AuditAction, AuditEntry, JuryPhase, MailKind, PrizeYear
from nominations.outbox import queue_mail

from .errors import JuryError
from .models import JuryMembership, ReminderKind, ReminderSent, ReminderStage
from .participation import participation
from .scoring import jury_progress


def _deadline(prize_year: PrizeYear, kind: str) -> date | None:
    return prize_year.scoring_deadline if kind == ReminderKind.SCORING else prize_year.vote_deadline


def _kind_now(prize_year: PrizeYear) -> str | None:
    """What the jury is asked to do in the year's phase, if anything."""
    return {JuryPhase.SCORING: ReminderKind.SCORING, JuryPhase.VOTING: ReminderKind.VOTE}.get(
        prize_year.jury_phase
    )


def jurors_behind(*, prize_year: PrizeYear, kind: str) -> list[tuple[JuryMembership, int]]:
    """Serving jurors with work left, and how many efforts (1 for a vote not cast)."""
    today = timezone.localdate()
    if kind == ReminderKind.SCORING:
        return [
            (row.membership, row.left)
            for row in jury_progress(prize_year=prize_year)
            if row.left > 0 and row.membership.is_active(today)
        ]
    # Only those who take part are asked to vote (jury/participation.py).
    return [(j.membership, 1) for j in participation(prize_year=prize_year).missing_votes]


def _send(*, membership: JuryMembership, kind: str, left: int, deadline: date | None) -> None:
    prize_year = membership.prize_year
    # Jurors read the jury area in Swedish unless they switch; the e-mail follows the site.
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "membership": membership,
            "kind": kind,
            "left": left,
            "deadline": deadline,
            "url": settings.SITE_URL.rstrip("/")
            + reverse("jury:dashboard", kwargs={"year": prize_year}),
        }
        subject = (
            _("Reminder: scoring for %(prize)s %(year)s")
            if kind == ReminderKind.SCORING
            else _("Reminder: the vote for %(prize)s %(year)s")
        ) % {"prize": prize_year.prize.name, "year": prize_year.year}
        queue_mail(
            kind=MailKind.REMINDER,
            subject=subject,
            body=render_to_string("jury/email/reminder.txt", context),
            recipients=[membership.user.email],
        )


def stage_for(*, deadline: date, today: date) -> str | None:
    """BEFORE in the days leading up to the deadline, DUE on the day, else nothing."""
    if today == deadline:
        return ReminderStage.DUE
    if deadline - timedelta(days=settings.REMINDER_DAYS_BEFORE) <= today < deadline:
        return ReminderStage.BEFORE
    return None


def send_scheduled_reminders(*, today: date | None = None) -> int:
    """Send the reminders due today that have not been sent; returns how many went out."""
    today = today or timezone.localdate()
    sent = 0
    for prize_year in PrizeYear.objects.filter(
        jury_phase__in=[JuryPhase.SCORING, JuryPhase.VOTING]
    ):
        kind = _kind_now(prize_year)
        deadline = _deadline(prize_year, kind)
        stage = stage_for(deadline=deadline, today=today) if deadline else None
        if stage is None:
            continue
        for membership, left in jurors_behind(prize_year=prize_year, kind=kind):
            try:
                # The row first, then the mail queued in the same transaction: if another
                # run got here first, the row exists and we skip, so a job run twice queues
                # each reminder once; the queue tries a failed send again by itself.
                with transaction.atomic():
                    ReminderSent.objects.create(
                        membership=membership, kind=kind, stage=stage, deadline=deadline
                    )
                    _send(membership=membership, kind=kind, left=left, deadline=deadline)
            except IntegrityError:
                continue
            sent += 1
    return sent


def behind_now(*, prize_year: PrizeYear) -> list[tuple[JuryMembership, int]]:
    """The jurors a reminder sent now would go to, with what they have left."""
    kind = _kind_now(prize_year)
    return jurors_behind(prize_year=prize_year, kind=kind) if kind else []


@transaction.atomic
def remind_now(*, prize_year: PrizeYear, by) -> list[JuryMembership]:
    """The chair reminds every juror who is behind in the current phase, at once."""
    prize_year = PrizeYear.objects.locked(prize_year.pk, error=JuryError)
    kind = _kind_now(prize_year)
    if kind is None:
        raise JuryError(_("Reminders can be sent while scoring or the vote is open."))
    behind = jurors_behind(prize_year=prize_year, kind=kind)
    if not behind:
        raise JuryError(_("Every juror is done, so there is no one to remind."))
    deadline = _deadline(prize_year, kind)
    for membership, left in behind:
        ReminderSent.objects.create(
            membership=membership,
            kind=kind,
            stage=ReminderStage.MANUAL,
            deadline=deadline,
            sent_by=by,
        )
        _send(membership=membership, kind=kind, left=left, deadline=deadline)
    names = [membership.display_name for membership, _left in behind]
    AuditEntry.record(
        actor=by,
        action=AuditAction.REMINDER_SENT,
        prize_year=prize_year,
        summary=gettext_lazy("Sent a reminder about %(kind)s to %(names)s."),
        params={"kind": ReminderKind(kind).label, "names": ", ".join(names)},
        changes={"kind": kind, "jurors": [m.user.get_username() for m, _left in behind]},
    )
    return [membership for membership, _left in behind]
