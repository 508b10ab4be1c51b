"""Closing a year (avslutat, ad acta): once announced and nothing is pending, it changes no more.

The administration closes the year after the announcement, when the decision is
justerad, no mail for the year waits in the queue, every question of jäv is ruled on
and every nomination has its verdict. From then on the year's records stand as the
archive package (jury/archive/) shows them: PrizeYearQuerySet.locked, the way every
change to a year goes, refuses each one with the year's own message. Removals under a
retention rule (nominations/privacy.py) are still made, and recorded, since the
archive authority's decision allows them whatever the state of the case.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.models import (
    AuditAction,
    AuditEntry,
    MailStatus,
    Nomination,
    OutgoingMail,
    PrizeYear,
    in_swedish,
)

from .errors import PhaseError
from .models import ConflictQuestion, Decision


def pending_mail(*, prize_year: PrizeYear) -> int:
    """The year's mail still waiting in the queue.

    Every mail the year's process sends is queued by its announcement at the latest
    (the window, the jury's work and the decision are over then), so a mail waiting
    from before that moment is the year's.
    """
    if prize_year.announced_at is None:
        return 0
    return OutgoingMail.objects.filter(
        status=MailStatus.PENDING, queued_at__lte=prize_year.announced_at
    ).count()


def closing_blockers(*, prize_year: PrizeYear) -> list[str]:
    """What is still pending before the year can be closed, each with what to do."""
    year = prize_year.year
    if prize_year.closed_at is not None:
        return [prize_year.closed_message()]
    if prize_year.announced_at is None:
        return [
            _(
                "The winner of %(year)s is not announced yet. A year is closed after the "
                "announcement."
            )
            % {"year": year}
        ]
    blockers = []
    decision = Decision.objects.filter(prize_year=prize_year).only("pk", "document_sha256").first()
    if decision is None or not decision.document_sha256:
        blockers.append(_("The decision is not checked (justerat) and stored yet."))
    if waiting := pending_mail(prize_year=prize_year):
        blockers.append(
            _(
                "E-mails of the year still waiting in the mail queue: %(count)s. Wait until "
                "they are sent, or see Nominations → Outgoing e-mail."
            )
            % {"count": waiting}
        )
    questions = ConflictQuestion.objects.filter(
        prize_year=prize_year, outcome=ConflictQuestion.Outcome.PENDING
    ).count()
    if questions:
        blockers.append(
            _("Questions of conflict of interest not yet ruled on: %(count)s.")
            % {"count": questions}
        )
    unscreened = Nomination.objects.filter(prize_year=prize_year).unscreened().count()
    if unscreened:
        blockers.append(
            _("Nominations without a screening verdict: %(count)s.") % {"count": unscreened}
        )
    return blockers


@transaction.atomic
def close_year(*, prize_year: PrizeYear, by, at: datetime | None = None) -> PrizeYear:
    """Close the announced year once nothing is pending; refuses with what is missing."""
    at = at or timezone.now()
    prize_year = PrizeYear.objects.locked(prize_year.pk, error=PhaseError)
    if blockers := closing_blockers(prize_year=prize_year):
        raise PhaseError(" ".join(str(b) for b in blockers))
    prize_year.closed_at = at
    prize_year.save(update_fields=["closed_at"])
    AuditEntry.record(
        actor=by,
        action=AuditAction.YEAR_CLOSED,
        prize_year=prize_year,
        summary=gettext_lazy(
            "Closed the prize year %(year)s (ad acta) on %(at)s. Its records no longer "
            "change, except for removals under a retention rule."
        ),
        params={"year": prize_year.year, "at": in_swedish(at)},
        changes={"closed_at": at.isoformat()},
    )
    return prize_year
