"""The prize year's process as one state machine, from the call for nominations to the award.

    nominations upcoming → open → closed → screened
    → jury scoring → scoring closed (→ reopened) → vote → decision → announcement

One function per transition. Each locks the year's row through
`PrizeYear.objects.locked`, checks that the step is next in order, writes the
audit entry and returns the year as it is now. The admin, the chair's pages,
the commands and the demo data all go through here; nothing else writes
`opens_at`/`closes_at`, `jury_phase` or `announced_at`.

Every refusal is a PhaseError whose message says, in plain language, what has to
be done first.
"""

from collections.abc import Sequence
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.models import (
    AuditAction,
    AuditEntry,
    Effort,
    JuryPhase,
    Nomination,
    PrizeYear,
    WindowState,
    in_swedish,
)

from . import awards, ballots, basis, committee, notices
from .errors import PhaseError
from .models import Decision
from .outcome import decision_outcome
from .participation import participation


def _local(moment: datetime | None) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else "–"


def window_of(prize_year: PrizeYear) -> dict:
    """The window as JSON-ready values, for the audit trail."""
    return {
        "opens_at": prize_year.opens_at.isoformat() if prize_year.opens_at else None,
        "closes_at": prize_year.closes_at.isoformat() if prize_year.closes_at else None,
    }


def _refuse_unless_phase(prize_year: PrizeYear, allowed: set[str], first: str) -> None:
    if prize_year.jury_phase not in allowed:
        raise PhaseError(
            _("This cannot be done now: the jury's work is at “%(phase)s”. %(first)s")
            % {"phase": prize_year.get_jury_phase_display(), "first": first}
        )


def _lock_windowed_years(prize_year: PrizeYear) -> None:
    """Lock every year of the prize that has a window, in one order, before a window changes.

    Two years opened at the same moment then queue behind each other instead of
    both passing the overlap check. Other prizes' years are left alone: their windows
    may overlap this one's.
    """
    years = PrizeYear.objects.with_window().filter(prize_id=prize_year.prize_id)
    list(years.select_for_update(no_key=True).order_by("pk"))


def _refuse_overlap(prize_year: PrizeYear, opens_at: datetime, closes_at: datetime) -> None:
    """Only one year of a prize takes nominations at a time, or its form would not know which.

    Years of different prizes are open at the same time as they please.
    """
    other = (
        PrizeYear.objects.with_window()
        .filter(prize_id=prize_year.prize_id)
        .exclude(pk=prize_year.pk)
        .filter(opens_at__lt=closes_at, closes_at__gt=opens_at)
        .order_by("opens_at")
        .first()
    )
    if other:
        raise PhaseError(
            _(
                "Nominations for %(other)s are open from %(opens)s to %(closes)s, and only one "
                "prize year can take nominations at a time. Close %(other)s first, or choose "
                "dates after it."
            )
            % {
                "other": other.year,
                "opens": _local(other.opens_at),
                "closes": _local(other.closes_at),
            }
        )


def _refuse_unapproved(prize_year: PrizeYear) -> None:
    """Nominations open only for a year the committee approved, with its own case number."""
    if missing := prize_year.missing_for_opening():
        raise PhaseError(
            _("Nominations for %(year)s cannot open yet. %(missing)s")
            % {"year": prize_year.year, "missing": " ".join(missing)}
        )


def opening_blockers(*, prize_year: PrizeYear, at: datetime | None = None) -> list[str]:
    """Why "open nominations now" cannot be taken now, shown before anything is asked."""
    if prize_year.jury_phase != JuryPhase.PREPARATION:
        return [_("Nominations can only be opened before the jury starts.")]
    if prize_year.is_open(at):
        return [_("Nominations for %(year)s are already open.") % {"year": prize_year.year}]
    return prize_year.missing_for_opening()


