"""The winner decision as a municipal record: justerare, reservations, justering.

The jury's decision becomes a record to be filed once it is justerat: the chair
and a justerare, a juror the chair names, have both checked that it says what
was decided. Until then each juror may enter a reservation, their recorded
dissent, which is printed under their name. When the second of the two checks
is made the PDF is rendered once and stored with its SHA-256; from then on the
stored bytes are the decision, served byte for byte, whatever later happens to
names, appointments or efforts.

Every refusal is a JusteringError whose message says what has to be done first.
"""

from hashlib import sha256

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.collation import queryset_in_swedish_order
from nominations.models import (
    AuditAction,
    AuditEntry,
    ConflictRule,
    Effort,
    PrizeCategory,
    PrizeYear,
)
from trygghetspris.people import display_name, join_names

from . import basis, notices
from .documents import render
from .errors import JusteringError
from .models import (
    ConflictQuestion,
    Decision,
    JuryMembership,
    JuryRole,
    Reservation,
)
from .outcome import at_the_line
from .participation import Participation, participation
from .scoring import uncounted_scores

TEMPLATE = "jury/pdf/decision.html"


def participants(*, decision: Decision) -> list[JuryMembership]:
    """Who took part in the decision, as the count counted them (jury/participation.py)."""
    count = participation(prize_year=decision.prize_year, at=decision.decided_at)
    return [juror.membership for juror in count.taking_part]


def justerare_candidates(*, decision: Decision) -> QuerySet:
    """The jurors the chair may name as justerare: members who took part, not the chair."""
    taking_part = [m.user_id for m in participants(decision=decision) if m.role == JuryRole.MEMBER]
    return queryset_in_swedish_order(
        get_user_model().objects.filter(pk__in=taking_part),
        key=lambda user: (user.last_name, user.first_name),
    )


def lock(decision: Decision) -> Decision:
    """The decision as it is now, its row locked until the transaction ends.

    The year first, as every change to a year locks it, so a closed year refuses.
    """
    PrizeYear.objects.locked(decision.prize_year_id, error=JusteringError)
    return (
        # of=("self",): only the decision's row; PostgreSQL cannot lock the nullable
        # side of the outer join that brings the justerare along.
        Decision.objects.select_for_update(of=("self",))
        .select_related("prize_year", "justerare")
        .get(pk=decision.pk)
    )


def _refuse_if_checked(decision: Decision, message: str) -> None:
    if decision.is_checked:
        raise JusteringError(message)


def _juror(decision: Decision, membership: JuryMembership) -> JuryMembership:
    """The membership, if the juror took part in the decision: only they reserve or check."""
    current = next((m for m in participants(decision=decision) if m.pk == membership.pk), None)
    if current is None:
        raise JusteringError(
            _("Only a juror who took part in the decision on %(year)s can do this.")
            % {"year": decision.prize_year.year}
        )
    return current


REASON_CHANGED = gettext_lazy(
    "The justering of the decision for %(year)s was undone because a reservation "
    "changed its text; the chair and the checker check it again."
)


def undo_checks(decision: Decision, *, actor, summary=REASON_CHANGED) -> None:
    """The text changed after someone checked it: both check it again, and are told."""
    checked = [
        user_id
        for user_id, at in (
            (_chair_user_id(decision), decision.chair_checked_at),
            (decision.justerare_id, decision.justerare_checked_at),
        )
        if at is not None and user_id is not None
    ]
    if not checked:
        return
    decision.chair_checked_at = decision.justerare_checked_at = None
    decision.save(update_fields=["chair_checked_at", "justerare_checked_at"])
    AuditEntry.record(
        actor=actor,
        action=AuditAction.CHECKS_UNDONE,
        prize_year=decision.prize_year,
        summary=summary,
        params={"year": decision.prize_year.year},
    )
    notices.notify(
        notice=notices.Notice.CHECK_UNDONE,
        prize_year=decision.prize_year,
        memberships=JuryMembership.objects.filter(
            prize_year_id=decision.prize_year_id, user_id__in=checked
        ).select_related("user"),
    )


def _chair_user_id(decision: Decision) -> int | None:
    return (
        JuryMembership.objects.filter(prize_year_id=decision.prize_year_id, role=JuryRole.CHAIR)
        .values_list("user_id", flat=True)
        .first()
    )


