"""Conflicts of interest, scores and the ranking built from them."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import (
    Avg,
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Q,
    QuerySet,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.models import AuditAction, AuditEntry, Effort, JuryPhase, PrizeYear

from .models import ConflictDeclaration, JuryMembership, JuryRole, Score, Vote

# Totals run from 3 to 15; jurors this far apart on an effort should talk before the vote.
DISAGREEMENT_SPREAD = 4


class JuryError(Exception):
    """The jury action cannot be done now; the message says why, in the juror's language."""


def conflicted_effort_ids(*, membership: JuryMembership) -> set[int]:
    return set(
        ConflictDeclaration.objects.in_force()
        .filter(juror=membership.user, effort__prize_year=membership.prize_year)
        .values_list("effort_id", flat=True)
    )


def scored_effort_ids(*, membership: JuryMembership) -> set[int]:
    return set(
        Score.objects.filter(
            juror=membership.user, effort__prize_year=membership.prize_year
        ).values_list("effort_id", flat=True)
    )


def has_conflict(*, membership: JuryMembership, effort: Effort) -> bool:
    return (
        ConflictDeclaration.objects.in_force().filter(juror=membership.user, effort=effort).exists()
    )


@transaction.atomic
def declare_conflict(
    *, membership: JuryMembership, effort: Effort, reason: str
) -> ConflictDeclaration:
    """Declare jäv: the juror's score and vote for the effort no longer count."""
    if lock_phase(membership=membership).jury_phase == JuryPhase.DECIDED:
        raise JuryError(_("The winner has been decided; the jury's work is finished."))
    try:
        with transaction.atomic():
            declaration = ConflictDeclaration.objects.create(
                juror=membership.user, effort=effort, reason=reason.strip()
            )
    except IntegrityError:
        raise JuryError(
            _("You have already declared a conflict of interest for this effort.")
        ) from None
    exclude_from_effort(user=membership.user, effort=effort)
    AuditEntry.record(
        actor=membership.user,
        action=AuditAction.CONFLICT_DECLARED,
        prize_year=membership.prize_year,
        summary=gettext_lazy("%(name)s declared a conflict of interest for “%(effort)s”."),
        params={"name": membership.display_name, "effort": effort.name},
        changes={"effort": effort.pk, "reason": declaration.reason},
    )
    return declaration


def exclude_from_effort(*, user, effort: Effort) -> None:
    """A juror with jäv takes no part: their score and vote for the effort are void."""
    Score.objects.filter(juror=user, effort=effort).delete()
    Vote.objects.filter(juror=user, effort=effort).delete()


@transaction.atomic
def withdraw_conflict(
    *, membership: JuryMembership, declaration: ConflictDeclaration
) -> ConflictDeclaration:
    """Take back a declaration made by mistake, while scoring is open.

    The declaration stays in the record, marked withdrawn, so the chair sees both.
    A ruling by the chair is not the juror's to withdraw.
    """
    if lock_phase(membership=membership).jury_phase != JuryPhase.SCORING:
        raise JuryError(
            _("A declaration can be withdrawn only while scoring is open. Ask the chair.")
        )
    declaration = ConflictDeclaration.objects.select_for_update().get(pk=declaration.pk)
    if declaration.juror_id != membership.user_id or declaration.withdrawn_at is not None:
        raise JuryError(_("There is no declaration of yours to withdraw for this effort."))
    if declaration.ruling_id is not None:
        raise JuryError(
            _("The chair has ruled that you are disqualified; only the jury can change that.")
        )
    declaration.withdrawn_at = timezone.now()
    declaration.save(update_fields=["withdrawn_at"])
    AuditEntry.record(
        actor=membership.user,
        action=AuditAction.CONFLICT_WITHDRAWN,
        prize_year=membership.prize_year,
        summary=gettext_lazy(
            "%(name)s withdrew the conflict of interest declared for “%(effort)s”."
        ),
        params={"name": membership.display_name, "effort": declaration.effort.name},
        changes={
            "effort": declaration.effort_id,
            "declared_at": declaration.declared_at.isoformat(),
        },
    )
    return declaration


def lock_phase(*, membership: JuryMembership) -> PrizeYear:
    """The juror's prize year, locked: a score or vote never crosses a phase change."""
    return PrizeYear.objects.locked(membership.prize_year_id)


