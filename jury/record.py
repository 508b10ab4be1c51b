"""The winner decision as a municipal record: justerare, reservations, justering.

The jury's decision becomes a record to be filed once it is justerat: the chair
and a justerare, a juror the chair names, have both checked that it says what
was decided. Until then each juror may enter a reservation, their recorded
dissent, which is printed under their name. When the second of the two checks
is made the PDF is rendered once and stored with its SHA-256; from then on the
stored bytes are the decision, served byte for byte, whatever later happens to
names, appointments or efforts.

Every refusal is a RecordError whose message says what has to be done first.
"""

from hashlib import sha256

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.models import AuditAction, AuditEntry, Effort

from . import pdf
from .models import (
    ConflictDeclaration,
    ConflictQuestion,
    Decision,
    JuryMembership,
    JuryRole,
    Reservation,
    Vote,
)

TEMPLATE = "jury/pdf/decision.html"


class RecordError(Exception):
    """The step cannot be taken now; the message says what to do first."""


def participants(*, decision: Decision) -> QuerySet[JuryMembership]:
    """Who took part: the year's jury, less those whose appointment ended before the decision."""
    return (
        JuryMembership.objects.filter(prize_year_id=decision.prize_year_id)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=decision.decided_at))
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name", "pk")
    )


def justerare_candidates(*, decision: Decision) -> QuerySet:
    """The jurors the chair may name as justerare: members still appointed, not the chair."""
    members = JuryMembership.objects.not_ended().filter(
        prize_year_id=decision.prize_year_id, role=JuryRole.MEMBER
    )
    return (
        get_user_model()
        .objects.filter(jury_memberships__in=members)
        .order_by("last_name", "first_name", "pk")
    )


def _lock(decision: Decision) -> Decision:
    """The decision as it is now, its row locked until the transaction ends."""
    return (
        # of=("self",): only the decision's row; PostgreSQL cannot lock the nullable
        # side of the outer join that brings the justerare along.
        Decision.objects.select_for_update(of=("self",))
        .select_related("prize_year", "justerare")
        .get(pk=decision.pk)
    )


def _refuse_if_checked(decision: Decision, message: str) -> None:
    if decision.is_checked:
        raise RecordError(message)


def _juror(decision: Decision, membership: JuryMembership) -> JuryMembership:
    """The membership as it is now, if it is an appointment in force for the decision's year."""
    current = (
        JuryMembership.objects.not_ended()
        .select_related("user")
        .filter(pk=membership.pk, prize_year_id=decision.prize_year_id)
        .first()
    )
    if current is None:
        raise RecordError(
            _("Only a juror of %(year)s can do this.") % {"year": decision.prize_year.year}
        )
    return current


def _undo_checks(decision: Decision, *, actor) -> None:
    """The text changed after someone checked it: both check it again."""
    if decision.chair_checked_at is None and decision.justerare_checked_at is None:
        return
    decision.chair_checked_at = decision.justerare_checked_at = None
    decision.save(update_fields=["chair_checked_at", "justerare_checked_at"])
    AuditEntry.record(
        actor=actor,
        action=AuditAction.DECISION_CHECKED,
        prize_year=decision.prize_year,
        summary=gettext_lazy(
            "The checks of the decision for %(year)s were undone because its text "
            "changed; the chair and the checker check it again."
        ),
        params={"year": decision.prize_year.year},
        changes={"checks_undone": True},
    )


@transaction.atomic
def name_justerare(*, decision: Decision, justerare, by) -> Decision:
    """The chair names the juror who checks the decision with them (the justerare)."""
    decision = _lock(decision)
    year = decision.prize_year.year
    _refuse_if_checked(
        decision,
        _("The decision is already checked and stored, so the checker can no longer change."),
    )
    chair = (
        JuryMembership.objects.not_ended()
        .filter(prize_year_id=decision.prize_year_id, user=by, role=JuryRole.CHAIR)
        .select_related("user")
        .first()
    )
    if chair is None:
        raise RecordError(_("Only the chair of the jury names the checker (justerare)."))
    if not justerare_candidates(decision=decision).filter(pk=justerare.pk).exists():
        raise RecordError(
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
            "justerare": justerare.get_full_name() or justerare.get_username(),
            "year": year,
        },
        changes={"justerare": justerare.pk, "previous_check_undone": undone},
    )
    return decision


