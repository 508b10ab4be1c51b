"""Making the jury's decision public, as at the safety conference."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AuditAction, AuditEntry, PrizeYear


class AnnouncementError(Exception):
    """The winner cannot be announced now; the message says why."""


@transaction.atomic
def announce_winner(*, prize_year: PrizeYear, by, at: datetime | None = None) -> PrizeYear:
    """Show the decided winner on the public pages from now on."""
    prize_year = PrizeYear.objects.select_for_update().get(pk=prize_year.pk)
    decision = getattr(prize_year, "decision", None)
    if decision is None:
        raise AnnouncementError(
            _("The jury has not decided a winner for %(year)s yet.") % {"year": prize_year.year}
        )
    if prize_year.announced_at:
        raise AnnouncementError(
            _("The winner of %(year)s is already announced.") % {"year": prize_year.year}
        )
    prize_year.announced_at = at or timezone.now()
    prize_year.save(update_fields=["announced_at"])
    AuditEntry.record(
        actor=by,
        action=AuditAction.ANNOUNCED,
        prize_year=prize_year,
        summary=_("Announced “%(winner)s” as the winner of %(year)s.")
        % {"winner": decision.effort.name, "year": prize_year.year},
    )
    return prize_year
