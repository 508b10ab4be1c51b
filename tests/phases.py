"""bring_to_phase: a prize year moved on to a phase of the jury's work as a real year is.

A test that needs a year in scoring, at the vote or decided gets there through the
functions of jury/phases.py that the administration and the chair use: nominations open
and close, the scoring opens (and closes), the leader opens the vote on a shortlist, the
jurors taking part vote and the leader records the decision. Each step checks what it
checks in production and writes its audit entry, so a test never holds a year that the
state machine could not have reached, and a new rule on a step shows in every test.

What the steps need and cannot make up is the test's own data, made before the call:
screened nominations with at least one eligible effort before scoring opens (a
nomination still unscreened stops it, as it would stop the administration), and an
appointed chair (make_juror(year, "chair", role="chair")) before the vote opens.
"""

from collections.abc import Sequence
from datetime import timedelta

from django.utils import timezone

from jury import phases, voting
from jury.models import JuryMembership
from jury.participation import participation
from nominations.models import Effort, JuryPhase, PrizeYear, WindowState

ORDER = [
    JuryPhase.PREPARATION,
    JuryPhase.SCORING,
    JuryPhase.DELIBERATION,
    JuryPhase.VOTING,
    JuryPhase.DECIDED,
]
# A year in the tests has its jury's deadlines only when the test sets them.
WITHOUT_DEADLINES = "Testet sätter inga tidsgränser för juryn."
MOTIVATION = "Insatsen förenar många aktörer och har gett goda resultat."


def bring_to_phase(
    prize_year: PrizeYear,
    phase: str,
    *,
    by=None,
    shortlist: Sequence[Effort] | None = None,
    motivation: str = MOTIVATION,
) -> PrizeYear:
    """Move the year forward, step by step, until its jury's work is at `phase`.

    `by` is who takes the administration's steps (None: a scheduled job, "system" in the
    audit trail); the vote is opened and decided by whoever leads the jury. The vote's
    shortlist is `shortlist`, or every eligible effort; to reach DECIDED every juror
    taking part who has not voted votes for the shortlist's first effort. From "scoring
    closed" the year goes back to scoring only by reopening it. Returns the year as
    stored, and brings the instance given up to date too, as tests go on using it.
    """
    current = PrizeYear.objects.get(pk=prize_year.pk)
    if current.jury_phase == JuryPhase.DELIBERATION and phase == JuryPhase.SCORING:
        current = phases.reopen_scoring(prize_year=current, by=by)
    if ORDER.index(phase) < ORDER.index(current.jury_phase):
        raise ValueError(f"{prize_year.year} is at {current.jury_phase}, past {phase}")
    while current.jury_phase != phase:
        current = _next_step(current, by=by, shortlist=shortlist, motivation=motivation)
    prize_year.refresh_from_db()
    return current


def _next_step(prize_year: PrizeYear, *, by, shortlist, motivation: str) -> PrizeYear:
    if prize_year.jury_phase == JuryPhase.PREPARATION:
        prize_year = _nominations_closed(prize_year, by=by)
        missing = phases.missing_deadlines(prize_year)
        return phases.open_scoring(
            prize_year=prize_year,
            by=by,
            without_deadlines_because=WITHOUT_DEADLINES * bool(missing),
        )
    if prize_year.jury_phase == JuryPhase.SCORING:
        return phases.close_scoring(prize_year=prize_year, by=by)
    leader = participation(prize_year=prize_year).leader()
    leading = leader.membership.user if leader else by
    if prize_year.jury_phase == JuryPhase.DELIBERATION:
        efforts = shortlist or list(Effort.objects.eligible().filter(prize_year=prize_year))
        return phases.open_vote(prize_year=prize_year, efforts=efforts, by=leading)
    _everyone_votes(prize_year)
    decision = phases.decide(prize_year=prize_year, motivation=motivation, by=leading)
    return decision.prize_year


def _nominations_closed(prize_year: PrizeYear, *, by) -> PrizeYear:
    """The window as it is once nominations have closed: opened if it never was, then closed.

    Opened ninety days ago and closed a day ago, so the jury's work starts from a window
    in the past without travelling in time.
    """
    now = timezone.now()
    state = prize_year.window_state(now)
    if state in (WindowState.NONE, WindowState.UPCOMING):
        prize_year = phases.open_nominations(
            prize_year=prize_year, closes_at=now, by=by, at=now - timedelta(days=90)
        )
        prize_year = phases.close_nominations(
            prize_year=prize_year, by=by, at=now - timedelta(days=1)
        )
    elif state == WindowState.OPEN:
        prize_year = phases.close_nominations(prize_year=prize_year, by=by, at=now)
    return prize_year


def _everyone_votes(prize_year: PrizeYear) -> None:
    """Each juror taking part votes where they have not: for the shortlist's first effort
    (of each category, in a year with categories)."""
    count = participation(prize_year=prize_year)
    shortlist = voting.shortlist(prize_year=prize_year).order_by("pk")
    for category in count.ballots:
        first = (shortlist.filter(category=category) if category else shortlist).first()
        for juror in count.taking_part:
            if juror.vote_in(category) is None:
                membership = JuryMembership.objects.get(pk=juror.membership.pk)
                voting.cast_vote(membership=membership, effort=first)
