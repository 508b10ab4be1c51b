"""What the vote gives: the count, the winner and what stands in the way of recording it.

The chair's confirmation page shows it before anything is asked, and phases.decide()
works it out again on the locked row, from the same count (jury/participation.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nominations.models import Effort, PrizeCategory, PrizeYear
from trygghetspris.people import join_names

from .participation import Juror, Participation, participation


@dataclass
class Outcome:
    """What recording the decision now would give, and what stands in its way.

    Shown on the chair's confirmation page before anything is recorded, and checked
    again, on the locked row, when it is.
    """

    count: Participation
    tally: list[tuple[Effort, int]]
    # The efforts tied for the last winner's place, when the casting vote must choose.
    tied: list[Effort]
    winner: Effort | None = None
    # Every winner, the first one first: one, or up to PrizeYear.max_winners sharing.
    winners: list[Effort] = field(default_factory=list)
    casting_vote: bool = False
    # The leader's own counted vote, when the tie was broken in favour of another effort.
    own_vote_elsewhere: Effort | None = None
    # How many of the tied the casting vote chooses (one, unless a shared prize).
    seats: int = 1
    blockers: list[str] = field(default_factory=list)
    # In a year with categories: the count of each category, in the categories' order;
    # the year's winners, tied and seats are theirs together.
    category: PrizeCategory | None = None
    parts: list[Outcome] = field(default_factory=list)
    # The leader's own counted vote when it is for one of the tied: it decides the tie.
    own_tied: Effort | None = None

    @property
    def not_voted(self) -> list[Juror]:
        return self.count.missing_votes

    @property
    def not_voted_names(self) -> str:
        return ", ".join(j.name for j in self.not_voted)


def decision_outcome(
    *,
    prize_year: PrizeYear,
    by,
    casting_vote: Effort | Sequence[Effort] | None = None,
    at: datetime | None = None,
    award: bool = True,
) -> Outcome:
    """The count, the winners it gives and why it cannot be recorded yet, if it cannot.

    casting_vote: the leader's choice among the tied, one effort or (a shared prize) as
    many as there are places left. award=False: the jury decides not to award the prize,
    which needs a quorate jury and its leader but no winner from the vote.
    """
    count = participation(prize_year=prize_year, at=at or timezone.now())
    counts = count.tally()
    outcome = Outcome(count=count, tally=counts, tied=[])
    blockers = outcome.blockers
    if not count.quorate:
        blockers.append(
            _(
                "The jury cannot decide: %(taking)s of its %(office)s members in office take "
                "part, and more than half must (%(needed)s). Ask the administration to appoint "
                "replacement jurors (ersättare)."
            )
            % {
                "taking": len(count.taking_part),
                "office": len(count.seats),
                "needed": count.needed,
            }
        )
    leader = count.leader()
    if leader is None:
        blockers.append(
            _(
                "No one can lead the decision: the chair takes no part. Ask the administration "
                "to name a member who leads in the chair's place."
            )
        )
    elif by is not None and leader.user_id != by.pk:
        blockers.append(
            _("Only %(name)s, who leads the jury, records the decision.") % {"name": leader.name}
        )
    if not award:
        return outcome
    if count.missing_votes and not count.vote_deadline_passed():
        names = ", ".join(j.name for j in count.missing_votes)
        deadline = prize_year.vote_deadline
        blockers.append(
            _(
                "Not everyone who takes part has voted: %(names)s. The decision can be "
                "recorded when they have, or after the last day for voting, %(day)s."
            )
            % {"names": names, "day": date_format(deadline, "DATE_FORMAT")}
            if deadline
            else _(
                "Not everyone who takes part has voted: %(names)s. The decision can be "
                "recorded when they have, or after a last day for voting; the administration "
                "has set none."
            )
            % {"names": names}
        )
    if isinstance(casting_vote, Effort):
        chosen = [casting_vote]
    else:
        chosen = list(casting_vote or [])
    if not count.categories:
        _choose_winners(outcome, places=prize_year.max_winners, leader=leader, chosen=chosen)
    for category in count.categories:
        # Each category is counted on its own, with its own tie and casting vote.
        part = Outcome(count=count, tally=count.tally(category), tied=[], category=category)
        mine = [effort for effort in chosen if effort.category_id == category.pk]
        _choose_winners(part, places=prize_year.max_winners, leader=leader, chosen=mine)
        outcome.parts.append(part)
        blockers.extend(
            _("%(category)s: %(reason)s") % {"category": category.name, "reason": reason}
            for reason in part.blockers
        )
        outcome.winners += part.winners
        outcome.tied += part.tied
        outcome.casting_vote = outcome.casting_vote or part.casting_vote
        outcome.own_vote_elsewhere = outcome.own_vote_elsewhere or part.own_vote_elsewhere
    if count.categories:
        outcome.seats = sum(part.seats for part in outcome.parts if part.tied)
    outcome.winner = outcome.winners[0] if outcome.winners else None
    return outcome


def _choose_winners(
    outcome: Outcome, *, places: int, leader: Juror | None, chosen: list[Effort]
) -> None:
    """The winners from the count: the efforts with the most votes, up to `places` of them.

    A tie for the last place goes to the leader's own vote when it is for one of the
    tied efforts, and otherwise (or for the places left) to the leader's choice among them.
    """
    blockers = outcome.blockers
    voted = [(effort, votes) for effort, votes in outcome.tally if votes > 0]
    if not voted:
        blockers.append(_("No votes have been cast yet. Wait for the jurors to vote."))
        return
    if len(voted) <= places:
        outcome.winners = [effort for effort, _votes in voted]
        return
    sure, tied, seats = at_the_line(voted, places=places)
    if len(tied) == seats:
        outcome.winners = sure + tied
        return
    outcome.tied, outcome.seats = tied, seats
    vote = leader.vote_in(outcome.category) if leader else None
    own = vote.effort if vote else None
    taken: list[Effort] = []
    if own in tied:
        # The leader's own vote is for one of the tied: that vote decides.
        outcome.own_tied = own
        taken.append(own)
        if seats == 1 and chosen and chosen != [own]:
            blockers.append(
                _(
                    "Your own vote was for “%(name)s”, one of the tied efforts, so your "
                    "casting vote goes to it."
                )
                % {"name": own.name}
            )
    left = seats - len(taken)
    others = [effort for effort in chosen if effort in tied and effort not in taken]
    if left and len(others) == left and len(set(others)) == left:
        taken.extend(others)
        outcome.own_vote_elsewhere = None if own in tied else own
    elif left:
        blockers.append(
            _("The vote is tied between %(efforts)s; the chair's casting vote decides.")
            % {"efforts": join_names([e.name for e in tied])}
        )
        return
    outcome.casting_vote = True
    outcome.winners = sure + [effort for effort in tied if effort in taken]


def at_the_line(
    voted: list[tuple[Effort, int]], *, places: int
) -> tuple[list[Effort], list[Effort], int]:
    """The efforts sure of a place, those with as many votes as the last place, and how
    many places are left for them; `voted` is the tally of efforts with votes, most first."""
    line = voted[places - 1][1] if len(voted) > places else 0
    sure = [effort for effort, votes in voted if votes > line]
    tied = [effort for effort, votes in voted if votes == line]
    return sure, tied, places - len(sure)