@transaction.atomic
def open_nominations(
    *, prize_year: PrizeYear, closes_at: datetime, by, at: datetime | None = None
) -> PrizeYear:
    at = at or timezone.now()
    prize_year = PrizeYear.objects.locked(prize_year.pk, error=PhaseError)
    _refuse_unless_phase(
        prize_year,
        {JuryPhase.PREPARATION},
        _("Nominations can only be opened before the jury starts."),
    )
    if prize_year.is_open(at):
        raise PhaseError(
            _("Nominations for %(year)s are already open.") % {"year": prize_year.year}
        )
    _refuse_unapproved(prize_year)
    if closes_at <= at:
        raise PhaseError(_("The closing time must be later than now."))
    _lock_windowed_years(prize_year)
    _refuse_overlap(prize_year, at, closes_at)
    before = window_of(prize_year)
    prize_year.opens_at, prize_year.closes_at = at, closes_at
    prize_year.save(update_fields=["opens_at", "closes_at"])
    AuditEntry.record(
        actor=by,
        action=AuditAction.WINDOW_OPENED,
        prize_year=prize_year,
        summary=gettext_lazy("Opened nominations for %(year)s until %(closes)s."),
        params={"year": prize_year.year, "closes": in_swedish(closes_at)},
        changes={"before": before, "after": window_of(prize_year)},
    )
    return prize_year


@transaction.atomic
def close_nominations(*, prize_year: PrizeYear, by, at: datetime | None = None) -> PrizeYear:
    at = at or timezone.now()
    prize_year = PrizeYear.objects.locked(prize_year.pk, error=PhaseError)
    if not prize_year.is_open(at):
        raise PhaseError(
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
        summary=gettext_lazy("Closed nominations for %(year)s at %(at)s."),
        params={"year": prize_year.year, "at": in_swedish(at)},
        changes={"before": before, "after": window_of(prize_year)},
    )
    return prize_year


def check_window(
    *, prize_year: PrizeYear, opens_at: datetime | None, closes_at: datetime | None
) -> None:
    """Refuse a window the year's process does not allow; also used by the admin's form."""
    if prize_year.pk and prize_year.jury_phase != JuryPhase.PREPARATION:
        raise PhaseError(_("The nomination window cannot change once the jury has started."))
    if (opens_at is None) != (closes_at is None) or (opens_at and opens_at >= closes_at):
        raise PhaseError(_("Give both the opening and the closing time, with the opening first."))
    received = prize_year.nominations.all() if prize_year.pk else Nomination.objects.none()
    if opens_at is None:
        if received.exists():
            raise PhaseError(_("The year has nominations, so it must keep a nomination window."))
        return
    _refuse_unapproved(prize_year)
    _refuse_overlap(prize_year, opens_at, closes_at)
    outside = received.filter(Q(submitted_at__lt=opens_at) | Q(submitted_at__gte=closes_at))
    if count := outside.count():
        raise PhaseError(
            _(
                "%(count)s nominations arrived outside the new dates. Choose a window "
                "that includes every nomination already received."
            )
            % {"count": count}
        )


@transaction.atomic
def change_window(
    *, prize_year: PrizeYear, opens_at: datetime | None, closes_at: datetime | None, by
) -> PrizeYear:
    """Set the window by its dates, as the prize year's form in the admin does."""
    prize_year = PrizeYear.objects.locked(prize_year.pk, error=PhaseError)
    before = window_of(prize_year)
    if (prize_year.opens_at, prize_year.closes_at) == (opens_at, closes_at):
        return prize_year
    _lock_windowed_years(prize_year)
    check_window(prize_year=prize_year, opens_at=opens_at, closes_at=closes_at)
    prize_year.opens_at, prize_year.closes_at = opens_at, closes_at
    prize_year.save(update_fields=["opens_at", "closes_at"])
    AuditEntry.record(
        actor=by,
        action=AuditAction.WINDOW_CHANGED,
        prize_year=prize_year,
        summary=gettext_lazy(
            "Changed the nomination window for %(year)s to %(opens)s – %(closes)s."
        ),
        params={
            "year": prize_year.year,
            "opens": in_swedish(opens_at) if opens_at else "–",
            "closes": in_swedish(closes_at) if closes_at else "–",
        },
        changes={"before": before, "after": window_of(prize_year)},
    )
    return prize_year


# What the committee decided and the year records: the orientation's approval, the case
# numbers, the jury's mandate and the rule for jäv.
COMMITTEE_FIELDS = (
    "orientation_approved_by",
    "orientation_approved_on",
    "orientation_paragraph",
    "orientation_case_number",
    "case_number",
    "mandate",
    "conflict_rule",
)


