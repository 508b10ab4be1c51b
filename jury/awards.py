"""What the jury's decision gives besides one winner: a prize not awarded, a prize shared
between several winners, and honourable mentions (hedersomnämnanden).

Closing the vote is a step of the year (jury/phases.py `decide`): it checks the order,
works out the outcome from the count (jury/outcome.py) and records the decision here,
with its audit entry. Honourable mentions are part of the decision: the one who led it
records or withdraws them until the decision is justerad (jury/justering.py); a change
after a check undoes the checks, as a reservation does.

Winners named by hand rather than counted (a committee deciding otherwise than the jury
proposed, jury/committee.py) are checked by `winner_set_blockers`, the one rule of which
efforts may together be a year's winners.
"""

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.models import AuditAction, AuditEntry, Effort, PrizeCategory, PrizeYear
from trygghetspris.people import display_name, join_names

from . import justering
from .errors import JusteringError
from .models import Decision, HonourableMention, SharedWinner
from .outcome import Outcome
from .participation import participation

# A reason not to award, or a mention's motivation (read out like the winner's): a
# sentence or two at least.
MIN_MENTION_LENGTH = 20
MENTIONS_CHANGED = gettext_lazy(
    "The justering of the decision for %(year)s was undone because its honourable mentions "
    "changed; the chair and the checker check it again."
)


def record_decision(
    *, prize_year: PrizeYear, outcome: Outcome, motivation: str, not_awarded_reason: str, by
) -> Decision:
    """The decision as the count gave it, and its audit entry; phases.decide() calls it on
    the locked year, once the step is allowed."""
    values = {
        "prize_year": prize_year,
        "tally": {str(effort.pk): votes for effort, votes in outcome.tally},
        "decided_by": by,
        "decided_at": outcome.count.at,
    }
    took_part = {
        "took_part": [j.user_id for j in outcome.count.taking_part],
        "not_counted": [j.user_id for j in outcome.count.uncounted_votes],
    }
    if not_awarded_reason:
        decision = Decision.objects.create(**values, not_awarded_reason=not_awarded_reason)
        AuditEntry.record(
            actor=by,
            action=AuditAction.DECISION,
            prize_year=prize_year,
            summary=gettext_lazy(
                "The jury decided not to award the prize for %(year)s: %(reason)s"
            ),
            params={"year": prize_year.year, "reason": not_awarded_reason},
            changes={"not_awarded": not_awarded_reason, "tally": decision.tally, **took_part},
        )
        return decision
    winners = outcome.winners
    decision = Decision.objects.create(
        **values, effort=winners[0], motivation=motivation, casting_vote=outcome.casting_vote
    )
    SharedWinner.objects.bulk_create(
        SharedWinner(decision=decision, effort=effort, position=position)
        for position, effort in enumerate(winners[1:], start=2)
    )
    shared = len(winners) > 1
    if outcome.parts:
        # A year with categories: a winner (or a shared prize) in each.
        summary = gettext_lazy("The jury chose the winners of %(year)s: %(winner)s.")
        name = "; ".join(
            f"{part.category.name}: {', '.join(f'”{e.name}”' for e in part.winners)}"
            for part in outcome.parts
        )
    elif shared:
        summary = (
            gettext_lazy(
                "The jury chose %(winner)s to share the prize of %(year)s, by the chair's "
                "casting vote."
            )
            if outcome.casting_vote
            else gettext_lazy("The jury chose %(winner)s to share the prize of %(year)s.")
        )
        with translation.override("sv"):  # the trail is in Swedish (AuditEntry.record)
            name = join_names([f"”{effort.name}”" for effort in winners])
    else:
        summary = (
            gettext_lazy(
                "The jury chose “%(winner)s” as the winner of %(year)s, by the chair's "
                "casting vote."
            )
            if outcome.casting_vote
            else gettext_lazy("The jury chose “%(winner)s” as the winner of %(year)s.")
        )
        name = winners[0].name
    AuditEntry.record(
        actor=by,
        action=AuditAction.DECISION,
        prize_year=prize_year,
        summary=summary,
        params={"winner": name, "year": prize_year.year},
        changes={
            "winner": winners[0].pk,
            **({"winners": [effort.pk for effort in winners]} if shared else {}),
            "tally": decision.tally,
            "casting_vote": outcome.casting_vote,
            **took_part,
            "not_voted": [j.user_id for j in outcome.not_voted],
        },
    )
    return decision


def eligible_efforts(*, prize_year: PrizeYear) -> QuerySet[Effort]:
    """The efforts a winner may be chosen among: every eligible effort of the year."""
    return Effort.objects.filter(prize_year=prize_year).eligible().order_by("name", "pk")


