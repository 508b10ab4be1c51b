"""Questions of a juror's impartiality raised by others, and the chair's ruling on them.

Förvaltningslagen 18 §: when someone else questions whether a juror is jävig
(a tip to the administration, another juror), the question is recorded and
ruled on with reasons. A juror ruled jävig is excluded exactly as if they had
declared it themselves: the ruling becomes a conflict declaration that points
back to it, and the decision document prints both.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.models import AuditAction, AuditEntry, Effort, JuryPhase, PrizeYear

from .models import ConflictDeclaration, ConflictQuestion, JuryMembership, JuryRole
from .scoring import JuryError, exclude_from_effort


def _refuse_when_decided(prize_year: PrizeYear) -> None:
    if PrizeYear.objects.locked(prize_year.pk).jury_phase == JuryPhase.DECIDED:
        raise JuryError(_("The winner has been decided; the jury's work is finished."))


@transaction.atomic
def raise_question(
    *,
    chair: JuryMembership,
    concerned: JuryMembership,
    effort: Effort,
    raised_by: str,
    question: str,
) -> ConflictQuestion:
    """The chair records a question about a juror's impartiality on one effort."""
    _refuse_when_decided(chair.prize_year)
    if chair.role != JuryRole.CHAIR:
        raise JuryError(_("Only the chair records questions of conflict of interest."))
    if (
        concerned.prize_year_id != chair.prize_year_id
        or effort.prize_year_id != chair.prize_year_id
    ):
        raise JuryError(_("The juror and the effort must belong to this year's jury."))
    record = ConflictQuestion.objects.create(
        prize_year=chair.prize_year,
        juror=concerned.user,
        effort=effort,
        raised_by=raised_by.strip(),
        question=question.strip(),
        recorded_by=chair.user,
    )
    AuditEntry.record(
        actor=chair.user,
        action=AuditAction.CONFLICT_QUESTIONED,
        prize_year=chair.prize_year,
        summary=gettext_lazy(
            "Recorded a question of whether %(name)s is disqualified from “%(effort)s”, "
            "raised by %(raised_by)s."
        ),
        params={"name": concerned.display_name, "effort": effort.name, "raised_by": raised_by},
        changes={"question": record.pk, "effort": effort.pk, "text": record.question},
    )
    return record


@transaction.atomic
def rule(
    *, question: ConflictQuestion, chair: JuryMembership, disqualified: bool, reasons: str
) -> ConflictQuestion:
    """Rule on a question, with reasons; a juror ruled jävig leaves the effort at once."""
    _refuse_when_decided(question.prize_year)
    question = ConflictQuestion.objects.select_for_update().get(pk=question.pk)
    if chair.role != JuryRole.CHAIR or chair.prize_year_id != question.prize_year_id:
        raise JuryError(_("Only the chair rules on questions of conflict of interest."))
    if question.juror_id == chair.user_id:
        # Nobody rules on their own impartiality.
        raise JuryError(
            _(
                "The question concerns you, so you cannot rule on it. The administration "
                "brings it to the rest of the jury."
            )
        )
    if question.outcome != ConflictQuestion.Outcome.PENDING:
        raise JuryError(_("This question has already been ruled on."))
    if not reasons.strip():
        raise JuryError(_("Give the reasons for the ruling."))
    question.outcome = (
        ConflictQuestion.Outcome.DISQUALIFIED
        if disqualified
        else ConflictQuestion.Outcome.NOT_DISQUALIFIED
    )
    question.ruling_reasons = reasons.strip()
    question.ruled_at = timezone.now()
    question.ruled_by = chair.user
    question.save()
    if disqualified:
        existing = ConflictDeclaration.objects.in_force().filter(
            juror=question.juror, effort=question.effort
        )
        if not existing.exists():
            ConflictDeclaration.objects.create(
                juror=question.juror,
                effort=question.effort,
                reason=question.ruling_reasons,
                ruling=question,
            )
        exclude_from_effort(user=question.juror, effort=question.effort)
    name = question.juror.get_full_name() or question.juror.get_username()
    AuditEntry.record(
        actor=chair.user,
        action=AuditAction.CONFLICT_RULED,
        prize_year=question.prize_year,
        summary=(
            gettext_lazy("Ruled that %(name)s is disqualified from “%(effort)s”: %(reasons)s")
            if disqualified
            else gettext_lazy(
                "Ruled that %(name)s is not disqualified from “%(effort)s”: %(reasons)s"
            )
        ),
        params={"name": name, "effort": question.effort.name, "reasons": question.ruling_reasons},
        changes={"question": question.pk, "outcome": question.outcome},
    )
    return question
