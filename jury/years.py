"""Setting up a prize year: a new year as a copy of an earlier one, and saving its data.

The admin, the demo data and any command create and save years through these
functions, so a year is made the same way everywhere: the audit entry, the criteria
copied while the year is still in preparation, the committee's decisions audited,
and the window and the deadlines set through the phases (jury/phases.py), which
check them.
"""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from nominations import orientation
from nominations.models import AuditAction, AuditEntry, Prize, PrizeYear

from . import basis, phases


def next_year(moment: date | datetime | None) -> date | datetime | None:
    """The same day a year later; for a time, the same wall-clock time in Stockholm."""
    if moment is None:
        return None
    if isinstance(moment, datetime):
        # The same wall-clock time in Stockholm a year later, whatever daylight saving does.
        moment = timezone.localtime(moment)
    try:
        return moment.replace(year=moment.year + 1)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + 1, day=28)


def copy_source(
    *, chosen: str | int | None = None, year: int | None = None, prize=None
) -> PrizeYear | None:
    """The year a new one copies: the one chosen, else the latest with a window (before
    `year`, when the new year's number is known; of `prize`, when it is known)."""
    if str(chosen or "").isdigit():
        source = PrizeYear.objects.filter(pk=chosen).first()
        if source is not None:
            return source
    years = PrizeYear.objects.with_window()
    if prize is not None:
        years = years.filter(prize=prize)
    if year is not None:
        years = years.filter(year__lt=year)
    return years.order_by("-year").first()


def proposed_values(*, source: PrizeYear) -> dict:
    """What a copy of `source` starts with: its texts and sum, its dates a year later."""
    return {
        "prize": source.prize_id,
        "year": source.year + 1,
        "theme": source.theme,
        "theme_en": source.theme_en,
        "description": source.description,
        "description_en": source.description_en,
        "prize_amount": source.prize_amount,
        "max_winners": source.max_winners,
        # The mandate carries over; the approval and the case numbers are new each year.
        "orientation_approved_by": source.orientation_approved_by,
        "mandate": source.mandate,
        "opens_at": next_year(source.opens_at),
        "closes_at": next_year(source.closes_at),
        "conference_date": next_year(source.conference_date),
        "scoring_deadline": next_year(source.scoring_deadline),
        "vote_deadline": next_year(source.vote_deadline),
    }


def initial_values(*, source: PrizeYear | None, prize_id: str | int | None = None) -> dict:
    """What the form for a new year starts with: a copy of `source`, else the body
    that owns the prize (when the prize is known) as the one that approves its orientation.
    """
    if source is not None:
        return proposed_values(source=source)
    wanted = str(prize_id or "")
    prize = (
        Prize.objects.select_related("owner").filter(pk=wanted).first()
        if wanted.isdigit()
        else None
    )
    return {"orientation_approved_by": prize.owner.body} if prize is not None else {}


def create_year(*, values: dict, copy_from: PrizeYear | None, by) -> PrizeYear:
    """A new prize year with `values`, starting from the criteria of `copy_from`."""
    return save_year(prize_year=PrizeYear(**values), copy_from=copy_from, by=by)


@transaction.atomic
def save_year(*, prize_year: PrizeYear, by, copy_from: PrizeYear | None = None) -> PrizeYear:
    """Save the year as entered: plain fields as they are; the window and the deadlines
    through the phases, which refuse what the year's process does not allow.

    A year not yet saved is created: audited, and given the criteria of `copy_from`
    (when that year has any) before its window is set, since a year whose window is
    already open has locked criteria. Raises phases.PhaseError (basis.BasisError for the
    föredragande), and nothing is saved.
    """
    creating = prize_year.pk is None
    # Locked, as every change to a year is: a closed year refuses here (jury/closing.py).
    before = None if creating else PrizeYear.objects.locked(prize_year.pk, error=phases.PhaseError)
    window = (prize_year.opens_at, prize_year.closes_at)
    deadlines = (prize_year.scoring_deadline, prize_year.vote_deadline)
    foredragande = (prize_year.foredragande_name, prize_year.foredragande_title)
    if before is not None:
        prize_year.opens_at, prize_year.closes_at = before.opens_at, before.closes_at
        prize_year.scoring_deadline = before.scoring_deadline
        prize_year.vote_deadline = before.vote_deadline
        prize_year.foredragande_name = before.foredragande_name
        prize_year.foredragande_title = before.foredragande_title
    else:
        prize_year.opens_at = prize_year.closes_at = None
        prize_year.scoring_deadline = prize_year.vote_deadline = None
        prize_year.foredragande_name = prize_year.foredragande_title = ""
    if creating and not prize_year.orientation_approved_by.strip():
        # Each prize's orientation is approved by the body that owns it, for example
        # Socialnämnden for Trygghetspriset and Kulturnämnden for the culture prize.
        prize_year.orientation_approved_by = prize_year.prize.owner.body
    prize_year.save()
    if creating:
        AuditEntry.record(
            actor=by,
            action=AuditAction.PRIZE_YEAR_CREATED,
            prize_year=prize_year,
            summary=gettext_lazy("Created the prize year %(year)s, “%(theme)s”."),
            params={"year": prize_year.year, "theme": prize_year.theme},
            changes={"prize_amount": prize_year.prize_amount},
        )
        if copy_from is not None and copy_from.criteria.exists():
            orientation.copy_orientation(source=copy_from, target=prize_year, by=by)
    phases.record_committee_decisions(prize_year=prize_year, before=before, by=by)
    saved = phases.change_window(
        prize_year=prize_year, opens_at=window[0], closes_at=window[1], by=by
    )
    saved = phases.set_deadlines(
        prize_year=saved, scoring_deadline=deadlines[0], vote_deadline=deadlines[1], by=by
    )
    saved = basis.set_foredragande(
        prize_year=saved, name=foredragande[0], title=foredragande[1], by=by
    )
    prize_year.foredragande_name = saved.foredragande_name
    prize_year.foredragande_title = saved.foredragande_title
    prize_year.opens_at, prize_year.closes_at = saved.opens_at, saved.closes_at
    prize_year.scoring_deadline, prize_year.vote_deadline = (
        saved.scoring_deadline,
        saved.vote_deadline,
    )
    return saved
