"""The year at a glance ("Årets gång"): each step with its state, who took it and when."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nominations.models import (
    AuditAction,
    AuditEntry,
    Effort,
    JuryPhase,
    Nomination,
    PrizeYear,
    WindowState,
)

from .models import CommitteeDecision, Vote
from .phases import scoring_blockers
from .scoring import MemberProgress, jury_progress

# The jury's phases in order, so a step is done once the year has passed it.
PHASE_ORDER = [
    JuryPhase.PREPARATION,
    JuryPhase.SCORING,
    JuryPhase.DELIBERATION,
    JuryPhase.VOTING,
    JuryPhase.DECIDED,
]


@dataclass(frozen=True)
class Step:
    key: str
    title: str | Promise
    done: bool
    who: str = ""
    when: datetime | None = None
    # Taken, and still going on: the window open, the jury scoring or voting.
    under_way: bool = False
    # The step as something to do, for "Next step".
    action: str | Promise = ""


@dataclass(frozen=True)
class Overview:
    prize_year: PrizeYear
    steps: list[Step]
    blockers: list[str]
    counts: dict[str, int]
    members: list[MemberProgress]
    eligible_efforts: int
    votes_cast: int

    @property
    def current(self) -> Step | None:
        """The first step not yet taken: what the administration or the chair does next."""
        return next((step for step in self.steps if not step.done), None)


def _latest(prize_year: PrizeYear, *actions: str) -> AuditEntry | None:
    return (
        AuditEntry.objects.filter(prize_year=prize_year, action__in=actions)
        .order_by("-at", "-pk")
        .first()
    )


def year_overview(*, prize_year: PrizeYear) -> Overview:
    state = prize_year.window_state()
    phase = PHASE_ORDER.index(prize_year.jury_phase)
    nominations = Nomination.objects.filter(prize_year=prize_year)
    unscreened = nominations.unscreened().count()
    # Withdrawn by the nominator: received and kept, but neither screened nor left to screen.
    withdrawn = nominations.withdrawn().count()
    reached = {
        "open": state in (WindowState.OPEN, WindowState.CLOSED),
        "closed": state == WindowState.CLOSED,
        "screened": state == WindowState.CLOSED and unscreened == 0,
        "scoring": phase >= 1,
        "scoring_closed": phase >= 2,
        "vote": phase >= 3,
        "decision": phase >= 4,
        "announced": prize_year.announced_at is not None,
    }
    titles = {
        "open": _("Nominations open"),
        "closed": _("Nominations close"),
        "screened": _("Every nomination screened"),
        "scoring": _("The jury scores"),
        "scoring_closed": _("Scoring closed"),
        "vote": _("The jury votes"),
        "decision": _("The winner is decided"),
        # Truthful about when and where: published early is not "at the conference".
        "announced": _("The winner is published before the conference")
        if prize_year.announcement_reason
        else _("The winner is announced at the conference"),
    }
    to_do = {
        "open": _("Open the nominations"),
        "closed": _("Close the nominations"),
        "screened": _("Screen every nomination"),
        "scoring": _("Open the jury's scoring"),
        "scoring_closed": _("Close the scoring"),
        "vote": _("Open the vote"),
        "decision": _("Record the decision"),
        "announced": _("Announce the winner at the conference"),
    }
    under_way = {
        "open": state == WindowState.OPEN,
        "scoring": prize_year.jury_phase == JuryPhase.SCORING,
        "vote": prize_year.jury_phase == JuryPhase.VOTING,
    }
    actions = {
        "open": [AuditAction.WINDOW_OPENED, AuditAction.WINDOW_CHANGED],
        "closed": [AuditAction.WINDOW_CLOSED, AuditAction.WINDOW_CHANGED],
        "screened": [AuditAction.SCREENED, AuditAction.SET_ASIDE],
        "scoring": [AuditAction.SCORING_OPENED, AuditAction.SCORING_REOPENED],
        "scoring_closed": [AuditAction.SCORING_CLOSED],
        "vote": [AuditAction.VOTE_OPENED],
        "decision": [AuditAction.DECISION],
        "announced": [AuditAction.ANNOUNCED],
    }
    if prize_year.prize.committee_decides:
        _add_committee_step(prize_year, reached, titles, to_do, actions)
    # The window's own dates say when it opened or closed even if no one pressed a button;
    # the closing as people say it, "until 23:59", as everywhere else.
    dates = {"open": prize_year.opens_at, "closed": prize_year.last_open_minute}
    steps = []
    for key, title in titles.items():
        entry = _latest(prize_year, *actions[key]) if reached[key] else None
        steps.append(
            Step(
                key=key,
                title=title,
                done=reached[key],
                who=entry.actor_name if entry else "",
                when=dates.get(key) or (entry.at if entry else None),
                under_way=under_way.get(key, False),
                action=to_do[key],
            )
        )
    efforts = Effort.objects.filter(prize_year=prize_year).annotate(n=Count("nominations"))
    counts = {
        "received": nominations.count(),
        "screened": nominations.count() - unscreened - withdrawn,
        "unscreened": unscreened,
        "eligible": nominations.eligible().count(),
        "rejected": nominations.rejected().count(),
        "set_aside": nominations.set_aside().count(),
        "withdrawn": withdrawn,
        "grouped": efforts.filter(n__gt=1).count(),
    }
    members = jury_progress(prize_year=prize_year)
    return Overview(
        prize_year=prize_year,
        steps=steps,
        blockers=scoring_blockers(prize_year=prize_year)
        if prize_year.jury_phase == JuryPhase.PREPARATION
        else [],
        counts=counts,
        members=members,
        eligible_efforts=Effort.objects.eligible().filter(prize_year=prize_year).count(),
        votes_cast=Vote.objects.filter(prize_year=prize_year).count(),
    )


def _add_committee_step(prize_year: PrizeYear, reached, titles, to_do, actions) -> None:
    """Where a committee decides (jury/committee.py), the jury proposes and the committee's
    decision comes before the announcement."""
    body = prize_year.prize.deciding_body
    titles["decision"] = _("The jury proposes the winner")
    to_do["decision"] = _("Record the jury's proposal")
    announced = titles.pop("announced")
    titles["committee"] = _("%(body)s decides on the proposal") % {"body": body}
    titles["announced"] = announced
    reached["committee"] = CommitteeDecision.objects.filter(prize_year=prize_year).exists()
    to_do["committee"] = _("Record the committee's decision on the jury's proposal")
    actions["committee"] = [AuditAction.COMMITTEE_DECISION]
