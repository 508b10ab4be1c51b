"""Screening nominations against the mandatory criteria and grouping them into efforts."""

from collections.abc import Mapping, Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The one place the ground floor meets the jury: a regrouped effort takes the jurors'
# conflict declarations with it, so no one scores a part they are disqualified from.
from jury.models import ConflictDeclaration

from .models import (
    AuditAction,
    AuditEntry,
    Effort,
    JuryPhase,
    Nomination,
    PrizeYear,
    ScreeningStatus,
    ScreeningVerdict,
)


class ScreeningError(Exception):
    """The screening or grouping cannot be done; the message says why."""


_lazy_join = lazy(lambda parts: "; ".join(str(part) for part in parts), str)
_lazy_verdict = lazy(lambda title, status: f"{title} {status}", str)


@transaction.atomic
def screen_nomination(
    *,
    nomination: Nomination,
    verdicts: Mapping[str, tuple[str, str]],
    by,
    at: datetime | None = None,
) -> Nomination:
    """Record screening's verdict on each mandatory criterion of the nomination's year.

    verdicts maps each mandatory criterion's key to (status, reason); a criterion
    left out stays as it was. A failed criterion must have a reason.
    """
    for status, reason in verdicts.values():
        if status not in ScreeningStatus.values:
            raise ScreeningError(_("Choose a verdict for every criterion."))
        if status == ScreeningStatus.FAILED and not reason.strip():
            raise ScreeningError(_("Give a reason for every criterion the nomination fails."))
    prize_year = _locked_year(nomination.prize_year_id)
    if not prize_year.screening_open:
        # Once the vote is open, changing eligibility would move votes in or out of the count.
        raise ScreeningError(
            _("The screening cannot change once the jury's vote has opened (now: %(phase)s).")
            % {"phase": prize_year.get_jury_phase_display()}
        )
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("prize_year")
        .get(pk=nomination.pk)
    )
    _refuse_if_withdrawn(nomination)
    criteria = [c for c in prize_year.ordered_criteria() if c.is_mandatory]
    unknown = set(verdicts) - {c.key for c in criteria}
    if unknown:
        raise ScreeningError(
            _("%(year)s has no mandatory criterion %(keys)s.")
            % {"year": prize_year.year, "keys": ", ".join(sorted(unknown))}
        )
    before = {c.key: status for c, status, _reason in nomination.screening()}
    for criterion in criteria:
        if criterion.key not in verdicts:
            continue
        status, reason = verdicts[criterion.key]
        ScreeningVerdict.objects.update_or_create(
            nomination=nomination,
            criterion=criterion,
            defaults={"status": status, "reason": reason.strip()},
        )
    nomination.screened_by = by
    nomination.screened_at = at or timezone.now()
    nomination.save(update_fields=["screened_by", "screened_at"])
    nomination = Nomination.objects.select_related("prize_year").get(pk=nomination.pk)
    rows = nomination.screening()
    verdict = gettext_lazy("eligible") if nomination.is_eligible else gettext_lazy("not eligible")
    AuditEntry.record(
        actor=by,
        action=AuditAction.SCREENED,
        prize_year=prize_year,
        summary=gettext_lazy("Screened %(reference)s “%(name)s”: %(verdicts)s, so %(verdict)s."),
        params={
            "reference": nomination.reference,
            "name": nomination.effort_name,
            # The criteria's Swedish titles and lazy labels, so the entry is in Swedish.
            "verdicts": _lazy_join(
                [_lazy_verdict(c.title.lower(), ScreeningStatus(s).label) for c, s, _r in rows]
            ),
            "verdict": verdict,
        },
        changes={
            "nomination": nomination.reference,
            "before": before,
            "after": {c.key: status for c, status, _reason in rows},
            "reasons": {c.key: reason for c, _status, reason in rows},
        },
    )
    return nomination


def _refuse_if_withdrawn(nomination: Nomination) -> None:
    if nomination.withdrawn_at is not None:
        # The nominator withdrew it (nominations/corrections.py): kept, never screened.
        raise ScreeningError(
            _("%(reference)s was withdrawn by the nominator and is not screened.")
            % {"reference": nomination.reference}
        )


def _locked_year(prize_year_id: int) -> PrizeYear:
    """The prize year, locked so the jury's phase cannot move while screening changes."""
    return PrizeYear.objects.locked(prize_year_id, error=ScreeningError)


def _refuse_regrouping_unless_preparing(prize_year: PrizeYear) -> None:
    if prize_year.jury_phase != JuryPhase.PREPARATION:
        # Scores and votes are given per effort; regrouping would mix them up.
        raise ScreeningError(_("Efforts cannot be regrouped once the jury has begun its work."))


