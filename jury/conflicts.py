"""Conflicts of interest (jäv): a juror's own declarations and withdrawals, and
questions of a juror's impartiality raised by others, with the jury's ruling on them.

A juror who knows of a reason declares it (declare_conflict) and may take a mistaken
declaration back while scoring is open (withdraw_conflict).

Förvaltningslagen 18 § and, by analogy, kommunallagen 6 kap. 30 §: when someone else
questions whether a juror is jävig (a tip to the administration, another juror), the
body itself decides, without the one questioned. The other jurors who take part vote,
each with reasons; the majority rules, and the one who leads the jury (the chair, or
the member the administration named when the chair is the one questioned) has the
casting vote. A juror ruled jävig is excluded exactly as if they had declared it: the
ruling becomes a conflict declaration that points back to it, and the decision
document prints the question, each vote and the ruling.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.models import AuditAction, AuditEntry, Effort, JuryPhase
from trygghetspris.people import display_name

from .errors import JuryError
from .models import ConflictDeclaration, ConflictQuestion, JuryMembership, RulingVote
from .participation import Juror, Participation, lock_undecided, participation


def conflicted_effort_ids(*, membership: JuryMembership) -> set[int]:
    return set(
        ConflictDeclaration.objects.in_force()
        .filter(juror=membership.user, effort__prize_year=membership.prize_year)
        .values_list("effort_id", flat=True)
    )


def has_conflict(*, membership: JuryMembership, effort: Effort) -> bool:
    return (
        ConflictDeclaration.objects.in_force().filter(juror=membership.user, effort=effort).exists()
    )


@transaction.atomic
def declare_conflict(
    *, membership: JuryMembership, effort: Effort, reason: str
) -> ConflictDeclaration:
    """Declare jäv. What the juror did before stays in the record, no longer counted
    (jury/participation.py says how far, by the year's rule)."""
    lock_undecided(membership.prize_year_id)
    try:
        with transaction.atomic():
            declaration = ConflictDeclaration.objects.create(
                juror=membership.user, effort=effort, reason=reason.strip()
            )
    except IntegrityError:
        raise JuryError(
            _("You have already declared a conflict of interest for this effort.")
        ) from None
    AuditEntry.record(
        actor=membership.user,
        action=AuditAction.CONFLICT_DECLARED,
        prize_year=membership.prize_year,
        summary=gettext_lazy("%(name)s declared a conflict of interest for “%(effort)s”."),
        params={"name": membership.display_name, "effort": effort.name},
        changes={"effort": effort.pk, "reason": declaration.reason},
    )
    return declaration


@transaction.atomic
def withdraw_conflict(
    *, membership: JuryMembership, declaration: ConflictDeclaration
) -> ConflictDeclaration:
    """Take back a declaration made by mistake, while scoring is open.

    The declaration stays in the record, marked withdrawn, so the chair sees both.
    A ruling by the chair is not the juror's to withdraw.
    """
    if lock_undecided(membership.prize_year_id).jury_phase != JuryPhase.SCORING:
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


def voters(*, question: ConflictQuestion, known: Participation) -> list[Juror]:
    """Who rules on the question: the jurors who take part, less the one questioned."""
    return [j for j in known.taking_part if j.user_id != question.juror_id]


def _leader(known: Participation, *, questioned_user_id: int, by: JuryMembership) -> Juror:
    leader = known.leader(questioned_user_id=questioned_user_id)
    if leader is None:
        raise JuryError(
            _(
                "No one can lead the jury on this question: the chair is the one questioned "
                "or takes no part. Ask the administration to name a member who leads in the "
                "chair's place."
            )
        )
    if leader.user_id != by.user_id:
        raise JuryError(
            _("Only %(name)s, who leads the jury on this question, can do this.")
            % {"name": leader.name}
        )
    return leader


@transaction.atomic
def raise_question(
    *,
    chair: JuryMembership,
    concerned: JuryMembership,
    effort: Effort,
    raised_by: str,
    question: str,
) -> ConflictQuestion:
    """The one who leads the jury records a question about a juror's impartiality."""
    prize_year = lock_undecided(chair.prize_year_id)
    if (
        concerned.prize_year_id != chair.prize_year_id
        or effort.prize_year_id != chair.prize_year_id
    ):
        raise JuryError(_("The juror and the effort must belong to this year's jury."))
    _leader(participation(prize_year=prize_year), questioned_user_id=concerned.user_id, by=chair)
    record = ConflictQuestion.objects.create(
        prize_year=prize_year,
        juror=concerned.user,
        effort=effort,
        raised_by=raised_by.strip(),
        question=question.strip(),
        recorded_by=chair.user,
    )
    AuditEntry.record(
        actor=chair.user,
        action=AuditAction.CONFLICT_QUESTIONED,
        prize_year=prize_year,
        summary=gettext_lazy(
            "Recorded a question of whether %(name)s is disqualified from “%(effort)s”, "
            "raised by %(raised_by)s."
        ),
        params={"name": concerned.display_name, "effort": effort.name, "raised_by": raised_by},
        changes={"question": record.pk, "effort": effort.pk, "text": record.question},
    )
    return record


def _pending(question: ConflictQuestion) -> ConflictQuestion:
    question = (
        ConflictQuestion.objects.select_for_update(of=("self",))
        .select_related("juror", "effort", "prize_year")
        .get(pk=question.pk)
    )
    if question.outcome != ConflictQuestion.Outcome.PENDING:
        raise JuryError(_("This question has already been ruled on."))
    return question


@transaction.atomic
def cast_ruling_vote(
    *, question: ConflictQuestion, membership: JuryMembership, disqualified: bool, reasons: str
) -> RulingVote:
    """A juror's vote, with reasons, on whether the questioned juror is jävig."""
    prize_year = lock_undecided(question.prize_year_id)
    question = _pending(question)
    if question.juror_id == membership.user_id:
        # Nobody takes part in the question of their own impartiality.
        raise JuryError(_("The question concerns you, so you take no part in it."))
    known = participation(prize_year=prize_year)
    if membership.user_id not in {j.user_id for j in voters(question=question, known=known)}:
        raise JuryError(
            _(
                "You take no part in this question: you have a conflict of interest in the "
                "matter, or your appointment has ended."
            )
        )
    if not reasons.strip():
        raise JuryError(_("Give the reasons for your view."))
    try:
        with transaction.atomic():
            vote = RulingVote.objects.create(
                question=question,
                juror=membership.user,
                disqualified=disqualified,
                reasons=reasons.strip(),
            )
    except IntegrityError:
        raise JuryError(_("You have already voted on this question.")) from None
    AuditEntry.record(
        actor=membership.user,
        action=AuditAction.RULING_VOTE,
        prize_year=prize_year,
        summary=(
            gettext_lazy("%(name)s found %(juror)s disqualified from “%(effort)s”: %(reasons)s")
            if disqualified
            else gettext_lazy(
                "%(name)s found %(juror)s not disqualified from “%(effort)s”: %(reasons)s"
            )
        ),
        params={
            "name": membership.display_name,
            "juror": display_name(question.juror),
            "effort": question.effort.name,
            "reasons": vote.reasons,
        },
        changes={"question": question.pk, "disqualified": disqualified},
    )
    return vote


def counted_votes(*, question: ConflictQuestion, known: Participation) -> list[RulingVote]:
    """The votes of those who rule on the question now; others' stay in the record."""
    allowed = {j.user_id for j in voters(question=question, known=known)}
    return [v for v in question.votes.select_related("juror") if v.juror_id in allowed]


@transaction.atomic
def rule(*, question: ConflictQuestion, chair: JuryMembership, reasons: str) -> ConflictQuestion:
    """The leader concludes the jury's ruling from the votes, with the ruling's reasons.

    More than half of those who rule must have voted; the majority decides, and on a
    tie the leader's own vote. A juror ruled jävig takes no further part (by the
    year's rule), and what they did before stays in the record, not counted.
    """
    prize_year = lock_undecided(question.prize_year_id)
    question = _pending(question)
    known = participation(prize_year=prize_year)
    leader = _leader(known, questioned_user_id=question.juror_id, by=chair)
    if not reasons.strip():
        raise JuryError(_("Give the reasons for the ruling."))
    votes = counted_votes(question=question, known=known)
    entitled = voters(question=question, known=known)
    own = next((v for v in votes if v.juror_id == leader.user_id), None)
    if own is None:
        raise JuryError(_("Cast your own vote on the question first: you hold the casting vote."))
    if len(votes) * 2 <= len(entitled):
        waiting = [j.name for j in entitled if j.user_id not in {v.juror_id for v in votes}]
        raise JuryError(
            _("More than half of the jurors must have voted. Not yet voted: %(names)s.")
            % {"names": ", ".join(waiting)}
        )
    yes = sum(1 for v in votes if v.disqualified)
    no = len(votes) - yes
    disqualified = yes > no or (yes == no and own.disqualified)
    question.outcome = (
        ConflictQuestion.Outcome.DISQUALIFIED
        if disqualified
        else ConflictQuestion.Outcome.NOT_DISQUALIFIED
    )
    question.ruling_reasons = reasons.strip()
    question.ruled_at = timezone.now()
    question.ruled_by = leader.membership.user
    question.save()
    if (
        disqualified
        and not ConflictDeclaration.objects.in_force()
        .filter(juror=question.juror, effort=question.effort)
        .exists()
    ):
        ConflictDeclaration.objects.create(
            juror=question.juror,
            effort=question.effort,
            reason=question.ruling_reasons,
            ruling=question,
            declared_at=question.ruled_at,
        )
    AuditEntry.record(
        actor=leader.membership.user,
        action=AuditAction.CONFLICT_RULED,
        prize_year=prize_year,
        summary=(
            gettext_lazy(
                "The jury ruled that %(name)s is disqualified from “%(effort)s” "
                "(%(yes)s votes to %(no)s): %(reasons)s"
            )
            if disqualified
            else gettext_lazy(
                "The jury ruled that %(name)s is not disqualified from “%(effort)s” "
                "(%(yes)s votes to %(no)s): %(reasons)s"
            )
        ),
        params={
            "name": display_name(question.juror),
            "effort": question.effort.name,
            "yes": yes if disqualified else no,
            "no": no if disqualified else yes,
            "reasons": question.ruling_reasons,
        },
        changes={
            "question": question.pk,
            "outcome": question.outcome,
            "votes": {str(v.juror_id): v.disqualified for v in votes},
            "casting_vote": yes == no,
        },
    )
    return question
