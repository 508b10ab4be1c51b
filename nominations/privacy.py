"""Removing nominators' contact details, only as a decision of the archive authority allows.

Arkivlagen: a nomination is a public record and is kept unless a decision (a
gallringsbeslut, or an item of the dokumenthanteringsplan) allows removal. Blanking
the contact fields is such a removal (gallring), so it runs only under a recorded
RetentionRule, takes its time limit from it, and records each run.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import attachments as attachment_files
from .models import (
    CONTACT_FIELDS,
    Attachment,
    AuditAction,
    AuditEntry,
    MailKind,
    MailStatus,
    Nomination,
    NominationVersion,
    OutgoingMail,
    PrizeYear,
    RetentionDataKind,
    RetentionRule,
    in_swedish,
)
from .signals import attachments_removed

# The mail that carries a nominator's address (outbox.py); jurors' mail is not theirs.
NOMINATOR_MAIL = (
    MailKind.RECEIPT,
    MailKind.CORRECTION,
    MailKind.WITHDRAWAL,
    MailKind.ADDRESS_CHANGED,
)


class NoRetentionRule(Exception):
    """No decision allows the removal, so nothing is removed."""


def nominator_contact_rule(*, on: date | None = None) -> RetentionRule | None:
    """The rule in force for nominators' contact details on the day (today), or None."""
    return RetentionRule.objects.in_force(kind=RetentionDataKind.NOMINATOR_CONTACT, on=on)


def _not_yet(kind: str, on: date) -> str:
    """ " The rule … applies from …": for the refusal when a rule is recorded but not in force."""
    upcoming = RetentionRule.objects.upcoming(kind=kind, on=on)
    if upcoming is None:
        return ""
    return " " + _(
        "The retention rule “%(reference)s” applies from %(date)s; until then it removes nothing."
    ) % {"reference": upcoming.reference, "date": date_format(upcoming.decided_on, "j F Y")}


@transaction.atomic
def record_retention_rule(
    *, data_kind: str, reference: str, decided_on: date, period_days: int, by
) -> RetentionRule:
    """Record the archive authority's decision; from its date on it is the rule in force."""
    rule = RetentionRule.objects.create(
        data_kind=data_kind,
        reference=reference.strip(),
        decided_on=decided_on,
        period_days=period_days,
        recorded_by=by,
    )
    AuditEntry.record(
        actor=by,
        action=AuditAction.RETENTION_RULE_SET,
        summary=gettext_lazy(
            "Recorded the retention rule “%(reference)s”, decided on %(decided)s: %(kind)s "
            "are removed %(days)s days after the prize is awarded."
        ),
        params={
            "reference": rule.reference,
            "decided": in_swedish(decided_on),
            "kind": RetentionDataKind(data_kind).label,
            "days": period_days,
        },
        changes={
            "data_kind": data_kind,
            "reference": rule.reference,
            "decided_on": decided_on.isoformat(),
            "period_days": period_days,
        },
    )
    return rule


def years_due(*, years: QuerySet[PrizeYear], today: date, retention_days: int) -> list[PrizeYear]:
    """Those of the years whose prize was awarded at least retention_days ago."""
    cutoff = today - timedelta(days=retention_days)
    return [
        year
        for year in years.select_related("decision")
        if year.awarded_on is not None and year.awarded_on <= cutoff
    ]


@transaction.atomic
def remove_contact_details(*, today: date | None = None) -> int:
    """Blank the nominators' name, e-mail and phone under the rule in force.

    Keeps what the nominations say about the efforts. Refuses, changing nothing,
    while no rule is recorded.
    """
    today = today or timezone.localdate()
    # Only a rule in force today: one recorded with a later date waits for it.
    rule = nominator_contact_rule(on=today)
    if rule is None:
        raise NoRetentionRule(
            _(
                "No retention rule for nominators' contact details is in force, so nothing "
                "was removed. Record the archive authority's decision (gallringsbeslut or "
                "dokumenthanteringsplan) under Nominations → Retention rules first."
            )
            + _not_yet(RetentionDataKind.NOMINATOR_CONTACT, today)
        )
    removed = 0
    # One filter() call, so both conditions apply to the same nomination.
    with_contacts = PrizeYear.objects.filter(
        nominations__isnull=False, nominations__contact_removed_at__isnull=True
    ).distinct()
    for prize_year in years_due(years=with_contacts, today=today, retention_days=rule.period_days):
        count = Nomination.objects.filter(
            prize_year=prize_year, contact_removed_at__isnull=True
        ).update(
            nominator_name="",
            nominator_email="",
            nominator_phone="",
            contact_removed_at=timezone.now(),
        )
        # The same details in the versions a correction kept are part of the same
        # nominations, and go under the same rule.
        NominationVersion.objects.filter(nomination__prize_year=prize_year).update(
            nominator_name="", nominator_email="", nominator_phone=""
        )
        AuditEntry.record(
            actor=None,
            action=AuditAction.CONTACT_REMOVED,
            prize_year=prize_year,
            summary=gettext_lazy(
                "Removed the nominators' contact details (name, e-mail address and phone "
                "number) from the nominations for %(year)s (number of nominations: %(count)s), "
                "%(days)s days after the prize was awarded on %(awarded)s, under the retention "
                "rule “%(reference)s”."
            ),
            params={
                "count": count,
                "year": prize_year.year,
                "days": rule.period_days,
                "awarded": in_swedish(prize_year.awarded_on),
                "reference": rule.reference,
            },
            changes={
                "data_kind": rule.data_kind,
                "fields": list(CONTACT_FIELDS),
                "count": count,
                "reference": rule.reference,
                "period_days": rule.period_days,
                "awarded_on": prize_year.awarded_on.isoformat(),
            },
        )
        _forget_undelivered_mail(prize_year=prize_year, rule=rule)
        removed += count
    return removed


