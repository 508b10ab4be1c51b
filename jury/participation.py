"""Who lawfully takes part in the year's one matter, and what of their work is counted.

The matter (ärendet) is the choice of the year's winner among all the efforts, made in
one vote. Jäv (kommunallagen 6 kap. 28 §, förvaltningslagen 16 §) therefore concerns the
whole matter: under the year's rule "the whole matter" a juror with a conflict of
interest on any effort takes no further part in it; under "per effort" the juror does
not score that effort and takes no part in the vote when it is on the shortlist. A juror
whose appointment has ended takes no part either.

Nothing a juror did is ever deleted. A score or vote given before a declaration, a
ruling or the end of an appointment stays in the record and is simply not counted; a
declaration withdrawn by mistake makes it count again. `participation` derives all of
this from the rows, and the ranking, the shortlist, the count, the chair's pages and
the decision PDF read it, so what a document lists and what was counted cannot differ.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from nominations.collation import in_swedish_order
from nominations.models import ConflictRule, Effort, JuryPhase, PrizeCategory, PrizeYear

from .errors import JuryError
from .models import ConflictDeclaration, Decision, JuryMembership, JuryRole, Vote


def lock_undecided(prize_year_id: int, *, error: type[Exception] = JuryError) -> PrizeYear:
    """The year's row, locked, unless its winner is decided: the one home of "decided".

    Once decided, nothing may change who took part in the decision: appointing,
    changing, ending or removing an appointment, declaring or withdrawing jäv,
    questioning or ruling, voting. Every one of those calls this first.
    """
    prize_year = PrizeYear.objects.locked(prize_year_id, error=error)
    if prize_year.jury_phase == JuryPhase.DECIDED:
        raise error(
            _(
                "The winner of %(year)s is decided. Who took part in the decision can no "
                "longer change."
            )
            % {"year": prize_year.year}
        )
    return prize_year


def leaders(counts: list[tuple[Effort, int]]) -> list[Effort]:
    """The efforts with the most votes: one winner, or several in a tie."""
    if not counts or counts[0][1] == 0:
        return []
    best = counts[0][1]
    return [effort for effort, votes in counts if votes == best]


class Why:
    """Why a juror, or a score or vote of theirs, is not counted."""

    ENDED = "ended"  # the appointment was ended early
    EXPIRED = "expired"  # its last day has passed
    CONFLICT = "conflict"  # a declaration or ruling of jäv in force


@dataclass(frozen=True)
class Exclusion:
    why: str
    since: datetime | date
    effort: Effort | None = None
    by_ruling: bool = False


@dataclass
class Juror:
    """One appointment of the year as the count sees it at one moment."""

    membership: JuryMembership
    in_office: bool
    # Why the juror takes no part in the decision; empty when they do.
    exclusions: list[Exclusion] = field(default_factory=list)
    # Efforts whose score by this juror is not counted, and why (effort id → exclusion);
    # under the rule "the whole matter" one conflict blocks every effort.
    blocked: dict[int, Exclusion] = field(default_factory=dict)
    blocked_all: Exclusion | None = None
    # Every declaration of theirs in force, including on efforts off the shortlist.
    conflicts: list[Exclusion] = field(default_factory=list)
    # Their votes by category id (None in a year without categories: one vote).
    votes: dict[int | None, Vote] = field(default_factory=dict)

    @property
    def vote(self) -> Vote | None:
        """Their one vote in a year without categories (vote_in() for a category)."""
        return self.votes.get(None)

    def vote_in(self, category: PrizeCategory | None) -> Vote | None:
        return self.votes.get(category.pk if category else None)

    @property
    def user_id(self) -> int:
        return self.membership.user_id

    @property
    def name(self) -> str:
        return self.membership.display_name

    @property
    def takes_part(self) -> bool:
        return not self.exclusions

    def why_not_scoring(self, effort_id: int) -> Exclusion | None:
        """Why their score of the effort is not counted (and cannot be given), or None."""
        if not self.in_office:
            return self.exclusions[0]
        return self.blocked_all or self.blocked.get(effort_id)


@dataclass
class Participation:
    """The year's jury at one moment: who takes part, whose work counts, and the count."""

    prize_year: PrizeYear
    at: datetime
    jurors: list[Juror]
    shortlist: list[Effort]
    # The year's categories (nominations/categories.py): none, or a vote in each.
    categories: list[PrizeCategory] = field(default_factory=list)

    @property
    def ballots(self) -> list[PrizeCategory | None]:
        """What each juror votes in: every category, or the year as one (None)."""
        return list(self.categories) or [None]

    def shortlist_in(self, category: PrizeCategory | None) -> list[Effort]:
        if category is None:
            return self.shortlist
        return [effort for effort in self.shortlist if effort.category_id == category.pk]

    def missing_in(self, category: PrizeCategory | None) -> list[Juror]:
        """Who takes part and has not voted in the category (or the year) yet."""
        return [j for j in self.taking_part if j.vote_in(category) is None]

    @property
    def in_office(self) -> list[Juror]:
        return [j for j in self.jurors if j.in_office]

    @property
    def seats(self) -> list[Juror]:
        """The members in office whose seat counts for the quorum: a juror for whom a
        replacement (ersättare) serves has handed the seat to the replacement."""
        replaced = {j.membership.replaces_id for j in self.in_office}
        return [j for j in self.in_office if j.membership.pk not in replaced]

    @property
    def taking_part(self) -> list[Juror]:
        return [j for j in self.jurors if j.takes_part]

    @property
    def not_taking_part(self) -> list[Juror]:
        return [j for j in self.jurors if not j.takes_part]

    @property
    def quorate(self) -> bool:
        """More than half of the members in office take part (as KL 6 kap. 27 §)."""
        return len(self.taking_part) * 2 > len(self.seats)

    @property
    def needed(self) -> int:
        """How many must take part for the jury to be quorate."""
        return len(self.seats) // 2 + 1

    @property
    def missing_votes(self) -> list[Juror]:
        """Who takes part and has not voted in every category (or the year) yet."""
        ballots = self.ballots
        return [j for j in self.taking_part if any(j.vote_in(b) is None for b in ballots)]

    @property
    def uncounted_votes(self) -> list[Juror]:
        return [j for j in self.jurors if j.votes and not j.takes_part]

    def tally(self, category: PrizeCategory | None = None) -> list[tuple[Effort, int]]:
        """Counted votes per shortlisted effort, most first, then by name: of one category,
        or of the whole year (a vote is always for an effort of its own category)."""
        counts = Counter(vote.effort_id for j in self.taking_part for vote in j.votes.values())
        shortlist = self.shortlist_in(category)
        rows = [(effort, counts.get(effort.pk, 0)) for effort in shortlist]
        return sorted(rows, key=lambda row: (-row[1], row[0].name, row[0].pk))

    def leaders(self) -> list[Effort]:
        return leaders(self.tally())

    def juror(self, user_id: int) -> Juror | None:
        return next((j for j in self.jurors if j.user_id == user_id), None)

    @property
    def chair(self) -> Juror | None:
        return next((j for j in self.jurors if j.membership.role == JuryRole.CHAIR), None)

    def leader(self, *, questioned_user_id: int | None = None) -> Juror | None:
        """Who leads the jury now: the chair, or the member the administration named when
        the chair takes no part or is the one questioned."""
        for candidate in (self.chair, *[j for j in self.jurors if j.membership.deputy]):
            if candidate and candidate.takes_part and candidate.user_id != questioned_user_id:
                return candidate
        return None

    def vote_deadline_passed(self) -> bool:
        deadline = self.prize_year.vote_deadline
        return deadline is not None and timezone.localdate(self.at) > deadline

    def conflicted_efforts(self) -> set[int]:
        """Efforts off the shortlist on which a juror who takes part has jäv (the rule "per
        effort"): the jury as it sits cannot decide anything more about them, such as an
        honourable mention (jury/awards.py)."""
        return {effort_id for juror in self.taking_part for effort_id in juror.blocked}

    def counted_score(self, *, user_id: int, effort_id: int) -> bool:
        juror = self.juror(user_id)
        return juror is not None and juror.why_not_scoring(effort_id) is None