@transaction.atomic
def group_as_one_effort(*, nominations: Sequence[Nomination], by, name: str = "") -> Effort:
    """Let the jury assess these nominations as one effort, under the earliest one's effort."""
    nominations = list(
        Nomination.objects.select_for_update()
        .filter(pk__in=[n.pk for n in nominations])
        .order_by("submitted_at", "pk")
    )
    if len(nominations) < 2:
        raise ScreeningError(_("Select at least two nominations to group."))
    if len({n.prize_year_id for n in nominations}) > 1:
        raise ScreeningError(_("Only nominations of the same prize year can be grouped."))
    _refuse_regrouping_unless_preparing(_locked_year(nominations[0].prize_year_id))
    for nomination in nominations:
        _refuse_if_withdrawn(nomination)
    effort = nominations[0].effort
    if name:
        effort.name = name
        effort.save(update_fields=["name"])
    emptied = {n.effort_id for n in nominations} - {effort.pk}
    Nomination.objects.filter(pk__in=[n.pk for n in nominations]).update(effort=effort)
    # A juror disqualified from any part of the group is disqualified from the whole.
    for declaration in ConflictDeclaration.objects.in_force().filter(effort_id__in=emptied):
        ConflictDeclaration.objects.in_force().get_or_create(
            juror_id=declaration.juror_id,
            effort=effort,
            defaults={"reason": declaration.reason, "declared_at": declaration.declared_at},
        )
    ConflictDeclaration.objects.filter(effort_id__in=emptied).delete()
    Effort.objects.filter(pk__in=emptied, nominations__isnull=True).delete()
    AuditEntry.record(
        actor=by,
        action=AuditAction.GROUPED,
        prize_year=effort.prize_year,
        summary=gettext_lazy("Grouped %(references)s as the effort “%(name)s”."),
        params={"references": ", ".join(n.reference for n in nominations), "name": effort.name},
        changes={"effort": effort.pk, "nominations": [n.reference for n in nominations]},
    )
    return effort


@transaction.atomic
def separate_nomination(*, nomination: Nomination, by) -> Effort:
    """Undo a grouping: the nomination becomes an effort of its own again."""
    _refuse_regrouping_unless_preparing(_locked_year(nomination.prize_year_id))
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.effort.nominations.count() == 1:
        raise ScreeningError(
            _("%(reference)s is already an effort of its own.")
            % {"reference": nomination.reference}
        )
    old_effort = nomination.effort
    effort = Effort.objects.create(
        prize_year=nomination.prize_year, name=nomination.effort_name, category=nomination.category
    )
    nomination.effort = effort
    nomination.save(update_fields=["effort"])
    # Conflicts declared on the group hold for the part that leaves it.
    ConflictDeclaration.objects.bulk_create(
        ConflictDeclaration(
            juror_id=d.juror_id, effort=effort, reason=d.reason, declared_at=d.declared_at
        )
        for d in old_effort.conflict_declarations.in_force()
    )
    AuditEntry.record(
        actor=by,
        action=AuditAction.UNGROUPED,
        prize_year=nomination.prize_year,
        summary=gettext_lazy("Separated %(reference)s into an effort of its own."),
        params={"reference": nomination.reference},
        changes={"effort": effort.pk, "nomination": nomination.reference},
    )
    return effort


@transaction.atomic
def set_aside(*, nomination: Nomination, reason: str, by) -> Nomination:
    """Keep a nomination in the record but out of screening and the jury, with the reason.

    For a duplicate, a nomination meant for another year or a test sent by mistake:
    it stays a public record, and the year's scoring need not wait for it.
    """
    if not reason.strip():
        raise ScreeningError(_("Give the reason for setting the nomination aside."))
    prize_year = _locked_year(nomination.prize_year_id)
    if prize_year.jury_phase != JuryPhase.PREPARATION:
        raise ScreeningError(_("Nominations can be set aside only before the jury starts."))
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    _refuse_if_withdrawn(nomination)
    if nomination.set_aside_at is not None:
        raise ScreeningError(
            _("%(reference)s is already set aside.") % {"reference": nomination.reference}
        )
    nomination.set_aside_reason = reason.strip()
    nomination.set_aside_at = timezone.now()
    nomination.set_aside_by = by
    nomination.save(update_fields=["set_aside_reason", "set_aside_at", "set_aside_by"])
    AuditEntry.record(
        actor=by,
        action=AuditAction.SET_ASIDE,
        prize_year=prize_year,
        summary=gettext_lazy("Set %(reference)s “%(name)s” aside: %(reason)s"),
        params={
            "reference": nomination.reference,
            "name": nomination.effort_name,
            "reason": nomination.set_aside_reason,
        },
        changes={"nomination": nomination.reference, "reason": nomination.set_aside_reason},
    )
    return nomination