def _forget_undelivered_mail(*, prize_year: PrizeYear, rule: RetentionRule) -> None:
    """Blank the address and text of the year's nominator mail that was never delivered.

    A receipt the mail server refused holds the nominator's address and a copy of the
    nomination, so it goes with the contact details, under the same rule and clock.
    Every nominator mail of a year is queued before its prize is awarded (the private
    link closes with the window, staff register before the vote), and none of the
    next year's before then. Jurors' mail is not the nominators' and is left alone.
    The row stays, with its subject and the mail server's answer.
    """
    count = (
        OutgoingMail.objects.filter(
            status=MailStatus.FAILED,
            kind__in=NOMINATOR_MAIL,
            queued_at__date__lte=prize_year.awarded_on,
        )
        .exclude(recipients=[])
        .update(recipients=[], body="")
    )
    if not count:
        return
    AuditEntry.record(
        actor=None,
        action=AuditAction.CONTACT_REMOVED,
        prize_year=prize_year,
        summary=gettext_lazy(
            "Removed the addresses and texts of e-mails to nominators that could not be "
            "delivered (number of e-mails: %(count)s), with the contact details for "
            "%(year)s, under the retention rule “%(reference)s”."
        ),
        params={"count": count, "year": prize_year.year, "reference": rule.reference},
        changes={
            "mail": "failed",
            "count": count,
            "reference": rule.reference,
            "period_days": rule.period_days,
            "awarded_on": prize_year.awarded_on.isoformat(),
        },
    )


def attachments_rule(*, on: date | None = None) -> RetentionRule | None:
    """The rule in force for attached files on the day (today), or None: every file is kept."""
    return RetentionRule.objects.in_force(kind=RetentionDataKind.ATTACHMENTS, on=on)


def remove_attachments(*, today: date | None = None) -> int:
    """Remove the files attached to nominations under the rule in force; returns how many.

    The same reckoning as for contact details: the rule's days after the prize was
    awarded. The Attachment row stays, saying when the file went and under which
    decision, so the record shows that there was a file and what became of it.
    Refuses, removing nothing, while no rule is recorded.
    """
    today = today or timezone.localdate()
    rule = attachments_rule(on=today)
    if rule is None:
        raise NoRetentionRule(
            _(
                "No retention rule for files attached to nominations is in force, so every "
                "file is kept. Record the archive authority's decision under Nominations → "
                "Retention rules if the files may be removed."
            )
            + _not_yet(RetentionDataKind.ATTACHMENTS, today)
        )
    with_files = PrizeYear.objects.filter(
        nominations__attachments__isnull=False,
        nominations__attachments__removed_at__isnull=True,
    ).distinct()
    removed = 0
    for prize_year in years_due(years=with_files, today=today, retention_days=rule.period_days):
        removed += _remove_attachments_of(prize_year=prize_year, rule=rule)
    return removed


def _remove_attachments_of(*, prize_year: PrizeYear, rule: RetentionRule) -> int:
    names: list[str] = []
    with transaction.atomic():
        files = list(
            Attachment.objects.select_for_update().kept().filter(nomination__prize_year=prize_year)
        )
        Attachment.objects.filter(pk__in=[a.pk for a in files]).update(
            removed_at=timezone.now(), removed_under=rule.reference
        )
        names = [a.stored_name for a in files]
        AuditEntry.record(
            actor=None,
            action=AuditAction.ATTACHMENTS_REMOVED,
            prize_year=prize_year,
            summary=gettext_lazy(
                "Removed the files attached to the nominations for %(year)s (number of "
                "files: %(count)s), %(days)s days after the prize was awarded on "
                "%(awarded)s, under the retention rule “%(reference)s”. The list of the "
                "files, with their names and checksums, is kept."
            ),
            params={
                "count": len(files),
                "year": prize_year.year,
                "days": rule.period_days,
                "awarded": in_swedish(prize_year.awarded_on),
                "reference": rule.reference,
            },
            changes={
                "data_kind": rule.data_kind,
                "count": len(files),
                "files": [{"name": a.original_name, "sha256": a.sha256} for a in files],
                "reference": rule.reference,
                "period_days": rule.period_days,
                "awarded_on": prize_year.awarded_on.isoformat(),
            },
        )
        # Copies of the images, in the jury's rendered documents, go with them.
        attachments_removed.send(sender=PrizeYear, prize_year=prize_year)
        # The files go once the rows say so: a failure before the commit removes nothing.
        transaction.on_commit(lambda: attachment_files.delete_files(names=names))
    return len(files)
