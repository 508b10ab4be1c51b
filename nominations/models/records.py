"""The records kept about the work: the audit trail, the mail queue of both apps and
the retention rules under which personal data may be removed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import formats, timezone, translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from trygghetspris.people import display_name

from .years import PrizeYear


class AuditAction(models.TextChoices):
    WINDOW_OPENED = "window_opened", _("nominations opened")
    WINDOW_CLOSED = "window_closed", _("nominations closed")
    WINDOW_CHANGED = "window_changed", _("nomination window changed")
    PRIZE_YEAR_CREATED = "prize_year_created", _("prize year created")
    COMMITTEE_DECISIONS = "committee_decisions", _("the committee's decisions recorded")
    CRITERIA_CHANGED = "criteria_changed", _("criteria changed")
    CATEGORIES_CHANGED = "categories_changed", _("categories changed")
    EFFORT_CATEGORY_CHANGED = "effort_category_changed", _("effort moved to another category")
    SCREENED = "screened", _("nomination screened")
    GROUPED = "grouped", _("nominations grouped as one effort")
    UNGROUPED = "ungrouped", _("nomination separated into an effort of its own")
    JURY_APPOINTED = "jury_appointed", _("jury member appointed")
    JURY_CHANGED = "jury_changed", _("jury appointment changed")
    JURY_REMOVED = "jury_removed", _("jury member removed")
    JURY_ENDED = "jury_ended", _("jury appointment ended")
    SET_ASIDE = "set_aside", _("nomination set aside")
    NOMINATION_REGISTERED = "nomination_registered", _("nomination registered by staff")
    DEADLINES_CHANGED = "deadlines_changed", _("jury deadlines changed")
    SCORING_OPENED = "scoring_opened", _("scoring opened")
    SCORING_CLOSED = "scoring_closed", _("scoring closed")
    SCORING_REOPENED = "scoring_reopened", _("scoring reopened")
    CONFLICT_DECLARED = "conflict_declared", _("conflict of interest declared")
    CONFLICT_WITHDRAWN = "conflict_withdrawn", _("conflict of interest withdrawn")
    CONFLICT_QUESTIONED = "conflict_questioned", _("question of conflict of interest raised")
    CONFLICT_RULED = "conflict_ruled", _("question of conflict of interest ruled on")
    REMINDER_SENT = "reminder_sent", _("reminder sent to the jury")
    VOTE_OPENED = "vote_opened", _("vote opened")
    VOTE_CAST = "vote_cast", _("vote cast")
    RULING_VOTE = "ruling_vote", _("vote on a question of conflict of interest")
    DECISION = "decision", _("winner decided")
    RESERVATION = "reservation", _("reservation entered")
    MENTION = "mention", _("honourable mention recorded")
    MENTION_WITHDRAWN = "mention_withdrawn", _("honourable mention withdrawn")
    JUSTERARE_NAMED = "justerare_named", _("checker of the decision named")
    DECISION_CHECKED = "decision_checked", _("decision checked")
    CHECKS_UNDONE = "checks_undone", _("checks of the decision undone")
    DEPUTY_NAMED = "deputy_named", _("member named to lead in the chair's place")
    ANNOUNCED = "announced", _("winner announced")
    EXPORTED = "exported", _("nominations exported")
    CONTACT_REMOVED = "contact_removed", _("nominators' contact details removed")
    PERSONAL_DATA_EXPORTED = "personal_data_exported", _("personal data exported")
    RETENTION_RULE_SET = "retention_rule_set", _("retention rule recorded")
    NOMINATION_CORRECTED = "nomination_corrected", _("nomination corrected by the nominator")
    NOMINATION_WITHDRAWN = "nomination_withdrawn", _("nomination withdrawn by the nominator")
    TWO_FACTOR_RESET = "two_factor_reset", _("two-step verification reset")
    MAIL_SENT_AGAIN = "mail_sent_again", _("e-mail queued to be sent again")
    ATTACHMENTS_REMOVED = "attachments_removed", _("attached files removed")
    LINK_CLOSED = "link_closed", _("nominator's private link closed")
    FOREDRAGANDE_SET = "foredragande_set", _("föredragande of the matter recorded")
    BASIS_FROZEN = "basis_frozen", _("basis of the decision stored")
    AUDIT_EXPORTED = "audit_exported", _("audit trail exported")
    YEAR_CLOSED = "year_closed", _("prize year closed (ad acta)")
    ARCHIVED = "archived", _("archive package made")
    OWNER_CHANGED = "owner_changed", _("owner of a prize recorded or changed")
    COMMITTEE_DECISION = "committee_decision", _("committee's decision on the proposal recorded")


def _format_in_swedish(moment: date | datetime, format: str) -> str:
    with translation.override("sv"):
        return formats.date_format(moment, format)


_lazy_format_in_swedish = lazy(_format_in_swedish, str)


def in_swedish(moment: date | datetime) -> Promise:
    """A day, or a moment in Stockholm time, as an audit summary writes it: "1 september 2030".

    For AuditEntry.record's params: a record is Swedish whatever the actor's language.
    """
    if isinstance(moment, datetime):
        return _lazy_format_in_swedish(timezone.localtime(moment), r"j F Y \k\l. H:i")
    return _lazy_format_in_swedish(moment, "j F Y")


class AuditEntry(models.Model):
    """Who did what, and when, in the running of a prize year. Never edited."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept as text too, so the record survives the account's removal.
    actor_name = models.CharField(_("who (name)"), max_length=150)
    action = models.CharField(_("what"), max_length=30, choices=AuditAction.choices)
    prize_year = models.ForeignKey(
        PrizeYear,
        on_delete=models.PROTECT,
        null=True,
        related_name="audit_entries",
        verbose_name=_("prize year"),
    )
    summary = models.TextField(_("details"))
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        # Stockholm time, as the list shows it.
        at = timezone.localtime(self.at)
        return f"{at:%Y-%m-%d %H:%M:%S} {self.actor_name}: {self.get_action_display()}"

    @classmethod
    def record(
        cls,
        *,
        actor,
        action: str,
        summary: str | Promise,
        params: dict | None = None,
        prize_year: PrizeYear | None = None,
        changes: dict | None = None,
        actor_name: str | Promise | None = None,
    ) -> AuditEntry:
        """Write an entry; summary is best a lazy message, filled in with params.

        The trail is a record of the authority, so it is written in Swedish whatever
        language the actor's screen uses: a lazy message is translated here. actor_name
        names someone without an account, such as the nominator.
        """
        with translation.override("sv"):
            text = str(summary) % params if params is not None else str(summary)
            if actor_name is not None:
                actor_name = str(actor_name)
        if actor_name is None:
            # No actor means a scheduled job did it.
            actor_name = display_name(actor) if actor else "system"
        return cls.objects.create(
            actor=actor,
            actor_name=actor_name,
            action=action,
            prize_year=prize_year,
            summary=text,
            changes=changes or {},
        )


