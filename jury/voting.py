"""The vote for the winner: the shortlist, one vote per juror (in each category, in a year
with categories), and the count.

Who may vote and whose vote counts is jury/participation.py's; opening the vote and
recording the decision are steps of the year: jury/phases.py.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.models import AuditAction, AuditEntry, Effort, JuryPhase, PrizeYear

from .errors import JuryError
from .models import JuryMembership, Vote
from .participation import lock_undecided, participation


def shortlist(*, prize_year: PrizeYear) -> QuerySet[Effort]:
    return Effort.objects.eligible().filter(prize_year=prize_year, shortlisted=True)


def tally(*, prize_year: PrizeYear) -> list[tuple[Effort, int]]:
    """Counted votes per shortlisted effort, most first."""
    return participation(prize_year=prize_year).tally()


def may_see_tally(*, membership: JuryMembership) -> bool:
    """Nobody, the chair included, sees the count before casting their own vote (in
    every category, in a year with categories)."""
    prize_year = membership.prize_year
    if prize_year.jury_phase == JuryPhase.DECIDED:
        return True
    cast = Vote.objects.filter(juror=membership.user, prize_year=prize_year).count()
    return cast > 0 and cast >= prize_year.categories.count()


@transaction.atomic
def cast_vote(*, membership: JuryMembership, effort: Effort, at: datetime | None = None) -> Vote:
    prize_year = lock_undecided(membership.prize_year_id)
    if prize_year.jury_phase != JuryPhase.VOTING:
        raise JuryError(_("The vote is not open."))
    if not shortlist(prize_year=prize_year).filter(pk=effort.pk).exists():
        raise JuryError(_("You can only vote for an effort on the shortlist."))
    juror = participation(prize_year=prize_year).juror(membership.user_id)
    if juror is None or not juror.takes_part:
        raise JuryError(
            _(
                "You take no part in the vote: you have a conflict of interest in the "
                "matter, or your appointment has ended."
            )
        )
    try:
        with transaction.atomic():
            vote = Vote.objects.create(
                juror=membership.user,
                prize_year=prize_year,
                effort=effort,
                category_id=effort.category_id,
                cast_at=at or timezone.now(),
            )
    except IntegrityError:
        # The database keeps one vote per juror and year (or category), even for
        # simultaneous submissions.
        if effort.category_id:
            raise JuryError(
                _("You have already voted in the category %(category)s.")
                % {"category": effort.category.name}
            ) from None
        raise JuryError(_("You have already voted this year.")) from None
    # The vote is open (the decision prints each juror's vote), so the trail names it.
    AuditEntry.record(
        actor=membership.user,
        action=AuditAction.VOTE_CAST,
        prize_year=prize_year,
        summary=gettext_lazy("%(name)s voted for “%(effort)s”."),
        params={"name": membership.display_name, "effort": effort.name},
        changes={
            "effort": effort.pk,
            "cast_at": vote.cast_at.isoformat(),
            **({"category": effort.category_id} if effort.category_id else {}),
        },
    )
    return vote
