"""The vote for one winner: the shortlist, one vote per juror, and the count.

Opening the vote and recording the decision are steps of the year: jury/phases.py.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nominations.models import Effort, JuryPhase, PrizeYear

from .models import JuryMembership, Vote
from .scoring import JuryError, has_conflict, lock_phase


def shortlist(*, prize_year: PrizeYear) -> QuerySet[Effort]:
    return Effort.objects.eligible().filter(prize_year=prize_year, shortlisted=True)


def tally(*, prize_year: PrizeYear) -> list[tuple[Effort, int]]:
    """Votes per shortlisted effort, most first."""
    efforts = shortlist(prize_year=prize_year).annotate(
        vote_count=Count("votes", filter=Q(votes__prize_year=prize_year))
    )
    return [(e, e.vote_count) for e in efforts.order_by("-vote_count", "name")]


def leaders(counts: list[tuple[Effort, int]]) -> list[Effort]:
    """The efforts with the most votes: one winner, or several in a tie."""
    if not counts or counts[0][1] == 0:
        return []
    best = counts[0][1]
    return [effort for effort, votes in counts if votes == best]


@transaction.atomic
def cast_vote(*, membership: JuryMembership, effort: Effort, at: datetime | None = None) -> Vote:
    prize_year = lock_phase(membership=membership)
    if prize_year.jury_phase != JuryPhase.VOTING:
        raise JuryError(_("The vote is not open."))
    if not shortlist(prize_year=prize_year).filter(pk=effort.pk).exists():
        raise JuryError(_("You can only vote for an effort on the shortlist."))
    if has_conflict(membership=membership, effort=effort):
        raise JuryError(
            _("You have declared a conflict of interest and cannot vote for this effort.")
        )
    try:
        with transaction.atomic():
            return Vote.objects.create(
                juror=membership.user,
                prize_year=prize_year,
                effort=effort,
                cast_at=at or timezone.now(),
            )
    except IntegrityError:
        # The database keeps one vote per juror and year, even for simultaneous submissions.
        raise JuryError(_("You have already voted this year.")) from None