class RetentionDataKind(models.TextChoices):
    NOMINATOR_CONTACT = "nominator_contact", _("nominators' contact details")
    ATTACHMENTS = "attachments", _("files attached to nominations")


class RetentionRuleQuerySet(models.QuerySet):
    def in_force(self, *, kind: str, on: date | None = None) -> RetentionRule | None:
        """The rule for the kind of data in force on the day (today), or None: nothing goes.

        A rule applies from its own date, never before: of those decided on or before
        the day, the latest. One recorded with a later date waits for it.
        """
        on = on or timezone.localdate()
        return (
            self.filter(data_kind=kind, decided_on__lte=on).order_by("-decided_on", "-pk").first()
        )

    def upcoming(self, *, kind: str, on: date | None = None) -> RetentionRule | None:
        """The first rule for the kind of data that applies only after the day, if any."""
        on = on or timezone.localdate()
        return self.filter(data_kind=kind, decided_on__gt=on).order_by("decided_on", "pk").first()


class RetentionRule(models.Model):
    """A decision of the archive authority that allows removal (gallring) of some data.

    Arkivlagen: records are kept unless such a decision allows removal, so the
    removal job refuses to run while no rule is recorded here.
    """

    data_kind = models.CharField(
        _("kind of data"), max_length=30, choices=RetentionDataKind.choices
    )
    reference = models.CharField(
        _("decision reference"),
        max_length=300,
        help_text=_(
            "The gallringsbeslut or the item of the dokumenthanteringsplan, for example "
            "“Dokumenthanteringsplan Socialförvaltningen, 4.2.1”."
        ),
    )
    decided_on = models.DateField(_("decided on"))
    period_days = models.PositiveIntegerField(
        _("kept for (days after the prize is awarded)"),
        help_text=_("Removal happens this many days after the conference."),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("recorded by"),
    )

    objects = RetentionRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_data_kind_display()}: {self.reference}"