def record_committee_decisions(*, prize_year: PrizeYear, before: PrizeYear | None, by) -> None:
    """Audit what the administration entered of the committee's decisions on the year.

    Called with the year as saved and as it was before (None for a new year); writes one
    entry naming the fields that changed, in Swedish, with the values before and after.
    """

    def values(year: PrizeYear | None) -> dict:
        return {
            name: _iso(value) if isinstance(value, date) else value
            for name in COMMITTEE_FIELDS
            for value in [getattr(year, name) if year else None]
        }

    old, new = values(before), values(prize_year)
    changed = [
        name for name in COMMITTEE_FIELDS if old[name] != new[name] and (before or new[name])
    ]
    if not changed:
        return
    with translation.override("sv"):
        labels = ", ".join(str(PrizeYear._meta.get_field(name).verbose_name) for name in changed)
    AuditEntry.record(
        actor=by,
        action=AuditAction.COMMITTEE_DECISIONS,
        prize_year=prize_year,
        summary=gettext_lazy("Recorded the committee's decisions for %(year)s: %(fields)s."),
        params={"year": prize_year.year, "fields": labels},
        changes={
            "before": {name: old[name] for name in changed},
            "after": {name: new[name] for name in changed},
        },
    )


def check_conflict_rule(*, prize_year: PrizeYear) -> None:
    """The rule for jäv is set before the jury starts: changing it later would change
    who took part after they acted."""
    if prize_year.pk and prize_year.jury_phase != JuryPhase.PREPARATION:
        raise PhaseError(
            _("The rule for conflicts of interest cannot change once the jury has started.")
        )


def check_max_winners(*, prize_year: PrizeYear) -> None:
    """How many may share the prize is set before the vote: the count depends on it."""
    if prize_year.pk and prize_year.jury_phase in (JuryPhase.VOTING, JuryPhase.DECIDED):
        raise PhaseError(
            _("How many winners may share the prize cannot change once the vote has opened.")
        )


def check_deadlines(*, scoring_deadline: date | None, vote_deadline: date | None) -> None:
    """Refuse deadlines out of order; also used by the admin's form."""
    if scoring_deadline and vote_deadline and vote_deadline < scoring_deadline:
        raise PhaseError(_("The last day for voting cannot come before the last day for scoring."))


@transaction.atomic
def set_deadlines(
    *, prize_year: PrizeYear, scoring_deadline: date | None, vote_deadline: date | None, by
) -> PrizeYear:
    """The jury's last days for scoring and voting: data that staff may change."""
    prize_year = PrizeYear.objects.locked(prize_year.pk, error=PhaseError)
    before = {
        "scoring_deadline": _iso(prize_year.scoring_deadline),
        "vote_deadline": _iso(prize_year.vote_deadline),
    }
    after = {"scoring_deadline": _iso(scoring_deadline), "vote_deadline": _iso(vote_deadline)}
    if before == after:
        return prize_year
    check_deadlines(scoring_deadline=scoring_deadline, vote_deadline=vote_deadline)
    prize_year.scoring_deadline, prize_year.vote_deadline = scoring_deadline, vote_deadline
    prize_year.save(update_fields=["scoring_deadline", "vote_deadline"])
    AuditEntry.record(
        actor=by,
        action=AuditAction.DEADLINES_CHANGED,
        prize_year=prize_year,
        summary=gettext_lazy(
            "Set the jury's deadlines for %(year)s: scoring %(scoring)s, voting %(vote)s."
        ),
        params={
            "year": prize_year.year,
            "scoring": in_swedish(scoring_deadline) if scoring_deadline else "–",
            "vote": in_swedish(vote_deadline) if vote_deadline else "–",
        },
        changes={"before": before, "after": after},
    )
    return prize_year


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def scoring_blockers(*, prize_year: PrizeYear, at: datetime | None = None) -> list[str]:
    """What stands between the year and the jury's scoring, in the order to fix it."""
    state = prize_year.window_state(at)
    if state in (WindowState.NONE, WindowState.UPCOMING):
        return [_("Nominations have not been open yet.")]
    if state == WindowState.OPEN:
        return [_("Nominations are still open. Close them first.")]
    blockers = []
    unscreened = Nomination.objects.filter(prize_year=prize_year).unscreened()
    if count := unscreened.count():
        references = ", ".join(
            unscreened.order_by("submitted_at").values_list("reference", flat=True)[:5]
        )
        blockers.append(
            _(
                "%(count)s nominations are not screened (%(references)s). Screen them, or set "
                "them aside with a reason."
            )
            % {"count": count, "references": references + (" …" if count > 5 else "")}
        )
    elif not Effort.objects.eligible().filter(prize_year=prize_year).exists():
        blockers.append(_("No nomination has passed the screening, so there is nothing to score."))
    return blockers


