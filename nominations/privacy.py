"""Personal data: removing nominators' contact details, and a register extract per e-mail."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AuditAction, AuditEntry, Nomination, PrizeYear


def years_due(*, today: date, retention_days: int) -> list[PrizeYear]:
    """Years whose prize was awarded at least retention_days ago."""
    # One filter() call, so both conditions apply to the same nomination.
    years = PrizeYear.objects.filter(
        nominations__isnull=False, nominations__contact_removed_at__isnull=True
    ).distinct()
    cutoff = today - timedelta(days=retention_days)
    return [
        year
        for year in years.select_related("decision")
        if year.awarded_on is not None and year.awarded_on <= cutoff
    ]


@transaction.atomic
def remove_contact_details(*, today: date | None = None, retention_days: int) -> int:
    """Blank the nominators' name, e-mail and phone, keeping what they wrote about the effort."""
    today = today or timezone.localdate()
    removed = 0
    for prize_year in years_due(today=today, retention_days=retention_days):
        count = Nomination.objects.filter(
            prize_year=prize_year, contact_removed_at__isnull=True
        ).update(
            nominator_name="",
            nominator_email="",
            nominator_phone="",
            contact_removed_at=timezone.now(),
        )
        AuditEntry.record(
            actor=None,
            action=AuditAction.CONTACT_REMOVED,
            prize_year=prize_year,
            summary=_(
                "Removed the contact details of %(count)s nominators, %(days)s days after "
                "the prize was awarded."
            )
            % {"count": count, "days": retention_days},
            changes={"count": count, "awarded_on": prize_year.awarded_on.isoformat()},
        )
        removed += count
    return removed


def _stamp(moment) -> str | None:
    return moment.isoformat() if moment else None


def personal_data_for(*, email: str) -> dict:
    """Everything held about whoever uses this e-mail address (a register extract)."""
    nominations = Nomination.objects.filter(nominator_email__iexact=email).select_related(
        "prize_year"
    )
    users = (
        get_user_model()
        .objects.filter(email__iexact=email)
        .prefetch_related(
            "jury_memberships__prize_year",
            "conflict_declarations__effort",
            "scores__effort",
            "votes__effort",
        )
    )
    return {
        "email": email,
        "extracted_at": timezone.now().isoformat(),
        "nominations": [
            {
                "reference": n.reference,
                "prize_year": n.prize_year.year,
                "submitted_at": _stamp(n.submitted_at),
                "nominator_name": n.nominator_name,
                "nominator_email": n.nominator_email,
                "nominator_phone": n.nominator_phone,
                "privacy_acknowledged_at": _stamp(n.privacy_acknowledged_at),
                "effort_name": n.effort_name,
                "description": n.description,
                "added_value": n.added_value,
                "innovation": n.innovation,
                "inspiration": n.inspiration,
                "results": n.results,
                "district": n.get_district_display(),
                "organisations": list(n.organisations.values_list("name", flat=True)),
            }
            for n in nominations
        ],
        "accounts": [
            {
                "username": u.get_username(),
                "first_name": u.first_name,
                "last_name": u.last_name,
                "email": u.email,
                "date_joined": _stamp(u.date_joined),
                "last_login": _stamp(u.last_login),
                "jury_memberships": [
                    {
                        "prize_year": m.prize_year.year,
                        "role": m.role,
                        "ends_on": m.ends_on.isoformat(),
                    }
                    for m in u.jury_memberships.all()
                ],
                "conflicts_of_interest": [
                    {
                        "effort": c.effort.name,
                        "reason": c.reason,
                        "declared_at": _stamp(c.declared_at),
                    }
                    for c in u.conflict_declarations.all()
                ],
                "scores": [
                    {
                        "effort": s.effort.name,
                        "innovation": s.innovation,
                        "inspiration": s.inspiration,
                        "results": s.results,
                        "comment": s.comment,
                    }
                    for s in u.scores.all()
                ],
                "votes": [
                    {"effort": v.effort.name, "cast_at": _stamp(v.cast_at)} for v in u.votes.all()
                ],
                "audit_trail": list(
                    AuditEntry.objects.filter(Q(actor=u))
                    .order_by("at")
                    .values_list("summary", flat=True)
                ),
            }
            for u in users
        ],
    }