def winner_set_blockers(*, prize_year: PrizeYear, efforts: Sequence[Effort]) -> list[str]:
    """Why these efforts cannot together be the year's winners; empty when they can.

    At least one, at most the year's most winners (PrizeYear.max_winners), each once,
    each among the year's eligible efforts; in a year with categories, that many in each
    category (jury/ballots.py). A plain list, the first winner first.
    """
    efforts = list(efforts)
    if not efforts:
        return [_("Choose at least one winning effort.")]
    blockers = []
    places = prize_year.max_winners
    categories = list(prize_year.categories.all())
    if categories:
        # A year with categories has a winner in each (up to max_winners sharing it).
        blockers += _category_blockers(efforts, categories, places=places)
    elif len(efforts) > places:
        params = {"year": prize_year.year, "count": places, "chosen": len(efforts)}
        blockers.append(
            _("The prize of %(year)s has one winner only. Choose one effort.") % params
            if places == 1
            else _(
                "The prize of %(year)s may be shared by at most %(count)s winners. "
                "%(chosen)s were chosen."
            )
            % params
        )
    pks = [effort.pk for effort in efforts]
    if len(set(pks)) < len(pks):
        blockers.append(_("Choose each winning effort only once."))
    eligible = set(
        eligible_efforts(prize_year=prize_year).filter(pk__in=pks).values_list("pk", flat=True)
    )
    if outside := [effort.name for effort in efforts if effort.pk not in eligible]:
        blockers.append(
            _("Choose among the eligible efforts of %(year)s. Not among them: %(names)s.")
            % {"year": prize_year.year, "names": join_names(list(dict.fromkeys(outside)))}
        )
    return blockers


def _category_blockers(
    efforts: list[Effort], categories: list[PrizeCategory], *, places: int
) -> list[str]:
    blockers = []
    if without := [e.name for e in efforts if e.category_id is None]:
        blockers.append(
            _("%(names)s is in no category. Choose winners in the year's categories.")
            % {"names": join_names(without)}
        )
    for category in categories:
        chosen = [e for e in efforts if e.category_id == category.pk]
        if not chosen:
            blockers.append(
                _("Choose a winner in the category %(category)s.") % {"category": category.name}
            )
        elif len(chosen) > places:
            blockers.append(
                _(
                    "The category %(category)s has at most %(count)s winners. "
                    "%(chosen)s were chosen."
                )
                % {"category": category.name, "count": places, "chosen": len(chosen)}
            )
    return blockers


def mention_candidates(*, decision: Decision) -> QuerySet[Effort]:
    """The efforts the jury may mention with honour: the year's eligible efforts that did
    not win, are not mentioned already, and on which no juror who took part has jäv."""
    winners = [decision.effort_id, *decision.shared_winners.values_list("effort_id", flat=True)]
    count = participation(prize_year=decision.prize_year, at=decision.decided_at)
    return (
        eligible_efforts(prize_year=decision.prize_year)
        .exclude(pk__in=[pk for pk in winners if pk is not None])
        .exclude(pk__in=count.conflicted_efforts())
        .exclude(pk__in=decision.mentions.values("effort_id"))
    )


def _refuse_unless_leader(decision: Decision, by) -> None:
    if decision.decided_by_id != by.pk:
        raise JusteringError(
            _("Only %(name)s, who led the decision, records honourable mentions.")
            % {"name": display_name(decision.decided_by) if decision.decided_by else "–"}
        )


@transaction.atomic
def record_mention(*, decision: Decision, effort: Effort, motivation: str, by) -> HonourableMention:
    """The one who led the decision records an honourable mention with its motivation."""
    motivation = motivation.strip()
    if len(motivation) < MIN_MENTION_LENGTH:
        raise JusteringError(
            _("Write why the jury mentions the effort (at least %(count)s characters).")
            % {"count": MIN_MENTION_LENGTH}
        )
    decision = justering.lock(decision)
    year = decision.prize_year.year
    if decision.is_checked:
        raise JusteringError(
            _("The decision is already checked and stored, so no mention can be added.")
        )
    _refuse_unless_leader(decision, by)
    if not mention_candidates(decision=decision).filter(pk=effort.pk).exists():
        raise JusteringError(
            _(
                "Choose an eligible effort of %(year)s that did not win and is not mentioned "
                "already."
            )
            % {"year": year}
        )
    try:
        with transaction.atomic():
            mention = HonourableMention.objects.create(
                decision=decision, effort=effort, motivation=motivation, recorded_by=by
            )
    except IntegrityError:
        raise JusteringError(_("The effort is already mentioned.")) from None
    justering.undo_checks(decision, actor=by, summary=MENTIONS_CHANGED)
    AuditEntry.record(
        actor=by,
        action=AuditAction.MENTION,
        prize_year=decision.prize_year,
        summary=gettext_lazy("The jury gave “%(effort)s” an honourable mention for %(year)s."),
        params={"effort": effort.name, "year": year},
        changes={"effort": effort.pk, "motivation": motivation},
    )
    return mention


@transaction.atomic
def withdraw_mention(*, mention: HonourableMention, by) -> None:
    """The one who led the decision takes back a mention recorded by mistake, before the
    justering. The row goes: until the justering the decision is a draft, and the audit
    trail keeps what it said."""
    decision = justering.lock(mention.decision)
    if decision.is_checked:
        raise JusteringError(
            _("The decision is already checked and stored, so its mentions can no longer change.")
        )
    _refuse_unless_leader(decision, by)
    mention = HonourableMention.objects.select_related("effort").get(pk=mention.pk)
    mention.delete()
    justering.undo_checks(decision, actor=by, summary=MENTIONS_CHANGED)
    AuditEntry.record(
        actor=by,
        action=AuditAction.MENTION_WITHDRAWN,
        prize_year=decision.prize_year,
        summary=gettext_lazy("Withdrew the honourable mention of “%(effort)s” for %(year)s."),
        params={"effort": mention.effort.name, "year": decision.prize_year.year},
        changes={"effort": mention.effort_id, "motivation": mention.motivation},
    )