@transaction.atomic
def enter_reservation(*, decision: Decision, membership: JuryMembership, text: str) -> Reservation:
    """A juror enters or changes their reservation, until the decision is checked."""
    text = text.strip()
    if not text:
        raise RecordError(_("Write your reservation: what you dissent from, and why."))
    decision = _lock(decision)
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
    _undo_checks(decision, actor=membership.user)
    return reservation


@transaction.atomic
def withdraw_reservation(*, decision: Decision, membership: JuryMembership) -> None:
    """A juror takes back their reservation, until the decision is checked."""
    decision = _lock(decision)
    _refuse_if_checked(
        decision,
        _("The decision is already checked and stored, so your reservation stays in it."),
    )
    membership = _juror(decision, membership)
    deleted, _kinds = Reservation.objects.filter(decision=decision, juror=membership.user).delete()
    if not deleted:
        raise RecordError(_("You have no reservation to withdraw."))
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
    _undo_checks(decision, actor=membership.user)


@transaction.atomic
def mark_checked(*, decision: Decision, membership: JuryMembership) -> Decision:
    """The chair or the justerare checks the decision; the second check stores the PDF."""
    decision = _lock(decision)
    prize_year = decision.prize_year
    _refuse_if_checked(decision, _("The decision is already checked and stored."))
    membership = _juror(decision, membership)
    if decision.justerare_id is None:
        raise RecordError(_("The chair must first name a checker (justerare) among the jurors."))
    if not prize_year.case_number.strip():
        raise RecordError(
            _(
                "The administration must first enter the case number (diarienummer) of "
                "%(year)s on the prize year in the admin; it is printed on every page."
            )
            % {"year": prize_year.year}
        )
    if membership.role == JuryRole.CHAIR:
        field, role = "chair_checked_at", JuryRole.CHAIR.label
    elif membership.user_id == decision.justerare_id:
        field, role = "justerare_checked_at", gettext_lazy("checker (justerare)")
    else:
        raise RecordError(_("Only the chair and the checker (justerare) check the decision."))
    if getattr(decision, field) is not None:
        raise RecordError(
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
    return pdf.render_pdf(template=TEMPLATE, context=decision_context(decision, draft=draft))


def decision_context(decision: Decision, *, draft: bool) -> dict:
    """Everything the decision states, read from the rows as they are now."""
    prize_year = decision.prize_year
    winner = Effort.objects.prefetch_related(pdf.nominations_prefetch()).get(pk=decision.effort_id)
    names = {str(e.pk): e.name for e in Effort.objects.filter(pk__in=list(decision.tally.keys()))}
    tally = sorted(
        ((names.get(pk, "–"), votes) for pk, votes in decision.tally.items()),
        key=lambda row: (-row[1], row[0]),
    )
    most = max((votes for _name, votes in tally), default=0)
    jury = list(
        JuryMembership.objects.filter(prize_year=prize_year)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name", "pk")
    )
    taking_part = {m.pk for m in participants(decision=decision)}
    votes = dict(Vote.objects.filter(prize_year=prize_year).values_list("juror_id", "effort__name"))
    reservations = {r.juror_id: r for r in decision.reservations.all()}
    members = [m for m in jury if m.pk in taking_part]
    # Whoever left before the decision took no part in it; a vote they cast is shown as such.
    left = [m for m in jury if m.pk not in taking_part]
    users = [m.user_id for m in members]
    chair = next((m for m in jury if m.role == JuryRole.CHAIR), None)
    justerare = decision.justerare
    return {
        **pdf.orientation_context(prize_year),
        "decision": decision,
        "prize_year": prize_year,
        "draft": draft,
        "winner": winner,
        "organisations": pdf.organisations_of(winner),
        "tally": tally,
        "tied": [name for name, votes in tally if votes == most] if decision.casting_vote else [],
        "members": [
            {
                "membership": m,
                "vote": votes.get(m.user_id),
                "reservation": reservations.get(m.user_id),
            }
            for m in members
        ],
        "left": [{"membership": m, "vote": votes.get(m.user_id)} for m in left],
        "reservations": [
            (m, reservations[m.user_id]) for m in members if m.user_id in reservations
        ],
        "declarations": ConflictDeclaration.objects.in_force()
        .filter(effort__prize_year=prize_year, juror__in=users, ruling__isnull=True)
        .select_related("juror", "effort")
        .order_by("juror__last_name", "juror__first_name", "effort__name"),
        "questions": ConflictQuestion.objects.filter(prize_year=prize_year, juror__in=users)
        .select_related("juror", "effort")
        .order_by("recorded_at", "pk"),
        "chair": chair,
        "justerare": (justerare.get_full_name() or justerare.get_username()) if justerare else "",
    }