def missing_deadlines(prize_year: PrizeYear) -> list[str]:
    """The jury's deadlines not set: without them no reminder goes out (jury/reminders.py)."""
    missing = []
    if prize_year.scoring_deadline is None:
        missing.append(_("the last day for scoring"))
    if prize_year.vote_deadline is None:
        missing.append(_("the last day for voting"))
    return missing


@transaction.atomic
def open_scoring(
    *, prize_year: PrizeYear, by, at: datetime | None = None, without_deadlines_because: str = ""
) -> PrizeYear:
    """Open the jury's scoring; without both deadlines only with a reason on record."""
    prize_year = PrizeYear.objects.locked(prize_year.pk, error=PhaseError)
    _refuse_unless_phase(
        prize_year,
        {JuryPhase.PREPARATION},
        _("Scoring opens once, after the screening; reopen it from “scoring closed”."),
    )
    # Screening takes the same lock, so no verdict changes between this check and the phase.
    if blockers := scoring_blockers(prize_year=prize_year, at=at):
        raise PhaseError(" ".join(blockers))
    reason = without_deadlines_because.strip()
    missing = missing_deadlines(prize_year)
    if missing and not reason:
        raise PhaseError(
            _(
                "Set %(missing)s on the prize year first, so that the jurors get reminders. "
                "Or give a reason to open scoring without them."
            )
            % {"missing": _(" and ").join(str(m) for m in missing)}
        )
    prize_year = _move(prize_year, JuryPhase.SCORING)
    AuditEntry.record(
        actor=by,
        action=AuditAction.SCORING_OPENED,
        prize_year=prize_year,
        summary=(
            gettext_lazy(
                "Opened the jury's scoring for %(year)s without deadlines, so no reminders "
                "go out. Reason: %(reason)s"
            )
            if missing
            else gettext_lazy("Opened the jury's scoring for %(year)s.")
        ),
        params={"year": prize_year.year, "reason": reason}
        if missing
        else {"year": prize_year.year},
        changes={"without_deadlines_because": reason} if missing else None,
    )
    notices.notify(
        notice=notices.Notice.SCORING_OPENED,
        prize_year=prize_year,
        memberships=[j.membership for j in participation(prize_year=prize_year).in_office],
    )
    return prize_year


@transaction.atomic
def close_scoring(*, prize_year: PrizeYear, by) -> PrizeYear:
    prize_year = PrizeYear.objects.locked(prize_year.pk, error=PhaseError)
    _refuse_unless_phase(prize_year, {JuryPhase.SCORING}, _("Open the scoring first."))
    prize_year = _move(prize_year, JuryPhase.DELIBERATION)
    AuditEntry.record(
        actor=by,
        action=AuditAction.SCORING_CLOSED,
        prize_year=prize_year,
        summary=gettext_lazy("Closed the jury's scoring for %(year)s."),
        params={"year": prize_year.year},
    )
    return prize_year


@transaction.atomic
def reopen_scoring(*, prize_year: PrizeYear, by) -> PrizeYear:
    """Back to scoring from "scoring closed": allowed until the vote opens."""
    prize_year = PrizeYear.objects.locked(prize_year.pk, error=PhaseError)
    _refuse_unless_phase(
        prize_year,
        {JuryPhase.DELIBERATION},
        _("Scoring can be reopened only after it has closed and before the vote opens."),
    )
    prize_year = _move(prize_year, JuryPhase.SCORING)
    AuditEntry.record(
        actor=by,
        action=AuditAction.SCORING_REOPENED,
        prize_year=prize_year,
        summary=gettext_lazy("Reopened the jury's scoring for %(year)s."),
        params={"year": prize_year.year},
    )
    return prize_year