@transaction.atomic
def name_justerare(*, decision: Decision, justerare, by) -> Decision:
    """The chair names the juror who checks the decision with them (the justerare)."""
    decision = lock(decision)
    year = decision.prize_year.year
    _refuse_if_checked(
        decision,
        _("The decision is already checked and stored, so the checker can no longer change."),
    )
    chair = next(
        (
            m
            for m in participants(decision=decision)
            if m.user_id == by.pk and m.role == JuryRole.CHAIR
        ),
        None,
    )
    if chair is None:
        raise JusteringError(_("Only the chair of the jury names the checker (justerare)."))
    if not justerare_candidates(decision=decision).filter(pk=justerare.pk).exists():
        raise JusteringError(
            _("Choose a juror of %(year)s other than the chair as checker (justerare).")
            % {"year": year}
        )
    if decision.justerare_id == justerare.pk:
        return decision
    # A check by the previous justerare does not count for the new one.
    undone = decision.justerare_checked_at is not None
    decision.justerare = justerare
    decision.justerare_checked_at = None
    decision.save(update_fields=["justerare", "justerare_checked_at"])
    AuditEntry.record(
        actor=by,
        action=AuditAction.JUSTERARE_NAMED,
        prize_year=decision.prize_year,
        summary=gettext_lazy(
            "%(name)s named %(justerare)s checker (justerare) of the decision for %(year)s."
        ),
        params={
            "name": chair.display_name,
            "justerare": display_name(justerare),
            "year": year,
        },
        changes={"justerare": justerare.pk, "previous_check_undone": undone},
    )
    notices.notify(
        notice=notices.Notice.JUSTERARE_NAMED,
        prize_year=decision.prize_year,
        memberships=JuryMembership.objects.filter(
            prize_year_id=decision.prize_year_id, user=justerare
        ).select_related("user"),
    )
    return decision


@transaction.atomic
def enter_reservation(*, decision: Decision, membership: JuryMembership, text: str) -> Reservation:
    """A juror enters or changes their reservation, until the decision is checked."""
    text = text.strip()
    if not text:
        raise JusteringError(_("Write your reservation: what you dissent from, and why."))
    decision = lock(decision)
    _refuse_if_checked(
        decision,
        _(
            "The decision is already checked and stored. A reservation has to be entered "
            "before both the chair and the checker have checked the decision."
        ),
    )
    membership = _juror(decision, membership)
    reservation, created = Reservation.objects.update_or_create(
        decision=decision,
        juror=membership.user,
        defaults={"text": text, "entered_at": timezone.now()},
    )
    AuditEntry.record(
        actor=membership.user,
        action=AuditAction.RESERVATION,
        prize_year=decision.prize_year,
        summary=(
            gettext_lazy("%(name)s entered a reservation against the decision for %(year)s.")
            if created
            else gettext_lazy(
                "%(name)s changed their reservation against the decision for %(year)s."
            )
        ),
        params={"name": membership.display_name, "year": decision.prize_year.year},
        changes={"text": text},
    )
    undo_checks(decision, actor=membership.user)
    return reservation


@transaction.atomic
def withdraw_reservation(*, decision: Decision, membership: JuryMembership) -> None:
    """A juror takes back their reservation, until the decision is checked."""
    decision = lock(decision)
    _refuse_if_checked(
        decision,
        _("The decision is already checked and stored, so your reservation stays in it."),
    )
    membership = _juror(decision, membership)
    deleted, _kinds = Reservation.objects.filter(decision=decision, juror=membership.user).delete()
    if not deleted:
        raise JusteringError(_("You have no reservation to withdraw."))
    AuditEntry.record(
        actor=membership.user,
        action=AuditAction.RESERVATION,
        prize_year=decision.prize_year,
        summary=gettext_lazy(
            "%(name)s withdrew their reservation against the decision for %(year)s."
        ),
        params={"name": membership.display_name, "year": decision.prize_year.year},
        changes={"withdrawn": True},
    )
    undo_checks(decision, actor=membership.user)


@transaction.atomic
def mark_checked(*, decision: Decision, membership: JuryMembership) -> Decision:
    """The chair or the justerare checks the decision; the second check stores the PDF."""
    decision = lock(decision)
    prize_year = decision.prize_year
    _refuse_if_checked(decision, _("The decision is already checked and stored."))
    membership = _juror(decision, membership)
    if decision.justerare_id is None:
        raise JusteringError(_("The chair must first name a checker (justerare) among the jurors."))
    if not prize_year.case_number.strip():
        raise JusteringError(
            _(
                "The administration must first enter the case number (diarienummer) of "
                "%(year)s on the prize year in the admin; it is printed on every page."
            )
            % {"year": prize_year.year}
        )
    # Förvaltningslagen 31 §: the decision names who presented the matter and the basis
    # it rests on, so neither may be missing from what is checked.
    if blockers := basis.foredragande_blockers(prize_year=prize_year) + basis.basis_blockers(
        prize_year=prize_year
    ):
        raise JusteringError(" ".join(blockers))
    if membership.role == JuryRole.CHAIR:
        field, role = "chair_checked_at", membership.get_role_display()
    elif membership.user_id == decision.justerare_id:
        field, role = "justerare_checked_at", gettext_lazy("checker (justerare)")
    else:
        raise JusteringError(_("Only the chair and the checker (justerare) check the decision."))
    if getattr(decision, field) is not None:
        raise JusteringError(
            _("You have already checked the decision. It is stored once the other has too.")
        )
    setattr(decision, field, timezone.now())
    fields, changes = [field], {"checked_as": field.removesuffix("_checked_at")}
    frozen = decision.chair_checked_at is not None and decision.justerare_checked_at is not None
    if frozen:
        # Rendered once, with the lock held, so both checks freeze the same bytes.
        content = _render(decision, draft=False)
        decision.document = content
        decision.document_sha256 = sha256(content).hexdigest()
        fields += ["document", "document_sha256"]
        changes["document_sha256"] = decision.document_sha256
    decision.save(update_fields=fields)
    params = {"name": membership.display_name, "year": prize_year.year, "role": role}
    AuditEntry.record(
        actor=membership.user,
        action=AuditAction.DECISION_CHECKED,
        prize_year=prize_year,
        summary=(
            gettext_lazy(
                "%(name)s checked the decision for %(year)s as %(role)s. The decision is "
                "now checked by both and stored as PDF/A, SHA-256 %(sha256)s."
            )
            if frozen
            else gettext_lazy("%(name)s checked the decision for %(year)s as %(role)s.")
        ),
        params={**params, "sha256": decision.document_sha256} if frozen else params,
        changes=changes,
    )
    return decision


