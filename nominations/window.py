"""Opening and closing the nomination window: the window fields are the only truth."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import AuditAction, AuditEntry, PrizeYear


class WindowError(Exception):
    """The requested change does not fit the year's window; the message says why."""


def _local(moment: datetime | None) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else "–"


def window_of(prize_year: PrizeYear) -> dict:
    """The window as JSON-ready values, for the audit trail."""
    return {
        "opens_at": prize_year.opens_at.isoformat() if prize_year.opens_at else None,
        "closes_at": prize_year.closes_at.isoformat() if prize_year.closes_at else None,
    }


@transaction.atomic
def open_nominations(
    *, prize_year: PrizeYear, closes_at: datetime, by, at: datetime | None = None
) -> None:
    at = at or timezone.now()
    prize_year = PrizeYear.objects.select_for_update().get(pk=prize_year.pk)
    if prize_year.is_open(at):
        raise WindowError(
            _("Nominations for %(year)s are already open.") % {"year": prize_year.year}
        )
    if closes_at <= at:
        raise WindowError(_("The closing time must be later than now."))
    before = window_of(prize_year)
    prize_year.opens_at, prize_year.closes_at = at, closes_at
    prize_year.save(update_fields=["opens_at", "closes_at"])
    AuditEntry.record(
        actor=by,
        action=AuditAction.WINDOW_OPENED,
        prize_year=prize_year,
        summary=_("Opened nominations for %(year)s until %(closes)s.")
        % {"year": prize_year.year, "closes": _local(closes_at)},
        changes={"before": before, "after": window_of(prize_year)},
    )


@transaction.atomic
def close_nominations(*, prize_year: PrizeYear, by, at: datetime | None = None) -> None:
    at = at or timezone.now()
    prize_year = PrizeYear.objects.select_for_update().get(pk=prize_year.pk)
    if not prize_year.is_open(at):
        raise WindowError(
            _("Nominations for %(year)s are not open, so they cannot be closed.")
            % {"year": prize_year.year}
        )
    before = window_of(prize_year)
    prize_year.closes_at = at
    prize_year.save(update_fields=["closes_at"])
    AuditEntry.record(
        actor=by,
        action=AuditAction.WINDOW_CLOSED,
        prize_year=prize_year,
        summary=_("Closed nominations for %(year)s at %(at)s.")
        % {"year": prize_year.year, "at": _local(at)},
        changes={"before": before, "after": window_of(prize_year)},
    )


def record_window_edit(*, prize_year: PrizeYear, before: dict, by) -> None:
    """Audit a window changed by editing the prize year's dates in the admin."""
    after = window_of(prize_year)
    if before == after:
        return
    AuditEntry.record(
        actor=by,
        action=AuditAction.WINDOW_CHANGED,
        prize_year=prize_year,
        summary=_("Changed the nomination window for %(year)s to %(opens)s – %(closes)s.")
        % {
            "year": prize_year.year,
            "opens": _local(prize_year.opens_at),
            "closes": _local(prize_year.closes_at),
        },
        changes={"before": before, "after": after},
    )