@transaction.atomic
def open_vote(*, prize_year: PrizeYear, efforts: Sequence[Effort], by) -> PrizeYear:
    prize_year = PrizeYear.objects.locked(prize_year.pk, error=PhaseError)
    _refuse_unless_phase(
        prize_year, {JuryPhase.DELIBERATION}, _("Close the scoring before the vote opens.")
    )
    # A juror out of the matter by jäv takes no part in the shortlist either.
    leader = participation(prize_year=prize_year).leader()
    if leader is None:
        raise PhaseError(
            _(
                "No one can lead the decision: the chair takes no part. Ask the administration "
                "to name a member who leads in the chair's place."
            )
        )
    if leader.user_id != by.pk:
        raise PhaseError(
            _("Only %(name)s, who leads the jury, opens the vote.") % {"name": leader.name}
        )
    eligible = Effort.objects.eligible().filter(prize_year=prize_year)
    chosen = list(eligible.filter(pk__in=[e.pk for e in efforts]))
    if not chosen:
        raise PhaseError(_("Choose at least one effort for the shortlist."))
    if blockers := ballots.shortlist_blockers(prize_year=prize_year, chosen=chosen):
        raise PhaseError(" ".join(blockers))
    Effort.objects.filter(prize_year=prize_year).update(shortlisted=False)
    Effort.objects.filter(pk__in=[e.pk for e in chosen]).update(shortlisted=True)
    prize_year = _move(prize_year, JuryPhase.VOTING)
    # The basis of the decision as it stands at this moment, frozen in this transaction.
    frozen = basis.freeze_basis(prize_year=prize_year, at=timezone.now(), by=by)
    AuditEntry.record(
        actor=by,
        action=AuditAction.VOTE_OPENED,
        prize_year=prize_year,
        summary=gettext_lazy("Opened the vote for %(year)s among: %(efforts)s."),
        params={"year": prize_year.year, "efforts": ", ".join(e.name for e in chosen)},
        changes={"shortlist": [e.pk for e in chosen], "basis": [d.pk for d in frozen]},
    )
    notices.notify(
        notice=notices.Notice.VOTE_OPENED,
        prize_year=prize_year,
        memberships=[j.membership for j in participation(prize_year=prize_year).taking_part],
    )
    return prize_year


@transaction.atomic
def decide(
    *,
    prize_year: PrizeYear,
    motivation: str,
    by,
    casting_vote: Effort | Sequence[Effort] | None = None,
    not_awarded_reason: str = "",
) -> Decision:
    """Close the vote and record the decision from the count of those who take part.

    Recorded when every juror entitled to vote has voted, or once the last day for
    voting has passed, and only by a quorate jury; a tie goes to the leader's own vote
    when it is for one of the tied efforts, else to the leader's choice among them.
    With a reason not to award the prize, the jury decides that instead: it needs a
    quorate jury and its leader, not a winner (jury/awards.py records either).
    """
    prize_year = PrizeYear.objects.locked(prize_year.pk, error=PhaseError)
    _refuse_unless_phase(prize_year, {JuryPhase.VOTING}, _("Open the vote first."))
    not_awarded_reason = not_awarded_reason.strip()
    if not not_awarded_reason and not motivation.strip():
        raise PhaseError(_("Write the jury's motivation for the decision."))
    outcome = decision_outcome(
        prize_year=prize_year,
        by=by,
        casting_vote=casting_vote,
        award=not not_awarded_reason,
    )
    if outcome.blockers:
        raise PhaseError(" ".join(outcome.blockers))
    prize_year = _move(prize_year, JuryPhase.DECIDED)
    return awards.record_decision(
        prize_year=prize_year,
        outcome=outcome,
        motivation="" if not_awarded_reason else motivation.strip(),
        not_awarded_reason=not_awarded_reason,
        by=by,
    )


def announcement_blockers(*, prize_year: PrizeYear) -> list[str]:
    """What stands between the decision and publishing the winner."""
    decision = Decision.objects.filter(prize_year=prize_year).first()
    if decision is None:
        return [
            _("The jury has not decided a winner for %(year)s yet. Wait for the decision.")
            % {"year": prize_year.year}
        ]
    if prize_year.announced_at:
        return [_("The winner of %(year)s is already announced.") % {"year": prize_year.year}]
    if not decision.is_checked:
        return [
            _(
                "The decision is not yet checked (justerat) by the chair and the checker. "
                "The winner can be published once it is."
            )
        ]
    # Where the jury only proposes, the committee's decision comes first.
    return committee.publication_blockers(prize_year=prize_year)


def announced_early(prize_year: PrizeYear, at: datetime | None = None) -> bool:
    """Published before the conference day: the reason must then be recorded."""
    day = prize_year.conference_date
    return day is not None and timezone.localdate(at or timezone.now()) < day