def decision_document(*, decision: Decision) -> bytes:
    """The decision PDF: the stored bytes once checked, else a draft rendered now."""
    stored = Decision.objects.values_list("document", flat=True).get(pk=decision.pk)
    if stored is not None:
        return bytes(stored)
    current = Decision.objects.select_related("prize_year", "justerare").get(pk=decision.pk)
    return _render(current, draft=True)


def _render(decision: Decision, *, draft: bool) -> bytes:
    return render.render_pdf(template=TEMPLATE, context=decision_context(decision, draft=draft))


def decision_context(decision: Decision, *, draft: bool) -> dict:
    """Everything the decision states, read from the rows as they are now.

    Who took part, who did not and why, and the votes by name come from the same
    count that decided (jury/participation.py), taken at the moment of the decision.
    """
    prize_year = decision.prize_year
    count = participation(prize_year=prize_year, at=decision.decided_at)
    # The winners in the decision's order: none when the prize is not awarded, several
    # when it is shared (jury/awards.py).
    order = [effort.pk for effort in decision.winners]
    found = Effort.objects.prefetch_related(render.nominations_prefetch()).in_bulk(order)
    winners = [found[pk] for pk in order]
    winner = winners[0] if winners else None
    winner_rows = [(effort, render.organisations_of(effort)) for effort in winners]
    tally = [(effort.name, votes) for effort, votes in count.tally()]
    voted = [(effort, votes) for effort, votes in count.tally() if votes > 0]
    places = decision.prize_year.max_winners
    tied = at_the_line(voted, places=places)[1] if decision.casting_vote else []
    leader = count.juror(decision.decided_by_id) if decision.decided_by_id else None
    own_vote_elsewhere = (
        leader.vote.effort
        if decision.casting_vote and leader and leader.vote and leader.vote.effort not in tied
        else None
    )
    reservations = {r.juror_id: r for r in decision.reservations.all()}
    chair = count.chair
    justerare = decision.justerare
    questions = list(
        ConflictQuestion.objects.filter(prize_year=prize_year)
        .select_related("juror", "effort", "ruled_by")
        .prefetch_related("votes__juror")
        .order_by("recorded_at", "pk")
    )
    return {
        **render.orientation_context(prize_year),
        "decision": decision,
        "prize_year": prize_year,
        "draft": draft,
        "winner": winner,
        "organisations": render.organisations_of(winner) if winner else [],
        "winners": winner_rows,
        # A year with categories: each category's winners, count and tie (jury/ballots.py).
        "categories": [
            category_result(count, category, decision=decision, winners=winner_rows)
            for category in count.categories
        ],
        "mentions": list(decision.mentions.select_related("effort")),
        "count": count,
        "whole_matter": prize_year.conflict_rule == ConflictRule.MATTER,
        "tally": tally,
        "tied": [effort.name for effort in tied],
        "tied_text": join_names([effort.name for effort in tied]),
        "own_vote_elsewhere": own_vote_elsewhere,
        "leader": leader,
        "members": [
            {
                "juror": j,
                "membership": j.membership,
                "reservation": reservations.get(j.user_id),
                "votes": [(c, j.vote_in(c)) for c in count.categories],
            }
            for j in count.taking_part
        ],
        "absent": count.not_taking_part,
        "conflicts": [(j, c) for j in count.jurors for c in j.conflicts],
        "uncounted_scores": uncounted_scores(prize_year=prize_year, known=count),
        "reservations": [
            (j.membership, reservations[j.user_id])
            for j in count.taking_part
            if j.user_id in reservations
        ],
        "questions": questions,
        "basis": basis.stored_basis(prize_year=prize_year),
        "chair": chair.membership if chair else None,
        "justerare": display_name(justerare) if justerare else "",
    }


def category_result(
    count: Participation, category: PrizeCategory, *, decision: Decision, winners: list
) -> dict:
    """One category as the decision states it: its winners, its votes and its tie."""
    tally = count.tally(category)
    voted = [(effort, votes) for effort, votes in tally if votes > 0]
    _sure, tied, seats = at_the_line(voted, places=decision.prize_year.max_winners)
    return {
        "category": category,
        "winners": [
            (effort, names) for effort, names in winners if effort.category_id == category.pk
        ],
        "tally": [(effort.name, votes) for effort, votes in tally],
        # The chair's casting vote decided here when more were tied than places were left.
        "tied_text": join_names([effort.name for effort in tied]) if len(tied) > seats else "",
    }