def moment_of(prize_year: PrizeYear) -> datetime:
    """The moment the count speaks of: the decision's, once decided, else now."""
    decided_at = (
        Decision.objects.filter(prize_year=prize_year).values_list("decided_at", flat=True).first()
    )
    return decided_at or timezone.now()


def participation(*, prize_year: PrizeYear, at: datetime | None = None) -> Participation:
    """Who takes part in the year's matter at the moment, and what of their work counts.

    Five queries, however large the jury: appointments, declarations in force, the
    shortlist, the votes and the year's categories.
    """
    at = at or moment_of(prize_year)
    # The chair first, then the members in Swedish alphabetical order.
    memberships = in_swedish_order(
        JuryMembership.objects.filter(prize_year=prize_year).select_related("user"),
        key=lambda m: (m.role, m.user.last_name, m.user.first_name, f"{m.pk:012d}"),
    )
    declarations: dict[int, list[ConflictDeclaration]] = defaultdict(list)
    # Once the year is decided nothing can be declared, withdrawn or voted any more
    # (lock_undecided), so the rows as they are now are the rows as they were then.
    in_force = ConflictDeclaration.objects.in_force().filter(effort__prize_year=prize_year)
    for declaration in in_force.select_related("effort").order_by("declared_at", "pk"):
        declarations[declaration.juror_id].append(declaration)
    shortlist = list(
        Effort.objects.eligible()
        .filter(prize_year=prize_year, shortlisted=True)
        .select_related("category")
        .order_by("name")
    )
    shortlisted = {effort.pk for effort in shortlist}
    votes: dict[int, dict[int | None, Vote]] = defaultdict(dict)
    for vote in Vote.objects.filter(prize_year=prize_year).select_related("effort"):
        votes[vote.juror_id][vote.category_id] = vote
    whole_matter = prize_year.conflict_rule == ConflictRule.MATTER
    jurors = []
    for membership in memberships:
        juror = Juror(
            membership=membership,
            in_office=membership.in_office(at),
            votes=votes.get(membership.user_id, {}),
        )
        if membership.ended_at is not None and membership.ended_at <= at:
            juror.exclusions.append(Exclusion(Why.ENDED, membership.ended_at))
        elif not juror.in_office:
            juror.exclusions.append(Exclusion(Why.EXPIRED, membership.ends_on + timedelta(days=1)))
        for declaration in declarations.get(membership.user_id, []):
            exclusion = Exclusion(
                Why.CONFLICT,
                declaration.declared_at,
                effort=declaration.effort,
                by_ruling=declaration.ruling_id is not None,
            )
            juror.conflicts.append(exclusion)
            juror.blocked.setdefault(declaration.effort_id, exclusion)
            if whole_matter and juror.blocked_all is None:
                juror.blocked_all = exclusion
            if whole_matter or declaration.effort_id in shortlisted:
                juror.exclusions.append(exclusion)
        jurors.append(juror)
    return Participation(
        prize_year=prize_year,
        at=at,
        jurors=jurors,
        shortlist=shortlist,
        categories=list(PrizeCategory.objects.filter(prize_year=prize_year)),
    )
