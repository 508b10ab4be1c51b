"""What the vote gives: the count, the winner and what stands in the way of recording it.

The chair's confirmation page shows it before anything is asked, and phases.decide()
works it out again on the locked row, from the same count (jury/participation.py).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nominations.models import Effort, PrizeYear
from trygghetspris.people import join_names

from .participation import Juror, Participation, leaders, participation


@dataclass
class Outcome:
    """What recording the decision now would give, and what stands in its way.

    Shown on the chair's confirmation page before anything is recorded, and checked
    again, on the locked row, when it is.
    """

    count: Participation
    tally: list[tuple[Effort, int]]
    tied: list[Effort]
    winner: Effort | None = None
    casting_vote: bool = False
    # The leader's own counted vote, when the tie was broken in favour of another effort.
    own_vote_elsewhere: Effort | None = None
    blockers: list[str] = field(default_factory=list)

    @property
    def not_voted(self) -> list[Juror]:
        return self.count.missing_votes

    @property
    def not_voted_names(self) -> str:
        return ", ".join(j.name for j in self.not_voted)


def decision_outcome(
    *, prize_year: PrizeYear, by, casting_vote: Effort | None = None, at: datetime | None = None
) -> Outcome:
    """The count, the winner it gives and why it cannot be recorded yet, if it cannot."""
    count = participation(prize_year=prize_year, at=at or timezone.now())
    counts = count.tally()
    top = leaders(counts)
    outcome = Outcome(count=count, tally=counts, tied=top if len(top) > 1 else [])
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
    if not top:
        blockers.append(_("No votes have been cast yet. Wait for the jurors to vote."))
    elif len(top) == 1:
        outcome.winner = top[0]
    else:
        own = leader.vote.effort if leader and leader.vote else None
        if own in top:
            # The leader's own vote is for one of the tied: that vote decides.
            if casting_vote is not None and casting_vote != own:
                blockers.append(
                    _(
                        "Your own vote was for “%(name)s”, one of the tied efforts, so your "
                        "casting vote goes to it."
                    )
                    % {"name": own.name}
                )
            outcome.winner, outcome.casting_vote = own, True
        elif casting_vote in top:
            outcome.winner, outcome.casting_vote = casting_vote, True
            outcome.own_vote_elsewhere = own
        else:
            blockers.append(
                _("The vote is tied between %(efforts)s; the chair's casting vote decides.")
                % {"efforts": join_names([e.name for e in top])}
            )
    return outcome