@transaction.atomic
def save_score(
    *,
    membership: JuryMembership,
    effort: Effort,
    innovation: int,
    inspiration: int,
    results: int,
    comment: str,
    at: datetime | None = None,
) -> Score:
    """Create or change the juror's one score for the effort while scoring is open."""
    if lock_phase(membership=membership).jury_phase != JuryPhase.SCORING:
        raise JuryError(_("Scoring is closed, so scores cannot be given or changed."))
    if has_conflict(membership=membership, effort=effort):
        raise JuryError(_("You have declared a conflict of interest and cannot score this effort."))
    # update_or_create locks the row; a simultaneous first submission meets the
    # unique constraint, and Django then updates the row the other one created.
    score, _created = Score.objects.update_or_create(
        juror=membership.user,
        effort=effort,
        defaults={
            "innovation": innovation,
            "inspiration": inspiration,
            "results": results,
            "comment": comment.strip(),
            "updated_at": at or timezone.now(),
        },
    )
    return score


@dataclass(frozen=True)
class Progress:
    total: int
    scored: int
    conflicts: int

    @property
    def left(self) -> int:
        return self.total - self.scored - self.conflicts

    @classmethod
    def of(cls, *, efforts: set[int], scored: set[int], conflicts: set[int]) -> "Progress":
        """Count from effort ids: a score on a conflicted or ineligible effort does not count."""
        return cls(
            total=len(efforts),
            scored=len((scored & efforts) - conflicts),
            conflicts=len(conflicts & efforts),
        )


def progress(*, membership: JuryMembership) -> Progress:
    eligible = Effort.objects.eligible().filter(prize_year=membership.prize_year)
    return Progress.of(
        efforts=set(eligible.values_list("pk", flat=True)),
        scored=scored_effort_ids(membership=membership),
        conflicts=conflicted_effort_ids(membership=membership),
    )


@dataclass(frozen=True)
class MemberProgress:
    membership: JuryMembership
    scored: int
    conflicts: int
    voted: bool
    total: int

    @property
    def left(self) -> int:
        return self.total - self.scored - self.conflicts


def jury_progress(*, prize_year: PrizeYear) -> list[MemberProgress]:
    """Every serving juror's work this year: four queries however large the jury."""
    eligible = Effort.objects.eligible().filter(prize_year=prize_year)
    total = eligible.count()
    conflicted = ConflictDeclaration.objects.in_force().filter(effort__in=eligible)

    def per_juror(queryset: QuerySet) -> dict[int, int]:
        return dict(queryset.values_list("juror").annotate(n=Count("pk")).values_list("juror", "n"))

    scored = per_juror(Score.objects.filter(effort__in=eligible))
    conflicts = per_juror(conflicted)
    voted = set(Vote.objects.filter(prize_year=prize_year).values_list("juror_id", flat=True))
    members = JuryMembership.objects.filter(prize_year=prize_year).not_ended()
    return [
        MemberProgress(
            m, scored.get(m.user_id, 0), conflicts.get(m.user_id, 0), m.user_id in voted, total
        )
        for m in members.select_related("user")
    ]


def unscored_efforts(*, prize_year: PrizeYear) -> QuerySet[Effort]:
    """Eligible efforts that no juror has scored, for the chair before scoring closes."""
    return (
        Effort.objects.eligible()
        .filter(prize_year=prize_year, scores__isnull=True)
        .order_by("name")
    )


def may_see_ranking(*, membership: JuryMembership, known: Progress | None = None) -> bool:
    """The chair always; a member once every effort they may score is scored."""
    if membership.role == JuryRole.CHAIR:
        return True
    current = known or progress(membership=membership)
    return current.total > 0 and current.left == 0


def ranking(*, prize_year: PrizeYear) -> QuerySet[Effort]:
    """Eligible efforts by mean total score, best first, in one query."""
    total = F("scores__innovation") + F("scores__inspiration") + F("scores__results")
    return (
        Effort.objects.eligible()
        .filter(prize_year=prize_year)
        .annotate(
            score_count=Count("scores"),
            mean_innovation=Avg("scores__innovation"),
            mean_inspiration=Avg("scores__inspiration"),
            mean_results=Avg("scores__results"),
            mean_total=Avg(total),
            spread=Max(total) - Min(total),
        )
        .annotate(
            disagreement=ExpressionWrapper(
                Q(spread__gte=DISAGREEMENT_SPREAD), output_field=BooleanField()
            )
        )
        .order_by(F("mean_total").desc(nulls_last=True), "name")
    )