@transaction.atomic
def announce_winner(
    *, prize_year: PrizeYear, by, at: datetime | None = None, reason: str = ""
) -> PrizeYear:
    """Show the decided, checked winner on the public pages from now on.

    Normally at the conference; before its day only with a reason, which is recorded.
    """
    at = at or timezone.now()
    prize_year = PrizeYear.objects.locked(prize_year.pk, error=PhaseError)
    if blockers := announcement_blockers(prize_year=prize_year):
        raise PhaseError(" ".join(blockers))
    early = announced_early(prize_year, at)
    if early and not reason.strip():
        raise PhaseError(
            _("The conference is on %(day)s. To publish the winner before it, give the reason.")
            % {"day": date_format(prize_year.conference_date, "DATE_FORMAT")}
        )
    # The committee's decision where one decided; else the jury's, every winner it named.
    chosen = committee.winner_of_record(prize_year=prize_year)
    prize_year.announced_at = at
    prize_year.announcement_reason = reason.strip() if early else ""
    prize_year.save(update_fields=["announced_at", "announcement_reason"])
    if not chosen.awarded:
        summary = gettext_lazy("Announced that the prize of %(year)s is not awarded.")
    elif early:
        summary = gettext_lazy(
            "Announced “%(winner)s” as the winner of %(year)s before the conference "
            "(%(day)s): %(reason)s"
        )
    else:
        summary = gettext_lazy("Announced “%(winner)s” as the winner of %(year)s.")
    with translation.override("sv"):  # the trail is in Swedish (AuditEntry.record)
        winner = chosen.winner_names
    AuditEntry.record(
        actor=by,
        action=AuditAction.ANNOUNCED,
        prize_year=prize_year,
        summary=summary,
        params={
            "winner": winner,
            "year": prize_year.year,
            "day": in_swedish(prize_year.conference_date) if early else "",
            "reason": prize_year.announcement_reason,
        },
        changes={"reason": prize_year.announcement_reason} if early else None,
    )
    return prize_year


def _move(prize_year: PrizeYear, phase: str) -> PrizeYear:
    """Write the new phase on a row the caller has locked and checked."""
    prize_year.jury_phase = phase
    prize_year.save(update_fields=["jury_phase"])
    return prize_year


def closing_blockers(*, prize_year: PrizeYear, at: datetime | None = None) -> list[str]:
    """Why "close nominations now" cannot be taken now."""
    if not prize_year.is_open(at):
        return [
            _("Nominations for %(year)s are not open, so they cannot be closed.")
            % {"year": prize_year.year}
        ]
    return []


def opening_scoring_blockers(*, prize_year: PrizeYear, at: datetime | None = None) -> list[str]:
    """Why "open the jury's scoring" cannot be taken now: the phase, then the screening."""
    if prize_year.jury_phase != JuryPhase.PREPARATION:
        return [_("Scoring is already open or has been open; reopen it from “scoring closed”.")]
    return scoring_blockers(prize_year=prize_year, at=at)


def closing_scoring_blockers(*, prize_year: PrizeYear) -> list[str]:
    if prize_year.jury_phase != JuryPhase.SCORING:
        return [
            _("Scoring is not open: the jury's work is at “%(phase)s”.")
            % {"phase": prize_year.get_jury_phase_display()}
        ]
    return []


def reopening_blockers(*, prize_year: PrizeYear) -> list[str]:
    """Scoring can be reopened only from "scoring closed", before the vote opens."""
    if prize_year.jury_phase != JuryPhase.DELIBERATION:
        return [
            _(
                "Scoring can be reopened only after it has closed and before the vote opens. "
                "The jury's work is at “%(phase)s”."
            )
            % {"phase": prize_year.get_jury_phase_display()}
        ]
    return []


def chair_scoring_blockers(*, prize_year: PrizeYear, at: datetime | None = None) -> list[str]:
    """What the chair's page says stands before scoring: the chair cannot set deadlines, so
    the missing ones are the administration's to fix (only staff may open without them)."""
    blockers = scoring_blockers(prize_year=prize_year, at=at)
    if missing := missing_deadlines(prize_year):
        blockers.append(
            _(
                "The administration has not set %(missing)s, so no reminders can go out. "
                "Ask them to set the deadlines on the prize year."
            )
            % {"missing": _(" and ").join(str(m) for m in missing)}
        )
    return blockers
