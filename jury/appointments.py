"""Appointing and removing jury members, with the audit trail written alongside."""

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from nominations.models import AuditAction, AuditEntry, Effort, JuryPhase, PrizeYear

from .models import ConflictDeclaration, JuryMembership, Score, Vote


class AppointmentError(Exception):
    """The appointment cannot be made; the message says why."""


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


@transaction.atomic
def appoint(
    *, prize_year: PrizeYear, user, role: str, by, ends_on: date | None = None
) -> JuryMembership:
    try:
        with transaction.atomic():
            membership = JuryMembership.objects.create(
                prize_year=prize_year,
                user=user,
                role=role,
                ends_on=ends_on or JuryMembership.default_end(prize_year),
                appointed_by=by,
            )
    except IntegrityError:
        if JuryMembership.objects.filter(prize_year=prize_year, user=user).exists():
            raise AppointmentError(
                _("%(name)s is already on the jury for %(year)s.")
                % {"name": user.get_full_name() or user.get_username(), "year": prize_year.year}
            ) from None
        raise AppointmentError(_("The jury of this year already has a chair.")) from None
    AuditEntry.record(
        actor=by,
        action=AuditAction.JURY_APPOINTED,
        prize_year=prize_year,
        summary=_("Appointed %(name)s as %(role)s of the %(year)s jury, until %(ends)s.")
        % {
            "name": membership.display_name,
            "role": membership.get_role_display(),
            "year": prize_year.year,
            "ends": membership.ends_on.isoformat(),
        },
        changes={
            "user": user.get_username(),
            "role": role,
            "ends_on": membership.ends_on.isoformat(),
        },
    )
    return membership


@transaction.atomic
def change_appointment(
    *, membership: JuryMembership, role: str, ends_on: date, by
) -> JuryMembership:
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
        summary=_("Changed the appointment of %(name)s: %(role)s until %(ends)s.")
        % {
            "name": membership.display_name,
            "role": membership.get_role_display(),
            "ends": ends_on.isoformat(),
        },
        changes={"before": before, "after": {"role": role, "ends_on": ends_on.isoformat()}},
    )
    return membership


def may_remove(membership: JuryMembership) -> bool:
    """The decision names its jury, so the jury of a decided year stays as it was."""
    return membership.prize_year.jury_phase != JuryPhase.DECIDED


@transaction.atomic
def remove(*, membership: JuryMembership, by) -> None:
    """Remove a member; their scores, votes and conflicts no longer count."""
    if not may_remove(membership):
        raise AppointmentError(_("The winner is decided; the jury can no longer change."))
    efforts = Effort.objects.filter(prize_year=membership.prize_year)
    Score.objects.filter(juror=membership.user, effort__in=efforts).delete()
    Vote.objects.filter(juror=membership.user, prize_year=membership.prize_year).delete()
    ConflictDeclaration.objects.filter(juror=membership.user, effort__in=efforts).delete()
    AuditEntry.record(
        actor=by,
        action=AuditAction.JURY_REMOVED,
        prize_year=membership.prize_year,
        summary=_("Removed %(name)s from the %(year)s jury.")
        % {"name": membership.display_name, "year": membership.prize_year.year},
        changes={"user": membership.user.get_username(), "role": membership.role},
    )
    membership.delete()


def send_invitation(*, membership: JuryMembership) -> None:
    """Tell the appointee; a new account gets a link to choose its password."""
    user = membership.user
    context = {"membership": membership, "site_url": settings.SITE_URL, "set_password_url": ""}
    if not user.has_usable_password():
        path = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        context["set_password_url"] = settings.SITE_URL.rstrip("/") + path
    send_mail(
        subject=_("You are appointed to the jury of Trygghetspriset %(year)s")
        % {"year": membership.prize_year.year},
        message=render_to_string("jury/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