class MailKind(models.TextChoices):
    RECEIPT = "receipt", _("receipt of a nomination")
    CORRECTION = "correction", _("confirmation of a correction")
    WITHDRAWAL = "withdrawal", _("confirmation of a withdrawal")
    INVITATION = "invitation", _("invitation to the jury")
    REMINDER = "reminder", _("reminder to a juror")
    PASSWORD = "password", _("link to choose a password")
    JURY_NOTICE = "jury_notice", _("notice to a juror")
    ADDRESS_CHANGED = "address_changed", _("notice of a changed e-mail address")


class MailStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    # All the application knows: the mail server took it.
    SENT = "sent", _("handed to the mail server")
    FAILED = "failed", _("could not be sent")


class RecipientStatus(models.TextChoices):
    ACCEPTED = "accepted", _("accepted by the mail server")
    REFUSED = "refused", _("refused by the mail server")


# A mail whose try is this late may be sent again by staff.
MAIL_STUCK_AFTER = timedelta(hours=1)


class OutgoingMail(models.Model):
    """An e-mail on its way out, queued in the transaction of what it tells about.

    nominations/outbox.py queues it and the worker sends it, trying again after a
    failure; one it gave up on waits here for staff to send it again. Once sent, the
    text and the address are cleared: the records the mail came from hold them.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=MailKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MailStatus.choices,
        default=MailStatus.PENDING,
        db_index=True,
    )
    recipients = models.JSONField(_("to"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=998)
    # Never shown in the admin: a password mail's link would let its reader in.
    body = models.TextField(_("text"), blank=True)
    queued_at = models.DateTimeField(_("queued"), default=timezone.now, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    last_attempt_at = models.DateTimeField(_("last try"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next try"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    reason = models.TextField(_("why it failed"), blank=True)
    # What the mail server answered for each recipient, in the order of `recipients`:
    # {"status": "accepted" | "refused", "at": ISO time, "answer": the server's words}.
    # Without the addresses, so it stays when they are cleared; a recipient the server
    # accepted is never sent to again (outbox.py).
    outcomes = models.JSONField(_("outcome per recipient"), default=list, blank=True)
    # No try takes the mail before then: while a worker sends it (a worker that died
    # with it, killed or out of memory, leaves it to the next try once the time is
    # over), and while it waits for its next try after a failed one (outbox.py).
    held_until = models.DateTimeField(_("held until"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mail")
        ordering = ["-queued_at", "-pk"]
        permissions = [("resend_outgoingmail", _("Can send failed e-mails again"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    def is_stuck(self, at: datetime) -> bool:
        """Waiting, but its try is long overdue: no worker ran, or one stopped in the middle."""
        return (
            self.status == MailStatus.PENDING
            and self.next_attempt_at is not None
            and self.next_attempt_at <= at - MAIL_STUCK_AFTER
        )

    def may_send_again(self, at: datetime) -> bool:
        return self.status == MailStatus.FAILED or self.is_stuck(at)

    def outcome(self, position: int) -> dict:
        """The server's answer for the recipient at `position` (from 0); {} if none yet."""
        return self.outcomes[position] if position < len(self.outcomes) else {}

    def unaccepted(self) -> list[tuple[int, str]]:
        """The positions and addresses of the recipients the server has not accepted."""
        return [
            (position, address)
            for position, address in enumerate(self.recipients)
            if self.outcome(position).get("status") != RecipientStatus.ACCEPTED
        ]
