"""The vote for one winner: opened on a shortlist, one vote per juror, closed by the chair."""

from collections.abc import Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nominations.models import AuditAction, AuditEntry, Effort, JuryPhase, PrizeYear

from .models import ConflictDeclaration, Decision, JuryMembership, Vote
from .scoring import JuryError, has_conflict, lock_phase, set_phase


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
def open_vote(*, prize_year: PrizeYear, efforts: Sequence[Effort], by) -> PrizeYear:
    eligible = Effort.objects.eligible().filter(prize_year=prize_year)
    chosen = eligible.filter(pk__in=[e.pk for e in efforts])
    if not chosen.exists():
        raise JuryError(_("Choose at least one effort for the shortlist."))
    prize_year = set_phase(
        prize_year=prize_year, allowed={JuryPhase.DELIBERATION}, phase=JuryPhase.VOTING
    )
    Effort.objects.filter(prize_year=prize_year).update(shortlisted=False)
    chosen.update(shortlisted=True)
    AuditEntry.record(
        actor=by,
        action=AuditAction.VOTE_OPENED,
        prize_year=prize_year,
        summary=_("Opened the vote for %(year)s among: %(efforts)s.")
        % {"year": prize_year.year, "efforts": ", ".join(e.name for e in chosen)},
        changes={"shortlist": [e.pk for e in chosen]},
    )
    return prize_year


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


@transaction.atomic
def close_vote(
    *, prize_year: PrizeYear, motivation: str, by, casting_vote: Effort | None = None
) -> Decision:
    """Count the votes and record the decision; a tie is broken by the chair's casting vote."""
    prize_year = PrizeYear.objects.select_for_update().get(pk=prize_year.pk)
    if prize_year.jury_phase != JuryPhase.VOTING:
        raise JuryError(_("The vote is not open."))
    if not motivation.strip():
        raise JuryError(_("Write the jury's motivation for the decision."))
    counts = tally(prize_year=prize_year)
    top = leaders(counts)
    if not top:
        raise JuryError(_("No votes have been cast yet."))
    if len(top) == 1:
        winner, tie_broken = top[0], False
    else:
        if casting_vote is None or casting_vote not in top:
            raise JuryError(
                _("The vote is tied between %(efforts)s; the chair's casting vote decides.")
                % {"efforts": ", ".join(e.name for e in top)}
            )
        if ConflictDeclaration.objects.in_force().filter(juror=by, effort=casting_vote).exists():
            raise JuryError(
                _(
                    "You have declared a conflict of interest for “%(name)s” and cannot cast "
                    "the deciding vote for it."
                )
                % {"name": casting_vote.name}
            )
        winner, tie_broken = casting_vote, True
    set_phase(prize_year=prize_year, allowed={JuryPhase.VOTING}, phase=JuryPhase.DECIDED)
    decision = Decision.objects.create(
        prize_year=prize_year,
        effort=winner,
        motivation=motivation.strip(),
        tally={str(effort.pk): votes for effort, votes in counts},
        casting_vote=tie_broken,
        decided_by=by,
    )
    AuditEntry.record(
        actor=by,
        action=AuditAction.DECISION,
        prize_year=prize_year,
        summary=_("The jury chose “%(winner)s” as the winner of %(year)s%(casting)s.")
        % {
            "winner": winner.name,
            "year": prize_year.year,
            "casting": _(", by the chair's casting vote") if tie_broken else "",
        },
        changes={"winner": winner.pk, "tally": decision.tally, "casting_vote": tie_broken},
    )
    return decision
