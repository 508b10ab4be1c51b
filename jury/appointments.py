"""Appointing jury members, and ending or removing an appointment, with the audit trail.

Arkivlagen: what a juror did (scores, conflicts of interest, votes) is part of the
record of how the decision was made. A juror who has acted is therefore never
deleted: their appointment is ended, and everything they did stays.
"""

from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.models import (
    AuditAction,
    AuditEntry,
    JuryPhase,
    MailKind,
    PrizeYear,
    in_swedish,
)
from nominations.outbox import queue_mail
from trygghetspris.people import display_name

from .errors import AppointmentError
from .models import (
    ConflictDeclaration,
    ConflictQuestion,
    JuryMembership,
    JuryRole,
    Reservation,
    Score,
    Vote,
)
from .participation import lock_undecided


def find_or_create_user(*, email: str, first_name: str, last_name: str):
    """Link an existing account by e-mail address, or create one without a password."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        # The address is the username, unless an account with another address has taken it.
        username, suffix = email.lower(), 1
        while User.objects.filter(username=username).exists():
            suffix += 1
            username = f"{email.lower()}-{suffix}"
        user = User(username=username, email=email, first_name=first_name, last_name=last_name)
        # The juror chooses their own password through the invitation link.
        user.set_unusable_password()
        user.save()
    return user


def default_decider(*, prize_year: PrizeYear, user, role: str):
    """Who appoints, as the committee paper says: the social commissioner, the jury's chair.

    The chair's own appointment follows from the office; None when the year has no chair yet.
    """
    if role == JuryRole.CHAIR:
        return user
    chair = (
        JuryMembership.objects.not_ended()
        .filter(prize_year=prize_year, role=JuryRole.CHAIR)
        .select_related("user")
        .first()
    )
    return chair.user if chair else None


def appointment_refusals(
    *, prize_year: PrizeYear, user, role: str, replaces: JuryMembership | None, decided_by
) -> dict[str | None, str]:
    """Why an appointment cannot be made, by the field to correct (None: the whole).

    The admin's form shows these beside the fields; appoint() refuses with the first.
    `user` may be None for a new account, which cannot be on the jury yet.
    """
    refusals: dict[str | None, str] = {}
    if replaces is not None and replaces.prize_year_id != prize_year.pk:
        refusals["replaces"] = _("A replacement stands in for a juror of the same year.")
    if user is not None and prize_year.jury_memberships.filter(user=user).exists():
        refusals[None] = _("%(name)s is already on the jury for %(year)s.") % {
            "name": display_name(user),
            "year": prize_year.year,
        }
    if role == JuryRole.CHAIR and prize_year.jury_memberships.filter(role=JuryRole.CHAIR).exists():
        refusals["role"] = _("The jury of this year already has a chair.")
    # The chair's own appointment follows from the office (default_decider), even for an
    # account not created yet.
    if (
        not decided_by
        and role != JuryRole.CHAIR
        and default_decider(prize_year=prize_year, user=user, role=role) is None
    ):
        refusals["decided_by"] = _(
            "The jury of %(year)s has no chair yet, and the chair appoints the members. "
            "Appoint the chair first, or say who decided the appointment."
        ) % {"year": prize_year.year}
    return refusals


@transaction.atomic
def appoint(
    *,
    prize_year: PrizeYear,
    user,
    role: str,
    by,
    ends_on: date | None = None,
    replaces: JuryMembership | None = None,
    decided_by=None,
    decided_on: date | None = None,
    decision_reference: str = "",
) -> JuryMembership:
    """Record an appointment: decided by the chair unless someone else is named, entered by
    `by`; a replacement (ersättare) names the juror it stands in for."""
    prize_year = lock_undecided(prize_year.pk, error=AppointmentError)
    refusals = appointment_refusals(
        prize_year=prize_year, user=user, role=role, replaces=replaces, decided_by=decided_by
    )
    if refusals:
        raise AppointmentError(next(iter(refusals.values())))
    decided_by = decided_by or default_decider(prize_year=prize_year, user=user, role=role)
    decided_on = decided_on or timezone.localdate()
    try:
        with transaction.atomic():
            membership = JuryMembership.objects.create(
                prize_year=prize_year,
                user=user,
                role=role,
                ends_on=ends_on or JuryMembership.default_end(prize_year),
                appointed_by=by,
                replaces=replaces,
                decided_by=decided_by,
                decided_on=decided_on,
                decision_reference=decision_reference.strip(),
            )
    except IntegrityError:
        if JuryMembership.objects.filter(prize_year=prize_year, user=user).exists():
            raise AppointmentError(
                _("%(name)s is already on the jury for %(year)s.")
                % {"name": display_name(user), "year": prize_year.year}
            ) from None
        raise AppointmentError(_("The jury of this year already has a chair.")) from None
    AuditEntry.record(
        actor=by,
        action=AuditAction.JURY_APPOINTED,
        prize_year=prize_year,
        summary=(
            gettext_lazy(
                "Entered that %(decider)s on %(decided)s appointed %(name)s as %(role)s of "
                "the %(year)s jury, until %(ends)s, as replacement (ersättare) for %(replaced)s."
            )
            if replaces
            else gettext_lazy(
                "Entered that %(decider)s on %(decided)s appointed %(name)s as %(role)s of "
                "the %(year)s jury, until %(ends)s. Reference: %(reference)s."
            )
            if membership.decision_reference
            else gettext_lazy(
                "Entered that %(decider)s on %(decided)s appointed %(name)s as %(role)s of "
                "the %(year)s jury, until %(ends)s."
            )
        ),
        params={
            "decider": display_name(decided_by),
            "decided": in_swedish(decided_on),
            "name": membership.display_name,
            "role": membership.get_role_display(),
            "year": prize_year.year,
            "ends": in_swedish(membership.ends_on),
            "replaced": replaces.display_name if replaces else "",
            "reference": membership.decision_reference,
        },
        changes={
            "user": user.get_username(),
            "role": role,
            "ends_on": membership.ends_on.isoformat(),
            "replaces": replaces.user.get_username() if replaces else None,
            "decided_by": decided_by.get_username(),
            "decided_on": decided_on.isoformat(),
            "decision_reference": membership.decision_reference,
        },
    )
    return membership


@transaction.atomic
def change_appointment(
    *, membership: JuryMembership, role: str, ends_on: date, by
) -> JuryMembership:
    lock_undecided(membership.prize_year_id, error=AppointmentError)
    before = {"role": membership.role, "ends_on": membership.ends_on.isoformat()}
    membership.role, membership.ends_on = role, ends_on
    try:
        with transaction.atomic():
            membership.save(update_fields=["role", "ends_on"])
    except IntegrityError:
        raise AppointmentError(_("The jury of this year already has a chair.")) from None
    AuditEntry.record(
        actor=by,
        action=AuditAction.JURY_CHANGED,
        prize_year=membership.prize_year,
        summary=gettext_lazy("Changed the appointment of %(name)s: %(role)s until %(ends)s."),
        params={
            "name": membership.display_name,
            "role": membership.get_role_display(),
            "ends": in_swedish(ends_on),
        },
        changes={"before": before, "after": {"role": role, "ends_on": ends_on.isoformat()}},
    )
    return membership


def may_remove(membership: JuryMembership) -> bool:
    """The decision names its jury, so the jury of a decided year stays as it was."""
    return membership.prize_year.jury_phase != JuryPhase.DECIDED


def work_of(membership: JuryMembership) -> dict[str, int]:
    """What the juror has done in the year: each is a record of how the decision was made."""
    juror, prize_year = membership.user, membership.prize_year
    return {
        "scores": Score.objects.filter(juror=juror, effort__prize_year=prize_year).count(),
        # Withdrawn declarations and questions of conflict are in the record too.
        "conflicts": ConflictDeclaration.objects.filter(
            juror=juror, effort__prize_year=prize_year
        ).count()
        + ConflictQuestion.objects.filter(juror=juror, prize_year=prize_year).count(),
        "votes": Vote.objects.filter(juror=juror, prize_year=prize_year).count()
        + Reservation.objects.filter(juror=juror, decision__prize_year=prize_year).count(),
    }


def has_acted(membership: JuryMembership) -> bool:
    """Scored, declared a conflict or voted: then the appointment is ended, never deleted."""
    return any(work_of(membership).values())


@transaction.atomic
def end_appointment(
    *, membership: JuryMembership, by, at: datetime | None = None
) -> JuryMembership:
    """End the appointment now; the juror's scores, conflicts and votes stay in the record.

    From then on the juror no longer has access to the year (JuryMembership.active).
    """
    # Locked, so that a vote or a score cannot slip in while the appointment ends.
    lock_undecided(membership.prize_year_id, error=AppointmentError)
    membership = JuryMembership.objects.select_related("user", "prize_year").get(pk=membership.pk)
    if membership.ended_at is not None:
        raise AppointmentError(
            _("The appointment of %(name)s has already ended.") % {"name": membership.display_name}
        )
    membership.ended_at, membership.ended_by = at or timezone.now(), by
    membership.save(update_fields=["ended_at", "ended_by"])
    work = work_of(membership)
    AuditEntry.record(
        actor=by,
        action=AuditAction.JURY_ENDED,
        prize_year=membership.prize_year,
        summary=gettext_lazy(
            "Ended the appointment of %(name)s to the %(year)s jury. What they did stays in "
            "the record (scores: %(scores)s, conflicts of interest: %(conflicts)s, votes and "
            "reservations: %(votes)s)."
        ),
        params={"name": membership.display_name, "year": membership.prize_year.year, **work},
        changes={
            "user": membership.user.get_username(),
            "role": membership.role,
            "ended_at": membership.ended_at.isoformat(),
            **work,
        },
    )
    return membership


@transaction.atomic
def remove(*, membership: JuryMembership, by) -> JuryMembership | None:
    """Take a member off the jury: deleted if they did nothing, else their appointment ends.

    Returns the ended appointment, or None when it was deleted.
    """
    lock_undecided(membership.prize_year_id, error=AppointmentError)
    if has_acted(membership):
        return end_appointment(membership=membership, by=by)
    AuditEntry.record(
        actor=by,
        action=AuditAction.JURY_REMOVED,
        prize_year=membership.prize_year,
        summary=gettext_lazy(
            "Removed %(name)s from the %(year)s jury; they had not scored, declared a "
            "conflict of interest or voted."
        ),
        params={"name": membership.display_name, "year": membership.prize_year.year},
        changes={"user": membership.user.get_username(), "role": membership.role},
    )
    membership.delete()
    return None


@transaction.atomic
def name_deputy(*, membership: JuryMembership, by) -> JuryMembership:
    """Name the member who leads the jury when the chair cannot: when the chair's own
    impartiality is questioned, or the chair takes no part in the matter."""
    prize_year = lock_undecided(membership.prize_year_id, error=AppointmentError)
    membership = JuryMembership.objects.select_related("user").get(pk=membership.pk)
    if membership.role == JuryRole.CHAIR:
        raise AppointmentError(_("The chair leads already; name one of the members."))
    if not membership.is_active():
        raise AppointmentError(_("Name a member whose appointment is in force."))
    JuryMembership.objects.filter(prize_year=prize_year, deputy=True).update(deputy=False)
    membership.deputy = True
    membership.save(update_fields=["deputy"])
    AuditEntry.record(
        actor=by,
        action=AuditAction.DEPUTY_NAMED,
        prize_year=prize_year,
        summary=gettext_lazy(
            "Named %(name)s to lead the %(year)s jury when the chair is questioned or takes "
            "no part."
        ),
        params={"name": membership.display_name, "year": prize_year.year},
        changes={"user": membership.user.get_username()},
    )
    return membership


def send_invitation(*, membership: JuryMembership) -> None:
    """Tell the appointee; a new account gets a link to choose its password.

    Queued (nominations/outbox.py): call it in the appointment's transaction, as the
    admin does, so that the invitation goes out exactly when the appointment stands.
    """
    user = membership.user
    context = {
        "membership": membership,
        "site_url": settings.SITE_URL,
        "jury_url": settings.SITE_URL.rstrip("/") + reverse("jury:home"),
        "set_password_url": "",
    }
    if not user.has_usable_password():
        path = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        context["set_password_url"] = settings.SITE_URL.rstrip("/") + path
    queue_mail(
        kind=MailKind.INVITATION,
        subject=_("You are appointed to the jury of %(prize)s %(year)s")
        % {"prize": membership.prize_year.prize.name, "year": membership.prize_year.year},
        body=render_to_string("jury/email/invitation.txt", context),
        recipients=[user.email],
    )
